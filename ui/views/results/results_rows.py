"""Rows of the results tables, taken from the summary document (``build_summary``); no Qt.

The verdict text and ratio come straight from the summary's ``comparisons``, so the GUI shows
exactly what ``fwprof run`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from fwprof.catalog import FRAMEWORKS
from fwprof.report.sections import ComparisonSection
from fwprof.report.sections import Throughput as GroupThroughput
from fwprof.report.verdict_parts import verdict_parts

ConfigKey = tuple[str, str, str, str]  # workload, task, mode, device


@dataclass(frozen=True)
class Throughput:
    """Median samples/s with its 95 % CI."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, value: GroupThroughput | None) -> Throughput | None:
        """A group's throughput; without an interval (one process) low and high are the median."""
        if value is None:
            return None
        low, high = value.ci95 or (value.median, value.median)
        return cls(float(value.median), float(low), float(high))


@dataclass(frozen=True)
class ComparisonRow:
    """One configuration with both frameworks side by side."""

    key: ConfigKey
    throughput: dict[str, Throughput | None]
    errors: dict[str, str]
    ratio: float | None
    ci95: tuple[float, float] | None
    verdict: str
    winner: str | None  # the framework the verdict calls faster, None when none is
    headline: str = ""  # 'PyTorch 1.32× faster', 'No meaningful difference', 'Not decided'
    detail: str = ""  # interval, pairs, why undecided, noise floor
    notes: tuple[str, ...] = ()  # what each side's mode covers, what eager means
    statuses: dict[str, str] | None = None  # per framework: ok, skipped, failed, stopped


def comparison_rows(section: ComparisonSection) -> list[ComparisonRow]:
    """One row per compared configuration, in the summary's order."""
    rows = []
    for comp in section.comparisons:
        throughput, errors, statuses = {}, {}, {}
        for framework in FRAMEWORKS:
            group = section.group(framework, comp.config)
            throughput[framework] = Throughput.of(group.throughput if group else None)
            statuses[framework] = (group.status or "failed") if group else "not run"
            if group and group.errors:
                errors[framework] = "; ".join(group.errors)
        parts = verdict_parts(comp)
        rows.append(ComparisonRow(comp.config, throughput, errors, comp.ratio, comp.ci95,
                                  comp.verdict, parts.winner, parts.headline,
                                  parts.detail, tuple(parts.notes), statuses))
    return rows


def failed_runs(section: ComparisonSection, stopped: bool = False) -> list[str]:
    """'torch mlp train eager #1: failed: reason' for every run that did not complete: those
    that failed or were skipped, or (``stopped``) those the user stopped."""
    return [f"{run.label}: {run.status}: {run.error or 'no reason given'}"
            for run in section.runs if run.status != "ok" and (run.status == "stopped") == stopped]
