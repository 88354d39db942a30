"""Pieces shared by the speed benchmarks: percentiles, process memory, queries cut from titles,
the results file.

>>> percentile([30.0, 10.0, 20.0], 0.5)
20.0
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def percentile(values: list[float], p: float) -> float:
    """The value at rank p of the sorted values (nearest rank); 0.0 for no values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))] if ordered else 0.0


def vmrss_kb(pid: int | str = "self") -> int:
    """Resident memory of one process, from /proc (Linux)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))


def title_query(title: str, rng: random.Random) -> str | None:
    """1–4 consecutive words of a title: a query nobody tuned the engine for (None if untitled)."""
    words = title.split()
    if not words:
        return None
    n = rng.randint(1, min(4, len(words)))
    start = rng.randint(0, len(words) - n)
    return " ".join(words[start : start + n])


def write_results(name: str, report: Any) -> Path:
    """Write a benchmark's figures to bench/results/<name>.json (the folder made if missing)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(report, indent=1))
    return path
