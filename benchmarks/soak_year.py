"""A whole training year of the Thursday group in accelerated time: a soak test and a benchmark.

The demo world (bot/sandbox/world.py) and the real, unmodified bot against the local emulator, under
a time-machine clock, from Tuesday 1 September 2026 to the end of July 2027: 48 Thursdays
09:00-10:15 London time across both clock changes. The clock stops at every due time of every
session (T-72h, T-48h, T-24h, T-2h, T-10min, T0, T0+grace, the end, end+24h, end+48h, end+72h, the
six-week follow-up and the survey's), never a week at once, and at each stop the people act as a
seeded random script says (one random.Random per week, so a week's plan does not depend on the
others'):
- trainees volunteer (two at the same moment for one slot; a few keep volunteering, others now and
  then), withdraw, answer a nudge or a reserve's offer, declare absences (one week or two, with
  `until`) and take them back, press "I have a case in mind" (and again), check in (some late,
  some never; a leader corrects a few), answer the pulse (a random subset, sometimes fewer than k)
  in the channel or from the reminder, and the end-of-year survey; write anonymous drafts that the
  leaders approve or reject or that their author withdraws; answer follow-ups; one turns nudges off;
- the leaders set agendas (and edit one after it went out), record who presented (as scheduled,
  someone else, no case), read and share results, lower k once, skip Christmas, New Year and
  Easter and move one session; one trainee leaves while down to present and one joins;
- the bot is restarted twice at random points (down for up to 12 hours, and for 4-5 days from a
  weekend, always back 5 minutes before the next session) and its gateway drops once.

Then ``YearSoak.audit`` checks the store, the emulator and the bot's own answers against what the
script did: every scheduled post of every active session exactly once in its channel, where the
ledger says, within 2 minutes of its due time unless the bot was down ('late' only then, 'missed'
only if it was down across the post's whole useful window), skipped sessions silent; 09:00 London
on both sides of the clock changes; no emulator failure, no ERROR log; attendance per session and
the totals /attendance group and /attendance me show; drift alerts as the rule gives them; the
presentations /rota me shows against the leaders' record; fairness among those who kept
volunteering; pulses released only from k, pooled as the rule says, and the survey; events,
pins, follow-ups in the agenda; every draft, salt, 'has answered' handle and case intent gone.

tests/e2e/test_year.py runs one term of the same script (12 weeks) and asserts all of it.

Run: python benchmarks/soak_year.py [--seed 2026] [--until 2027-07-29] [--term] [--no-validate]
     [--quiet]
Prints: wall time, the bot's REST requests, posts per week, peak RSS at the start, after warm-up
and at the end, the database's size, /volunteer and button-click latency (median, p95), what the
run did, any problem found, and the transcript of warnings.
"""

from __future__ import annotations

import argparse
import asyncio
import heapq
import itertools
import logging
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._rss import rss_mb  # noqa: E402
from bot.domain.feedback import PULSE_ITEMS, SURVEY_ITEMS  # noqa: E402
from bot.emulator import SimMember  # noqa: E402
from bot.sandbox.timetravel import wait_for_bots  # noqa: E402
from bot.scheduling import nonce_for  # noqa: E402
from bot.store.sessions import Session, get_session  # noqa: E402

LONDON = ZoneInfo("Europe/London")
ANSWER = "Answer (anonymous)"
CASE = "I have a case in mind"
CHECKIN = "I'm here"
CONFIRM = "Confirm as scheduled"
NO_CASE = "No case"
WHO = "Someone else presented…"
BRING = "I'll bring a case"
YES = "Yes, I'd like to"
ABSENCE_REASONS = ("leave", "on_call", "post_nights", "ltft", "sick", "other")
# Who keeps volunteering (every week they can come), who does now and then.
KEEN = ("alice", "carol", "erin", "ivan")
OCCASIONAL = {"bob": 0.15, "dan": 0.05, "frank": 0.2, "grace": 0.15, "heidi": 0.1}
# Mostly there; dan drifts away now and then.
NO_SHOW = {"dan": 0.25}
THEMES = (
    "A patient who makes me feel useless",
    "When I want to rescue him",
    "I dread the ward round with her",
    "He makes me feel like a fraud",
    "I look forward to seeing her and I do not know why",
    "The family who are angry with everyone",
    "She thanks me for nothing I did",
)
BODY = (
    "Every time we meet I leave feeling I have failed, and I notice I avoid the room. "
    "I would like to think about what happens between us."
)
COMMENTS = (
    "Staying with the silence felt awkward but it helped.",
    "Good to hear how others manage the same feelings.",
    "We drifted into advice near the end.",
    "I felt able to speak today.",
)
AGENDAS = (
    "One case today; we'll keep ten minutes at the end for how the group is going.",
    "Welcome back. We start on time; cameras on if you can.",
    "A short check-in first, then the case.",
)
WEEK_STOPS = {
    "T-72h": ("start", timedelta(hours=-72)),
    "T-48h": ("start", timedelta(hours=-48)),
    "T-24h": ("start", timedelta(hours=-24)),
    "T-2h": ("start", timedelta(hours=-2)),
    "T-10min": ("start", timedelta(minutes=-10)),
    "T0": ("start", timedelta(0)),
    "T0+grace": ("start", timedelta(minutes=9)),
    "end": ("end", timedelta(0)),
    "end+1min": ("end", timedelta(minutes=1)),  # the leaders' debrief prompt
    "end+24h": ("end", timedelta(hours=24)),
    "end+48h": ("end", timedelta(hours=48)),
    # the feedback reminders, each at its own time within [feedback] reminder_window_minutes
    "end+48h30": ("end", timedelta(hours=48, minutes=30)),
    "end+72h": ("end", timedelta(hours=72)),
}
AFTER = timedelta(seconds=20)  # stop this long after a due time (a post is "late" after 2 min)
QUIET_STOPS = ("T-72h", "T-48h", "T-24h", "end+24h", "end+48h", "end+72h")  # restarts happen here


# -- the harness: how the script reaches the emulator, the people, the clock and the bot ---------


@dataclass
class Harness:
    """What the script drives. The e2e fixtures and the benchmark's own set-up both provide it."""

    emulator: Any
    world: Any
    clock: Any  # bot.sandbox.timetravel.TravelClock (.traveller, .bots)
    start: Callable[[], Awaitable[Any]]  # start (or restart on the same database) the bot
    stop: Callable[[Any], Awaitable[None]]


@dataclass
class Scenario:
    """The shape of the run: dates, calendar changes, roster changes, faults."""

    last_session: date  # the run ends three days after this session (its pulse closes)
    skips: tuple[tuple[str, str], ...] = ()
    move: tuple[str, str] | None = None  # (regular date, new "YYYY-MM-DD HH:MM" London)
    move_decided: str | None = None  # the regular date of the session whose T-72h decides it
    leave: tuple[str, str] | None = None  # (trainee, regular date of the session at whose T-48h)
    join: tuple[str, str] | None = None  # (new trainee, regular date of the session at whose T-72h)
    # one restart per entry: how long the bot stays down, in hours (drawn between the two)
    # (clipped to 5 minutes before the next session: people must be able to check in)
    restarts: tuple[tuple[float, float], ...] = ((0.2, 12), (96, 120))
    drops: int = 1
    seed: int = 2026
    threshold: tuple[str, int] | None = None  # (regular date whose T-72h, new k for results)
    nudges_off: tuple[str, str] | None = ("heidi", "2026-09-17")  # who turns nudges off, when
    answer_share: float = 0.75  # the share of a poll's questions a respondent answers
    results_share: float = 0.3  # after the first, the share of releases the leaders read


TERM = Scenario(
    last_session=date(2026, 11, 19),
    skips=(("2026-10-29", "half term"),),
    move=("2026-10-08", "2026-10-09 14:00"),
    move_decided="2026-10-01",
    leave=("frank", "2026-10-08"),
    join=("ivan", "2026-10-15"),
    restarts=((96, 120),),
    drops=1,
    answer_share=0.35,
    results_share=0.0,
)
YEAR = Scenario(
    last_session=date(2027, 7, 29),
    skips=(
        ("2026-12-24", "Christmas"),
        ("2026-12-31", "New Year"),
        ("2027-03-25", "Easter"),
    ),
    move=("2027-02-11", "2027-02-12 14:00"),
    move_decided="2027-02-04",
    threshold=("2027-01-07", 4),
    leave=("frank", "2027-01-14"),
    join=("ivan", "2027-01-21"),
    drops=1,
)


@dataclass(order=True)
class Stop:
    when: datetime
    seq: int
    label: str = field(compare=False)
    session_id: int = field(compare=False)
    starts_at: datetime = field(compare=False)  # the session's start when the stop was planned


