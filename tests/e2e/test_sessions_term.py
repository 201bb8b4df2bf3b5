"""A term of the Thursday group through the emulator, in accelerated time: the week's posts at their
times (T-72h, T-24h pinned agenda, opening, check-in, close), the case count, check-ins and
lateness, a declared absence, the drift-away alert (once per streak), a skipped week, a moved
session, native events, and 09:00 London on both sides of the October clock change.

The group meets on Thursdays 09:00-10:15 London time: 08:00 UTC until 22 October 2026 (BST) and
09:00 UTC from 29 October (GMT). The clock starts on Tuesday 1 September 2026, 09:00 UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from bot.app import BalintBot
from bot.emulator.emulator import Channel, Emulator, Message, SimMember
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group
from bot.store.sessions import Session, session_on

H72, H24, M10 = timedelta(hours=72), timedelta(hours=24), timedelta(minutes=10)
CHECKIN = "I'm here"
CASE = "I have a case in mind"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def public(channel: Channel, needle: str = "") -> list[Message]:
    return [m for m in channel.messages if not m.ephemeral and needle in m.text]


async def session(bot: BalintBot, group: Group, day: str) -> Session:
    found = await session_on(bot.db, group.id, date.fromisoformat(day))
    assert found is not None
    return found


async def ledger(bot: BalintBot, s: Session) -> dict[str, tuple[str, int]]:
    rows = await bot.db.fetchall(
        "SELECT kind, status, late FROM deliveries WHERE session_id = ?", (s.id,)
    )
    return {r["kind"]: (r["status"], r["late"]) for r in rows}


MINE = ("who_has_case", "agenda", "opening", "checkin", "close")


async def live_week(
    clock: Clock,
    world: World,
    s: Session,
    *,
    on_time: Iterable[SimMember] = (),
    late: Iterable[SimMember] = (),
) -> None:
    """Go through a session's week stopping at each of its due times, members checking in."""
    ch = world.channel
    for due in (s.starts_at - H72, s.starts_at - H24, s.starts_at - M10, s.starts_at):
        if due > clock.now():
            await clock.move_to(due)
    await clock.move_to(s.starts_at + timedelta(minutes=1))
    for member in on_time:
        r = await member.click(CHECKIN, in_channel=ch)
        assert r.ephemeral and "checked in" in r.text, r.text
    if late:
        await clock.move_to(s.starts_at + timedelta(minutes=12))
        for member in late:
            r = await member.click(CHECKIN, in_channel=ch)
            assert r.ephemeral and "late" in r.text, r.text
    await clock.move_to(s.ends_at + timedelta(minutes=1))


