"""The year's record through the emulator: the certificate a trainee takes to their portfolio,
a leader's endorsement, and checking its code (in Discord and with `balint-bot verify`)."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from typing import Any

from bot.app import BalintBot
from bot.sandbox.timetravel import TravelClock as Clock
from bot.sandbox.world import World
from bot.store.groups import Group
from tests.e2e._pdf import the_pdf


async def cli_verify(bot: BalintBot, code: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BALINT_", "DISCORD_"))}
    env["BALINT_DATABASE__PATH"] = str(bot.settings.database_path)
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", "verify", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_a_certificate_is_endorsed_and_its_code_checked_against_the_ledger(
    bot: BalintBot, world: World, group: Group, clock: Clock
) -> None:
    ch = world.channel
    alice, bob = world.trainee("alice"), world.trainee("bob")
    r = await alice.slash("volunteer", in_channel=ch, session="2026-09-10")
    assert "down to present" in r.text, r.text
    await clock.move_to(datetime(2026, 9, 18, 12, tzinfo=UTC))  # three Thursdays later
    marks: list[tuple[str, str, dict[str, Any]]] = [
        ("2026-09-03", "attended", {}),
        ("2026-09-10", "late", {}),
        ("2026-09-17", "excused", {"reason": "leave"}),
    ]
    for day, status, extra in marks:
        r = await world.leader.slash(
            "attendance mark", in_channel=ch, member=alice, date=day, status=status, **extra
        )
        assert "Recorded" in r.text, r.text

    r = await alice.slash("attendance me", in_channel=ch)
    assert r.ephemeral and "a leader can endorse it" in r.text
    text = the_pdf(r.files)
    for expected in (
        "Trainee: alice",
        "Group: Thursday Balint group",
        "dr-okafor",
        "dr-lewis",
        "Period: 1 Sep 2026 to 31 Jul 2027",
        "Thu 3 Sep 2026",
        "Thu 10 Sep 2026",
        "attended (late), presented",
        "excused absence (annual or study leave)",
        "Presentations given: 1: Thu 10 Sep 2026",
        "2 sessions attended (1 late)",
        "Target: 25",
        "Not yet endorsed",
    ):
        assert expected in text, (expected, text)

    # only leaders endorse
    r = await bob.slash("attendance endorse", in_channel=ch, member=alice)
    assert r.ephemeral and "Only the leaders" in r.text
    before = len(bob.inbox)
    r = await world.leader.slash("attendance endorse", in_channel=ch, member=bob)
    assert "nothing to endorse" in r.text and len(bob.inbox) == before

    r = await world.leader.slash("attendance endorse", in_channel=ch, member=alice)
    assert r.ephemeral and "Endorsed" in r.text, r.text
    found = re.search(r"\*\*([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})\*\*", r.text)
    assert found, r.text
    code = found.group(1)
    endorsed = the_pdf(r.files)
    assert "Endorsed by dr-okafor, group leader, on Fri 18 Sep 2026" in endorsed
    assert f"Verification code: {code}" in endorsed and "Thu 10 Sep 2026" in endorsed
    dm = [m for m in alice.inbox if code in m.text]
    assert len(dm) == 1 and the_pdf(dm[0].files) == endorsed
    # the trainee's own copy now carries the endorsement too
    r = await alice.slash("attendance me", in_channel=ch)
    assert code in r.text and f"Verification code: {code}" in the_pdf(r.files)

    # anyone with the code can check it, in the server or from the command line
    r = await world.outsider.slash("attendance verify", in_channel=world.general, code=code)
    assert r.ephemeral and "VALID" in r.text and "alice" in r.text and "dr-okafor" in r.text
    # up to the last session that met (Thu 17 Sep), not the day of endorsing (Fri 18 Sep)
    assert "covering the sessions up to Thu 17 Sep." in r.text, r.text
    assert "`" not in endorsed, "the PDF prints no Markdown backticks"
    r = await world.outsider.slash("attendance verify", code=code.lower().replace("-", " "))
    assert "VALID" in r.text
    done = await cli_verify(bot, code)
    assert done.returncode == 0 and done.stdout.startswith("VALID"), done

    # a correction after endorsing: the code no longer vouches for the ledger
    await world.leader.slash(
        "attendance mark", in_channel=ch, member=alice, date="2026-09-10", status="attended"
    )
    r = await world.outsider.slash("attendance verify", in_channel=world.general, code=code)
    assert "CHANGED" in r.text and "VALID" not in r.text
    assert (await cli_verify(bot, code)).returncode == 1
    r = await alice.slash("attendance me", in_channel=ch)
    assert "Not yet endorsed" in the_pdf(r.files)

    # bad codes: a clear private answer
    r = await world.outsider.slash("attendance verify", in_channel=world.general, code="hello")
    assert r.ephemeral and "is not a verification code" in r.text
    r = await world.outsider.slash(
        "attendance verify", in_channel=world.general, code="ABCD-EFGH-JKLM"
    )
    assert "it has L" in r.text and "never uses 0, 1, I, L or O" in r.text, r.text
    misread = await cli_verify(bot, "ABCD-EFGH-JKLM")
    assert misread.returncode == 1 and "never uses 0, 1, I, L or O" in misread.stdout
    r = await world.outsider.slash(
        "attendance verify", in_channel=world.general, code="2222-3333-4444"
    )
    assert "No certificate has the code 2222-3333-4444" in r.text
    unknown = await cli_verify(bot, "2222-3333-4444")
    assert unknown.returncode == 1 and "No certificate" in unknown.stdout
