"""`balint-bot emulator --interactive`: the demo server for a bot in another process, and a console
where you act as the demo people against it, as `balint-bot sandbox --interactive` does.

A leader tries their own configuration (their --config file, their settings) offline: their
`balint-bot run`, started with the line the emulator prints, talks to this emulator instead of
Discord and keeps a throwaway database, while they type `alice: /volunteer` here. The bot keeps the
real clock in its own process, so time runs at its own pace (the sandbox, in one process, can move
it; here `wait` cannot).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.emulator.emulator import Emulator
from bot.sandbox.world import World


class WallClock:
    """The console's clock: the real one (the bot in the other process keeps it too)."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator

    def now(self) -> datetime:
        return datetime.now(UTC)

    async def settle(self) -> None:
        """Until the bot has been quiet a moment (its answers and what follows them are in)."""
        await self.emulator.idle(quiet=0.2, timeout=60)

    async def move_to(self, when: datetime) -> None:
        from bot.sandbox._interactive import Typo

        raise Typo(
            "time runs at its own pace here: your bot keeps the real clock in its own process "
            "(`balint-bot sandbox --interactive` can move time)"
        )


def setup_line(world: World, today: date) -> str:
    """A /group setup the leader can type first: the demo server's channels and roles, a Thursday
    group from next week for a training year."""
    start = today + timedelta(days=7 + (3 - today.weekday()) % 7)
    end = start + timedelta(weeks=47)
    return (
        f"{world.leader.name}: /group setup channel:#{world.channel.name} name:Thursday Balint "
        f"group weekday:Thursday start_time:09:00 start_date:{start.isoformat()} "
        f"end_date:{end.isoformat()} leader_role:{world.leader_role.name} "
        f"trainee_role:{world.trainee_role.name} leaders_channel:#{world.leaders_channel.name}"
    )


async def console(emulator: Emulator, world: World, output: Path | None) -> None:
    """Wait for the bot to connect, then take lines as the demo people until `quit` or the end
    of input."""
    from bot.sandbox._interactive import interactive_loop
    from bot.sandbox.demo import Demo

    gateway = emulator.gateway
    assert gateway is not None
    print("Waiting for your bot to connect (start it in another shell, as above)...", flush=True)
    await gateway.identified.wait()
    demo: Any = Demo(emulator, None, world, quiet=False, output=output)
    demo.clock = WallClock(emulator)
    await demo.clock.settle()  # its commands synced, its start-up posts made
    print(
        f"Your bot is connected as {emulator.bot_user.username}. Type as the demo people; first, "
        "set a group up, e.g.:\n  " + setup_line(world, datetime.now(UTC).date()) + "\n",
        flush=True,
    )
    demo.news()
    await interactive_loop(demo)
