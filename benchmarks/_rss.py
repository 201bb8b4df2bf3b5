"""Resident memory of this process, on its own so a bare process can measure itself without
importing the bot (benchmarks/_sessions_harness.py imports the bot's code)."""

from __future__ import annotations

import os


def rss_mb(pid: int | None = None) -> float:
    """Resident memory now (Linux VmRSS) of this process (or `pid`), in MB; NaN where /proc is
    not there."""
    try:
        with open(f"/proc/{pid or os.getpid()}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")
