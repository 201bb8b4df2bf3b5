"""/reflect and the private prompt after a session: write, list and export one's reflections."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, timedelta
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import clock, gate, rendering, uploads
from bot import records as records_doc
from bot.access import group_here, require_member
from bot.app import BalintBot, bot_of
from bot.buttons import GuardedItem
from bot.domain import wording
from bot.domain.calendar import zone
from bot.domain.deidentify import explain, warnings
from bot.domain.records import keep_until
from bot.domain.reflections import (
    FREE,
    HINT,
    MAX_ANSWER,
    PRESENTED,
    QUESTIONS,
    TITLES,
    answered,
    prompt_kind,
)
from bot.errors import BaseModal, UserError
from bot.reports.reflections import log_markdown, log_pdf
from bot.scheduling import Delivery, PostKind
from bot.store import records as records_store
from bot.store import reflections as store
from bot.store.groups import Group, get_group, members
from bot.store.sessions import get_session
from bot.which_session import date_label

log = logging.getLogger(__name__)
PROMPT = "reflection_prompt"
WRITE_LABEL = "Write a reflection"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "log"


async def still_trainee(bot: BalintBot, group_id: int, user: discord.abc.User) -> Group:
    """The group, if it is open and the person is one of its trainees now: an old prompt (or a
    form left open) adds nothing for someone who has left the roster or erased their data."""
    group = await get_group(bot.db, group_id)
    if group is None:
        raise UserError("That session's group has closed; reflections can no longer be added.")
    if await require_member(bot.db, group, user) != "trainee":
        raise UserError("Reflections are for the group's trainees.")
    return group


class ReflectionForm(BaseModal):
    """Three optional questions about the trainee's own reactions; stored only if the gate passes."""

    def __init__(self, group: Group, session_date: str, kind: str) -> None:
        super().__init__(title=f"{TITLES[kind]} (only you will see it)"[:45], timeout=1800)
        self.group, self.session_date, self.kind = group, session_date, kind
        self.inputs: dict[str, discord.ui.TextInput[Any]] = {}
        for key, question in QUESTIONS[kind]:
            field: discord.ui.TextInput[Any] = discord.ui.TextInput(
                label=question,
                style=discord.TextStyle.paragraph,
                required=False,
                max_length=MAX_ANSWER,
                placeholder=HINT,
                custom_id=key,
            )
            self.inputs[key] = field
            self.add_item(field)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        await still_trainee(bot, self.group.id, interaction.user)
        answers = answered({k: v.value for k, v in self.inputs.items()})
        if not answers:
            raise UserError("Nothing was written, so nothing was saved.")
        checked = await gate.check(answers)
        if checked.blocked:
            raise UserError(
                checked.explain()
                + "\n\nNothing was saved: a reflection is about your own reactions, and must "
                "never identify a patient. Write it again without this (use /reflect write)."
            )
        notes = [
            explain(checked.texts[k], warnings(found)).partition("\n")[0]
            for k, found in checked.findings.items()
            if warnings(found)
        ]
        await store.add(
            bot.db, self.group.id, interaction.user.id, self.session_date, self.kind, answers,
            bot.now(),
        )  # fmt: skip
        text = (
            "Saved to your private reflective log; nobody else can read it, the leaders included. "
            "/reflect list shows your entries, /reflect export gives you the log as files."
        )
        if notes:
            text += "\nPlease check: " + " ".join(notes)[:800]
        await interaction.response.send_message(text, ephemeral=True)


class WriteButton(
    GuardedItem,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"reflect:write:(?P<sid>\d+):(?P<kind>[a-z]+)",
):
    """In the private prompt after a session: open the form for that session."""

    def __init__(self, session_id: int, kind: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=WRITE_LABEL,
                style=discord.ButtonStyle.primary,
                custom_id=f"reflect:write:{session_id}:{kind}",
            )
        )
        self.session_id, self.kind = session_id, kind

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Any
    ) -> WriteButton:
        return cls(int(match["sid"]), match["kind"])

    async def handle(self, interaction: discord.Interaction[BalintBot]) -> None:
        bot = interaction.client
        session = await get_session(bot.db, self.session_id)
        if session is None or self.kind not in QUESTIONS:
            raise UserError("That session's group has closed; reflections can no longer be added.")
        group = await still_trainee(bot, session.group_id, interaction.user)
        await interaction.response.send_modal(ReflectionForm(group, session.local_date, self.kind))