@dataclass
class WeekPlan:
    """What the people of the group mean to do around one session (drawn at its T-72h)."""

    absent: dict[int, str] = field(default_factory=dict)  # declared ahead, with a reason
    retract: set[int] = field(default_factory=set)  # declared, then "I can come after all"
    no_show: set[int] = field(default_factory=set)
    late: set[int] = field(default_factory=set)
    intents: set[int] = field(default_factory=set)  # press "I have a case in mind"
    intent_back: set[int] = field(default_factory=set)  # ... and press again
    early: list[int] = field(default_factory=list)  # /volunteer at T-72h
    later: list[int] = field(default_factory=list)  # /volunteer at T-48h
    named: set[int] = field(default_factory=set)
    withdraw: set[int] = field(default_factory=set)
    absent_after_volunteering: int | None = None
    answer_nudge: float = 0.5
    agenda: str | None = None
    draft_author: int | None = None
    draft_fate: str = "approve"
    responders: dict[int, str] = field(default_factory=dict)  # user -> "end"/"end+24h"/"reminder"
    comment: set[int] = field(default_factory=set)
    record: str = "confirm"  # the leaders' record: confirm / other / none
    offered: set[int] = field(default_factory=set)  # who has offered a case (so far)
    predeclared: set[int] = field(default_factory=set)  # covered by an earlier 'until'
    leave_until: dict[int, str] = field(default_factory=dict)  # a two-week leave from here
    corrections: set[int] = field(default_factory=set)  # no-shows a leader marks as attended
    agenda_edit: str | None = None  # the leaders change the agenda after it was posted
    draft_theme: str | None = None
    draft_done: bool = False


@dataclass
class Timing:
    volunteer: list[float] = field(default_factory=list)
    click: list[float] = field(default_factory=list)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def day_label(when: datetime) -> str:
    local = when.astimezone(LONDON)
    return f"{local:%a} {local.day} {local:%b}"


