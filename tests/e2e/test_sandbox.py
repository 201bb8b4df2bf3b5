"""`balint-bot sandbox` — the README's first command — runs offline, exits 0, and shows the group.

The scripted walk-through must be honest (posts on time, as in a real week; every post and DM shown
whole, when it was sent, in the group's time); the interactive mode must play every command,
button and form, typed as a person would, from a terminal or a script on stdin.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path


def sandbox(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BALINT_", "DISCORD_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", "sandbox", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def play(tmp_path: Path, script: str) -> str:
    """Run the interactive sandbox on a script; return what it printed after the set-up."""
    r = sandbox("--interactive", cwd=tmp_path, stdin=script)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert "Traceback" not in r.stdout + r.stderr
    return r.stdout[r.stdout.index("\n> ") :]


def answer(out: str, line: str) -> str:
    """What the sandbox printed in answer to one typed line (up to the next prompt)."""
    said = out.split(f"> {line}\n", 1)[1].split("\n> ", 1)[0]
    return " ".join(said.split())  # the transcript wraps long lines


def test_the_scripted_week_runs_offline_and_is_honest(tmp_path: Path) -> None:
    r = sandbox(cwd=tmp_path)
    out = r.stdout
    assert r.returncode == 0, out[-2000:] + r.stderr[-2000:]
    assert "dr-okafor ▸ /group setup" in out
    assert "alice sees (privately)" in out
    assert "Sandbox finished" in out
    # and then? the next steps, named as the README names them
    nxt = " ".join(out.split("\nNext:", 1)[1].split())
    assert (
        "sandbox --interactive --no-group" in nxt and "Running it on a real Discord server" in nxt
    )
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    assert (
        "## Leader's quick start" in readme and "## Running it on a real Discord server" in readme
    )
    assert not (tmp_path / "data").exists(), "the sandbox must not leave a database behind"
    # time travel passes every due time: nothing is late because the clock jumped
    assert "Sent late" not in out and "offline" not in out
    # the second session (10 Sep) has its ground rules and its check-in, at their times
    assert "·· Thu 10 Sep 2026, 08:50 BST ··" in out
    assert "**Thursday Balint group starts at Thu 10 Sep 2026 09:00 BST.**" in out
    assert "**Check-in: Thursday Balint group, Thu 10 Sep.**" in out
    # headings in the group's own time (Europe/London), not UTC
    assert "=== Setting the group up (Tue 1 Sep 2026, 10:00 BST) ===" in out
    assert " UTC) ===" not in out
    # no nudge the moment the group is set up; a week nobody offers, the nudges are shown when
    # they were sent (Tue 15 Sep, 09:00), before the walk-through's next step
    assert out.index("a gentle, private note") > out.index("=== The pulse closes")
    nudged = out.index("a gentle, private note")
    assert out.rindex("·· Tue 15 Sep 2026, 09:00 BST ··", 0, nudged) > out.index("=== The pulse")
    assert nudged < out.index("=== Nobody has offered a case this week")
    # the leaders' channel is part of the story
    assert "#balint-leaders ◂ bot: **Who presented on Thu 3 Sep?**" in out
    # the leaders' own debrief after the session, their shared note read privately, their log
    assert "#balint-leaders ◂ bot: **Debrief: Thursday Balint group, Thu 3 Sep.**" in out
    assert "dr-okafor sees (privately): **Debrief note: Thursday Balint group, Thu 3 Sep**" in out
    assert "📎 leader-log.pdf" in out and "Sessions co-led: 1 of the 20 asked" in out
    # the session's structure: one timer message, moved on by the clock and by the leaders only
    assert out.count("#balint-thursday ◂ bot: **The session's structure") == 1
    assert "▶ **Questions of fact**" in out and "⏸ **Questions of fact**: paused" in out
    assert "bob sees (privately): Only the leaders of Thursday Balint group move the timer" in out
    # attendance from voice: the room named, two trainees checked in from it as the check-in opened
    flat = " ".join(out.split())  # the transcript wraps long lines
    # next year: one record across groups; the new year's leaders see it only once shared
    assert "The scheme asks for 15 sessions (60% of full time: pro-rata): 2 attended" in flat
    assert "+2 in earlier groups (shared)" in flat
    before_share = flat.split("alice ▸ /attendance share")[0]
    assert "+2 in earlier groups" not in before_share
    assert "Joining #balint-room checks you in too." in flat
    assert "alice and bob, in the voice room, were checked in as it opened" in flat
    # nothing is cut: the end of the agenda with its draft themes, of /rota group, of /privacy
    agenda = out.split("**Agenda: Thursday Balint group, Thu 10 Sep 2026 09:00 BST**")[1]
    assert "A patient who makes me feel useless (“Sam”)" in agenda.split("===")[0]
    assert "@alice 0 · @bob 0 · @carol 0" in out
    assert " …\n" not in out
    # every attached file is saved, and the folder is named at the end
    saved = {p.suffix for p in (tmp_path / "sandbox-output").iterdir()}
    assert {".ics", ".png", ".pdf", ".csv"} <= saved
    assert "files the bot attached are in sandbox-output/" in out
    # the year's end, shown early: the year at a glance, a certificate checked, the group closed
    assert "year-thursday-balint-group.png" in out and "VALID" in out
    assert "has come to the end of its year" in out and "certificates-thursday" in out


def test_interactive_mode_takes_typed_commands(tmp_path: Path) -> None:
    out = play(tmp_path, "alice: /group show\nnobody: /group show\nhelp\nquit\n")
    assert "Thursday Balint group" in answer(out, "alice: /group show")
    assert "nobody called 'nobody'" in out
    shown = answer(out, "help")
    for example in ("alice: /schedule show count:4", "click", "wait 1w", "form", "commands"):
        assert example in shown


def test_interactive_buttons_on_any_message_a_person_can_see(tmp_path: Path) -> None:
    out = play(
        tmp_path,
        "alice: click I have a case in mind\n"
        "wait until 2026-09-03 09:01\n"
        "alice: click I'm here\n"
        "bob: click i'm here\n"
        "wait 75m\n"
        "alice: click No case\n"
        "dr-okafor: click No case\n"
        "alice: click Answer (anonymous)\n"
        "alice: select Q1: agree\n"
        "alice: select Q4: strongly agree\n"
        "alice: click Send\n"
        "wait 1w\n"
        "quit\n",
    )
    assert "Noted: only the number is shown" in answer(out, "alice: click I have a case in mind")
    assert "You're checked in" in answer(out, "alice: click I'm here")
    assert "You're checked in" in answer(out, "bob: click i'm here")
    # the leaders' channel is shown, and it is private: a trainee cannot press its buttons
    assert "#balint-leaders ◂ bot: **Who presented on Thu 3 Sep?**" in answer(out, "wait 75m")
    assert "alice sees no button 'No case'" in answer(out, "alice: click No case")
    assert "recorded, no case" in answer(out, "dr-okafor: click No case")
    # buttons and menus on a private reply
    assert "✓ **Q1.**" in answer(out, "alice: select Q1: agree")
    assert "counted anonymously" in answer(out, "alice: click Send")
    # a week passes: its posts went out on their way, on time
    week = answer(out, "wait 1w")
    assert "**Check-in: Thursday Balint group, Thu 10 Sep.**" in week
    assert "Sent late" not in week


def test_interactive_quiet_skips_the_set_up_but_shows_every_answer(tmp_path: Path) -> None:
    r = sandbox(
        "--interactive", "--quiet", cwd=tmp_path, stdin="alice: /group show\nwait 1w\nquit\n"
    )
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert "dr-okafor ▸ /group setup" not in r.stdout, "--quiet skips the set-up"
    out = r.stdout[r.stdout.index("\n> ") :]
    assert "Thursday Balint group" in answer(out, "alice: /group show")
    assert "**Check-in: Thursday Balint group, Thu 3 Sep.**" in answer(out, "wait 1w")


def test_interactive_options_are_typed_as_a_person_would(tmp_path: Path) -> None:
    lines = [
        "alice: /schedule show count:4",  # integer
        "alice: /schedule show count:four",
        "alice: /volunteer named:True",  # boolean
        "dr-okafor: /presenter set member:bob session:2026-09-10",  # member
        "dr-okafor: /group edit leader_role:Balint leader leaders_channel:#balint-leaders",
        "dr-okafor: /schedule skip date:2026-12-24 reason:Christmas and New Year",  # spaces
        "erin: /absence date:next reason:On call",  # choices, by name
        "dr-okafor: /schedule move date:10 Sep new_date_time:2026-09-11 10:00",  # autocomplete
        "dr-okafor: /schedule move date:2026-09-17 new_date:2026-09-18",
        "alice in dm: /privacy",
    ]
    out = play(tmp_path, "\n".join([*lines, "quit", ""]))
    assert "• Thu 24 Sep 2026" in answer(out, lines[0])
    assert "count is a whole number, e.g. `/schedule show count:4`" in answer(out, lines[1])
    assert "The agenda will name you" in answer(out, lines[2])
    assert "@bob is down to present on Thu 10 Sep" in answer(out, lines[3])
    assert "Updated." in answer(out, lines[4])
    assert "(Christmas and New Year)" in answer(out, lines[5])
    assert "(on call)" in answer(out, lines[6])
    assert "now meets Fri 11 Sep 2026 10:00 BST" in answer(out, lines[7])
    assert "has no option 'new_date'; it has date:, new_date_time:" in answer(out, lines[8])
    assert "What this bot stores" in answer(out, lines[9])
    assert "Questions? Ask the person who runs the bot" in answer(out, lines[9])  # whole


def test_interactive_forms_are_prompted_field_by_field(tmp_path: Path) -> None:
    out = play(
        tmp_path,
        "alice: /draft new session:2026-09-10\n"
        "A patient who makes me feel useless\n"
        "She says nothing I do helps and I avoid her.\n"
        "\n"
        "wait 1h\n"
        "dr-okafor: click Ask the author\n"
        "What would you like the group to help you with?\n"
        "alice: click Answer\n"
        "I would like to understand why I avoid her.\n"
        "dr-okafor: /agenda set session:2026-09-10\n"
        "agenda_text=Welcome back. One case today.\n"
        "bob: /draft new\n"
        "\n"
        "cancel\n"
        "wait until 2026-09-03 10:20\n"
        "bob: click Answer (anonymous)\n"
        "bob: click Add a comment\n"
        "Staying with the silence helped.\n"
        "bob: click Send\n"
        "dr-okafor: /schedule calendar\n"
        "quit\n",
    )
    draft = answer(out, "alice: /draft new session:2026-09-10")
    assert "form “Anonymous case draft”" in draft
    assert "Saved. Your anonymous draft" in draft
    assert "#balint-leaders ◂ bot: Anonymous case draft" in answer(out, "wait 1h")
    asked = answer(out, "What would you like the group to help you with?")
    assert "Your question goes to the author" in asked
    assert "alice ◂ DM from bot: A leader of **Thursday Balint group** has a question" in asked
    assert "Your answer reaches the leaders" in answer(
        out, "I would like to understand why I avoid her."
    )
    assert ">>> Welcome back. One case today." in answer(
        out, "agenda_text=Welcome back. One case today."
    )
    assert "Theme, in one line is required (or `cancel`)> cancel" in out
    assert "(form closed without sending)" in answer(out, "cancel")
    assert "Your words are added" in answer(out, "Staying with the silence helped.")
    assert "counted anonymously" in answer(out, "bob: click Send")
    calendar = answer(out, "dr-okafor: /schedule calendar")
    assert "📎 thursday-balint-group.ics" in calendar
    assert (tmp_path / "sandbox-output" / "thursday-balint-group.ics").is_file()
    assert "The file the bot attached is in sandbox-output/" in out


def test_the_readme_interactive_examples_play(tmp_path: Path) -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    block = readme.split("`balint-bot sandbox --interactive` lets you")[1]
    block = block.split("```text\n", 1)[1].split("```", 1)[0]
    typed = [line.split("  ")[0].strip() for line in block.splitlines() if line.strip()]
    assert len(typed) >= 8
    out = play(tmp_path, "\n".join([*typed, "theme=A hard goodbye | body=He moved away.", "quit"]))
    assert "\n  !" not in out, out
    assert "Saved. Your anonymous draft" in out


# One typed line (and its form's answers) for every command the bot has: a new command needs a
# line here, so the sandbox is known to play it.
EVERY_COMMAND = """\
alice: /help
alice: /privacy
alice: /mydata
alice: /group show
alice: /group members list
alice: /schedule show count:3
alice: /schedule calendar
alice: /agenda show
alice: /volunteer session:2026-09-10 named:false
alice: /withdraw session:2026-09-10
alice: /nudges off
alice: /nudges on
alice: /rota me
alice: /absence date:2026-09-17 reason:Post nights until:2026-09-24
alice: /draft new session:2026-09-10
theme=A hard goodbye | body=He moved away and I never said goodbye.
alice: /draft mine
alice: /attendance me
alice: /attendance name name:Alice Smith
alice: /attendance verify code:K7Q2-M9XD-4TRA
alice: /reflect on
alice: /reflect write
noticed=Less dread on Thursdays.
alice: /reflect list
alice: /reflect export
alice: /reflect off
alice: /attendance share
alice: /attendance share stop:True
dr-okafor: /agenda set session:2026-09-10
agenda_text=Welcome back.
dr-okafor: /draft review
dr-okafor: /rota group
dr-okafor: /presenter set session:2026-09-10 member:bob
dr-okafor: /presenter clear session:2026-09-10 member:bob
dr-okafor: /schedule skip date:2026-10-29 reason:Half term
dr-okafor: /schedule restore date:2026-10-29
dr-okafor: /schedule cancel date:2026-11-05 reason:Room flooded
dr-okafor: /schedule move date:2026-11-12 new_date_time:2026-11-13 09:00
dr-okafor: /group members add member:olly
dr-okafor: /group members remove member:olly
dr-okafor: /group leaders add member:dr-lewis
dr-okafor: /group leaders remove member:dr-lewis
dr-okafor: /group edit case_slots:2
dr-okafor: /attendance group
dr-okafor: /attendance mark member:bob date:2026-09-03 status:Excused absence reason:Unwell
dr-okafor: /attendance assessed member:bob
dr-okafor: /attendance ltft member:bob fraction:0.8
dr-okafor: /attendance endorse member:alice
dr-okafor: /feedback threshold responses:5 comments:5
dr-okafor: /feedback results which:post-session pulses
dr-okafor: /feedback survey open
dr-okafor: /report year
dr-okafor: /leader add what:Supervision session date:2026-08-28 note:monthly group supervision
dr-okafor: /leader log
dr-okafor: /leader remove what:Supervision session date:2026-08-28
dr-okafor: /leader debrief
dr-okafor: /session start
admin in #general: /group setup channel:#general name:Monday group weekday:Monday \
start_time:13:00 start_date:2026-09-07 end_date:2027-07-26 leader_role:Balint leader
dr-okafor: /group renew start_date:2027-09-02 end_date:2028-07-27
heidi: /forgetme
heidi: click Erase my data
dr-okafor: /group close
dr-okafor: click Close the group now
commands
quit
"""


def test_every_command_the_bot_has_can_be_played(tmp_path: Path) -> None:
    out = play(tmp_path, EVERY_COMMAND)
    listed = {
        command_path(line.strip().split("   ")[0])
        for line in answer_lines(out, "commands")
        if line.startswith("  /")
    }
    typed = {
        command_path("/" + line.split(": /", 1)[1])
        for line in EVERY_COMMAND.splitlines()
        if ": /" in line
    }
    assert len(listed) > 30, out
    missing = sorted(listed - typed)
    assert not missing, f"add a line to EVERY_COMMAND in tests/e2e/test_sandbox.py for {missing}"
    assert "\n  !" not in out, out  # nothing the sandbox or Discord's client refused
    assert "Group set up. **Monday group**" in out
    assert "Saved to your private reflective log" in answer(out, "noticed=Less dread on Thursdays.")
    assert "Erase" in answer(out, "heidi: click Erase my data")
    assert "Supervision sessions: 1" in answer(out, "dr-okafor: /leader log")
    assert "none is now" in answer(out, "dr-okafor: /session start")
    assert "No session of Thursday Balint group has met yet" in answer(
        out, "dr-okafor: /leader debrief"
    )
    assert "closed" in answer(out, "dr-okafor: click Close the group now")


def command_path(text: str) -> str:
    """ "/schedule show count:3" -> "/schedule show" (the words before the first option)."""
    words = []
    for word in text.split():
        if ":" in word:
            break
        words.append(word)
    return " ".join(words)


def answer_lines(out: str, line: str) -> list[str]:
    return out.split(f"> {line}\n", 1)[1].split("\n> ", 1)[0].splitlines()


def test_the_readme_quick_start_plays_in_the_sandbox_with_no_group(tmp_path: Path) -> None:
    """The leader's quick start, typed as the README writes it, on the demo server without its
    group (`--no-group`): the plain `--interactive` sandbox has set its group up already, and
    the README's /group setup line was refused there ("already has a group")."""
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    quick = readme.split("## Leader's quick start", 1)[1].split("\n## ", 1)[0]
    setup = quick.split("/group setup channel:", 1)[1].split("\n\n", 1)[0]
    setup_line = "/group setup channel:" + " ".join(setup.split())
    skip = re.search(r"`(/schedule skip [^`]*)`", quick)
    assert skip is not None and "`/agenda set`" in quick
    script = "\n".join(
        [
            f"dr-okafor: {setup_line}",
            f"dr-okafor: {' '.join(skip[1].split())}",
            "dr-okafor: /agenda set",
            "Welcome to our first session.",
            "wait until 2026-09-02 09:01",
            "quit",
        ]
    )
    r = sandbox("--interactive", "--no-group", cwd=tmp_path, stdin=script)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    out = r.stdout[r.stdout.index("\n> ") :]
    assert "No group is set up yet" in r.stdout.split("\n> ", 1)[0]
    assert "Group set up." in answer(out, f"dr-okafor: {setup_line}"), out[:3000]
    assert "roster has" not in answer(out, f"dr-okafor: {setup_line}")  # 8 trainees: no warning
    assert "Thu 24 Dec is skipped" in answer(out, f"dr-okafor: {' '.join(skip[1].split())}")
    assert "**Agenda: Thursday Balint group, Thu 3 Sep 2026 09:00 BST** Welcome to our first" in (
        answer(out, "wait until 2026-09-02 09:01")
    )
    assert "\n  !" not in out, out
    # the walk-through needs its group
    r = sandbox("--no-group", cwd=tmp_path)
    assert r.returncode == 2 and "--interactive" in r.stderr


