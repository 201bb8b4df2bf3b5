"""Privacy: what the bot stores (`/privacy`) and a member's data rights under UK GDPR: a copy of
everything stored about them (`/mydata`) and erasure (`/forgetme`).

Why a capability of its own: data rights cut across every other capability (rosters, attendance,
the rota, drafts, reflections), so they belong to none of them. The rows are found and erased in
one place (bot/store/mydata.py) so nothing is missed; what only a capability can find (an author's
open anonymous drafts: unseen ones erased, seen ones unlinked) it deals with itself when told through `bot.hooks.forget_member`.

Offers: calls `bot.hooks.member_left` (the member leaves each roster, releasing their offers) and
`bot.hooks.forget_member`. Uses: nothing.
"""

from bot.app import BalintBot


async def setup(bot: BalintBot) -> None:
    from cogs.privacy import _cog, _rights

    await _cog.setup(bot)
    await _rights.setup(bot)
