"""Settings, declared once with their defaults and help; each can be set by an environment variable.

>>> setting("index_path")
'index/current'
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    @property
    def env(self) -> str:
        return "MIRSAD_" + self.name.upper()


SETTINGS = {
    s.name: s
    for s in (
        Setting("index_path", "index/current", "where the index is built and searched"),
        Setting("corpus", "seeds", "the folder `mirsad index` reads by default"),
        Setting("host", "127.0.0.1", "address `mirsad serve` listens on"),
        Setting("port", "8000", "port `mirsad serve` listens on"),
        Setting(
            "threads",
            "2",
            "worker threads of each server process (searching is CPU-bound: more threads only "
            "contend for the interpreter lock; 2 gave the best p95 in `make bench-load`)",
        ),
        Setting(
            "workers",
            str(min(2, os.cpu_count() or 1)),
            "server processes (default: both cores of a 2-core machine)",
        ),
    )
}


def setting(name: str) -> str:
    """The value of a setting: its environment variable if set, else its default."""
    s = SETTINGS[name]
    return os.environ.get(s.env, s.default)
