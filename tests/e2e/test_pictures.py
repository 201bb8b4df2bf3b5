"""`balint-bot sandbox --html DIR`: the week as pages that look like Discord, opened in Chromium.

The pages are rendered by a real headless Chromium (Debian's `chromium`, which `.ci/run` installs):
its DOM after the page's own filter script ran, and its pixels. Without Chromium the test fails in
CI and is skipped only on a developer's machine without CI set.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from bot.sandbox.html import chromium, chromium_run, screenshot

GREEN_BUTTON = (0x24, 0x80, 0x46)  # Discord's success button: "I'm here"
BLURPLE_BUTTON = (0x58, 0x65, 0xF2)  # Discord's primary button: "I have a case in mind"


def need_chromium() -> None:
    if chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs it (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium); CI installs it")


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pages") / "week"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BALINT_", "DISCORD_"))}
    r = subprocess.run(
        [sys.executable, "-m", "bot", "sandbox", "--quiet", "--html", str(out)],
        cwd=out.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    assert f"Pages: {out / 'index.html'}" in r.stdout
    return out


def dom(url: str) -> str:
    return chromium_run("--dump-dom", url).stdout


def test_one_page_per_channel_and_dm_with_the_files_the_bot_attached(week: Path) -> None:
    index = (week / "index.html").read_text()
    for page in ("balint-thursday.html", "balint-leaders.html", "dm-alice.html"):
        assert f'href="{page}"' in index
        assert (week / page).is_file()
    saved = {p.suffix for p in (week / "files").iterdir()}
    assert {".ics", ".csv", ".pdf", ".png"} <= saved


def test_chromium_shows_the_group_channel_as_a_trainee_saw_it(week: Path) -> None:
    need_chromium()
    url = (week / "balint-thursday.html").as_uri() + "?viewer=alice"
    page = dom(url)
    assert "Check-in: Thursday Balint group" in page
    assert "I'm here</span>" in page  # the check-in's button
    assert "I have a case in mind</span>" in page
    assert "@alice</span> used" in page and "/schedule show" in page
    assert "Only alice can see this" in page
    assert "Only bob can see this" not in page, "the viewer filter must hide others' answers"
    assert "&lt;t:" not in page and "&lt;@" not in page, "mentions and times are rendered"


def test_the_screenshot_shows_discord_buttons_and_the_feedback_chart(
    week: Path, tmp_path: Path
) -> None:
    need_chromium()
    channel = screenshot(
        (week / "balint-thursday.html").as_uri() + "?viewer=", tmp_path / "channel.png"
    )
    with Image.open(channel) as image:
        rgb = image.convert("RGB")
        colours = {colour for _, colour in rgb.getcolors(maxcolors=1 << 20) or []}
        assert len(colours) > 500, "a blank or near-blank page"
        assert GREEN_BUTTON in colours and BLURPLE_BUTTON in colours
        assert rgb.height > 1000, "the week's posts, not just a header"
    leaders = screenshot(
        (week / "balint-leaders.html").as_uri() + "?viewer=dr-okafor", tmp_path / "leaders.png"
    )
    with Image.open(leaders) as image:
        rgb = image.convert("RGB")
        white = dict((c, n) for n, c in rgb.getcolors(maxcolors=1 << 20) or []).get(
            (255, 255, 255), 0
        )
        assert white > 50_000, "the feedback chart (a white PNG) is shown inline"


def test_the_weeks_messages_write_dates_and_counts_one_way(week: Path) -> None:
    """Every message of the sandbox week: dates as 'Thu 3 Sep' (no '03 Sep', no ISO dates outside
    a command to type), and no 'comment(s)'."""
    import html as html_lib
    import re

    odd = []
    for page in sorted(week.glob("*.html")):
        text = html_lib.unescape(re.sub(r"<code>.*?</code>|<pre>.*?</pre>", "", page.read_text()))
        text = re.sub(r"<style>.*?</style>|<script>.*?</script>|<[^>]+>", " ", text, flags=re.S)
        for pattern in (
            r"\b0\d (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)",
            r"\b20\d\d-\d\d-\d\d\b",
            r"\w\(s\)",
        ):
            odd += [f"{page.name}: {m[0]!r}" for m in re.finditer(pattern, text)]
    assert not odd, odd


def test_the_leaders_page_shows_the_debrief_prompt_and_the_note_only_to_its_reader(
    week: Path,
) -> None:
    """The debrief prompt is in the leaders' channel with its buttons; the note itself appears
    only in the private answer to the leader who pressed Read the note."""
    need_chromium()
    url = (week / "balint-leaders.html").as_uri()
    reader = dom(url + "?viewer=dr-okafor")
    assert "Debrief: Thursday Balint group, Thu 3 Sep." in reader
    assert "Write the debrief note</span>" in reader and "I wasn't there</span>" in reader
    assert "Who to keep an eye on" in reader and "Only dr-okafor can see this" in reader
    writer = dom(url + "?viewer=dr-lewis")
    assert "Debrief: Thursday Balint group, Thu 3 Sep." in writer
    assert "Who to keep an eye on</" not in writer and "Saved: the debrief note" in writer


def test_the_group_page_shows_one_timer_message_as_it_ended(week: Path) -> None:
    """The session's structure is one message, edited as the phases passed (never a stream)."""
    need_chromium()
    page = dom((week / "balint-thursday.html").as_uri() + "?viewer=")
    assert page.count("The session's structure: Thursday Balint group") == 1
    assert "The structure is complete." in page and "nothing said is recorded" in page
