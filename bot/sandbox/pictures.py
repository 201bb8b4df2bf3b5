"""The README's pictures: the sandbox's week played, written as pages, and screenshotted with
headless Chromium (`python -m bot.sandbox.pictures bot/sandbox/screenshots`). Apart from
bot.sandbox.html, so that the pages' writer does not import the demo that uses it."""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from bot.sandbox.demo import run_sandbox
from bot.sandbox.html import screenshot
from bot.settings import load_settings

# The README's pictures: (file, page, what the page is cut to). Regenerate them after a wording
# change with `python -m bot.sandbox.pictures bot/sandbox/screenshots` (needs chromium).
SCREENSHOTS = (
    ("the-week.png", "balint-thursday.html", "viewer="),
    ("a-trainees-view.png", "balint-thursday.html", "viewer=alice&day=2026-09-03&to=10:16"),
    ("the-leaders-channel.png", "balint-leaders.html", "viewer=dr-okafor"),
    ("direct-messages.png", "dm-alice.html", ""),
)


def main(argv: list[str] | None = None) -> int:
    """Play the sandbox week, write its pages and screenshot them into the folder given."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="balint-pages-") as tmp:
        pages = Path(tmp)
        code = asyncio.run(
            run_sandbox(load_settings(None), quiet=True, html_dir=pages, output=None)
        )
        args.folder.mkdir(parents=True, exist_ok=True)
        for name, page, query in SCREENSHOTS:
            url = (pages / page).resolve().as_uri() + (f"?{query}" if query else "")
            print(screenshot(url, args.folder / name, height=4000, small=True))
    return code


if __name__ == "__main__":
    raise SystemExit(main())
