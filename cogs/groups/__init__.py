"""Groups: set a Balint group up on a channel (`/group setup`), show and edit it, keep its closed
roster and its leaders.

Offers: nothing. Calls `bot.hooks.member_left` when a trainee is taken off the roster (the
presenting capability releases their offers).
"""

from bot.app import BalintBot


async def setup(bot: BalintBot) -> None:
    from cogs.groups import _cog

    await _cog.setup(bot)
