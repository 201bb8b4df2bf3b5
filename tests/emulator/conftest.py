"""Fixtures for the emulator's own tests: an emulator, a small world, and a tiny real bot.

Every test fails if the emulator recorded a failure (rule broken, unimplemented route, OpenAPI
mismatch) or if discord.py logged an ERROR, unless the test consumed them on purpose with
``emu.take_failures()`` / ``discord_errors.clear()``.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import discord
import pytest
from discord import app_commands
from discord.ext import commands

from bot.emulator._gateway import Gateway
from bot.emulator.connect import use_emulator
from bot.emulator.emulator import Channel, Emulator, Guild, Role, SimMember, no_long_thinking


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def discord_errors() -> Iterator[list[logging.LogRecord]]:
    """ERROR records from the ``discord`` logger; the test fails if any remain at teardown."""
    handler = _Collect()
    logger = logging.getLogger("discord")
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
    if handler.records:
        msgs = [f"{r.name}: {r.getMessage()}\n{r.exc_text or ''}" for r in handler.records]
        pytest.fail("discord logged errors:\n" + "\n".join(msgs))


@pytest.fixture
async def emu(discord_errors: list[logging.LogRecord]) -> AsyncIterator[Emulator]:
    """A started emulator; fails the test on recorded failures."""
    emulator = Emulator()
    emulator.interaction_checks.append(no_long_thinking)  # ours, not Discord's (see e2e)
    await emulator.start()
    try:
        yield emulator
    finally:
        await emulator.stop()
    if emulator.failures:
        pytest.fail("emulator failures:\n" + "\n".join(emulator.failures))


@pytest.fixture
def gateway(emu: Emulator) -> Gateway:
    """The emulator's gateway (made once, when the emulator started)."""
    assert emu.gateway is not None
    return emu.gateway


@dataclass
class World:
    guild: Guild
    role: Role
    chan: Channel
    other: Channel
    alice: SimMember
    bob: SimMember


@pytest.fixture
def world(emu: Emulator) -> World:
    guild = emu.create_guild("St Elsewhere Psychiatry")
    role = guild.create_role("Balint leaders", permissions=0)
    chan = guild.create_text_channel("balint-thursday")
    other = guild.create_text_channel("announcements")
    alice = emu.member(guild, "alice", roles=[role], manage_guild=True)
    bob = emu.member(guild, "bob")
    return World(guild, role, chan, other, alice, bob)


class Reflection(discord.ui.Modal, title="Reflection"):
    """A modal with one required and one optional field."""

    text: discord.ui.TextInput[Reflection] = discord.ui.TextInput(
        label="What stayed with you?", custom_id="reflection", max_length=200
    )
    extra: discord.ui.TextInput[Reflection] = discord.ui.TextInput(
        label="Anything else", custom_id="extra", required=False
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            f"noted: {self.text.value} / {self.extra.value or '-'}", ephemeral=True
        )


class Attendance(discord.ui.View):
    """Persistent view: a button that edits its message, one that answers ephemerally."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="I'm here", custom_id="attend:here", style=discord.ButtonStyle.success)
    async def here(
        self, interaction: discord.Interaction, button: discord.ui.Button[Attendance]
    ) -> None:
        await interaction.response.edit_message(
            content=f"{interaction.user.name} is here", view=self
        )

    @discord.ui.button(label="Details", custom_id="attend:details")
    async def details(
        self, interaction: discord.Interaction, button: discord.ui.Button[Attendance]
    ) -> None:
        await interaction.response.send_message("details for you", ephemeral=True)

    @discord.ui.button(label="Reflect", custom_id="attend:reflect")
    async def reflect(
        self, interaction: discord.Interaction, button: discord.ui.Button[Attendance]
    ) -> None:
        await interaction.response.send_modal(Reflection())

    @discord.ui.select(
        custom_id="attend:mood",
        placeholder="How was it?",
        options=[
            discord.SelectOption(label="Good", value="good"),
            discord.SelectOption(label="Hard", value="hard"),
        ],
    )
    async def mood(
        self, interaction: discord.Interaction, select: discord.ui.Select[Attendance]
    ) -> None:
        await interaction.response.send_message(f"mood {select.values[0]}", ephemeral=True)


class PickPeople(discord.ui.View):
    """A user select, to prove resolved members reach discord.py."""

    @discord.ui.select(
        cls=discord.ui.UserSelect,
        custom_id="pick:people",
        placeholder="Who presents?",
        max_values=2,
    )
    async def people(
        self, interaction: discord.Interaction, select: discord.ui.UserSelect[PickPeople]
    ) -> None:
        names = sorted(u.name for u in select.values)
        await interaction.response.send_message("presenting: " + ", ".join(names))


class TinyBot(commands.Bot):
    """The tiny bot (make_bot), with what its commands and events leave behind for a test to read
    (an error is set only when its command met it: reading it otherwise raises AttributeError), and
    typed look-ups into discord.py's cache."""

    seen_events: list[tuple[str, str]]  # ("join", member name), ("event", event name)
    release: asyncio.Event  # /slowwork answers once the test sets it
    late_followup_error: discord.HTTPException
    second_error: discord.HTTPException
    early_error: discord.NotFound
    modal_error: discord.HTTPException
    late_error: discord.NotFound
    voice_seen: list[tuple[str, str | None, str | None]]  # test_voice's: who, from, to

    # discord.py waits 5 s before each IDENTIFY but the first: tests that identify again skip it
    skip_identify_wait = False

    async def setup_hook(self) -> None:
        self.add_view(Attendance())
        await self.tree.sync()

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        if not self.skip_identify_wait:
            await super().before_identify_hook(shard_id, initial=initial)

    def text_channel(self, channel_id: int) -> discord.TextChannel:
        """The text channel as discord.py has it cached."""
        channel = self.get_channel(channel_id)
        assert isinstance(channel, discord.TextChannel), channel
        return channel

    def cached_guild(self, guild_id: int) -> discord.Guild:
        """The server as discord.py has it cached."""
        guild = self.get_guild(guild_id)
        assert guild is not None, guild_id
        return guild

    def cached_member(self, guild_id: int, user_id: int) -> discord.Member:
        """The member as discord.py has them cached."""
        member = self.cached_guild(guild_id).get_member(user_id)
        assert member is not None, user_id
        return member


