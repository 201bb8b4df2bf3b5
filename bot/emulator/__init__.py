"""A local Discord for tests, benchmarks and the offline demo: an in-memory server that the
unmodified discord.py client talks to over HTTP and WebSocket, and that checks Discord's rules.

It imports nothing of the bot (tests/test_layout.py checks it), so it can serve any discord.py bot:

    from bot.emulator import Emulator, use_emulator

The model and the simulated people are in ``emulator`` (start there), pointing the client at it in
``connect``; the REST routes (``_rest``), the gateway, the rate limits and the OpenAPI validation
are private, and act on the model through the Emulator's methods, never its fields.
"""

from bot.emulator.connect import use_discord_at, use_emulator
from bot.emulator.emulator import *  # noqa: F403  (its __all__ is this package's interface)
from bot.emulator.emulator import __all__ as _emulator_all

__all__ = [*_emulator_all, "use_discord_at", "use_emulator"]
