"""Emulator tests: the local Discord checked against Discord's rules with the real discord.py client."""
