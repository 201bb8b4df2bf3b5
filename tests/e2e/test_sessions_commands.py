"""/schedule, /agenda, /absence and /attendance through the emulator: bad input gets a clear
private message and changes nothing; the calendar file; restoring a session; leaders' corrections;
and missing permissions (Create Events, Pin Messages) told to the leaders once while the rest goes on.

The group meets on Thursdays 09:00-10:15 London time (08:00 UTC in September). The clock starts on
Tuesday 1 September 2026, 09:00 UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.app import BalintBot
from bot.emulator.emulator import BOT_DEFAULT, Emulator, SimMember
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.attendance import excused_absence
from bot.store.groups import Group
from bot.store.sessions import Session, session_on

MANAGE_EVENTS = 1 << 33
MANAGE_MESSAGES = 1 << 13
CREATE_EVENTS = 1 << 44
PIN_MESSAGES = 1 << 51


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


async def session(bot: BalintBot, group: Group, day: str) -> Session:
    found = await session_on(bot.db, group.id, date.fromisoformat(day))
    assert found is not None
    return found


async def snapshot(bot: BalintBot) -> tuple[Any, ...]:
    """Everything a command of this capability could change (not a session's native event id,
    which the background event sync may fill in at any moment)."""
    queries = (
        "SELECT id, group_id, local_date, starts_at, ends_at, status, reason, moved FROM sessions",
        "SELECT * FROM attendance",
        "SELECT * FROM agendas",
        "SELECT * FROM session_changes",
        "SELECT * FROM case_intents",
    )
    out = []
    for sql in queries:
        out.append([tuple(r) for r in await bot.db.fetchall(f"{sql} ORDER BY 1, 2")])
    return tuple(out)


async def test_bad_input_is_refused_privately_and_changes_nothing(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    ch = world.channel
    alice = world.trainee("alice")
    await clock.move_to(utc(2026, 9, 7, 9))  # after the first session, before the second
    await alice.slash("absence", in_channel=ch, date="2026-09-24", reason="leave")
    r = await world.leader.slash(
        "schedule cancel", in_channel=ch, date="2026-09-17", reason="leader ill"
    )
    assert "cancelled" in r.text
    before = await snapshot(bot)
    long_agenda = "x" * 1700

    cases: list[tuple[SimMember, str, dict[str, Any], str]] = [
        # (who, command, options, what the message must say)
        (world.leader, "schedule skip", {"date": "2026-09-03"}, "is in the past"),
        (world.leader, "schedule skip", {"date": "2026-09-16"}, "not a session day"),
        (
            world.leader,
            "schedule skip",
            {"date": "2026-09-16"},
            "Thu 10 Sep and Thu 17 Sep",
        ),
        (world.leader, "schedule skip", {"date": "2027-09-02"}, "runs from Tue 1 Sep"),
        (world.leader, "schedule skip", {"date": "next tuesday"}, "2026-09-03"),
        (world.leader, "schedule skip", {"date": "2026-09-17"}, "already cancelled"),
        (
            world.leader,
            "schedule move",
            {"date": "2026-09-10", "new_date_time": "2026-10-01 11:00"},
            "lands on another session",
        ),
        (
            world.leader,
            "schedule move",
            {"date": "2026-09-10", "new_date_time": "2026-09-01 10:00"},
            "into the past",
        ),
        (
            world.leader,
            "schedule move",
            {"date": "2026-09-10", "new_date_time": "2026-09-10"},
            "already meets",
        ),
        (
            world.leader,
            "schedule move",
            {"date": "2026-09-10", "new_date_time": "soon"},
            "2026-10-09 14:00",
        ),
        (
            world.leader,
            "schedule move",
            {"date": "2026-09-17", "new_date_time": "2026-09-18 10:00"},
            "restore it first",
        ),
        (world.leader, "schedule restore", {"date": "2026-09-10"}, "nothing to restore"),
        (alice, "schedule skip", {"date": "2026-09-10"}, "Only the leaders"),
        (
            alice,
            "schedule move",
            {"date": "2026-09-10", "new_date_time": "2026-09-11"},
            "Only the leaders",
        ),
        (alice, "schedule cancel", {"date": "2026-09-10"}, "Only the leaders"),
        (alice, "agenda set", {}, "Only the leaders"),
        (
            alice,
            "attendance mark",
            {"member": world.trainee("bob"), "date": "2026-09-03", "status": "absent"},
            "Only the leaders",
        ),
        (alice, "absence", {"date": "2026-09-17", "reason": "on_call"}, "will not take place"),
        (alice, "absence", {"date": "2026-09-03", "reason": "on_call"}, "in the past"),
        (alice, "absence", {"date": "2026-09-10", "reason": "back"}, "nothing to take back"),
        (
            alice,
            "absence",
            {"date": "2026-09-10", "reason": "leave", "until": "2026-09-01"},
            "'until' (Tue 1 Sep) must be on or after the first date (Thu 10 Sep)",
        ),
        (world.leader, "absence", {"date": "2026-09-10", "reason": "leave"}, "leaders don't need"),
        (world.outsider, "absence", {"date": "2026-09-10", "reason": "leave"}, "not on the roster"),
        (
            world.leader,
            "attendance mark",
            {"member": world.trainee("bob"), "date": "2026-09-10", "status": "absent"},
            "has not started yet",
        ),
        (
            world.leader,
            "attendance mark",
            {"member": world.outsider, "date": "2026-09-03", "status": "attended"},
            "not a trainee on the roster",
        ),
        (
            world.leader,
            "attendance mark",
            {"member": world.trainee("bob"), "date": "2026-09-17", "status": "excused"},
            "will not take place",
        ),
        (
            world.leader,
            "schedule skip",
            {"date": "2026-10-08", "reason": "call Mrs Day on 07700 900461"},
            "phone number",
        ),
        (world.leader, "agenda set", {"session": "2026-09-17"}, "needs no agenda"),
        (world.leader, "agenda set", {"session": "2026-09-03"}, "is in the past"),
    ]
    for who, command, options, expected in cases:
        r = await who.slash(command, in_channel=ch, **options)
        assert r.ephemeral, (command, options, r.text)
        assert expected in r.text, (command, options, r.text)
    # an agenda longer than the post allows: the modal answers how much shorter
    r = await world.leader.slash("agenda set", in_channel=ch, session="2026-09-10")
    assert r.modal is not None
    r = await world.leader.submit_modal({"agenda_text": long_agenda})
    assert r.ephemeral and "make it 200 characters shorter" in r.text
    assert await snapshot(bot) == before
    # a patient identifier in the agenda (it goes to the whole group): refused, spans explained
    await world.leader.slash("agenda set", in_channel=ch, session="2026-09-10")
    r = await world.leader.submit_modal(
        {"agenda_text": "We will think about the man with NHS number 943 476 5919."}
    )
    assert r.ephemeral and "943 476 5919" in r.text and "NHS number" in r.text
    assert await snapshot(bot) == before
    # nobody was recorded for anything
    r = await alice.slash("attendance me", in_channel=ch)
    assert r.ephemeral and "Nothing recorded yet" in r.text
    # a likely name is allowed (leaders name colleagues) but pointed out before it goes out
    await world.leader.slash("agenda set", in_channel=ch, session="2026-09-10")
    r = await world.leader.submit_modal({"agenda_text": "Dr Lewis co-leads today."})
    assert "Saved" in r.text and "Please check" in r.text and "Dr Lewis" in r.text


async def test_calendar_restore_corrections_and_absences_over_weeks(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    ch = world.channel
    alice, bob, carol = world.trainee("alice"), world.trainee("bob"), world.trainee("carol")
    r = await world.leader.slash(
        "schedule skip", in_channel=ch, date="2026-12-24", reason="Christmas"
    )
    assert "skipped" in r.text
    r = await world.leader.slash(
        "schedule move", in_channel=ch, date="2026-10-08", new_date_time="2026-10-09 14:00"
    )
    r = await alice.slash("schedule calendar", in_channel=ch)
    assert r.ephemeral and len(r.files) == 1
    name, data = r.files[0]
    assert name == "thursday-balint-group.ics"
    events = list(Calendar.from_ical(data).walk("VEVENT"))
    assert len(events) == 48
    by_day = {e.decoded("dtstart").date().isoformat(): e for e in events}
    assert str(by_day["2026-12-24"]["status"]) == "CANCELLED"
    assert (
        by_day["2026-10-09"].decoded("dtstart").hour == 14
        and int(str(by_day["2026-10-09"]["sequence"])) == 1
    )
    uid = str(by_day["2026-12-24"]["uid"])
    # restoring brings the session back, with the same UID and a higher SEQUENCE
    r = await world.leader.slash("schedule restore", in_channel=ch, date="2026-12-24")
    assert r.ephemeral and "Restored" in r.text
    assert "takes place after all" in [m for m in ch.messages if not m.ephemeral][-1].text
    again = {
        e.decoded("dtstart").date().isoformat(): e
        for e in Calendar.from_ical(
            (await alice.slash("schedule calendar", in_channel=ch)).files[0][1]
        ).walk("VEVENT")
    }
    assert str(again["2026-12-24"]["uid"]) == uid and int(str(again["2026-12-24"]["sequence"])) == 2
    assert str(again["2026-12-24"]["status"]) == "CONFIRMED"

    # the agenda: leaders see their text ahead; trainees see it once posted
    await world.leader.slash("agenda set", in_channel=ch)
    await world.leader.submit_modal({"agenda_text": "Our first session together."})
    r = await alice.slash("agenda show", in_channel=ch)
    assert r.ephemeral and "will be posted and pinned" in r.text and "Our first" not in r.text
    r = await world.leader.slash("agenda show", in_channel=ch)
    assert "Our first session together." in r.text and "27 of 1,500 characters" in r.text

    # two weeks of leave declared at once, then one taken back
    r = await carol.slash(
        "absence", in_channel=ch, date="2026-09-10", reason="leave", until="2026-09-20"
    )
    assert "Thu 10 Sep and Thu 17 Sep" in r.text
    s10, s17 = await session(bot, group, "2026-09-10"), await session(bot, group, "2026-09-17")
    assert await excused_absence(bot.db, s10.id, carol.id) and await excused_absence(
        bot.db, s17.id, carol.id
    )
    r = await carol.slash("absence", in_channel=ch, date="2026-09-17", reason="back")
    assert "Taken back" in r.text and not await excused_absence(bot.db, s17.id, carol.id)

    # the first session: the leader corrects a forgotten check-in and excuses someone
    s3 = await session(bot, group, "2026-09-03")
    await clock.move_to(s3.starts_at - timedelta(minutes=10))
    await clock.move_to(s3.starts_at + timedelta(minutes=2))
    assert (await alice.click("I'm here", in_channel=ch)).text == "You're checked in. Welcome!"
    r = await world.leader.click("I'm here", in_channel=ch)
    assert "leaders don't need to press it" in r.text
    r = await world.outsider.click("I'm here", in_channel=ch)
    assert "not on the roster" in r.text
    await clock.move_to(s3.ends_at + timedelta(minutes=1))
    r = await world.leader.slash(
        "attendance mark", in_channel=ch, member=bob, date="2026-09-03", status="late"
    )
    assert r.ephemeral and "**attended (late)** (was: absent)" in r.text
    r = await world.leader.slash(
        "attendance mark",
        in_channel=ch,
        member=carol,
        date="2026-09-17",
        status="excused",
        reason="ltft",
    )
    assert "excused absence" in r.text and await excused_absence(bot.db, s17.id, carol.id)
    r = await bob.slash("attendance me", in_channel=ch)
    assert "1 session attended (1 late)" in r.text
    r = await world.leader.slash("attendance group", in_channel=ch)
    assert "6 absent" not in r.text and r.files and r.files[0][0].endswith("-group.csv")
    assert "bob,2026-09-03,Thursday,09:00,late" in r.files[0][1].decode("utf-8-sig")


async def test_invited_with_the_pre_2026_permissions_the_leaders_are_told_once_and_posts_go_on(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """Invited before Discord's split of 23 Feb 2026: Manage Events and Manage Messages, but no
    Create Events and no Pin Messages, which alone create events and pin since then."""
    ch, leaders = world.channel, world.leaders_channel
    everyone = world.guild.everyone
    everyone.set_permissions(everyone.permissions & ~CREATE_EVENTS)
    world.guild.set_bot_permissions((BOT_DEFAULT | MANAGE_EVENTS) & ~CREATE_EVENTS)
    ch.set_bot_permissions((ch.bot_perms() | MANAGE_MESSAGES) & ~PIN_MESSAGES)
    await emulator.idle()
    s3 = await session(bot, group, "2026-09-03")
    await clock.move_to(s3.starts_at - timedelta(hours=24))
    await clock.move_to(s3.starts_at - timedelta(hours=23))
    told = [m.text for m in leaders.messages]
    assert len([t for t in told if "**Create Events**" in t]) == 1
    assert len([t for t in told if "**Pin Messages**" in t]) == 1
    assert not world.guild.events
    agenda = [m for m in ch.messages if "**Agenda:" in m.text]
    assert len(agenda) == 1 and not agenda[0].pinned
    # granted again: events appear at the next sync, and nobody is told twice
    world.guild.set_bot_permissions(BOT_DEFAULT)
    await clock.move_to(s3.starts_at - timedelta(hours=22))
    assert len(world.guild.events) == 4
    r = await world.leader.slash("schedule skip", in_channel=ch, date="2026-09-10")
    assert "skipped" in r.text
    await clock.settle()  # the server's event follows the reply
    cancelled = [e for e in world.guild.events if e.status == 4]
    assert (
        len(cancelled) == 1
        and cancelled[0].start == (await session(bot, group, "2026-09-10")).starts_at
    )
    assert len([m for m in leaders.messages if "**Create Events**" in m.text]) == 1
    # the group moves to Wednesdays: the events follow the re-planned sessions
    r = await world.leader.slash("group edit", in_channel=ch, weekday=2)
    assert "Wednesday" in r.text
    await clock.shift(timedelta(minutes=16))
    rows = await bot.db.fetchall(
        "SELECT starts_at FROM sessions WHERE group_id = ? AND status = 'scheduled' "
        "AND starts_at > ? ORDER BY starts_at LIMIT 4",
        (group.id, bot.now().isoformat()),
    )
    expected = [datetime.fromisoformat(r["starts_at"]) for r in rows]
    assert sum(1 for d in expected if d.astimezone(ZoneInfo("Europe/London")).weekday() == 2) >= 3
    assert sorted(e.start for e in world.guild.events if e.status == 1) == expected


async def test_a_skip_whose_channel_notice_is_refused_is_still_carried_out_and_said_so(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """Discord refuses the skip's notice in the group's channel (the bot's role lost Send
    Messages there). The skip is made all the same: the volunteer is released and told, and
    the leader's answer says the channel was not told and what to check, instead of "Something
    went wrong... Nothing was changed" over a session skipped and nothing else followed."""
    alice = world.trainee("alice")
    await alice.slash("volunteer", in_channel=world.channel, session="2026-09-10")
    await clock.settle()
    emulator.faults.fail_next("POST", rf"/channels/{world.channel.id}/messages$", 403)
    r = await world.leader.slash("schedule skip", in_channel=world.channel, date="2026-09-10")
    assert r.ephemeral and "is skipped" in r.text, r.text
    assert "Nothing was changed" not in r.text, r.text
    assert "could not" in r.text and f"<#{world.channel.id}>" in r.text, r.text
    assert "Send Messages" in r.text, r.text
    await clock.settle()
    assert [m for m in alice.inbox if "will not take place" in m.text]
    assert await bot.db.fetchval("SELECT done FROM session_changes") == 2


async def test_a_skips_reason_may_name_the_date_it_moves_to_but_not_a_patients_birthday(
    bot: BalintBot, world: World, group: Group, clock: Clock, emulator: Emulator
) -> None:
    """A date in the group's own calendar identifies nobody: "moved to 15 October 2026" was
    refused as a full date, so leaders could not say where a session went. A date of birth in
    the same reason still is refused, and nothing changes."""
    r = await world.leader.slash(
        "schedule skip",
        in_channel=world.channel,
        date="2026-10-08",
        reason="born 03/04/1961, the man I mentioned",
    )
    assert r.ephemeral and "must not identify anyone" in r.text, r.text
    assert await bot.db.fetchval("SELECT count(*) FROM session_changes") == 0
    r = await world.leader.slash(
        "schedule skip",
        in_channel=world.channel,
        date="2026-10-08",
        reason="moved to 15 October 2026 for the strike",
    )
    assert r.ephemeral and "is skipped" in r.text, r.text
    await clock.settle()
    posts = [m.text for m in world.channel.messages]
    assert [p for p in posts if "moved to 15 October 2026 for the strike" in p], posts
