"""Fault tests: the real `balint-bot` process killed, refused, or given damaged storage."""
