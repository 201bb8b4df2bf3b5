"""Feedback: anonymous post-session pulses and the end-of-year survey (`/feedback`), released to
leaders only from k responses, with charts and a CSV.

Offers no hooks: pulses open from the session's close, found in the store. Listens to
group_closing and group_closed (the reminders of the group's polls are deleted after the close)
and forget_member (that member's reminders are deleted at once).
"""

from bot.app import BalintBot


async def setup(bot: BalintBot) -> None:
    from cogs.feedback import _cog

    await _cog.setup(bot)
