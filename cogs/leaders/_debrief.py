"""The leaders' debrief after each session: the prompt, the shared note and its expiry.

PostKinds (exactly once through the delivery ledger):
- leaders_debrief, a minute after the session ends: each leader's log gets the session (led, or
  co-led when there were two or more), and the leaders get the prompt in their channel (or by
  private message) with **Write the debrief note**, **Read the note** and **I wasn't there**.
- debrief_expiry, `[drafts] expiry_hours` after the end: the note is deleted with the case drafts.

The note never appears in a message anyone else can see: it is written in a form and read in a
private answer, each time after checking that the presser leads the group. Every field passes the
de-identification gate first: a clear patient identifier is refused and nothing is saved; a
likely one is saved with a private word to check it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

import discord

from bot import gate
from bot import records as records_doc
from bot.access import is_leader
from bot.app import BalintBot, bot_of
from bot.buttons import ActionButton
from bot.domain.calendar import discord_timestamp
from bot.domain.deidentify import blocking, explain, warnings
from bot.domain.leaders import (
    DEBRIEF_FIELDS,
    DEBRIEF_MAX,
    KIND_WORDS,
    MISSED,
    debrief_kept_until,
    debrief_values,
)
from bot.domain.quoting import quoted
from bot.domain.wording import listed, plural
from bot.errors import BaseModal, UserError
from bot.scheduling import Delivery, PostKind
from bot.store import leaders as store
from bot.store.groups import Group, get_group
from bot.store.sessions import Session, get_session
from bot.which_session import day_label, local_start

log = logging.getLogger(__name__)

DEBRIEF, DEBRIEF_EXPIRY = "leaders_debrief", "debrief_expiry"
WRITE_LABEL, READ_LABEL, AWAY_LABEL = "Write the debrief note", "Read the note", "I wasn't there"
NO_PINGS = discord.AllowedMentions.none()


def kept_until(bot: BalintBot, session: Session) -> datetime:
    return debrief_kept_until(session.ends_at, bot.settings.drafts.expiry_hours)


def parts_text(parts: dict[int, str]) -> str:
    """'co-led by @a and @b', 'led by @a (@b missed it)'."""
    there = [u for u, kind in parts.items() if kind != MISSED]
    away = [u for u, kind in parts.items() if kind == MISSED]
    kind = KIND_WORDS[parts[there[0]]] if there else "missed"
    text = f"{kind} by {listed([f'<@{u}>' for u in there])}" if there else "missed by everyone"
    if there and away:
        text += f" ({listed([f'<@{u}>' for u in away])} missed it)"
    return text


async def leading(
    interaction: discord.Interaction, session_id: int
) -> tuple[BalintBot, Session, Group]:
    """The session and its group, if the presser leads it (also by role, also in a DM)."""
    bot = bot_of(interaction)
    session = await get_session(bot.db, session_id)
    group = await get_group(bot.db, session.group_id) if session else None
    if session is None or group is None:
        raise UserError(
            "That group has closed, and its debrief notes with it. Your leader log keeps what "
            "it recorded: /leader log."
        )
    user: discord.abc.User = interaction.user
    guild = bot.get_guild(group.guild_id)
    if not isinstance(user, discord.Member) and guild is not None:
        user = guild.get_member(user.id) or user
    if not await is_leader(bot.db, group, user):
        raise UserError(f"Only the leaders of {group.name} can see or write its debrief note.")
    return bot, session, group


def still_kept(bot: BalintBot, group: Group, session: Session) -> None:
    if bot.now() >= kept_until(bot, session):
        raise UserError(
            f"The debrief note of {day_label(group, session)} has been deleted with the group's "
            f"case material ({plural(bot.settings.drafts.expiry_hours, 'hour')} after the "
            "session). Notes "
            "are written soon after a session and do not outlast it."
        )


class DebriefForm(BaseModal):
    """The co-leaders' shared note on one session; saved only if the gate lets it through."""

    def __init__(self, group: Group, session: Session, current: dict[str, str]) -> None:
        super().__init__(title=f"Debrief: {day_label(group, session)}"[:45], timeout=1800)
        self.session_id = session.id
        self.inputs: dict[str, discord.ui.TextInput[Any]] = {}
        for key, label in DEBRIEF_FIELDS:
            field: discord.ui.TextInput[Any] = discord.ui.TextInput(
                label=label,
                style=discord.TextStyle.paragraph,
                required=False,
                max_length=DEBRIEF_MAX,
                default=current.get(key),
                placeholder="No patient details: the group, not the case.",
                custom_id=key,
            )
            self.inputs[key] = field
            self.add_item(field)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        bot, session, group = await leading(interaction, self.session_id)
        still_kept(bot, group, session)
        values = debrief_values({k: v.value for k, v in self.inputs.items()})
        notes = []
        checked = await gate.check({key: values.get(key) for key, _ in DEBRIEF_FIELDS})
        for key, label in DEBRIEF_FIELDS:
            findings = checked.findings.get(key, [])
            if blocking(findings):
                raise UserError(
                    f"**{label}**: "
                    + explain(values[key], findings)
                    + "\n\nNothing was saved: the debrief note is about the group, and must never "
                    "identify a patient. Write it again without this."
                )
            if warned := warnings(findings):
                notes.append(explain(values[key], warned).partition("\n")[0])
        await store.put_note(bot.db, session.id, values, by=interaction.user.id, now=bot.now())
        day = day_label(group, session)
        if not values:
            text = f"The debrief note of {day} was empty, so there is none now."
        else:
            text = (
                f"Saved: the debrief note of {day}. Only the group's leaders can read it (**"
                f"{READ_LABEL}**); it is deleted {discord_timestamp(kept_until(bot, session), 'R')}"
                ", with the group's case material."
            )
        if notes:
            text += "\nPlease check: " + " ".join(notes)[:800]
        await interaction.response.send_message(text, ephemeral=True)


