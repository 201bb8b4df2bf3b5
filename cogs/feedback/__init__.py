"""Feedback: anonymous post-session pulses and the end-of-year survey (`/feedback`), released to
leaders only from k responses, with charts and a CSV.

Offers and listens to no hooks: pulses open from the session's close, found in the store.
"""

from bot.app import BalintBot


async def setup(bot: BalintBot) -> None:
    from cogs.feedback import _cog

    await _cog.setup(bot)
