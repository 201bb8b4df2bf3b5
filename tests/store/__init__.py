"""Store tests: every query on a real SQLite file."""
