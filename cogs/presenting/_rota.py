"""/rota and /presenter: the rota for leaders, each trainee's own record, and leaders' overrides.

Discord cannot run a command that also has subcommands, so the leaders' view is `/rota group` and
a trainee's own is `/rota me` (which shows nobody else's counts).
"""

from __future__ import annotations

from datetime import date

import discord
from discord import app_commands
from discord.ext import commands

from bot import clock
from bot.access import group_here, require_leader, require_member
from bot.app import BalintBot
from bot.domain import wording
from bot.domain.rota import MemberHistory, nudge_candidates
from bot.errors import UserError
from bot.store import rota
from bot.store.groups import member_role, members
from bot.store.sessions import upcoming_sessions
from bot.which_session import (
    date_option,
    day_label,
    find_session,
    local_start,
    session_choices,
    when,
)
from cogs.presenting._common import (
    UNNAMED,
    excused,
    is_locked,
    send_told,
    tell_member,
    tell_moves,
)

UPCOMING = 6
NO_MENTIONS = discord.AllowedMentions.none()


def _entry_text(entry: rota.Entry) -> str:
    notes = ["named" if entry.named else "anonymous in the agenda"]
    if entry.pinned:
        notes.append("set by a leader")
    return f"<@{entry.user_id}> ({', '.join(notes)})"


def _history_text(h: MemberHistory) -> str:
    text = f"<@{h.user_id}> {h.presentations}"
    if h.last_presented:
        text += f" (last {wording.day(h.last_presented, clock.today())})"
    if h.carried_reserve_since:
        text += f", waiting since {wording.day(h.carried_reserve_since, clock.today())}"
    return text