async def test_a_term_of_the_thursday_group(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    ch, leaders = world.channel, world.leaders_channel
    t = {m.name: m for m in world.trainees}
    everyone = list(world.trainees)

    # -- planning ahead: a term break, a moved session, a declared absence -------------------
    r = await world.leader.slash(
        "schedule skip", in_channel=ch, date="2026-09-24", reason="term break"
    )
    assert r.ephemeral and "skipped" in r.text
    assert "no session on **Thu 24 Sep** (term break)" in public(ch)[-1].text
    r = await world.leader.slash(
        "schedule move", in_channel=ch, date="2026-10-08", new_date_time="2026-10-09 14:00"
    )
    assert r.ephemeral and "Moved" in r.text
    moved = await session(bot, group, "2026-10-08")
    assert moved.starts_at == utc(2026, 10, 9, 13) and moved.moved
    r = await t["erin"].slash("absence", in_channel=ch, date="2026-09-10", reason="on_call")
    assert r.ephemeral and "excused absence" in r.text and "Thu 10 Sep" in r.text
    shown = await t["alice"].slash("schedule show", in_channel=ch, count=8)
    assert "~~Thu 24 Sep~~: no session (term break)" in shown.text
    assert "*(moved)*" in shown.text

    # -- week 1: the T-72h count, the agenda, check-in and lateness ----------------------------
    s1 = await session(bot, group, "2026-09-03")
    who = public(ch, "Who has a case?")
    assert len(who) == 1 and CASE in who[0].buttons
    assert "Sent late" not in who[0].text  # due before the group existed: no "offline" note
    r = await t["alice"].click(CASE, in_channel=ch)
    assert r.ephemeral and "Noted" in r.text and "only the number" in r.text
    await t["bob"].click(CASE, in_channel=ch)
    await emulator.idle()  # the count moves only on the hourly beat, never at a press
    assert "Nobody has said" in who[0].text
    await clock.move_to(clock.now().replace(minute=0, second=30) + timedelta(hours=1))
    assert "**2 members have a case in mind.**" in who[0].text
    r = await t["alice"].click(CASE, in_channel=ch)
    await clock.move_to(clock.now().replace(minute=0, second=30) + timedelta(hours=1))
    assert "Taken back" in r.text and "**1 member has a case in mind.**" in who[0].text
    assert "alice" not in who[0].text and str(t["bob"].id) not in who[0].text
    r = await world.leader.slash("agenda set", in_channel=ch)
    assert r.modal is not None
    r = await world.leader.submit_modal(
        {"agenda_text": "Welcome to the first session of the year."}
    )
    assert r.ephemeral and "Saved" in r.text

    await live_week(
        clock,
        world,
        s1,
        on_time=[m for m in everyone if m.name not in {"bob", "frank"}],
        late=[t["bob"]],
    )
    agenda = public(ch, "**Agenda: Thursday Balint group")
    assert len(agenda) == 1 and agenda[0].pinned
    assert "Welcome to the first session of the year." in agenda[0].text
    assert len(public(ch, "starts at")) == 1 and len(public(ch, "Check-in: Thursday")) == 1
    assert len(public(ch, "the frame closes")) == 1
    marks = await ledger(bot, s1)
    assert all(marks[k] == ("sent", 0) for k in MINE[1:]) and marks["who_has_case"][0] == "sent"
    r = await t["bob"].click(CHECKIN, in_channel=ch)
    assert "closed when the session ended" in r.text  # outside the window: nothing recorded

    # -- week 2: the agenda edited after posting; frank's second absence alerts the leaders -----
    s2 = await session(bot, group, "2026-09-10")
    await clock.move_to(s2.starts_at - H24 + timedelta(minutes=5))
    agendas = public(ch, "**Agenda: Thursday Balint group")
    assert [a.pinned for a in agendas] == [False, True]  # last week's unpinned
    await world.leader.slash("agenda set", in_channel=ch)
    r = await world.leader.submit_modal({"agenda_text": "Two cases today."})
    assert "pinned agenda in the channel now shows it" in r.text
    assert "Two cases today." in agendas[1].text and agendas[1].edited_timestamp
    await live_week(
        clock, world, s2, on_time=[m for m in everyone if m.name not in {"erin", "frank"}]
    )
    alerts = [m for m in leaders.messages if "in a row" in m.text]
    assert len(alerts) == 1 and t["frank"].mention in alerts[0].text
    assert "Thu 3 Sep, Thu 10 Sep" in alerts[0].text
    assert not any("in a row" in m.text for m in ch.messages)  # never public
    # once sent, the alert's words (his missed dates) are not kept in the file
    kept = await bot.db.fetchall("SELECT sent, text FROM drift_alerts")
    assert [tuple(r) for r in kept] == [(1, None)]

    # -- week 3: a third absence in the same streak: no second alert ----------------------------
    s3 = await session(bot, group, "2026-09-17")
    await live_week(clock, world, s3, on_time=[m for m in everyone if m.name != "frank"])
    assert len([m for m in leaders.messages if "in a row" in m.text]) == 1

    # -- week 4 is skipped: no posts at its times, its event cancelled ---------------------------
    s4 = await session(bot, group, "2026-09-24")
    before = len(public(ch))
    for due in (
        s4.starts_at - H72,
        s4.starts_at - H24,
        s4.starts_at - M10,
        s4.starts_at,
        s4.ends_at,
    ):
        await clock.move_to(due + timedelta(seconds=30))
    assert len(public(ch)) == before
    assert {k: v[0] for k, v in (await ledger(bot, s4)).items() if k in MINE} == dict.fromkeys(
        MINE, "skipped"
    )
    assert not [e for e in world.guild.events if e.start == s4.starts_at and e.status == 1]

    # -- week 5: frank is back (his streak ends) ------------------------------------------------
    s5 = await session(bot, group, "2026-10-01")
    await live_week(clock, world, s5, on_time=everyone)

    # -- week 6 meets on Friday 14:00 instead: posts and the event follow -----------------------
    await clock.move_to(moved.starts_at - H72)
    await clock.move_to(utc(2026, 10, 8, 8, 1))
    assert not public(ch, "Check-in: Thursday Balint group, Thu 8 Oct")
    event = [e for e in world.guild.events if e.status == 1 and e.start == moved.starts_at]
    assert len(event) == 1 and event[0].end == moved.ends_at
    await live_week(clock, world, moved, on_time=[m for m in everyone if m.name != "frank"])
    assert len(public(ch, "Check-in: Thursday Balint group, Fri 9 Oct")) == 1
    assert {k: v for k, v in (await ledger(bot, moved)).items() if k in MINE} == {
        k: ("sent", 0) for k in MINE
    }

    # -- weeks 7-9: a new streak for frank alerts again; 09:00 London across the clock change --
    s7 = await session(bot, group, "2026-10-15")
    await live_week(clock, world, s7, on_time=[m for m in everyone if m.name != "frank"])
    alerts = [m for m in leaders.messages if "in a row" in m.text]
    assert len(alerts) == 2 and "(Fri 9 Oct, Thu 15 Oct)" in alerts[1].text
    s8 = await session(bot, group, "2026-10-22")
    assert s8.starts_at == utc(2026, 10, 22, 8)  # BST
    await live_week(clock, world, s8, on_time=[m for m in everyone if m.name != "frank"])
    assert len([m for m in leaders.messages if "in a row" in m.text]) == 2
    s9 = await session(bot, group, "2026-10-29")
    assert s9.starts_at == utc(2026, 10, 29, 9)  # GMT: still 09:00 in London
    await clock.move_to(utc(2026, 10, 29, 8, 5))
    assert not public(ch, "Check-in: Thursday Balint group, Thu 29 Oct")
    await live_week(clock, world, s9, on_time=everyone)
    assert len(public(ch, "Check-in: Thursday Balint group, Thu 29 Oct")) == 1
    assert (await ledger(bot, s9))["checkin"] == ("sent", 0)

    # -- what people see of their attendance ------------------------------------------------------
    r = await t["bob"].slash("attendance me", in_channel=ch)
    assert r.ephemeral and "8 sessions attended (1 late)" in r.text and "Target: 25" in r.text
    names = [name for name, _ in r.files]
    assert any(n.endswith(".csv") for n in names) and any(n.endswith(".pdf") for n in names)
    csv_text = next(data for name, data in r.files if name.endswith(".csv")).decode("utf-8-sig")
    assert (
        "2026-09-03,Thursday,09:00,late" in csv_text
        and "2026-10-09,Friday,14:00,attended" in csv_text
    )
    r = await t["erin"].slash("attendance me", in_channel=ch)
    assert "1 excused" in r.text and "on call" in r.text
    r = await t["frank"].slash("attendance me", in_channel=ch)
    assert "6 absent" in r.text
    r = await world.leader.slash("attendance group", in_channel=ch)
    assert r.ephemeral and t["frank"].mention in r.text and "6 absent" in r.text
    r = await t["alice"].slash("attendance group", in_channel=ch)
    assert r.ephemeral and "Only the leaders" in r.text
