"""The de-identification gate's verdict for the cogs, without holding the event loop to load it.

The gate (bot.domain.deidentify) loads its word lists on first use: about 7 MB of text, some 30
MB in memory and a few hundred milliseconds of pure Python (more on a busy machine). On the
event loop that first use held every other member's press for as long, and each cog met it on
its own (a feedback comment, an agenda, a reflection, a leader's note). So every cog asks the gate
through `check` here, which loads the lists in a thread the first time (callers that come
meanwhile wait for the same load, without holding the loop), and the bot starts that load at
READY (`load`), so a member rarely waits for it at all. Once loaded, a scan runs on the loop:
0.5 to 5 ms of pure Python, which in a thread too would hold the interpreter's lock and only
add hand-offs (benchmarks/README.md, Saturation, second round).
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import pkgutil
import threading
from collections.abc import Iterable, Mapping

from bot.domain import deidentify
from bot.domain.deidentify import Checked

# A text that reaches every detector (names, places, numbers, dates, ages, public figures), so
# the scans' own first uses (patterns compiled on first use) are made in the thread too.
_SAMPLE = (
    "Dr Smith saw Mrs Patel (Will Baker's aunt) from Leeds General at 14 Acacia Road, Sheffield "
    "S1 2AB, on 3 May 2026; she is 93, NHS 943 476 5919, and admires Churchill and Winnicott."
)

_lock = threading.Lock()
_loaded = False


def loaded() -> bool:
    """The gate's word lists are in memory: a check costs only its scan."""
    return _loaded


def _load() -> None:
    """Every word list of the gate, in this (worker) thread: each of its loaders that takes no
    argument (they are cached, so the scans find them loaded), then one scan of a sample."""
    global _loaded
    with _lock:
        if _loaded:
            return
        for info in pkgutil.iter_modules(deidentify.__path__):
            module = importlib.import_module(f"{deidentify.__name__}.{info.name}")
            for value in list(vars(module).values()):
                if _a_list_loader(value, module.__name__):
                    value()
        deidentify.check({"sample": _SAMPLE}, members=["Rosa Lee"])
        _loaded = True


def _a_list_loader(value: object, module: str) -> bool:
    """A function of the gate's own, cached, that takes no argument: it loads a list."""
    if not callable(value) or not hasattr(value, "cache_info"):
        return False
    if getattr(value, "__module__", None) != module:
        return False
    try:
        parameters = inspect.signature(value).parameters.values()
    except (TypeError, ValueError):
        return False
    return all(
        p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in parameters
    )


async def load() -> None:
    """Load the gate's word lists in a thread, once (at once if they are loaded already)."""
    if not _loaded:
        await asyncio.to_thread(_load)


async def check(
    fields: Mapping[str, str | None],
    *,
    members: Iterable[str] = (),
    pseudonyms: Iterable[str] = (),
    own_name: bool = False,
) -> Checked:
    """`bot.domain.deidentify.check`, its word lists loaded first in a thread if they are not."""
    if not _loaded:
        await load()
    return deidentify.check(
        fields, members=list(members), pseudonyms=list(pseudonyms), own_name=own_name
    )


__all__ = ["check", "load", "loaded"]