class YearSoak:
    """Runs the scripted year (or term) and audits it. Figures and problems are returned, the
    caller asserts (the test) or prints (the benchmark)."""

    def __init__(self, harness: Harness, scenario: Scenario, say: Callable[[str], None]) -> None:
        self.h = harness
        self.sc = scenario
        self.say = say
        self.bot: Any = None
        self.group: Any = None
        self.rng = random.Random(scenario.seed)
        self.timing = Timing()
        self.stops: list[Stop] = []
        self._seq = itertools.count()
        self.plans: dict[int, WeekPlan] = {}
        self.following: dict[str, str] = {}  # regular date -> the next session a week later
        self.people: dict[int, SimMember] = {}  # user id -> SimMember (trainees ever on the roster)
        self.roster: dict[int, list[datetime | None]] = {}  # user id -> [joined, left]
        self.down: list[tuple[datetime, datetime]] = []
        self.expected_attendance: dict[tuple[int, int], str] = {}
        self.expected_presentations: Counter[int] = Counter()
        self.offers: Counter[int] = Counter()
        self.present_weeks: Counter[int] = Counter()  # sessions each trainee could come to
        self.pulse_responses: dict[int, int] = {}  # session id -> answers sent
        self.survey_responses = 0
        self.survey_stops_planned = False
        self.survey_plan: dict[int, str] = {}
        self.survey_reminded = False
        self.nudged = 0
        self.phase: defaultdict[str, float] = defaultdict(
            float
        )  # wall time per kind of stop (where time goes)
        self.drafts: Counter[str] = Counter()
        self.handled_prompts: set[int] = set()
        self._posts: dict[str, Any] = {}
        self.followups_seen: set[int] = set()
        self.on_leave: dict[int, str] = {}  # trainee -> last regular date of a declared leave
        self.k_changes: list[tuple[datetime, int]] = []
        self.nudges_off_since: dict[int, datetime] = {}
        self.drift_expected: Counter[int] = Counter()
        self.drift_alerted: set[tuple[int, int | None]] = (
            set()
        )  # (trainee, first session of the run)
        self.session_starts: dict[int, datetime] = {}
        self.corrections_done = 0
        self.agenda_edits = 0
        self.updates: Counter[int] = Counter()  # session start (unix) -> updates promised
        self.followup_answers: Counter[str] = Counter()
        self.approved_themes: dict[int, str] = {}  # session id -> theme approved for it
        self.results_seen = 0
        self.results_read = 0
        self.summaries_shared = 0
        self.restart_plan: dict[tuple[int, str], timedelta] = {}
        self.drop_plan: set[tuple[int, str]] = set()
        self.restarts_done: list[str] = []
        self.drops_done: list[str] = []
        self.gateway_resumes = 0
        self.weeks_run = 0
        self.posts_by_week: Counter[date] = Counter()  # bot messages (channels and DMs) a week
        self.dms_by_week: Counter[date] = Counter()
        self.rss_warm_mb = 0.0
        self.rss_warm_now_mb = 0.0
        self.rss_end_now_mb = 0.0
        self.problems: list[str] = []
        self.findings: list[str] = []  # known bugs the run shows (not asserted by the test)
        self.rss_start_mb = 0.0
        self.rss_end_mb = 0.0
        self.wall = 0.0
        self.requests_before = 0

    # -- clock --------------------------------------------------------------------------------

    def now(self) -> datetime:
        return datetime.now(UTC)

    async def quiet(self) -> None:
        """Let the bot finish: due jobs started, tracked tasks done, the emulator idle."""
        clock = self.h.clock
        live = [b for b in clock.bots if not b.is_closed() and hasattr(b, "scheduler")]
        for bot in live:
            if bot.scheduler.aps.running:
                bot.scheduler.wakeup()
        for _ in range(6):  # the woken scheduler starts its due jobs as tasks
            await asyncio.sleep(0)
        await wait_for_bots(live, self.h.emulator, quiet=0.015, idle_for=30)

    async def move_to(self, when: datetime) -> None:
        if when > self.now():
            self.h.clock.traveller.move_to(when)
        await self.quiet()

    # -- set-up --------------------------------------------------------------------------------

    async def setup(self) -> None:
        w = self.h.world
        self.bot = await self.h.start()
        from bot.sandbox.world import GROUP_SETUP
        from bot.store.groups import group_for_channel

        r = await w.leader.slash(
            "group setup",
            channel=w.channel,
            leader_role=w.leader_role,
            trainee_role=w.trainee_role,
            leaders_channel=w.leaders_channel,
            **GROUP_SETUP,
        )
        self.expect("Group set up" in r.text, f"set-up: {r.text[:200]}")
        self.group = await group_for_channel(self.bot.db, w.channel.id)
        self.down.append((datetime(2000, 1, 1, tzinfo=UTC), self.now()))  # before the group
        for t in w.trainees:
            self.people[t.id] = t
            self.roster[t.id] = [self.now(), None]
        for day, reason in self.sc.skips:
            r = await w.leader.slash("schedule skip", in_channel=w.channel, date=day, reason=reason)
            self.expect("skipped" in r.text, f"skip {day}: {r.text[:200]}")
        await self.quiet()
        sessions = await self.sessions()
        active = [x for x in sessions if x.is_active]
        self.following = {
            a.local_date: b.local_date
            for a, b in zip(active, active[1:], strict=False)
            if b.date - a.date == timedelta(days=7)
        }
        for s in sessions:
            self.plan_stops(s)
        self.plan_faults(sessions)

    async def sessions(self) -> list[Session]:
        rows = await self.bot.db.fetchall(
            "SELECT * FROM sessions WHERE group_id = ? AND local_date <= ? ORDER BY starts_at",
            (self.group.id, self.sc.last_session.isoformat()),
        )
        return [Session.from_row(r) for r in rows]

    def plan_stops(self, s: Session) -> None:
        times: dict[datetime, str] = {}
        for label, (anchor, offset) in WEEK_STOPS.items():
            base = s.starts_at if anchor == "start" else s.ends_at
            times[base + offset + AFTER] = label
        for kind in self.bot.scheduler.kinds.values():
            due = kind.due_at(s) + AFTER
            if not any(abs(due - t) < timedelta(minutes=2) for t in times):
                times[due] = ""
        for when, label in times.items():
            heapq.heappush(self.stops, Stop(when, next(self._seq), label, s.id, s.starts_at))

    def plan_faults(self, sessions: list[Session]) -> None:
        """Restarts and the gateway drop at random stops (restarts outside meeting hours)."""
        active = [s for s in sessions if s.is_active and s.starts_at > self.now()]
        early = active[1 : max(2, len(active) - 1)]
        chosen = self.rng.sample(early, min(len(self.sc.restarts), len(early)))
        for s, (low, high) in zip(
            sorted(chosen, key=lambda s: s.starts_at), self.sc.restarts, strict=False
        ):
            # a long outage starts after a session (a weekend away), a short one anywhere quiet
            label = self.rng.choice(QUIET_STOPS[3:] if high > 24 else QUIET_STOPS)
            down_for = timedelta(minutes=self.rng.randint(int(low * 60), int(high * 60)))
            self.restart_plan[(s.id, label)] = down_for
        for s in self.rng.sample(early, min(self.sc.drops, len(early))):
            self.drop_plan.add((s.id, self.rng.choice(list(WEEK_STOPS))))

    # -- the run ------------------------------------------------------------------------------

    async def run(self) -> None:
        started = time.monotonic()
        self.rss_start_mb = peak_rss_mb()
        self.requests_before = len(self.h.emulator.requests)
        t0 = time.perf_counter()
        await self.setup()
        self.phase["setup"] += time.perf_counter() - t0
        end = max(s.ends_at for s in await self.sessions()) + timedelta(hours=72, minutes=2)
        while self.stops and self.stops[0].when <= end:
            stop = heapq.heappop(self.stops)
            session = await get_session(self.bot.db, stop.session_id)
            if session is None or session.starts_at != stop.starts_at:
                continue  # the session moved: its stops were planned again
            if stop.when < self.now() and stop.label in ("", "T-2h", "T-10min"):
                continue  # passed while the bot was down (or before the group was set up)
            dropped = (session.id, stop.label) in self.drop_plan
            if dropped:
                self.drop_plan.discard((session.id, stop.label))
                await self.h.emulator.drop_gateway(wait=False)
            t0 = time.perf_counter()
            await self.move_to(stop.when)
            self.phase[f"move {stop.label or 'post'}"] += time.perf_counter() - t0
            if dropped:
                await asyncio.wait_for(self.h.emulator.gateway.resumed.wait(), 15)
                self.gateway_resumes += 1
                self.drops_done.append(f"{stop.label} of {session.local_date}")
                await self.quiet()
            t0 = time.perf_counter()
            if stop.label and session.is_active:
                await self.act(stop.label, session)
            await self.survey_step()
            self.phase[f"act {stop.label or 'post'}"] += time.perf_counter() - t0
            down_for = self.restart_plan.pop((session.id, stop.label), None)
            if down_for is not None:
                await self.restart(session, stop.label, down_for)
        await self.move_to(end)
        self.wall = time.monotonic() - started
        self.rss_end_mb = peak_rss_mb()
        self.rss_end_now_mb = rss_mb()

    async def restart(self, session: Session, label: str, down_for: timedelta) -> None:
        down_at = self.now()
        later = [s for s in await self.sessions() if s.is_active and s.starts_at > down_at]
        up_at = down_at + down_for
        if later:  # back before the next session begins: people must be able to check in
            up_at = min(up_at, later[0].starts_at - timedelta(minutes=5))
        up_at = max(up_at, down_at + timedelta(minutes=5))
        await self.h.stop(self.bot)
        self.h.clock.traveller.move_to(up_at)
        self.bot = await self.h.start()
        self.down.append((down_at, self.now()))
        await self.quiet()
        self.restarts_done.append(
            f"after {label} of {session.local_date}: down {down_at:%a %d %b %H:%M} -> "
            f"{self.now():%a %d %b %H:%M} UTC ({(self.now() - down_at).total_seconds() / 3600:.1f} h)"
        )
        self.say(f"restart: {self.restarts_done[-1]}")

    # -- what people do at each stop ----------------------------------------------------------

    def on_roster(self, when: datetime) -> list[int]:
        return [
            u
            for u, (joined, left) in self.roster.items()
            if joined is not None and joined <= when and (left is None or left > when)
        ]

    def name(self, user_id: int) -> str:
        return self.people[user_id].name

    def expect(self, ok: bool, problem: str) -> None:
        if not ok:
            self.problems.append(problem)

    def post(self, session: Session, kind: str) -> Any:
        """A scheduled post as the members see it, found by its Discord nonce."""
        nonce = nonce_for(session.id, kind)
        if nonce in self._posts:
            return self._posts[nonce]
        for message in self.h.emulator.all_messages():
            if message.nonce == nonce:
                self._posts[nonce] = message
                return message
        return None

    async def timed_click(self, who: Any, label: str, message: Any, **kw: Any) -> Any:
        t0 = time.perf_counter()
        r = await who.click(label, message, **kw)
        self.timing.click.append(time.perf_counter() - t0)
        return r

    async def act(self, label: str, s: Session) -> None:
        handler = {
            "T-72h": self.t72,
            "T-48h": self.t48,
            "T-24h": self.t24,
            "T0": self.t0,
            "T0+grace": self.t0_late,
            "end": self.end,
            "end+24h": self.end24,
            "end+48h": self.end48,
            "end+72h": self.end72,
            "count": self.count_now,
        }.get(label)
        await self.leaders_record()
        if handler is not None:
            await handler(s)

    def draw(self, s: Session) -> WeekPlan:
        rng = random.Random(f"{self.sc.seed}/{s.local_date}")
        plan = WeekPlan()
        roster = sorted(self.on_roster(s.starts_at))
        following = self.following.get(s.local_date)
        for u in roster:
            if self.on_leave.get(u, "") >= s.local_date:
                plan.absent[u] = "leave"
                plan.predeclared.add(u)
            elif rng.random() < 0.08:
                plan.absent[u] = rng.choice(ABSENCE_REASONS)
            elif following and rng.random() < 0.02:
                plan.absent[u] = "leave"
                plan.leave_until[u] = following
        fresh = sorted(u for u in plan.absent if u not in plan.predeclared | set(plan.leave_until))
        if fresh and rng.random() < 0.15:
            plan.retract.add(rng.choice(fresh))
        coming = [u for u in roster if u not in plan.absent or u in plan.retract]
        for u in coming:
            if rng.random() < NO_SHOW.get(self.name(u), 0.04):
                plan.no_show.add(u)
            elif rng.random() < 0.12:
                plan.late.add(u)
        able = [u for u in roster if u not in plan.absent]
        for u in able:
            name = self.name(u)
            if name in KEEN:
                if rng.random() < 0.9:
                    (plan.early if rng.random() < 0.6 else plan.later).append(u)
            elif rng.random() < OCCASIONAL.get(name, 0.1):
                (plan.early if rng.random() < 0.5 else plan.later).append(u)
                if rng.random() < 0.25:
                    plan.withdraw.add(u)
            if rng.random() < 0.3:
                plan.named.add(u)
        volunteers = set(plan.early) | set(plan.later)
        for u in able:
            if u not in volunteers and rng.random() < 0.2:
                plan.intents.add(u)
                if rng.random() < 0.15:
                    plan.intent_back.add(u)
        if self.sc.leave and self.sc.leave[1] == s.local_date:
            leaver = next(u for u in roster if self.name(u) == self.sc.leave[0])
            if leaver in able and leaver not in plan.early:  # down to present, then leaves
                plan.early.insert(0, leaver)
                plan.later = [u for u in plan.later if u != leaver]
                plan.withdraw.discard(leaver)
        if plan.early and rng.random() < 0.06:
            plan.absent_after_volunteering = rng.choice(plan.early)
        if rng.random() < 0.35:
            plan.agenda = rng.choice(AGENDAS)
        if rng.random() < 0.3 and able:
            plan.draft_author = rng.choice(able)
            plan.draft_fate = rng.choices(("approve", "reject", "withdraw"), (6, 2, 2))[0]
        attending = [u for u in coming if u not in plan.no_show]
        share = rng.choice((0.35, 0.55, 0.7, 0.85))
        for u in attending:
            if rng.random() < share:
                plan.responders[u] = rng.choices(("end", "end+24h", "reminder"), (5, 3, 2))[0]
                if rng.random() < 0.15:
                    plan.comment.add(u)
        plan.record = rng.choices(("confirm", "other", "none"), (85, 10, 5))[0]
        plan.corrections = {u for u in sorted(plan.no_show) if rng.random() < 0.3}
        if rng.random() < 0.12:
            plan.agenda_edit = rng.choice(AGENDAS) + " (Updated: we start ten minutes later.)"
        return plan

    async def t72(self, s: Session) -> None:
        w = self.h.world
        ch = w.channel
        day = s.local_date
        await self.roster_changes(s, "T-72h")
        if self.sc.move_decided == day and self.sc.move:
            r = await w.leader.slash(
                "schedule move", in_channel=ch, date=self.sc.move[0], new_date_time=self.sc.move[1]
            )
            self.expect("Moved" in r.text, f"move: {r.text[:200]}")
            await self.quiet()
            moved = await get_session(
                self.bot.db,
                await self.bot.db.fetchval(
                    "SELECT id FROM sessions WHERE group_id = ? AND local_date = ?",
                    (self.group.id, self.sc.move[0]),
                ),
            )
            assert moved is not None
            self.plan_stops(moved)
        self.session_starts[s.id] = s.starts_at
        plan = self.plans[s.id] = self.draw(s)
        self.weeks_run += 1
        if self.weeks_run == 6:  # every code path has run (charts, PDFs, drafts, releases)
            self.rss_warm_mb = peak_rss_mb()
            self.rss_warm_now_mb = rss_mb()
        for u in self.on_roster(s.starts_at):
            if u not in plan.absent:
                self.present_weeks[u] += 1
        for u, reason in plan.absent.items():
            if u in plan.predeclared:
                continue
            until = plan.leave_until.get(u)
            options: dict[str, Any] = {"until": until} if until else {}
            r = await self.people[u].slash(
                "absence", in_channel=ch, date=day, reason=reason, **options
            )
            self.expect("Noted" in r.text, f"absence {day}: {r.text[:200]}")
            if until and "Noted" in r.text:
                self.on_leave[u] = until
        for u in plan.retract:
            r = await self.people[u].slash("absence", in_channel=ch, date=day, reason="back")
            self.expect("Taken back" in r.text, f"absence back {day}: {r.text[:200]}")
        if self.sc.nudges_off and self.sc.nudges_off[1] == day:
            who = next(u for u in self.people if self.name(u) == self.sc.nudges_off[0])
            r = await self.people[who].slash("nudges off", in_channel=ch)
            self.expect("Nudges are off" in r.text, f"nudges off: {r.text[:160]}")
            self.nudges_off_since[who] = self.now()
        if self.sc.threshold and self.sc.threshold[0] == day:
            r = await w.leader.slash(
                "feedback threshold", in_channel=ch, responses=self.sc.threshold[1]
            )
            self.expect(f"**{self.sc.threshold[1]}**" in r.text, f"threshold: {r.text[:200]}")
            self.k_changes.append((self.now(), self.sc.threshold[1]))
        if plan.agenda:
            r = await w.leader.slash("agenda set", in_channel=ch, session=day)
            if r.modal is not None:
                r = await w.leader.submit_modal({"agenda_text": plan.agenda})
            self.expect("Saved" in r.text, f"agenda {day}: {r.text[:200]}")
        # reserves who were not reached last time take the offer's button
        early = list(plan.early)
        for u in list(early):
            offer = self.offer_button(u, s)
            if offer is not None and self.rng.random() < 0.6:
                early.remove(u)
                r = await self.timed_click(self.people[u], offer[1], offer[0])
                self.note_volunteer(u, r, s)
        if len(early) >= 2:  # two press enter for the one slot at the same moment
            first, second = early[:2]
            rs = await asyncio.gather(
                self.volunteer(first, s, first in plan.named),
                self.volunteer(second, s, second in plan.named),
            )
            del rs
            early = early[2:]
        for u in early:
            await self.volunteer(u, s, u in plan.named)
        await self.case_intents(s, plan)
        await self.answer_followups(s)
        if plan.draft_author is not None:
            await self.write_draft(s, plan)
        await self.quiet()
        await self.check_count(s, plan)

    async def answer_followups(self, s: Session) -> None:
        """Six weeks after presenting: some would like to give the group an update."""
        for u in sorted(self.on_roster(self.now())):
            for message in self.people[u].inbox:
                if message.id in self.followups_seen or YES not in message.buttons:
                    continue
                self.followups_seen.add(message.id)
                rng = random.Random(f"{self.sc.seed}/followup/{message.id}")
                if rng.random() < 0.4:
                    r = await self.timed_click(self.people[u], YES, message)
                    found = re.search(r"<t:(\d+):F>", r.text)
                    self.expect(found is not None, f"follow-up yes: {r.text[:160]}")
                    if found:
                        self.updates[int(found[1])] += 1
                        self.followup_answers["yes"] += 1
                else:
                    r = await self.timed_click(self.people[u], "No, thank you", message)
                    self.expect("no update is planned" in r.text, f"follow-up no: {r.text[:160]}")
                    self.followup_answers["no"] += 1

    def offer_button(self, user_id: int, s: Session) -> tuple[Any, str] | None:
        label = f"Volunteer for {day_label(s.starts_at)}"
        for message in reversed(self.people[user_id].inbox):
            if not message.deleted and label in message.buttons:
                return message, label
        return None

    async def volunteer(self, user_id: int, s: Session, named: bool) -> Any:
        t0 = time.perf_counter()
        r = await self.people[user_id].slash(
            "volunteer",
            in_channel=self.h.world.channel,
            session=s.local_date,
            named=named,
        )
        self.timing.volunteer.append(time.perf_counter() - t0)
        self.note_volunteer(user_id, r, s)
        return r

    def note_volunteer(self, user_id: int, r: Any, s: Session) -> None:
        ok = "down to present" in r.text or "reserve list" in r.text
        self.expect(ok, f"volunteer {self.name(user_id)} {s.local_date}: {r.text[:200]}")
        if ok:
            self.offers[user_id] += 1
            self.plans[s.id].offered.add(user_id)

    async def case_intents(self, s: Session, plan: WeekPlan) -> None:
        post = self.post(s, "who_has_case")
        if post is None:
            return
        for u in sorted(plan.intents):
            r = await self.timed_click(self.people[u], CASE, post)
            self.expect("Noted" in r.text, f"case intent {s.local_date}: {r.text[:200]}")
        for u in sorted(plan.intent_back):
            r = await self.timed_click(self.people[u], CASE, post)
            self.expect("Taken back" in r.text, f"case intent back {s.local_date}: {r.text[:200]}")

    async def check_count(self, s: Session, plan: WeekPlan) -> None:
        """The public count moves only on the hourly beat: check it just after the next hour."""
        when = self.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1) + AFTER
        heapq.heappush(self.stops, Stop(when, next(self._seq), "count", s.id, s.starts_at))

    async def count_now(self, s: Session) -> None:
        from cogs.sessions._posts import count_line

        plan = self.plans.get(s.id)
        post = self.post(s, "who_has_case")
        if post is None or plan is None or s.starts_at <= self.now():
            return
        holders = {
            r["user_id"]
            for r in await self.bot.db.fetchall(
                "SELECT user_id FROM volunteers WHERE session_id = ?", (s.id,)
            )
        }
        expected = (len(plan.intents - plan.intent_back), len(holders))
        self.expect(
            count_line(expected) in post.text,
            f"who-has-a-case count {s.local_date}: expected {expected}, post says "
            f"{post.text.splitlines()[-1][:80]!r}",
        )

    async def write_draft(self, s: Session, plan: WeekPlan) -> None:
        assert plan.draft_author is not None
        author = self.people[plan.draft_author]
        theme = self.rng.choice(THEMES)
        r = await author.slash("draft new", in_channel=self.h.world.channel, session=s.local_date)
        if r.modal is None:
            self.expect(False, f"draft new {s.local_date}: {r.text[:200]}")
            return
        r = await author.submit_modal({"theme": theme, "body": BODY})
        if "Submit anyway" in r.buttons:
            r = await self.timed_click(author, "Submit anyway", r)
        self.expect("Saved" in r.text, f"draft {s.local_date}: {r.text[:200]}")
        if "Saved" in r.text:
            self.drafts["written"] += 1
            plan.draft_theme = theme

    async def review_draft(self, s: Session, plan: WeekPlan, *, last_chance: bool) -> None:
        """The leaders review a draft once its card is up (cards come in hourly rounds, so the
        timing says nothing about the author); or its author withdraws it."""
        theme = plan.draft_theme
        if theme is None or plan.draft_done:
            return
        w = self.h.world
        if plan.draft_fate == "withdraw":
            plan.draft_done = True
            assert plan.draft_author is not None
            author = self.people[plan.draft_author]
            mine = await author.slash("draft mine", in_channel=w.channel)
            withdraw = [b for b in mine.buttons if b.startswith("Withdraw")]
            if not withdraw:
                self.expect(False, f"draft mine {s.local_date}: {mine.text[:200]}")
                return
            confirm = await self.timed_click(author, withdraw[0], mine)
            r = await self.timed_click(author, "Yes, withdraw it", confirm)
            self.expect("Withdrawn" in r.text, f"withdraw draft {s.local_date}: {r.text[:200]}")
            self.drafts["withdrawn"] += 1
            return
        cards = [m for m in w.leaders_channel.messages if m.embeds and theme in m.text]
        if not cards:  # no card in a private leaders' channel: the leaders look in /draft review
            review = await w.leader.slash("draft review", in_channel=w.channel)
            cards = [m for m in review.messages if m.embeds and theme in m.text]
            self.drafts["reviewed with /draft review"] += 1 if cards else 0
        if not cards:
            self.expect(
                not last_chance,
                f"the draft of {s.local_date} reached the leaders neither as a card nor in "
                "/draft review by the session's start",
            )
            return
        plan.draft_done = True
        card = cards[-1]
        if plan.draft_fate == "approve":
            before_agenda = self.post(s, "agenda") is None
            r = await self.timed_click(w.leader, "Approve", card)
            self.expect("Approved" in r.text, f"approve {s.local_date}: {r.text[:200]}")
            self.drafts["approved"] += 1
            if before_agenda:
                self.approved_themes[s.id] = theme
        else:
            await self.timed_click(w.leader, "Reject", card)
            r = await w.leader.submit_modal({"reason": "Please write about the feelings only."})
            self.expect("Rejected" in r.text, f"reject {s.local_date}: {r.text[:200]}")
            self.drafts["rejected"] += 1

    async def t48(self, s: Session) -> None:
        plan = self.plans.get(s.id)
        if plan is None:
            return
        ch = self.h.world.channel
        await self.roster_changes(s, "T-48h")
        # a nudged member may answer with the button
        for u in sorted(self.on_roster(s.starts_at)):
            nonce = nonce_for(s.id, f"nudge:{u}")
            note = next((m for m in self.people[u].inbox if m.nonce == nonce), None)
            away = u in plan.absent and u not in plan.retract
            if note is not None and u not in plan.offered and not away:
                self.nudged += 1
                if self.rng.random() < plan.answer_nudge:
                    r = await self.timed_click(self.people[u], BRING, note)
                    self.note_volunteer(u, r, s)
                    plan.answer_nudge = 0.0
        for u in plan.later:
            if u in self.on_roster(self.now()) and u not in plan.offered:
                await self.volunteer(u, s, u in plan.named)
        for u in sorted(plan.withdraw):
            if u in plan.offered and u in self.on_roster(self.now()):
                r = await self.people[u].slash("withdraw", in_channel=ch, session=s.local_date)
                self.expect("withdrawn" in r.text, f"withdraw {s.local_date}: {r.text[:200]}")
        if plan.absent_after_volunteering is not None:
            u = plan.absent_after_volunteering
            r = await self.people[u].slash(
                "absence", in_channel=ch, date=s.local_date, reason="sick"
            )
            if "Noted" in r.text:
                plan.absent[u] = "sick"
                plan.late.discard(u)
                plan.no_show.discard(u)
                plan.responders.pop(u, None)
        await self.review_draft(s, plan, last_chance=False)
        await self.quiet()
        await self.check_count(s, plan)

    async def t24(self, s: Session) -> None:
        plan = self.plans.get(s.id)
        if plan is not None:
            await self.review_draft(s, plan, last_chance=False)
        post = self.post(s, "agenda")
        self.expect(post is not None and post.pinned, f"agenda of {s.local_date} not posted/pinned")
        if post is None:
            return
        theme = self.approved_themes.get(s.id)
        self.expect(
            theme is None or theme in post.text,
            f"the approved draft theme is not in the agenda of {s.local_date}",
        )
        promised = self.updates.get(int(s.starts_at.timestamp()), 0)
        shown = post.text.count("A short update on a previous case")
        self.expect(
            shown == promised,
            f"agenda of {s.local_date}: {shown} follow-up update(s), {promised} promised",
        )
        if plan is not None and plan.agenda_edit:
            w = self.h.world
            r = await w.leader.slash("agenda set", in_channel=w.channel, session=s.local_date)
            if r.modal is not None:
                r = await w.leader.submit_modal({"agenda_text": plan.agenda_edit})
            await self.quiet()
            self.expect(
                "now shows it" in r.text and plan.agenda_edit in post.text,
                f"agenda edited after posting ({s.local_date}): {r.text[:160]}",
            )
            self.agenda_edits += 1
        pins = [m for m in self.h.world.channel.pins if "**Agenda:" in m.text]
        self.expect(pins == [post], f"pinned agendas on {s.local_date}: {len(pins)}")

    async def t0(self, s: Session) -> None:
        plan = self.plans.get(s.id)
        if plan is None:
            return
        await self.review_draft(s, plan, last_chance=True)
        post = self.post(s, "checkin")
        if post is None:
            self.expect(False, f"no check-in post for {s.local_date}")
            return
        for u in sorted(self.on_roster(s.starts_at)):
            if u in plan.no_show or u in plan.late:
                continue
            if u in plan.absent and u not in plan.retract:
                continue
            r = await self.timed_click(self.people[u], CHECKIN, post)
            ok = "checked in" in r.text and "late" not in r.text
            self.expect(ok, f"check-in {self.name(u)} {s.local_date}: {r.text[:200]}")
            if ok:
                self.expected_attendance[(s.id, u)] = "attended"

    async def t0_late(self, s: Session) -> None:
        plan = self.plans.get(s.id)
        post = self.post(s, "checkin")
        if plan is None or post is None:
            return
        for u in sorted(plan.late):
            if u not in self.on_roster(s.starts_at) or u in self.expected_attendance_of(s):
                continue
            r = await self.timed_click(self.people[u], CHECKIN, post)
            ok = "late" in r.text
            self.expect(ok, f"late check-in {self.name(u)} {s.local_date}: {r.text[:200]}")
            if ok:
                self.expected_attendance[(s.id, u)] = "late"

    def expected_attendance_of(self, s: Session) -> set[int]:
        return {u for (sid, u) in self.expected_attendance if sid == s.id}

    async def end(self, s: Session) -> None:
        plan = self.plans.get(s.id)
        if plan is None:
            return
        # what the records should now say: the roster of the session (as the close decides it)
        for u, (joined, left) in self.roster.items():
            if joined is None or joined > s.ends_at or (left is not None and left <= s.starts_at):
                continue
            if (s.id, u) in self.expected_attendance:
                continue
            declared = u in plan.absent and u not in plan.retract
            self.expected_attendance[(s.id, u)] = "excused" if declared else "absent"
        self.drift_at_close(s)
        await self.answer_pulses(s, plan, "end")
        self.pulse_responses.setdefault(s.id, self.pulse_responses.get(s.id, 0))

    def drift_at_close(self, s: Session) -> None:
        """The rule, from the script: a trainee marked absent at this close whose record (as it
        stands now, corrections included) ends in 2 unexcused absences in a row alerts the
        leaders, once per run (excused absences neither count nor end a run)."""
        threshold = self.bot.settings.sessions.drift_alert_absences
        starts = dict(self.session_starts)
        for u in self.people:
            if self.expected_attendance.get((s.id, u)) != "absent":
                continue
            mine = sorted(
                (starts[sid], sid, st)
                for (sid, uid), st in self.expected_attendance.items()
                if uid == u and sid in starts and starts[sid] <= s.starts_at
            )
            run, first = 0, None
            for _, sid, status in reversed(mine):
                if status in ("attended", "late"):
                    break
                if status == "absent":
                    run, first = run + 1, sid
            if run >= threshold and (u, first) not in self.drift_alerted:
                self.drift_alerted.add((u, first))
                self.drift_expected[u] += 1

    async def end24(self, s: Session) -> None:
        plan = self.plans.get(s.id)
        if plan is None:
            return
        w = self.h.world
        for u in sorted(plan.corrections):  # "I was there, I forgot to press the button"
            if self.expected_attendance.get((s.id, u)) != "absent":
                continue
            r = await w.leader.slash(
                "attendance mark",
                in_channel=w.channel,
                member=self.people[u],
                date=s.local_date,
                status="attended",
            )
            self.expect("Recorded" in r.text, f"attendance mark: {r.text[:160]}")
            if "Recorded" in r.text:
                self.expected_attendance[(s.id, u)] = "attended"
                self.corrections_done += 1
        await self.answer_pulses(s, plan, "end+24h")
        left = await self.bot.db.fetchval(
            "SELECT count(*) FROM drafts WHERE session_id = ?", (s.id,)
        )
        self.expect(left == 0, f"{left} draft(s) of {s.local_date} still stored after expiry")

    async def end48(self, s: Session) -> None:
        plan = self.plans.get(s.id)
        if plan is None:
            return
        await self.answer_pulses(s, plan, "reminder")

    async def end72(self, s: Session) -> None:
        """The pulse has closed: now and then a leader reads released results (chart, CSV) and
        shares the summary with the group, once."""
        w = self.h.world
        ready = [m for m in w.leaders_channel.messages if "results are ready" in m.text]
        if len(ready) <= self.results_seen:
            return
        self.results_seen = len(ready)
        rng = random.Random(f"{self.sc.seed}/results/{s.local_date}")
        if self.results_read and rng.random() >= self.sc.results_share:
            return
        r = await w.leader.slash("feedback results", in_channel=w.leaders_channel)
        await self.quiet()
        names = [name for name, _ in r.files]
        self.expect(
            any(n.endswith(".png") for n in names)
            and any(n.endswith("-counts.csv") for n in names),
            f"/feedback results after {s.local_date}: {names} {r.text[:120]}",
        )
        self.results_read += 1
        if self.summaries_shared < 2 and "Share summary with the group" in r.buttons:
            shared = await self.timed_click(w.leader, "Share summary with the group", r)
            self.expect("Shared" in shared.text, f"share: {shared.text[:120]}")
            self.summaries_shared += 1

    async def answer_pulses(self, s: Session, plan: WeekPlan, when: str) -> None:
        from bot.store import feedback as fb

        poll = await fb.pulse_for_session(self.bot.db, s.id)
        if poll is None or not poll.is_open:
            return
        post = self.post(s, "feedback_pulse")
        for u, moment in sorted(plan.responders.items()):
            if moment != when or u not in self.on_roster(self.now()):
                continue
            member = self.people[u]
            where = post
            if when == "reminder":
                where = next(
                    (
                        m
                        for m in reversed(member.inbox)
                        if ANSWER in m.buttons and poll.label in m.text
                    ),
                    None,
                )
            if where is None:
                continue
            if await self.answer(member, where, PULSE_ITEMS, comment=u in plan.comment):
                self.pulse_responses[s.id] = self.pulse_responses.get(s.id, 0) + 1

    async def answer(self, member: Any, where: Any, items: Any, *, comment: bool) -> bool:
        t0 = time.perf_counter()
        screen = await self.timed_click(member, ANSWER, where)
        self.phase["(answer)"] += time.perf_counter() - t0
        if "already answered" in screen.text:
            return False
        # people may leave questions out: each answers most of them, some only a few
        share = self.sc.answer_share
        chosen = {i.key for i in items if self.rng.random() < share} or {items[0].key}
        for page_start in range(0, len(items), 4):
            for item in items[page_start : page_start + 4]:
                if item.key not in chosen:
                    continue
                value = self.rng.randint(0, 10) if item.scale == "nps11" else self.rng.randint(1, 5)
                t0 = time.perf_counter()
                await member.select(f"feedback:q:{item.key}", [str(value)], message=screen)
                self.phase["(select)"] += time.perf_counter() - t0
            if page_start + 4 < len(items):
                await self.timed_click(member, "Next", screen)
        if comment:
            await self.timed_click(member, "Add a comment", screen)
            await member.submit_modal({"comment": self.rng.choice(COMMENTS)})
        t0 = time.perf_counter()
        done = await self.timed_click(member, "Send", screen)
        self.phase["(send)"] += time.perf_counter() - t0
        self.expect("Thank you" in done.text, f"feedback answer: {done.text[:200]}")
        return "Thank you" in done.text

    async def leaders_record(self) -> None:
        """The leaders answer each "Who presented?" prompt they have not answered yet."""
        w = self.h.world
        for message in list(w.leaders_channel.messages):
            if message.id in self.handled_prompts or "Who presented on" not in message.text:
                continue
            if not message.buttons:
                continue
            self.handled_prompts.add(message.id)
            session_id = next(
                (
                    sid
                    for sid in self.plans
                    if message.nonce == nonce_for(sid, "presenting_confirm")
                ),
                None,
            )
            if session_id is None:
                continue
            plan = self.plans[session_id]
            scheduled_part = message.text.split("Scheduled:", 1)[1].split(".", 1)[0]
            scheduled = [int(x) for x in re.findall(r"<@(\d+)>", scheduled_part.split("(")[0])]
            attended = [
                u
                for (sid, u), st in self.expected_attendance.items()
                if sid == session_id and st in ("attended", "late")
            ]
            roster_now = set(self.on_roster(self.now()))
            choice = plan.record
            if choice == "confirm" and (
                not scheduled
                or CONFIRM not in message.buttons
                or not all(u in attended for u in scheduled)
            ):
                choice = "other"
            if choice == "other":
                candidates = sorted(u for u in attended if u not in scheduled and u in roster_now)
                if not candidates:
                    choice = "none"
            if choice == "confirm":
                await self.timed_click(w.leader, CONFIRM, message)
                for u in scheduled:
                    self.expected_presentations[u] += 1
            elif choice == "other":
                u = random.Random(f"{self.sc.seed}/who/{session_id}").choice(candidates)
                await w.leader.select(WHO, [str(u)], message=message)
                self.expected_presentations[u] += 1
            else:
                await self.timed_click(w.leader, NO_CASE, message)
            self.expect(
                "recorded" in message.text, f"leaders' record not shown: {message.text[:120]}"
            )

    async def roster_changes(self, s: Session, label: str) -> None:
        w = self.h.world
        if self.sc.leave and self.sc.leave[1] == s.local_date and label == "T-48h":
            member = next(m for m in w.trainees if m.name == self.sc.leave[0])
            r = await w.leader.slash("group members remove", in_channel=w.channel, member=member)
            self.expect("has left the roster" in r.text, f"remove: {r.text[:200]}")
            self.roster[member.id][1] = self.now()
        if self.sc.join and self.sc.join[1] == s.local_date and label == "T-72h":
            member = self.h.emulator.member(w.guild, self.sc.join[0], roles=[w.trainee_role])
            await self.quiet()
            r = await w.leader.slash("group members add", in_channel=w.channel, member=member)
            self.expect("is on the roster" in r.text, f"add: {r.text[:200]}")
            self.people[member.id] = member
            self.roster[member.id] = [self.now(), None]

    async def survey_step(self) -> None:
        from bot.store import feedback as fb

        poll = await fb.survey_of_group(self.bot.db, self.group.id)
        if poll is None:
            return
        if not self.survey_stops_planned:
            self.survey_stops_planned = True
            rng = random.Random(f"{self.sc.seed}/survey")
            roster = sorted(self.on_roster(self.now()))
            self.survey_plan = {
                u: rng.choice(("now", "reminder")) for u in roster if rng.random() < 0.8
            }
            post = next((m for m in self.h.world.channel.messages if m.id == poll.message_id), None)
            self.expect(post is not None, "the survey post is missing")
            for u, when in sorted(self.survey_plan.items()):
                if (
                    when == "now"
                    and post is not None
                    and await self.answer(self.people[u], post, SURVEY_ITEMS, comment=False)
                ):
                    self.survey_responses += 1
            return
        if poll.is_open and poll.reminded and not getattr(self, "survey_reminded", False):
            self.survey_reminded = True
            for u, when in sorted(self.survey_plan.items()):
                member = self.people[u]
                dm = next(
                    (
                        m
                        for m in reversed(member.inbox)
                        if ANSWER in m.buttons and poll.label in m.text
                    ),
                    None,
                )
                if (
                    when == "reminder"
                    and dm is not None
                    and await self.answer(member, dm, SURVEY_ITEMS, comment=False)
                ):
                    self.survey_responses += 1

    # -- the audit ------------------------------------------------------------------------------

    async def audit(self) -> dict[str, Any]:
        """Check everything the brief asks; returns the figures (problems go to self.problems)."""
        await self.quiet()
        self.sessions_run = await self.sessions()
        await self.audit_posts()
        await self.audit_attendance()
        await self.audit_presentations()
        await self.audit_feedback()
        await self.audit_privacy()
        await self.audit_leavers()
        await self.audit_drift_alerts()
        await self.audit_events()
        return self.figures()

    async def audit_drift_alerts(self) -> None:
        """The drift-away alerts the leaders got, per trainee, against the rule (drift_at_close);
        and nobody who turned nudges off got one afterwards."""
        alerts = [m for m in self.h.world.leaders_channel.messages if "in a row" in m.text]
        for u in self.people:
            got = sum(1 for m in alerts if f"<@{u}>" in m.text)
            self.expect(
                got == self.drift_expected[u],
                f"drift alerts for {self.name(u)}: {got}, the rule gives {self.drift_expected[u]}",
            )
        self.drift_alerts = sum(self.drift_expected.values())
        for u, since in self.nudges_off_since.items():
            late = [
                m
                for m in self.people[u].inbox
                if BRING in m.buttons and m.timestamp > since + timedelta(seconds=1)
            ]
            self.expect(not late, f"{self.name(u)} turned nudges off but got {len(late)} nudge(s)")

    async def audit_events(self) -> None:
        """The server's Events: the next sessions once each at their (moved) times; skipped
        ones cancelled."""
        events = self.h.world.guild.events
        for s in self.sessions_run:
            mine = [e for e in events if s.event_id and e.id == s.event_id]
            if not s.is_active:
                self.expect(
                    all(e.status == 4 for e in mine),
                    f"event of skipped {s.local_date} not cancelled",
                )
                continue
            if mine:
                self.expect(
                    mine[0].start == s.starts_at and mine[0].end == s.ends_at,
                    f"event of {s.local_date} at {mine[0].start}, session at {s.starts_at}",
                )
        upcoming = [e for e in events if e.status == 1 and e.start > self.now()]
        starts = Counter(e.start for e in upcoming)
        self.expect(
            all(n == 1 for n in starts.values()), f"duplicate events: {starts.most_common(2)}"
        )

    async def audit_leavers(self) -> None:
        """A trainee taken off the roster is on no rota after leaving (their offers were
        withdrawn and a reserve stepped up: the fix of c3e091c, found by this soak)."""
        for u, (_, left) in self.roster.items():
            if left is None:
                continue
            rows = await self.bot.db.fetchall(
                "SELECT s.local_date, v.status FROM volunteers v JOIN sessions s "
                "ON s.id = v.session_id WHERE v.user_id = ? AND s.starts_at > ?",
                (u, left.isoformat()),
            )
            for r in rows:
                self.problems.append(
                    f"{self.name(u)} left the roster on {left:%d %b} but is still {r['status']} "
                    f"for the session of {r['local_date']}"
                )

    def was_down(self, start: datetime, end: datetime) -> bool:
        return any(down <= start and up >= end for down, up in self.down)

    async def audit_posts(self) -> None:
        emu = self.h.emulator
        kinds = self.bot.scheduler.kinds
        run_end = self.now()
        every = [m for c in emu.channels for m in c._messages.values()]
        by_nonce: dict[str, list[Any]] = defaultdict(list)
        for m in every:
            if m.nonce is not None and m.author.id == emu.bot_user_id:
                by_nonce[str(m.nonce)].append(m)
        twice = {n: ms for n, ms in by_nonce.items() if len(ms) > 1}
        for nonce, ms in twice.items():
            self.problems.append(f"posted {len(ms)} times (nonce {nonce}): {ms[0].text[:80]!r}")
        # Messages without a nonce (no per-event key) must not repeat word for word in one place.
        # (Keyed ones are checked above: the same text twice with two keys is two real events,
        # e.g. promoted, moved back by someone who has presented less, promoted again.)
        seen: Counter[tuple[int, str]] = Counter(
            (m.channel.id, m.content)
            for m in every
            if m.author.id == emu.bot_user_id
            and m.interaction is None
            and m.content
            and m.nonce is None
        )
        for (channel_id, text), n in seen.items():
            if n > 1:
                same = [
                    m
                    for m in every
                    if m.channel.id == channel_id
                    and m.content == text
                    and m.interaction is None
                    and m.nonce is None
                ]
                self.problems.append(
                    f"the same text posted {n} times in #{same[0].channel.name}: {text[:120]!r} at "
                    + ", ".join(f"{m.timestamp:%a %d %b %H:%M:%S} (nonce {m.nonce})" for m in same)
                )
        rows = await self.bot.db.fetchall(
            "SELECT d.*, s.status AS s_status FROM deliveries d JOIN sessions s ON s.id = d.session_id"
        )
        ledger = {(r["session_id"], r["kind"]): r for r in rows}
        self.ledger_counts: Counter[str] = Counter(r["status"] for r in rows)
        self.late_posts = sorted(
            f"{r['kind']}@{r['due_at'][:16]}" for r in rows if r["late"] and r["status"] == "sent"
        )
        self.missed_posts = sorted(
            f"{r['kind']}@{r['due_at'][:16]}" for r in rows if r["status"] == "missed"
        )
        for s in await self.sessions():
            local = s.starts_at.astimezone(LONDON)
            self.expect(
                s.moved or (local.hour, local.minute) == (9, 0),
                f"session of {s.local_date} starts at {local:%H:%M} London time",
            )
            for kind in kinds.values():
                due = kind.due_at(s)
                if due > run_end - timedelta(minutes=1):
                    continue
                row = ledger.get((s.id, kind.name))
                where = f"{kind.name} of {s.local_date}"
                if row is None:
                    self.problems.append(f"{where}: no ledger row (lost)")
                    continue
                status = row["status"]
                if not s.is_active:
                    self.expect(status == "skipped", f"{where}: {status} for a skipped session")
                    self.expect(
                        not by_nonce.get(nonce_for(s.id, kind.name)),
                        f"{where}: posted for a skipped session",
                    )
                    continue
                if status == "claimed":
                    self.problems.append(f"{where}: still 'claimed' (never confirmed)")
                elif status == "missed":
                    self.expect(
                        self.was_down(due, kind.stale_at(s)),
                        f"{where}: missed although the bot was up during its useful window",
                    )
                elif status == "sent":
                    # where a private message went is not recorded (a DM channel names its
                    # recipient): only a post in a server channel has a place to check
                    channel = emu.channel(row["channel_id"]) if row["channel_id"] else None
                    message = channel.get(row["message_id"]) if channel else None
                    self.expect(
                        message is not None or row["channel_id"] is None,
                        f"{where}: 'sent' but no such message",
                    )
                    if row["late"]:
                        self.expect(
                            self.was_down(due, due + timedelta(seconds=30)),
                            f"{where}: sent late although the bot was up at its due time",
                        )
                    own = by_nonce.get(nonce_for(s.id, kind.name), [])
                    if own and not row["late"]:
                        delay = (own[0].timestamp - due).total_seconds()
                        self.expect(
                            -1 <= delay <= 120,
                            f"{where}: posted {delay:.0f} s after its due time",
                        )
                    if own:
                        self.expect(
                            len(own) == 1 and own[0].id == row["message_id"],
                            f"{where}: the ledger's message is not the one posted",
                        )
                        self.expect(not own[0].deleted, f"{where}: the scheduled post was deleted")
                        self.expect(
                            own[0].channel.id == row["channel_id"], f"{where}: in another channel"
                        )
        for m in every:
            if m.author.id == emu.bot_user_id and m.interaction is None:
                local = m.timestamp.astimezone(LONDON).date()
                week = local - timedelta(days=local.weekday())
                self.posts_by_week[week] += 1
                if m.channel.type == 1:
                    self.dms_by_week[week] += 1

    async def audit_attendance(self) -> None:
        w = self.h.world
        rows = await self.bot.db.fetchall(
            "SELECT a.session_id, a.user_id, a.status FROM attendance a JOIN sessions s "
            "ON s.id = a.session_id WHERE s.group_id = ? AND s.status = 'scheduled' "
            "AND s.local_date <= ?",
            (self.group.id, self.sc.last_session.isoformat()),
        )
        stored = {(r["session_id"], r["user_id"]): r["status"] for r in rows}
        for key in sorted(set(stored) | set(self.expected_attendance)):
            got, want = stored.get(key), self.expected_attendance.get(key)
            if got != want:
                s = await get_session(self.bot.db, key[0])
                self.problems.append(
                    f"attendance {self.people[key[1]].name if key[1] in self.people else key[1]} "
                    f"{s.local_date if s else key[0]}: stored {got}, scripted {want}"
                )
        totals: dict[int, Counter[str]] = defaultdict(Counter)
        for (_, u), status in self.expected_attendance.items():
            totals[u][status] += 1
        self.attendance_totals = totals
        r = await w.leader.slash("attendance group", in_channel=w.channel)
        for u in self.people:
            t = totals[u]
            line = next((x for x in r.text.splitlines() if f"<@{u}>" in x), "")
            want = (
                f"<@{u}>: {t['attended'] + t['late']} attended"
                + (f" ({t['late']} late)" if t["late"] else "")
                + f", {t['excused']} excused, {t['absent']} absent"
            )
            self.expect(
                want in line, f"/attendance group for {self.name(u)}: {line!r}, want {want!r}"
            )
        for u in self.on_roster(self.now()):
            t = totals[u]
            me = await self.people[u].slash("attendance me", in_channel=w.channel)
            want = (
                f"{t['attended'] + t['late']} session{'s' if t['attended'] + t['late'] != 1 else ''}"
                f" attended"
                + (f" ({t['late']} late)" if t["late"] else "")
                + f", {t['excused']} excused, {t['absent']} absent."
            )
            self.expect(want in me.text, f"/attendance me for {self.name(u)}: want {want!r}")

    async def audit_presentations(self) -> None:
        w = self.h.world
        stored: Counter[int] = Counter(
            r["user_id"]
            for r in await self.bot.db.fetchall(
                "SELECT p.user_id FROM presentations p JOIN sessions s ON s.id = p.session_id "
                "WHERE s.group_id = ?",
                (self.group.id,),
            )
        )
        self.presentations: dict[int, int] = {}
        for u in self.people:
            self.expect(
                stored[u] == self.expected_presentations[u],
                f"presentations of {self.name(u)}: stored {stored[u]}, leaders recorded "
                f"{self.expected_presentations[u]}",
            )
            self.presentations[u] = stored[u]
        for u in self.on_roster(self.now()):
            r = await self.people[u].slash("rota me", in_channel=w.channel)
            found = re.search(r"Presentations this year: (\d+)", r.text)
            shown = int(found[1]) if found else -1
            self.expect(
                shown == self.expected_presentations[u],
                f"/rota me for {self.name(u)} says {shown}, leaders recorded "
                f"{self.expected_presentations[u]}",
            )
        keen = [u for u in self.people if self.name(u) in KEEN and self.roster[u][1] is None]
        joined = self.sc.join[0] if self.sc.join else None
        whole_year = [u for u in keen if self.name(u) != joined]
        counts = [self.presentations[u] for u in whole_year]
        self.fairness = (max(counts) - min(counts)) if counts else 0
        self.keen_counts = {self.name(u): self.presentations[u] for u in keen}

    async def audit_feedback(self) -> None:
        from bot.store import feedback as fb

        k0 = self.bot.settings.feedback.min_responses

        def k_at(when: datetime) -> int:
            return next((k for at, k in reversed(self.k_changes) if at <= when), k0)

        k = k_at(self.now())
        releases = await fb.releases(self.bot.db, self.group.id, "pulse")
        # the rule: closed pulses pool (oldest first) until together they reach k
        expected: list[int] = []
        pool = 0
        for s in await self.sessions():
            if s.id not in self.pulse_responses or not s.is_active:
                continue
            if s.ends_at + timedelta(hours=72) > self.now():
                continue
            pool += self.pulse_responses[s.id]
            if pool >= k_at(s.ends_at + timedelta(hours=72)):
                expected.append(pool)
                pool = 0
        got = [r.release.responses for r in releases]
        self.expect(
            all(r.release.responses >= r.k >= 3 for r in releases),
            f"a pulse release below its k: {[(r.release.responses, r.k) for r in releases]}",
        )
        self.expect(got == expected, f"pulse releases {got}, the pooling rule gives {expected}")
        self.pulse_releases = got
        self.pooled_releases = sum(1 for r in releases if len(r.release.poll_ids) > 1)
        survey = await fb.releases(self.bot.db, self.group.id, "survey")
        poll = await fb.survey_of_group(self.bot.db, self.group.id)
        if poll is not None and not poll.is_open:
            want = [self.survey_responses] if self.survey_responses >= k else []
            self.expect(
                [r.release.responses for r in survey] == want,
                f"survey releases {[r.release.responses for r in survey]}, want {want}",
            )
        self.survey_release = [r.release.responses for r in survey]
        closed = await self.bot.db.fetchall(
            "SELECT channel_id, message_id FROM feedback_polls WHERE status = 'closed' "
            "AND message_id IS NOT NULL"
        )
        for row in closed:
            channel = self.h.emulator.channel(row["channel_id"])
            message = channel.get(row["message_id"]) if channel else None
            self.expect(
                message is not None and ANSWER not in message.buttons and "closed" in message.text,
                "a closed poll's post still offers the Answer button",
            )
        open_polls = await self.bot.db.fetchval(
            "SELECT count(*) FROM feedback_polls WHERE status = 'open' AND closes_at <= ?",
            (self.now().isoformat(),),
        )
        self.expect(open_polls == 0, f"{open_polls} poll(s) still open after closing time")

    async def audit_privacy(self) -> None:
        db = self.bot.db
        last_end = max(s.ends_at for s in await self.sessions())
        for table in ("drafts", "draft_messages", "draft_questions", "draft_agenda_lines"):
            n = await db.fetchval(f"SELECT count(*) FROM {table}")
            if self.now() > last_end + timedelta(hours=24):
                self.expect(n == 0, f"{n} row(s) left in {table} after the last expiry")
        salts = await db.fetchval(
            "SELECT count(*) FROM feedback_polls WHERE salt IS NOT NULL AND status = 'closed'"
        )
        self.expect(salts == 0, f"{salts} closed poll(s) keep a salt")
        answered = await db.fetchval(
            "SELECT count(*) FROM feedback_answered a JOIN feedback_polls p ON p.id = a.poll_id "
            "WHERE p.status = 'closed'"
        )
        self.expect(answered == 0, f"{answered} 'has answered' handle(s) of closed polls left")
        intents = await db.fetchval(
            "SELECT count(*) FROM case_intents c JOIN sessions s ON s.id = c.session_id "
            "WHERE s.ends_at < ?",
            (self.now().isoformat(),),
        )
        self.expect(intents == 0, f"{intents} case intent(s) of ended sessions left")
        shown = [
            m
            for c in self.h.emulator.channels
            for m in c._messages.values()
            if m.author.id == self.h.emulator.bot_user_id
            and any(t in m.text for t in THEMES)
            and not m.deleted
            and m.ephemeral_user_id is None  # a bot cannot delete private replies (docs)
            and "did not accept" not in m.text  # the one message that stays (docs)
        ]
        for m in shown:
            self.problems.append(
                f"still shows a draft after expiry (in #{m.channel.name}, "
                f"{'an interaction reply' if m.interaction else 'a post'}, flags {m.flags}, "
                f"private to {m.ephemeral_user_id}, id {m.id}): {m.text[:100]!r}"
            )

    def figures(self) -> dict[str, Any]:
        emu = self.h.emulator
        first = min(s.date for s in self.sessions_run)
        last = max(s.date for s in self.sessions_run)
        weeks = [w for w in sorted(self.posts_by_week) if first - timedelta(days=6) <= w <= last]
        per_week = [self.posts_by_week[w] for w in weeks]
        dms = [self.dms_by_week[w] for w in weeks]
        db_path = Path(self.bot.settings.database_path)
        size = sum(p.stat().st_size for p in db_path.parent.glob(db_path.name + "*") if p.is_file())
        return {
            "wall_s": self.wall,
            "weeks": self.weeks_run,
            "sessions": len(self.plans),
            "requests": len(emu.requests) - self.requests_before,
            "posts_per_week": (
                statistics.mean(per_week) if per_week else 0,
                min(per_week, default=0),
                max(per_week, default=0),
            ),
            "dms_per_week": statistics.mean(dms) if dms else 0,
            "rss_start_mb": self.rss_start_mb,
            "rss_warm_mb": self.rss_warm_mb,
            "rss_now_mb": (self.rss_warm_now_mb, self.rss_end_now_mb),
            "rss_end_mb": self.rss_end_mb,
            "db_bytes": size,
            "volunteer_ms": (
                1000 * statistics.median(self.timing.volunteer) if self.timing.volunteer else 0,
                1000 * pct(self.timing.volunteer, 0.95),
                len(self.timing.volunteer),
            ),
            "click_ms": (
                1000 * statistics.median(self.timing.click) if self.timing.click else 0,
                1000 * pct(self.timing.click, 0.95),
                len(self.timing.click),
            ),
            "ledger": dict(self.ledger_counts),
            "late": self.late_posts,
            "missed": self.missed_posts,
            "restarts": self.restarts_done,
            "drops": self.drops_done,
            "pulse_releases": self.pulse_releases,
            "pooled_releases": self.pooled_releases,
            "survey_release": self.survey_release,
            "survey_responses": self.survey_responses,
            "results_read": self.results_read,
            "summaries_shared": self.summaries_shared,
            "nudged": self.nudged,
            "drift_alerts": self.drift_alerts,
            "followups": dict(self.followup_answers),
            "corrections": self.corrections_done,
            "agenda_edits": self.agenda_edits,
            "leaves": len(self.on_leave),
            "k_changes": [k for _, k in self.k_changes],
            "emulator_messages": sum(len(c._messages) for c in emu.channels),
            "drafts": dict(self.drafts),
            "fairness": self.fairness,
            "keen_counts": self.keen_counts,
            "presentations": {self.name(u): n for u, n in self.presentations.items()},
            "offers": {self.name(u): n for u, n in self.offers.items()},
            "attendance": {
                self.name(u): dict(c) for u, c in sorted(self.attendance_totals.items())
            },
        }


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the benchmark's own set-up (the e2e fixtures do the same for the test) ---------------------


