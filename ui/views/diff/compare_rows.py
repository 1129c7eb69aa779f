"""Throughput of two sessions matched per (framework, workload, task, mode, device); no Qt."""

from __future__ import annotations

from dataclasses import dataclass

from fwprof.report.sections import ComparisonSection

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


def delta_rows(section_a: ComparisonSection, section_b: ComparisonSection) -> list[DeltaRow]:
    """Every group of either session, matched on its key; A's order first, then B's extras."""
    a, b = _medians(section_a), _medians(section_b)
    keys = list(a) + [key for key in b if key not in a]
    return [DeltaRow(key, a.get(key), b.get(key)) for key in keys]


def _medians(section: ComparisonSection) -> dict[GroupKey, float | None]:
    return {group.key: None if group.throughput is None else group.throughput.median
            for group in section.groups}
