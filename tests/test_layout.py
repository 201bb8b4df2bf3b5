"""The house rules of the layout (CONTRIBUTING.md → Where code goes), checked on the source itself:
SQL only in bot/store, nothing in bot/ imports cogs/ (but the extension loader), bot/domain imports
nothing of ours and no discord, bot/emulator imports nothing of the bot, no capability in cogs/
imports another, every capability asks the de-identification gate through bot/gate.py, and every
package is installed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SQL = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|"
    r"CREATE\s+(TABLE|INDEX|TRIGGER)|DROP\s+TABLE|ALTER\s+TABLE|PRAGMA\s+\w+)\b",
    re.S,
)


def sources(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def strings(path: Path) -> list[tuple[int, str]]:
    """Every string in the module, f-strings' literal parts joined (so split SQL is seen whole)."""
    found = []
    tree = ast.parse(path.read_text(), str(path))
    parts = {
        id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in parts:
            found.append((node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):
            text = "".join(
                str(v.value) if isinstance(v, ast.Constant) else " x " for v in node.values
            )
            found.append((node.lineno, text))
    return found


def imports(path: Path, root: Path = ROOT) -> set[str]:
    """Every module the file imports, as absolute names: a relative import is resolved against
    the file's package, and `from cogs import drafts` counts as cogs.drafts too."""
    package = path.relative_to(root).parent.parts
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names |= {f"{module}.{a.name}" for a in node.names if a.name != "*"}
    return names


def test_sql_appears_only_in_the_store() -> None:
    outside = [
        f"{path.relative_to(ROOT)}:{line}: {text.strip()[:60]!r}"
        for path in sources("bot", "cogs")
        if not path.is_relative_to(ROOT / "bot" / "store")
        for line, text in strings(path)
        if SQL.search(text)
    ]
    assert outside == []


def test_the_check_sees_sql_split_over_lines_and_in_f_strings(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'q = ("SELECT kind FROM deliveries "\n     "WHERE x = ?")\n'
        'c = "ends_at"\nf = f"SELECT * FROM sessions WHERE {c} >= ?"\n'
        'w = "Please select one from the list"\n'
    )
    assert [line for line, text in strings(sample) if SQL.search(text)] == [1, 4]


def test_the_domain_imports_nothing_of_ours_and_no_discord() -> None:
    for path in sources("bot/domain"):
        ours = {
            name
            for name in imports(path)
            if name.split(".")[0] in ("bot", "cogs", "discord", "aiosqlite")
            and not name.startswith("bot.domain")
        }
        assert ours == set(), path


def test_the_emulator_imports_nothing_of_the_bot() -> None:
    """The local Discord serves any discord.py bot: what it needs of ours is injected."""
    for path in sources("bot/emulator"):
        ours = {
            name
            for name in imports(path)
            if name.split(".")[0] in ("bot", "cogs") and not name.startswith("bot.emulator")
        }
        assert ours == set(), path


def test_no_capability_imports_another() -> None:
    """Capabilities talk through bot.hooks, never by importing each other (cogs/help.py, a
    capability of one module, included)."""
    for path in sources("cogs"):
        parts = path.relative_to(ROOT / "cogs").parts
        mine = parts[0].removesuffix(".py")
        others = {
            name
            for name in imports(path)
            if name.split(".")[0] == "cogs" and name.count(".") >= 1 and name.split(".")[1] != mine
        }
        assert others == set(), path


def test_the_import_checks_see_relative_and_from_package_imports(tmp_path: Path) -> None:
    """A capability that reached another by `from ..drafts import x` or `from cogs import drafts`
    would pass a check that read only absolute module names."""
    sessions = tmp_path / "cogs" / "sessions"
    sessions.mkdir(parents=True)
    sample = sessions / "_cog.py"
    sample.write_text("from ..drafts import _cog\nfrom cogs import groups\nfrom . import _agenda\n")
    assert imports(sample, tmp_path) >= {
        "cogs.drafts", "cogs.drafts._cog", "cogs.groups", "cogs.sessions._agenda"
    }  # fmt: skip


def test_bot_does_not_import_the_capabilities() -> None:
    for path in sources("bot"):
        found = {name for name in imports(path) if name.split(".")[0] == "cogs"}
        allowed = {"cogs"} if path == ROOT / "bot" / "app.py" else set()  # the extension loader
        assert found <= allowed, path


def test_the_capabilities_ask_the_gate_through_bot_gate() -> None:
    """bot/gate.py loads the gate's word lists in a thread; the gate's own check, called on the
    event loop before they are loaded, would hold every other press for the load."""
    direct = {"bot.domain.deidentify.check", "bot.domain.deidentify.scan"}
    for path in sources("cogs"):
        assert not imports(path) & direct, path


def test_every_package_is_installed() -> None:
    """A capability package missing from pyproject.toml works in an editable install, but a plain
    `pip install .` would leave it out."""
    import tomllib

    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for folder in ("bot", "cogs")
        for init in (ROOT / folder).rglob("__init__.py")
    }
    assert found <= listed
