"""Presenting: a trainee offers a case privately (`/volunteer`, `/withdraw`, the "I have a case"
buttons), the fair rota decides who presents, and leaders see and override it (`/rota`,
`/presenter`). Replaces the dreaded "who has a case?" moment.

Offers to sessions: `case_holders` (the count on the session post) and `agenda_parts` (who
presents, first in the agenda). Listens to `session_changed` (offers follow a moved session) and
`member_left` (a leaver's offers are withdrawn, a reserve steps up). Asks `cases_prepared` (drafts'
approved cases) before nudging members or telling the leaders "No case yet".
"""

from bot.app import BalintBot


async def setup(bot: BalintBot) -> None:
    from cogs.presenting import _cog, _rota

    await _cog.setup(bot)
    await _rota.setup(bot)
