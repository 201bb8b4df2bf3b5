"""Sessions: the weekly rhythm. The calendar (`/schedule`), the leaders' agenda (`/agenda`), the
timed posts of each session (agenda at T-24h, ground rules and check-in, close), native Discord
events, absences and attendance (`/absence`, `/attendance`), and the session's structure as a
phase timer a leader starts (`/session start`), and, where the host turned it on, check-ins from
joining the group's voice or stage channel.

Offers: `bot.hooks.session_changed` (moved, skipped, cancelled, restored) to whoever keeps
something per session, and `member_data` (a member's own presses of "I have a case in mind" for
/mydata). Uses: `case_holders` and `agenda_parts` (what presenting and drafts add to
the agenda and the "Who has a case?" count, which it refreshes on the hourly beat, never at a
member's press or offer).
"""

from bot.app import BalintBot


async def setup(bot: BalintBot) -> None:
    """The one SessionsService (timed posts, native events) is made here and handed to the cogs
    that use it: /schedule owns its wiring, /agenda refreshes the posted agenda through it."""
    from cogs.sessions import _agenda, _attendance, _cog, _structure, _voice
    from cogs.sessions._service import SessionsService

    service = SessionsService(bot)
    await _cog.setup(bot, service)
    await _agenda.setup(bot, service)
    await _attendance.setup(bot)
    await _structure.setup(bot)
    await _voice.setup(bot)
