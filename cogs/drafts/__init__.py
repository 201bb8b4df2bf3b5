"""Drafts: a trainee prepares a case anonymously (`/draft`), the de-identification gate checks it,
leaders review it in hourly rounds, and it expires after the session.

Offers to sessions: `agenda_parts` (approved draft themes); to presenting: `cases_prepared` (an
approved draft is a case coming: no nudges, no "No case yet"). Listens to `session_changed`
(a skipped or cancelled session takes its drafts with it; their authors are told),
`group_closing` (the drafts go, with what the leaders saw of them) and `group_closed` (then the
authors' DMs about them), and `forget_member`.
"""

from bot.app import BalintBot


async def setup(bot: BalintBot) -> None:
    """The one DraftDesk (what every draft command and button does) is made here and handed to
    the cog, which registers the buttons that answer through it."""
    from cogs.drafts import _cog
    from cogs.drafts._dispatch import DraftDesk

    await _cog.setup(bot, DraftDesk(bot))