class ReflectCog(
    commands.GroupCog, group_name="reflect", group_description="Your private reflective log"
):
    def __init__(self, bot: BalintBot) -> None:
        self.bot = bot
        # logs kept at a close, to send once it is over: (group, authors, kept until)
        self._closing: dict[int, tuple[Group, list[int], datetime]] = {}
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(WriteButton)
        self.bot.scheduler.register(
            PostKind(PROMPT, "end", timedelta(minutes=30), timedelta(days=2), self.prompt)
        )
        self.bot.hooks.forget_member.append(self.forget_member)
        self.bot.hooks.member_data.append(self.member_data)
        self.bot.hooks.group_closing.append(self.group_closing)
        self.bot.hooks.group_closed.append(self.group_closed)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(WriteButton)
        self.bot.scheduler.kinds.pop(PROMPT, None)
        self.bot.hooks.forget_member.remove(self.forget_member)
        self.bot.hooks.member_data.remove(self.member_data)
        self.bot.hooks.group_closing.remove(self.group_closing)
        self.bot.hooks.group_closed.remove(self.group_closed)

    # -- the prompt after a session ----------------------------------------------------------

    async def prompt(self, delivery: Delivery) -> tuple[int, int] | None:
        """Opted-in trainees who attended or presented get one private prompt (exactly once:
        the delivery ledger decides, and a retry reuses the nonce)."""
        bot, session = self.bot, delivery.session
        group = await get_group(bot.db, session.group_id)
        if group is None or not session.is_active:
            return None
        chosen = await store.opted_in(bot.db, group.id)
        roster = {m.user_id for m in await members(bot.db, group.id, role="trainee")}
        first = None
        for user_id in sorted(chosen & roster):
            lines = await records_store.live_lines(bot.db, group.id, user_id, bot.now())
            line = next((x for x in lines if x.local_date == session.local_date), None)
            kind = prompt_kind(line.status, line.presented) if line else None
            if kind is None:
                continue
            what = "presenting your case" if kind == PRESENTED else "today's session"
            view = discord.ui.View(timeout=None)
            view.add_item(WriteButton(session.id, kind))
            sent = await bot.send_dm(
                user_id,
                f"A moment to reflect on {what} in {group.name}? A few questions about your own "
                "reactions (not the patient), for your portfolio. Only you will ever see what you "
                "write. (/reflect off stops these prompts.)",
                view=view,
                nonce=delivery.nonce,
            )
            if sent is not None and first is None:
                first = (sent.channel.id, sent.id)
        return first

    # -- commands --------------------------------------------------------------------------------

    async def _trainee_group(self, interaction: discord.Interaction) -> Group:
        group = await group_here(self.bot.db, interaction)
        return await still_trainee(self.bot, group.id, interaction.user)

    @app_commands.command(name="on", description="Get a private prompt to reflect after sessions")
    async def on(self, interaction: discord.Interaction) -> None:
        group = await self._trainee_group(interaction)
        await store.set_optin(self.bot.db, group.id, interaction.user.id, True, self.bot.now())
        await interaction.response.send_message(
            "Reflection prompts are on: after each session you attend (and after you present) "
            "you get a private message with a few questions about your own reactions. Only you "
            "see your answers. /reflect off stops them.",
            ephemeral=True,
        )

    @app_commands.command(name="off", description="No more reflection prompts")
    async def off(self, interaction: discord.Interaction) -> None:
        group = await self._trainee_group(interaction)
        await store.set_optin(self.bot.db, group.id, interaction.user.id, False, self.bot.now())
        await interaction.response.send_message(
            "Reflection prompts are off. Your reflections stay in your log (/reflect list); "
            "/reflect write still adds one whenever you like.",
            ephemeral=True,
        )

    @app_commands.command(name="write", description="Write a private reflection for your log")
    async def write(self, interaction: discord.Interaction) -> None:
        group = await self._trainee_group(interaction)
        today = self.bot.now().astimezone(zone(group.timezone)).date().isoformat()
        await interaction.response.send_modal(ReflectionForm(group, today, FREE))

    @app_commands.command(name="list", description="Your reflections (only you see them)")
    async def list_(self, interaction: discord.Interaction) -> None:
        group = await self._trainee_group(interaction)
        entries = await store.of_member(self.bot.db, interaction.user.id, group.id)
        if not entries:
            text = "Your reflective log is empty. /reflect write adds an entry; /reflect on prompts you after sessions."
        else:
            count = wording.plural(len(entries), "entry", "entries")
            lines = [f"**Your reflective log** ({count}; only you see this)"]
            for e in entries[-15:]:
                first = next(iter(e.answers.values()), "")
                day = date_label(date.fromisoformat(e.session_date))
                lines.append(f"• {day} · {TITLES[e.kind]}: {first[:90]}")
            lines.append("/reflect export gives the whole log as a PDF and a Markdown file.")
            text = "\n".join(lines)
        await interaction.response.send_message(text[:1990], ephemeral=True)

    @app_commands.command(name="export", description="Your reflective log as PDF and Markdown")
    async def export(self, interaction: discord.Interaction) -> None:
        kept = []
        if interaction.guild_id is not None and interaction.channel_id is not None:
            kept = await store.kept_logs(self.bot.db, interaction.user.id, interaction.channel_id)
        try:
            group: Group | None = await self._trainee_group(interaction)
        except UserError:
            if not kept:
                raise
            group = None  # the group closed (or the author left the renewed one): the kept log
        await interaction.response.defer(ephemeral=True, thinking=True)
        name, text, files = interaction.user.display_name, [], []
        if group is not None:
            text.append("Your reflective log, dated, for your portfolio (only you can see this).")
            files += await self._files(group.name, interaction.user.id, name, group.id)
        for n, log in enumerate(kept, start=1):
            text.append(
                f"**{log.group_name}** closed when the bot could not send you your reflective log "
                "(your direct messages were closed), so it kept it for you alone: here it is. It "
                f"is kept until {wording.day(log.keep_until, clock.today())}; /forgetme erases "
                "it now."
            )
            suffix = "" if len(kept) == 1 and group is None else f"-closed-{n}"
            files += await self._log_files(log.group_name, name, log.entries, suffix)
        fit, left_out = uploads.fitting(files)
        if left_out:
            text.append(
                uploads.left_out_note(
                    left_out,
                    "The PDF and the Markdown file hold the same entries, so keep whichever came; "
                    "/mydata gives every entry as data too.",
                )
            )
        await interaction.followup.send(
            "\n".join(text), files=uploads.as_files(fit), ephemeral=True
        )

    async def _files(
        self, group_name: str, user_id: int, name: str, group_id: int
    ) -> list[tuple[str, bytes]]:
        entries = await store.of_member(self.bot.db, user_id, group_id)
        return await self._log_files(group_name, name, entries)

    async def _log_files(
        self, group_name: str, name: str, entries: list[store.Reflection], suffix: str = ""
    ) -> list[tuple[str, bytes]]:
        """The log as PDF (made in the rendering worker, off the event loop) and Markdown."""
        pdf = await rendering.render(log_pdf, name, group_name, entries, self.bot.now().date())
        base = f"reflective-log-{_slug(group_name)}{suffix}"
        return [
            (f"{base}.pdf", pdf),
            (f"{base}.md", log_markdown(name, group_name, entries)),
        ]

    # -- hooks -------------------------------------------------------------------------------------

    async def member_data(self, user_id: int) -> dict[str, Any]:
        entries = await store.of_member(self.bot.db, user_id)
        kept = [e for log in await store.kept_logs(self.bot.db, user_id) for e in log.entries]
        return {
            "your_private_reflections": [
                {"date": e.session_date, "kind": e.kind, "written_at": e.written_at, **e.answers}
                for e in entries + kept
            ]
        }

    async def forget_member(self, user_id: int) -> None:
        await store.erase_member(self.bot.db, user_id)

    async def group_closing(self, group_id: int) -> None:
        """Before the group's rows go, every author's log is kept past the close (at once, for
        all: /reflect export in the channel finds it, for as long as the attendance ledger).
        Sending it comes after the close (group_closed)."""
        group = await get_group(self.bot.db, group_id)
        if group is None:
            return
        until = keep_until(self.bot.now(), self.bot.settings.attendance.keep_ledger_years)
        authors = await store.keep_group_logs(
            self.bot.db, group_id, group.channel_id, group.name, until
        )
        if authors:
            self._closing[group_id] = (group, authors, until)

    async def group_closed(self, group_id: int) -> None:
        """Each author gets their log by DM, after everything the leaders see of the close (sent
        in between, a PDF each, the gap before the closing message counted them); once it is
        theirs, the kept copy goes. One whose DMs are closed (or whose DM fails) keeps it for
        /reflect export."""
        group, authors, until = self._closing.pop(group_id, (None, [], None))
        if group is None or until is None:
            return
        guild = self.bot.get_guild(group.guild_id)
        for user_id in authors:
            entries = await store.kept_log(self.bot.db, group_id, user_id, until)
            if not entries:
                continue
            name = records_doc.name_in(guild, user_id)
            log_files, left_out = uploads.fitting(await self._log_files(group.name, name, entries))
            sent = None  # too large for a message: kept, and /reflect export says what fits
            try:
                if not left_out:
                    sent = await self.bot.send_dm(
                        user_id,
                        f"{group.name} has closed, and with it the bot deletes your reflections. "
                        "Here is your reflective log to keep.",
                        files=uploads.as_files(log_files),
                    )
            except discord.HTTPException:  # Discord failing now must not cost them the log
                sent = None
            if sent is not None:
                await store.drop_kept(self.bot.db, group_id, user_id, until)


async def setup(bot: BalintBot) -> None:
    await bot.add_cog(ReflectCog(bot))