# The prompt's buttons: (action in the custom_id, label, style).
ACTIONS = {
    "write": (WRITE_LABEL, discord.ButtonStyle.primary),
    "read": (READ_LABEL, discord.ButtonStyle.secondary),
    "away": (AWAY_LABEL, discord.ButtonStyle.secondary),
}


class DebriefButton(ActionButton, prefix="debrief", actions=ACTIONS):
    """A button of the debrief prompt, for one session (persistent: works after a restart)."""

    async def handle(self, interaction: discord.Interaction[BalintBot]) -> None:
        bot, session, group = await leading(interaction, self.target_id)
        if self.action == "away":
            await away(bot, session, group, interaction)
            return
        still_kept(bot, group, session)
        note = await store.get_note(bot.db, session.id)
        if self.action == "write":
            current = note.values if note else {}
            await interaction.response.send_modal(DebriefForm(group, session, current))
        else:
            await interaction.response.send_message(
                note_text(bot, group, session, note), ephemeral=True, allowed_mentions=NO_PINGS
            )


def note_text(
    bot: BalintBot, group: Group, session: Session, note: store.DebriefNote | None
) -> str:
    day = day_label(group, session)
    if note is None:
        return f"No debrief note for {day} yet: **{WRITE_LABEL}** starts one."
    lines = [
        f"**Debrief note: {group.name}, {day}** (only the group's leaders see it; deleted "
        f"{discord_timestamp(kept_until(bot, session), 'R')})"
    ]
    for key, label in DEBRIEF_FIELDS:
        if key in note.values:
            lines += [f"**{label}**", quoted(note.values[key])]
    who = f"<@{note.written_by}>" if note.written_by else "a leader who has since left"
    lines.append(f"-# Last saved by {who}, {discord_timestamp(note.written_at, 'f')}.")
    return "\n".join(lines)[:1990]


