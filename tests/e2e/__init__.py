"""End-to-end tests: the real bot, unmodified, against the local Discord emulator."""