class LogTrap(logging.Handler):
    """WARNING and above from the bot and discord.py, for the transcript and the error count."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.split(".")[0] in {"bot", "cogs", "discord"}:
            self.records.append(record)


async def main(args: argparse.Namespace) -> int:
    import time_machine

    from bot.app import BalintBot, unfinished_work
    from bot.emulator.connect import use_emulator
    from bot.emulator.emulator import Emulator
    from bot.sandbox.timetravel import TravelClock
    from bot.sandbox.world import build_world
    from bot.settings import load_settings

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    trap = LogTrap()
    logging.getLogger().addHandler(trap)
    scenario = TERM if args.term else YEAR
    scenario.seed = args.seed
    if args.until:
        scenario.last_session = date.fromisoformat(args.until)
    key = bytes.fromhex("5a" * 32)
    start = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
    with (
        tempfile.TemporaryDirectory(prefix="balint-soak-") as tmp,
        time_machine.travel(start, tick=True) as traveller,
    ):
        settings = load_settings(environ={}).replace(
            database={"path": str(Path(tmp) / "soak.sqlite3")},
            discord={"guild_ready_timeout": 0.05},
            logging={"level": "WARNING"},
        )
        emulator = Emulator(validate_openapi=not args.no_validate, busy=unfinished_work)
        await emulator.start()
        clock = TravelClock(traveller, emulator)
        tasks: dict[int, asyncio.Task[Any]] = {}

        async def start_bot() -> Any:
            bot = BalintBot(settings, key=key)
            await bot.login(emulator.bot_token)
            tasks[id(bot)] = asyncio.create_task(bot.connect(reconnect=True))
            await asyncio.wait_for(bot.wait_until_ready(), timeout=30)
            clock.bots = [bot]
            return bot

        async def stop_bot(bot: Any) -> None:
            await bot.close()
            await asyncio.gather(tasks.pop(id(bot)), return_exceptions=True)
            clock.bots = []

        with use_emulator(emulator):
            world = build_world(emulator)
            soak = YearSoak(
                Harness(emulator, world, clock, start_bot, stop_bot),
                scenario,
                say=(lambda text: None) if args.quiet else (lambda text: print(f"  {text}")),
            )
            try:
                await soak.run()
                figures = await soak.audit()
            finally:
                if soak.bot is not None and not soak.bot.is_closed():
                    await stop_bot(soak.bot)
                await emulator.stop()
        failures = list(emulator.failures)
    report(figures, soak, failures, trap.records)
    errors = [r for r in trap.records if r.levelno >= logging.ERROR]
    return 1 if soak.problems or failures or errors else 0


def report(
    f: dict[str, Any], soak: YearSoak, failures: list[str], records: list[logging.LogRecord]
) -> None:
    mean, low, high = f["posts_per_week"]
    print(f"\nA year of the Thursday group: {f['sessions']} sessions met, {f['weeks']} weeks run")
    print(f"  wall time               {f['wall_s']:.1f} s")
    print(f"  REST requests by the bot {f['requests']:,}")
    print(
        f"  bot posts per week      {mean:.1f} (min {low}, max {high}), of which "
        f"{f['dms_per_week']:.1f} private messages"
    )
    print(
        f"  peak RSS                {f['rss_start_mb']:.0f} MB at the start, "
        f"{f['rss_warm_mb']:.0f} MB after 5 weeks (all code loaded), "
        f"{f['rss_end_mb']:.0f} MB at the end (+{f['rss_end_mb'] - f['rss_warm_mb']:.0f} MB "
        "over the rest of the year, the emulator's own records included)"
    )
    warm, end = f["rss_now_mb"]
    print(
        f"  RSS now                 {warm:.0f} MB after 5 weeks, {end:.0f} MB at the end "
        f"(+{end - warm:.0f} MB; tracemalloc puts almost all of it in the emulator, which keeps "
        "every request body, gateway frame and interaction)"
    )
    print(f"  database at the end     {f['db_bytes'] / 1024:.0f} KB (with WAL/SHM)")
    print(
        f"  emulator's records      {f['emulator_messages']:,} messages, "
        f"{len(soak.h.emulator.requests):,} requests kept in memory"
    )
    v, c = f["volunteer_ms"], f["click_ms"]
    print(f"  /volunteer latency      median {v[0]:.1f} ms, p95 {v[1]:.1f} ms ({v[2]} commands)")
    print(f"  button click latency    median {c[0]:.1f} ms, p95 {c[1]:.1f} ms ({c[2]} clicks)")
    print(f"  ledger                  {f['ledger']} (late: {f['late']})")
    print(
        "  wall time by stop       "
        + ", ".join(f"{k} {v:.2f}" for k, v in sorted(soak.phase.items(), key=lambda x: -x[1]))
    )
    for line in f["restarts"]:
        print(f"  restart                 {line}")
    for line in f["drops"]:
        print(f"  gateway drop            at {line} (resumed)")
    print(
        f"  pulse releases          {f['pulse_releases']} (responses each; {f['pooled_releases']} "
        f"pooled); survey {f['survey_release'] or 'not shown'} from {f['survey_responses']} answers"
    )
    print(
        f"  leaders read results    {f['results_read']} times, shared {f['summaries_shared']} "
        f"summaries; {f['nudged']} private nudges seen"
    )
    print(
        f"  drift alerts            {f['drift_alerts']}; follow-up answers {f['followups']}; "
        f"{f['corrections']} attendance corrections; {f['agenda_edits']} agendas edited after "
        f"posting; {f['leaves']} two-week leaves; k changed to {f['k_changes'] or '-'}"
    )
    print(f"  drafts                  {f['drafts']}")
    print(f"  presentations           {f['presentations']}")
    print(f"  offers                  {f['offers']}")
    print(f"  fairness (keen, max-min) {f['fairness']} {f['keen_counts']}")
    print(f"  attendance              {f['attendance']}")
    print(f"  emulator failures       {len(failures)}")
    for line in failures[:20]:
        print(f"    {line}")
    errors = [r for r in records if r.levelno >= logging.ERROR]
    print(f"  ERROR logs              {len(errors)}")
    for line in soak.findings:
        print(f"  finding (known bug)     {line}")
    print(f"  problems                {len(soak.problems)}")
    for line in soak.problems[:60]:
        print(f"    - {line}")
    if records:
        print("\nWarnings and errors, as they happened:")
        for r in records:
            print(f"  {r.levelname:>7} {r.name}: {r.getMessage()[:200]}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--until", help="the last session's date (default 2027-07-29)")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--term", action="store_true", help="the test's term (12 weeks) instead")
    parser.add_argument(
        "--no-validate", action="store_true", help="skip the emulator's OpenAPI validation"
    )
    sys.exit(asyncio.run(main(parser.parse_args())))
