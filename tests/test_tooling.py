"""The maintainer's tools, run by the test suite so CI and every full run enforce them: ruff's lint
and format check, mypy on bot/ and cogs/ (settings in pyproject.toml), and installs pinned by
constraints.txt."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def run(*args: str) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec(args[0]) is None:
        pytest.fail(
            f'{args[0]} is not installed here: .venv/bin/pip install -q -c constraints.txt -e ".[test]"'
        )
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=900
    )


@pytest.mark.parametrize(
    "command", [("ruff", "check", "."), ("ruff", "format", "--check", ".")], ids=" ".join
)
def test_ruff(command: tuple[str, ...]) -> None:
    r = run(*command)
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy() -> None:
    r = run("mypy")
    assert r.returncode == 0, r.stdout + r.stderr


def name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_dependency_is_pinned_in_the_constraints() -> None:
    """README's install commands use constraints.txt: the same versions on every machine."""
    pinned = {
        name(line): line.split("==", 1)[1]
        for line in (ROOT / "constraints.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    }
    project = PYPROJECT["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    assert [r for r in wanted if name(r) not in pinned] == []
    for tool in ("ruff", "mypy"):  # the tools are pinned in pyproject too, to the same version
        [spec] = [r for r in wanted if name(r) == tool]
        assert spec == f"{tool}=={pinned[tool]}"