class ShardedTinyBot(TinyBot, commands.AutoShardedBot):
    """The tiny bot, sharded (commands.Bot defines nothing of its own, so AutoShardedClient's
    methods come before Client's)."""


def make_bot(
    intents: discord.Intents | None = None, *, sharded: bool = False, **options: Any
) -> TinyBot:
    """A tiny bot exercising each rule the emulator enforces (`sharded=True` and `shard_count=`
    for a sharded one)."""
    if intents is None:
        intents = discord.Intents.default()
        intents.members = True
    cls = ShardedTinyBot if sharded else TinyBot
    bot = cls(command_prefix="!", intents=intents, guild_ready_timeout=0.05, **options)
    bot.seen_events = []
    tree = bot.tree

    @tree.command(description="Say hello")
    async def hello(interaction: discord.Interaction, name: app_commands.Range[str, 1, 10]) -> None:
        await interaction.response.send_message(f"hello {name}")

    @tree.command(description="Count")
    @app_commands.choices(
        kind=[
            app_commands.Choice(name="Cases", value="cases"),
            app_commands.Choice(name="Sessions", value="sessions"),
        ]
    )
    async def count(
        interaction: discord.Interaction, n: app_commands.Range[int, 1, 5], kind: str = "cases"
    ) -> None:
        await interaction.response.send_message(f"{n} {kind}")

    async def colour_complete(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=c, value=c)
            for c in ("red", "green", "blue")
            if c.startswith(current)
        ]

    async def long_complete(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name="a long one", value="x" * 101)]

    @tree.command(description="Offers a choice whose value is too long")
    @app_commands.autocomplete(pick=long_complete)
    async def longchoice(interaction: discord.Interaction, pick: str) -> None:
        await interaction.response.send_message(pick)

    @tree.command(description="Pick a colour")
    @app_commands.autocomplete(colour=colour_complete)
    async def colour(interaction: discord.Interaction, colour: str) -> None:
        await interaction.response.send_message(f"colour {colour}")

    group = app_commands.Group(name="group", description="Group admin")

    @group.command(name="setup", description="Set up a group")
    async def setup(
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        name: str,
        leader: discord.Member | None = None,
        role: discord.Role | None = None,
    ) -> None:
        who = leader.name if leader else "-"
        await interaction.response.send_message(
            f"{name} in #{channel.name} led by {who} role {role.name if role else '-'}"
        )

    tree.add_command(group)

    @tree.command(description="Admin only")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    async def admin(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("admin ok", ephemeral=True)

    @tree.command(description="Post buttons")
    async def buttons(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Thursday group", view=Attendance())

    @tree.command(description="Pick presenters")
    async def presenters(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Pick", view=PickPeople())

    @tree.command(description="Open a modal")
    async def form(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(Reflection())

    @tree.command(description="Deferred")
    async def slowdefer(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await asyncio.sleep(0.05)
        await interaction.followup.send("done after defer")
        await interaction.followup.send("and a second followup", ephemeral=True)

    bot.release = asyncio.Event()

    @tree.command(description="Deferred, answers when the test releases it")
    async def slowwork(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await bot.release.wait()
        try:
            await interaction.followup.send("done at last")
        except discord.HTTPException as exc:
            bot.late_followup_error = exc

    @tree.command(description="Deferred then edit")
    async def deferedit(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True)
        await interaction.edit_original_response(content="edited original")

    @tree.command(description="Responds twice")
    async def twice(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("first")
        interaction.response._response_type = None  # bypass discord.py's own guard
        try:
            await interaction.response.send_message("second")
        except discord.HTTPException as exc:
            bot.second_error = exc

    @tree.command(description="Followup first")
    async def early(interaction: discord.Interaction) -> None:
        try:
            await interaction.followup.send("too early")
        except discord.NotFound as exc:
            bot.early_error = exc
        await interaction.response.send_message("then responded")

    @tree.command(description="Defers then tries a modal")
    async def latemodal(interaction: discord.Interaction) -> None:
        await interaction.response.defer()
        interaction.response._response_type = None
        try:
            await interaction.response.send_modal(Reflection())
        except discord.HTTPException as exc:
            bot.modal_error = exc
        await interaction.followup.send("fallback")

    @tree.command(description="Sleeps too long")
    async def sleepy(interaction: discord.Interaction) -> None:
        await asyncio.sleep(3.5)
        try:
            await interaction.response.send_message("too late")
        except discord.NotFound as exc:
            bot.late_error = exc

    @tree.command(description="Post to a channel")
    async def post(
        interaction: discord.Interaction, channel: discord.TextChannel, text: str
    ) -> None:
        try:
            await channel.send(text)
        except discord.Forbidden as exc:
            await interaction.response.send_message(f"forbidden {exc.code}", ephemeral=True)
            return
        await interaction.response.send_message("posted", ephemeral=True)

    @tree.command(description="Too long")
    async def toolong(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("x" * 2001)

    @tree.command(description="Secret")
    async def secret(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("only for you", ephemeral=True)

    @tree.command(description="File")
    async def report(interaction: discord.Interaction) -> None:
        embed = discord.Embed(title="Report", description="Attendance")
        embed.add_field(name="Sessions", value="3")
        await interaction.response.send_message(
            "here",
            embed=embed,
            file=discord.File(__import__("io").BytesIO(b"a,b\n1,2\n"), "report.csv"),
        )

    @tree.command(description="DM me")
    async def dmme(interaction: discord.Interaction) -> None:
        await interaction.user.send("private note", view=Attendance())
        await interaction.response.send_message("sent", ephemeral=True)

    @tree.command(description="Create an event")
    async def event(interaction: discord.Interaction, name: str) -> None:
        assert interaction.guild is not None
        start = discord.utils.utcnow() + dt.timedelta(days=1)
        try:
            ev = await interaction.guild.create_scheduled_event(
                name=name,
                start_time=start,
                end_time=start + dt.timedelta(hours=1),
                entity_type=discord.EntityType.external,
                location="Room 4",
                privacy_level=discord.PrivacyLevel.guild_only,
            )
        except discord.Forbidden as exc:
            await interaction.response.send_message(f"forbidden {exc.code}")
            return
        await interaction.response.send_message(f"event {ev.id}")

    @tree.command(description="Pin the last message")
    async def pinlast(interaction: discord.Interaction) -> None:
        assert isinstance(interaction.channel, discord.TextChannel)
        msg = await interaction.channel.send("pin me")
        try:
            await msg.pin()
        except discord.Forbidden as exc:
            await interaction.response.send_message(f"forbidden {exc.code}")
            return
        await interaction.response.send_message("pinned")

    @bot.event
    async def on_member_join(member: discord.Member) -> None:
        bot.seen_events.append(("join", member.name))

    @bot.event
    async def on_scheduled_event_create(event: discord.ScheduledEvent) -> None:
        bot.seen_events.append(("event", event.name))

    return bot


B = TypeVar("B", bound=discord.Client)


# How long a client may take to become ready: a guard against a hang, not a speed check (the
# AutoShardedBot test's 2,501 servers took over 6 s on a busy 2-core machine, past the 5 s it had).
READY_WITHIN = 60.0


async def _until_ready(client: discord.Client, task: asyncio.Task[None]) -> None:
    """Wait for the client's ready event, surfacing the connect task's error if it ends first."""
    ready = asyncio.ensure_future(client.wait_until_ready())
    try:
        done, _ = await asyncio.wait(
            {ready, task}, timeout=READY_WITHIN, return_when=asyncio.FIRST_COMPLETED
        )
    finally:
        ready.cancel()
    if task in done:
        task.result()  # surfaces the connect error
        raise RuntimeError("the bot stopped before it was ready")
    if ready not in done:
        raise TimeoutError(f"bot did not become ready within {READY_WITHIN:g} s")


@contextlib.asynccontextmanager
async def running(emu: Emulator, client: B) -> AsyncIterator[B]:
    """Start ``client`` against ``emu``, wait for READY, always close it."""
    with use_emulator(emu):
        try:
            await client.login(emu.bot_token)  # the ready event exists from here
            task = asyncio.create_task(client.connect())
        except BaseException:
            await client.close()
            raise
        try:
            await _until_ready(client, task)
            yield client
        finally:
            await client.close()
            await asyncio.wait_for(task, READY_WITHIN)


class BotKit:
    """make_bot and running, for tests that need a differently configured bot."""

    make_bot = staticmethod(make_bot)
    running = staticmethod(running)


@pytest.fixture
def botkit() -> BotKit:
    """The tiny-bot factory and runner, for tests that need a differently configured bot."""
    return BotKit()


@pytest.fixture
async def bot(emu: Emulator, world: World) -> AsyncIterator[TinyBot]:
    """The tiny bot, connected to the emulator and ready."""
    async with running(emu, make_bot()) as client:
        yield client