async def away(
    bot: BalintBot, session: Session, group: Group, interaction: discord.Interaction
) -> None:
    """I wasn't there (or, pressed again, I was): the leader's log line and the others' parts."""
    day = local_start(group, session).date()
    user_id = interaction.user.id
    before = await store.session_parts(bot.db, group.channel_id, day)
    if user_id not in before:
        raise UserError(
            f"{day_label(group, session)} is not in your leader log: you were not one of the "
            "group's leaders when it ended."
        )
    is_away = before[user_id] != MISSED
    parts = await store.set_away(
        bot.db, user_id, channel_id=group.channel_id, day=day, away=is_away, now=bot.now()
    )
    assert parts is not None
    text = (
        f"Noted: your leader log shows you {KIND_WORDS[parts[user_id]]} "
        f"{day_label(group, session)}; the session was {parts_text(parts)}. "
        + (
            f"Pressed by mistake? Press **{AWAY_LABEL}** again."
            if is_away
            else "You are counted as there again."
        )
    )
    await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)


class Debriefs:
    """The prompt and the expiry, bound to the bot."""

    def __init__(self, bot: BalintBot) -> None:
        self.bot = bot

    def kinds(self) -> list[PostKind]:
        keep = timedelta(hours=self.bot.settings.drafts.expiry_hours)
        return [
            # useful for a fortnight: after downtime the logs are still filled; the prompt itself
            # is only sent while the note can still be written
            PostKind(DEBRIEF, "end", timedelta(minutes=1), timedelta(days=14), self.prompt),
            PostKind(DEBRIEF_EXPIRY, "end", keep, timedelta(days=365), self.expire),
        ]

    async def prompt(self, delivery: Delivery) -> tuple[int, int] | None:
        bot, session = self.bot, delivery.session
        group = await get_group(bot.db, session.group_id)
        if group is None or session.ends_at.isoformat() < group.created_at:
            return None
        guild = bot.get_guild(group.guild_id)
        leaders = await records_doc.leader_ids(bot.db, group, guild)
        if not leaders:
            return None
        day = local_start(group, session).date()
        parts = await store.log_session(
            bot.db,
            leaders=leaders,
            channel_id=group.channel_id,
            group_name=group.name,
            day=day,
            now=bot.now(),
        )
        if bot.now() >= kept_until(bot, session):
            return None  # logged; the note could no longer be written
        text = (
            f"**Debrief: {group.name}, {day_label(group, session)}.** A few minutes together "
            f"while it is fresh. **{WRITE_LABEL}**: a short note for the group's leaders alone "
            "(what happened, the group's process, who to keep an eye on), checked for patient "
            f"identifiers and deleted {discord_timestamp(kept_until(bot, session), 'R')} with "
            "the case drafts. Your leader logs (/leader log) count this session as "
            f"{parts_text(parts)}; **{AWAY_LABEL}** if you missed it."
        )
        if delivery.late:
            text += "\n*(Sent late: the bot was offline when this was due.)*"
        view = discord.ui.View(timeout=None)
        for action in ACTIONS:
            view.add_item(DebriefButton(action, session.id))
        told = await bot.tell_leaders(
            group.id,
            text,
            raise_trouble=True,  # retried with the same nonce
            view=view,
            nonce=delivery.nonce,
            allowed_mentions=NO_PINGS,
        )
        view.stop()  # presses are routed by the dynamic items
        message = told.message
        return (message.channel.id, message.id) if message is not None else None

    async def expire(self, delivery: Delivery) -> None:
        await self.sweep()

    async def sweep(self) -> int:
        """Delete every note whose case material has expired (after downtime too)."""
        hours = timedelta(hours=self.bot.settings.drafts.expiry_hours)
        gone = await store.expire_notes(self.bot.db, self.bot.now() - hours)
        if gone:
            log.info("%d debrief notes deleted with their sessions' case material", gone)
        return gone