class RotaCog(commands.Cog):
    def __init__(self, bot: BalintBot) -> None:
        self.bot = bot

    rota_group = app_commands.Group(name="rota", description="Who presents when")
    presenter = app_commands.Group(
        name="presenter", description="Leaders: put a trainee on the rota, or take them off"
    )

    # -- /rota group ------------------------------------------------------------------------

    @rota_group.command(
        name="group", description="Leaders: upcoming presenters and reserves, and everyone's count"
    )
    async def rota_for_leaders(self, interaction: discord.Interaction) -> None:
        bot = self.bot
        group = await group_here(bot.db, interaction)
        await require_leader(bot.db, group, interaction.user)
        now = bot.now()
        slots = f"{wording.plural(group.case_slots, 'case slot')} per session"
        lines = [f"**Rota of {group.name}** ({slots})", "**Upcoming**"]
        for s in await upcoming_sessions(bot.db, group.id, now, limit=UPCOMING):
            if not s.is_active:
                reason = f": {s.reason}" if s.reason else ""
                lines.append(f"• {day_label(group, s)}: {s.status}{reason}")
                continue
            current = await rota.standing(bot.db, group, s, now)
            presenting = ", ".join(_entry_text(e) for e in current.presenters) or "no presenter yet"
            line = f"• {when(s)}: {presenting}"
            if current.reserves:
                line += "; reserves, in order: " + ", ".join(
                    f"<@{e.user_id}>" for e in current.reserves
                )
            lines.append(line)
        waiting = await rota.unconfirmed_sessions(bot.db, group.id, now)
        if waiting:
            lines.append(
                "**Awaiting your record of who presented:** "
                + ", ".join(day_label(group, s) for s in waiting[-4:])
                + " (the buttons are on the prompt in the leaders' channel)"
            )
        trainees = [m.user_id for m in await members(bot.db, group.id, role="trainee")]
        hist = await rota.histories(bot.db, group, now)
        pool = [hist.get(u) or MemberHistory(u) for u in trainees]
        order = nudge_candidates(pool, count=len(pool), exclude=set())
        by_id = {h.user_id: h for h in pool}
        lines.append("**Presentations this year**, whose turn it most is first:")
        lines.append(" · ".join(_history_text(by_id[u]) for u in order) or "no trainees yet")
        await interaction.response.send_message(
            "\n".join(lines)[:2000], ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    # -- /rota me ---------------------------------------------------------------------------

    @rota_group.command(name="me", description="Your own offers, presentations and next slot")
    async def rota_me(self, interaction: discord.Interaction) -> None:
        bot = self.bot
        group = await group_here(bot.db, interaction)
        await require_member(bot.db, group, interaction.user)
        user_id, now = interaction.user.id, bot.now()
        lines = [f"**Your presenting in {group.name}** (only you see this)"]
        offers = await rota.offers_of(bot.db, group.id, user_id, now)
        booked = next(((s, e) for s, e in offers if e.status == rota.PRESENTER), None)
        if booked:
            lines.append(f"Next: you're presenting on {when(booked[0])}.")
        else:
            lines.append("Next: no case slot booked; `/volunteer` offers a case.")
        if offers:
            lines.append("**Your offers**")
            for s, e in offers:
                if e.status == rota.PRESENTER:
                    status = "down to present, " + (
                        "named" if e.named else "anonymous in the agenda"
                    )
                else:
                    position = (await rota.standing(bot.db, group, s, now)).reserve_position(
                        user_id
                    )
                    status = f"reserve number {position}"
                lines.append(f"• {when(s)}: {status}")
        given = await rota.presentations_of(bot.db, group.id, user_id, now)
        year_start = date.fromisoformat(group.start_date)
        this_year = [p for p in given if p.session.date >= year_start]
        lines.append(f"**Presentations this year: {len(this_year)}**")
        for p in given:  # every year's, so each carries its year
            note = "" if p.confirmed else " (awaiting the leaders' record)"
            lines.append(f"• {wording.dated(local_start(group, p.session))}{note}")
        mine = (await rota.histories(bot.db, group, now)).get(user_id)
        if mine and mine.carried_reserve_since:
            lines.append(
                f"You kept your place as a reserve from {wording.day(mine.carried_reserve_since, clock.today())}: when "
                "you next volunteer you go ahead of anyone who has presented as often as you."
            )
        off = user_id in await rota.nudges_off(bot.db, group.id)
        lines.append(
            "Nudges: off (`/nudges on` to turn them on)."
            if off
            else "Nudges: on (`/nudges off` to stop them)."
        )
        await interaction.response.send_message(
            "\n".join(lines)[:2000], ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    # -- /presenter set|clear ---------------------------------------------------------------

    @presenter.command(name="set", description="Leaders: put a trainee down to present")
    @app_commands.describe(
        session="'next' or the session's date, e.g. 2026-09-17", member="The trainee"
    )
    @app_commands.guild_only()
    async def presenter_set(
        self, interaction: discord.Interaction, session: str, member: discord.Member
    ) -> None:
        bot = self.bot
        group = await group_here(bot.db, interaction)
        await require_leader(bot.db, group, interaction.user)
        if await member_role(bot.db, group.id, member.id) != "trainee":
            raise UserError(
                f"{member.mention} is not a trainee on the roster of {group.name}. Add them first "
                "with `/group members add`, then try again."
            )
        chosen = await find_session(bot.db, group, session, bot.now(), to_come="presenter set")
        if await excused(bot.db, chosen.id, member.id):
            raise UserError(
                f"{member.mention} has declared an absence for {day_label(group, chosen)}."
            )
        outcome = await rota.assign(
            bot.db, group, chosen, member.id, now=bot.now(), locked=is_locked(bot, chosen)
        )
        if outcome.full:
            taken = ", ".join(f"<@{e.user_id}>" for e in outcome.standing.presenters)
            raise UserError(
                f"The case slots for {day_label(group, chosen)} are taken ({taken}). Free one "
                f"first with `/presenter clear`, or raise the slots with `/group edit case_slots`."
            )
        if outcome.already:
            text = f"{member.mention} is already down to present on {when(chosen)}."
        else:
            text = (
                f"{member.mention} is down to present on {when(chosen)}; I've told them "
                "privately. The fairness rule will not move them."
            )
        if not outcome.already:  # recorded before the answer: a stop meanwhile still tells
            await tell_member(
                bot,
                group,
                member.id,
                f"A leader of {group.name} has put you down to present on {when(chosen)}. "
                f'The agenda will say "{UNNAMED}" unless you choose to be named with '
                f"`/volunteer session:{date_option(chosen)} named:True`. If this doesn't suit "
                f"you, `/withdraw session:{date_option(chosen)}` or have a word with them.",
                key=f"assigned:{chosen.id}:{bot.now().isoformat()}",
                send=False,
            )
            await tell_moves(bot, group, chosen, outcome, send=False)
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
        if not outcome.already:
            await send_told(bot)

    @presenter.command(name="clear", description="Leaders: take a trainee off a session's rota")
    @app_commands.describe(
        session="'next' or the session's date, e.g. 2026-09-17", member="The trainee"
    )
    @app_commands.guild_only()
    async def presenter_clear(
        self, interaction: discord.Interaction, session: str, member: discord.Member
    ) -> None:
        bot = self.bot
        group = await group_here(bot.db, interaction)
        await require_leader(bot.db, group, interaction.user)
        chosen = await find_session(bot.db, group, session, bot.now(), to_come="presenter clear")
        outcome = await rota.withdraw(
            bot.db, group, chosen, member.id, now=bot.now(), locked=is_locked(bot, chosen)
        )
        if outcome is None:
            raise UserError(
                f"{member.mention} has not offered a case for {day_label(group, chosen)}, so "
                "there is nothing to clear. `/rota group` shows who has."
            )
        stepped = (
            " " + ", ".join(f"<@{u}>" for u in outcome.promoted) + " stepped up from the reserves."
            if outcome.promoted
            else ""
        )
        await tell_member(  # recorded before the answer: a stop meanwhile still tells
            bot,
            group,
            member.id,
            f"A leader of {group.name} has taken you off the rota for {when(chosen)}. "
            "If you think this is a mistake, have a word with them.",
            key=f"cleared:{chosen.id}:{bot.now().isoformat()}",
            send=False,
        )
        await tell_moves(bot, group, chosen, outcome, send=False)
        await interaction.response.send_message(
            f"{member.mention} is off the rota for {when(chosen)}.{stepped}",
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )
        await send_told(bot)

    @presenter_set.autocomplete("session")
    async def _set_session(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await session_choices(
            self.bot.db, interaction, current, self.bot.now(), to_come=True
        )

    @presenter_clear.autocomplete("session")
    async def _clear_session(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await session_choices(
            self.bot.db, interaction, current, self.bot.now(), to_come=True
        )


async def setup(bot: BalintBot) -> None:
    await bot.add_cog(RotaCog(bot))
