"""/volunteer, /withdraw and /nudges: a trainee offers a case (or takes it back) privately.

Replaces the dreaded "who has a case?" moment: nobody sees who offered except in the agenda, and
then only if the presenter chose to be named. The fair rota (bot.domain.rota) decides who presents
when more members offer than there are case slots. This extension also registers the capability's
timed posts, its hooks for the sessions capability and its persistent buttons.
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.access import group_here, require_member
from bot.app import BalintBot
from bot.domain.wording import plural
from bot.store import rota
from bot.which_session import find_session, session_choices
from cogs.presenting._offers import offer_case, take_back
from cogs.presenting._posts import register, unregister

SESSION_HELP = "'next' (the default) or the session's date, e.g. 2026-09-17"


class VolunteerCog(commands.Cog):
    def __init__(self, bot: BalintBot) -> None:
        self.bot = bot
        self._registered = register(bot)

    async def cog_unload(self) -> None:
        unregister(self.bot, *self._registered)

    nudges = app_commands.Group(
        name="nudges", description="Private 'would you bring a case?' notes when nobody has one"
    )

    @app_commands.command(name="volunteer", description="Offer to present a case at a session")
    @app_commands.describe(
        session=SESSION_HELP,
        named="Be named in the agenda before the session (default: no, 'a member of the group')",
    )
    async def volunteer(
        self,
        interaction: discord.Interaction,
        session: str | None = None,
        named: bool | None = None,
    ) -> None:
        group = await group_here(self.bot.db, interaction)
        await require_member(self.bot.db, group, interaction.user)
        chosen = await find_session(
            self.bot.db, group, session, self.bot.now(), to_come="volunteer"
        )
        reply = await offer_case(self.bot, group, chosen, interaction.user, named)
        await interaction.response.send_message(reply.text, ephemeral=True)
        if reply.then is not None:
            await reply.then()

    @app_commands.command(name="withdraw", description="Take back your offer of a case")
    @app_commands.describe(session=SESSION_HELP)
    async def withdraw(self, interaction: discord.Interaction, session: str | None = None) -> None:
        group = await group_here(self.bot.db, interaction)
        await require_member(self.bot.db, group, interaction.user)
        chosen = await find_session(self.bot.db, group, session, self.bot.now(), to_come="withdraw")
        reply = await take_back(self.bot, group, chosen, interaction.user)
        await interaction.response.send_message(reply.text, ephemeral=True)
        if reply.then is not None:
            await reply.then()

    @volunteer.autocomplete("session")
    async def _volunteer_session(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await session_choices(
            self.bot.db, interaction, current, self.bot.now(), to_come=True
        )

    @withdraw.autocomplete("session")
    async def _withdraw_session(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await session_choices(
            self.bot.db, interaction, current, self.bot.now(), to_come=True
        )

    @nudges.command(name="on", description="Receive a gentle private note when nobody has a case")
    async def nudges_on(self, interaction: discord.Interaction) -> None:
        await self._set_nudges(interaction, True)

    @nudges.command(name="off", description="No private notes asking you to bring a case")
    async def nudges_off(self, interaction: discord.Interaction) -> None:
        await self._set_nudges(interaction, False)

    async def _set_nudges(self, interaction: discord.Interaction, on: bool) -> None:
        group = await group_here(self.bot.db, interaction)
        await require_member(self.bot.db, group, interaction.user)
        changed = await rota.set_nudges(
            self.bot.db, group.id, interaction.user.id, on, self.bot.now()
        )
        state = "on" if on else "off"
        if on:
            hours = self.bot.settings.presenting.nudge_hours
            text = (
                f"Nudges are on: when a session has no case {plural(hours, 'hour')} before, a few "
                "members "
                "whose turn it most is get a gentle private note. Nobody else is told who."
            )
        else:
            text = "Nudges are off: you won't get notes asking you to bring a case."
        if not changed:
            rest = text.split(": ", 1)[1]
            text = f"Nudges were already {state}. " + rest[:1].upper() + rest[1:]
        await interaction.response.send_message(text, ephemeral=True)


async def setup(bot: BalintBot) -> None:
    await bot.add_cog(VolunteerCog(bot))
