"""Resident memory of this process, on its own so a bare process can measure itself without
importing the bot (benchmarks/_sessions_harness.py imports the bot's code)."""

from __future__ import annotations

import os


def rss_mb() -> float:
    """Resident memory now (Linux VmRSS), in MB; NaN where /proc is not there."""
    try:
        with open(f"/proc/{os.getpid()}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")
