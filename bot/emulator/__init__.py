"""A local Discord for tests, benchmarks and the offline demo: an in-memory server that the
unmodified discord.py client talks to over HTTP and WebSocket, and that checks Discord's rules.

It imports nothing of the bot (tests/test_layout.py checks it), so it can serve any discord.py bot.
The model and the simulated people are in ``emulator`` (start there), pointing the client at it in
``connect``; the REST routes, the gateway, the rate limits and the OpenAPI validation are private.
"""
