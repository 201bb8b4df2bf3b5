"""Attendance from voice: where the host turned it on (`[sessions] voice_attendance`, which is
also when the bot asks Discord for voice states) and a group's leaders named its voice or stage
channel (`/group edit voice_channel`), a trainee who joins that channel during the check-in
window is checked in as if they had pressed "I'm here": on time, or late after the grace period.
The first arrival counts: dropping out and rejoining is not late twice (nor undoes a leader's
correction), and the button still works. Those already in the channel when the check-in goes out,
or when the bot comes back after a restart, are checked in then.

What it records is what the button records (the check-in and its time); it keeps nothing else
about voice: not who else was there, not when anyone left.
"""

from __future__ import annotations

from datetime import timedelta

import discord
from discord.ext import commands

from bot.app import BalintBot
from bot.domain.attendance import LATE, checkin_status
from bot.store import attendance as store
from bot.store.groups import Group, groups_meeting_in, groups_with_voice_channel, member_role
from bot.store.sessions import Session, current_or_next_session

VOICE_KINDS = (discord.VoiceChannel, discord.StageChannel)


async def check_in_by_voice(
    bot: BalintBot, group: Group, user_id: int, session: Session | None = None
) -> str | None:
    """Check a trainee in for the session under way, as of now; the outcome, or None when there
    is nothing to record (not a trainee of the group, no session, outside the window)."""
    if await member_role(bot.db, group.id, user_id) != "trainee":
        return None
    now = bot.now()
    if session is None:
        session = await current_or_next_session(bot.db, group.id, now)
    if session is None or not session.is_active:
        return None
    s = bot.settings.sessions
    status = checkin_status(
        now,
        session.starts_at,
        session.ends_at,
        timedelta(minutes=s.opening_minutes),
        timedelta(minutes=s.checkin_grace_minutes),
    )
    if status is None:
        return None
    outcome, _ = await store.check_in(bot.db, session.id, user_id, now, status == LATE)
    return outcome


async def present_in_voice(bot: BalintBot, group: Group, session: Session | None = None) -> int:
    """Check in the trainees in the group's voice channel now (at the check-in's post, and after
    a restart, when no join event told the bot); how many were in it."""
    if not bot.settings.sessions.voice_attendance or not group.voice_channel_id:
        return 0
    channel = bot.get_channel(group.voice_channel_id)
    if not isinstance(channel, VOICE_KINDS):
        return 0
    people = [m for m in channel.members if not m.bot]
    for member in people:
        await check_in_by_voice(bot, group, member.id, session)
    return len(people)


class VoiceAttendanceCog(commands.Cog):
    def __init__(self, bot: BalintBot) -> None:
        self.bot = bot

    @commands.Cog.listener()
    async def on_voice_state_update(
        self, member: discord.Member, before: discord.VoiceState, after: discord.VoiceState
    ) -> None:
        if not self.bot.settings.sessions.voice_attendance or member.bot:
            return
        joined = after.channel
        if joined is None or (before.channel is not None and before.channel.id == joined.id):
            return  # left, or muted / unmuted where they were
        for group in await groups_meeting_in(self.bot.db, joined.id):
            await check_in_by_voice(self.bot, group, member.id)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Joins made while the bot was away sent no event: whoever is in now is checked in."""
        if not self.bot.settings.sessions.voice_attendance:
            return
        for group in await groups_with_voice_channel(self.bot.db):
            await present_in_voice(self.bot, group)


async def setup(bot: BalintBot) -> None:
    await bot.add_cog(VoiceAttendanceCog(bot))
