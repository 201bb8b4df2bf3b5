"""The demo server used by the sandbox and the end-to-end tests: one group's people and channels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.emulator._model import MANAGE_CHANNELS, VIEW_CHANNEL
from bot.emulator.emulator import Channel, Emulator, Guild, Role, SimMember

TRAINEE_NAMES = ("alice", "bob", "carol", "dan", "erin", "frank", "grace", "heidi")
# The demo group: Thursdays 09:00-10:15 London time, for a training year.
GROUP_SETUP: dict[str, Any] = dict(
    name="Thursday Balint group",
    weekday=3,  # Thursday (Discord sends the choice value)
    start_time="09:00",
    duration=75,
    timezone="Europe/London",
    start_date="2026-09-01",
    end_date="2027-07-31",
)
# The same group as a row of the store (for store tests that skip Discord).
STORED_GROUP: dict[str, Any] = dict(
    guild_id=1,
    channel_id=100,
    name="Thursday Balint group",
    weekday=3,
    start_time="09:00",
    duration_minutes=75,
    timezone="Europe/London",
    start_date="2026-09-01",
    end_date="2027-07-31",
    leader_role_id=7,
)


@dataclass
class World:
    """A server with a Balint group's channel, a leaders' channel, two leaders and eight trainees."""

    guild: Guild
    channel: Channel
    leaders_channel: Channel
    general: Channel
    leader_role: Role
    trainee_role: Role
    leader: SimMember
    coleader: SimMember
    trainees: list[SimMember]
    admin: SimMember
    outsider: SimMember
    voice_room: Channel | None = None  # where the group can meet by voice (voice attendance, if on)

    def trainee(self, name: str) -> SimMember:
        return next(t for t in self.trainees if t.name == name)

    @property
    def everyone(self) -> list[SimMember]:
        return [self.leader, self.coleader, *self.trainees]


def build_world(emu: Emulator) -> World:
    guild = emu.create_guild("St Elsewhere Psychiatry")
    leader_role = guild.create_role("Balint leader")
    trainee_role = guild.create_role("Core trainee")
    general = guild.create_text_channel("general")
    channel = guild.create_text_channel("balint-thursday")
    leaders_channel = guild.create_text_channel("balint-leaders")
    voice_room = guild.create_voice_channel("balint-room")
    # private, as the README asks: drafts' texts and the leaders' notices are posted there
    leaders_channel.set_member_overwrite(guild.everyone, deny=VIEW_CHANNEL)
    leaders_channel.set_member_overwrite(leader_role, allow=VIEW_CHANNEL)
    leaders_channel.set_member_overwrite(guild.bot_role, allow=VIEW_CHANNEL)
    # the server's administrator lets the leaders manage their group's channel (so they may set
    # the group up there); holding the leader role alone would not be enough
    channel.set_member_overwrite(leader_role, allow=MANAGE_CHANNELS)
    leader = emu.member(guild, "dr-okafor", roles=[leader_role])
    coleader = emu.member(guild, "dr-lewis", roles=[leader_role])
    trainees = [emu.member(guild, name, roles=[trainee_role]) for name in TRAINEE_NAMES]
    admin = emu.member(guild, "admin", manage_guild=True)
    outsider = emu.member(guild, "olly")
    return World(
        guild=guild,
        channel=channel,
        leaders_channel=leaders_channel,
        general=general,
        leader_role=leader_role,
        trainee_role=trainee_role,
        leader=leader,
        coleader=coleader,
        trainees=trainees,
        admin=admin,
        outsider=outsider,
        voice_room=voice_room,
    )