def test_a_command_typed_where_a_form_waits_is_played_not_taken_as_its_text(
    tmp_path: Path,
) -> None:
    """A script that forgot a form's line (`/agenda set` then a command) once gave the next
    command to the form as its text: the agenda became "alice: /rota me" (or the gate refused it)
    and alice's command was lost. Now the form closes unsent and the command is played; text that
    only mentions a command is still an answer."""
    out = play(
        tmp_path,
        "dr-okafor: /agenda set\nalice: /rota me\n"
        "dr-okafor: /agenda set\nWelcome: /help is there.\nquit\n",
    )
    first = out.split("> dr-okafor: /agenda set", 2)[1]
    assert "form closed without sending" in first, first
    assert "alice sees (privately): **Your presenting" in first, first
    assert "fills in the form" not in first, first
    second = out.split("> dr-okafor: /agenda set", 2)[2]
    assert "fills in the form: agenda_text=Welcome: /help is there." in second, second
    assert "Saved." in second, second


def test_every_weekday_is_offered_and_a_sunday_group_meets_on_sundays(tmp_path: Path) -> None:
    """`commands` listed /group setup's weekday as Monday..Saturday (the first six choices
    only): a leader whose group meets on Sunday read that it could not. Every choice is listed
    now, and a Sunday group is set up, shown and moved like any other."""
    script = "\n".join(
        [
            "commands",
            "dr-okafor: /group setup channel:#balint-thursday name:Sunday group weekday:Sunday "
            "start_time:18:00 start_date:2026-09-01 end_date:2027-07-29 "
            "leader_role:@Balint leader trainee_role:@Core trainee",
            "alice: /schedule show count:2",
            "dr-okafor: /group edit weekday:Saturday",
            "quit",
        ]
    )
    r = sandbox("--interactive", "--no-group", cwd=tmp_path, stdin=script)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    out = r.stdout[r.stdout.index("\n> ") :]
    listed = answer(out, "commands")
    for line in [x for x in listed.split("/group ")[1:] if x.startswith(("setup", "edit"))]:
        assert "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday" in line, line
    setup = [x for x in out.split("\n> ") if x.startswith("dr-okafor: /group setup")][0]
    assert "Group set up." in setup and "Sunday" in setup, setup[:2000]
    shown = answer(out, "alice: /schedule show count:2")
    assert "Sun 6 Sep" in shown and "Sun 13 Sep" in shown, shown
    assert "Saturday" in answer(out, "dr-okafor: /group edit weekday:Saturday")
