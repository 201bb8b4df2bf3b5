"""`balint-bot sandbox` — the README's first command — runs offline, exits 0, and shows the group."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def sandbox(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
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


def test_the_scripted_walk_through_runs_offline_and_exits_0(tmp_path: Path):
    r = sandbox(cwd=tmp_path)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    assert "dr-okafor ▸ /group setup" in r.stdout
    assert "alice sees (privately)" in r.stdout
    assert "Sandbox finished" in r.stdout
    assert not (tmp_path / "data").exists(), "the sandbox must not leave a database behind"


def test_interactive_mode_takes_typed_commands(tmp_path: Path):
    r = sandbox(
        "--interactive", cwd=tmp_path, stdin="alice: /group show\nnobody: /group show\nquit\n"
    )
    assert r.returncode == 0, r.stderr[-2000:]
    assert "Thursday Balint group" in r.stdout.split("Type `name:")[-1]
    assert "nobody called 'nobody'" in r.stdout
