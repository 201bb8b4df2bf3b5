"""Unit tests: the rules in bot/domain and the bot's own helpers, without Discord or a database."""
