"""The maintainer's tools: CI (.ci/run) and the pre-commit hooks run the same checks (ruff's lint
and format check, mypy; settings in pyproject.toml), and installs are pinned by constraints.txt."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def ci_checks() -> list[str]:
    """The commands .ci/run runs after the tests."""
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    return [line for line in lines if line.startswith(".venv/bin/") and "pytest" not in line]


def test_ci_runs_ruff_and_mypy_after_the_tests_as_pre_commit_does() -> None:
    """ruff and mypy are CI's steps, not tests; the pre-commit hooks run exactly the same."""
    hooks = re.findall(r"^\s+entry: (.+)$", (ROOT / ".pre-commit-config.yaml").read_text(), re.M)
    assert (
        ci_checks()
        == hooks
        == [
            ".venv/bin/ruff check .",
            ".venv/bin/ruff format --check .",
            ".venv/bin/mypy",
        ]
    )


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
