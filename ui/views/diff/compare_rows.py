"""Throughput of two sessions matched per (framework, workload, task, mode, device); no Qt."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

GroupKey = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class DeltaRow:
    """One configuration of one framework in session A and B."""

    key: GroupKey
    a: float | None
    b: float | None

    @property
    def change_percent(self) -> float | None:
        """(B / A − 1) × 100, None when a side is missing."""
        if self.a is None or self.b is None or self.a <= 0:
            return None
        return (self.b / self.a - 1.0) * 100.0


def delta_rows(summary_a: dict[str, Any], summary_b: dict[str, Any]) -> list[DeltaRow]:
    """Every group of either session, matched on its key; A's order first, then B's extras."""
    a, b = _medians(summary_a), _medians(summary_b)
    keys = list(a) + [key for key in b if key not in a]
    return [DeltaRow(key, a.get(key), b.get(key)) for key in keys]


def _medians(summary: dict[str, Any]) -> dict[GroupKey, float | None]:
    found: dict[GroupKey, float | None] = {}
    for group in summary.get("groups", []):
        key = (group["framework"], group["workload"], group["task"], group["mode"],
               group["device"])
        tput = group.get("throughput")
        found[key] = float(tput["median"]) if tput and tput.get("median") is not None else None
    return found
