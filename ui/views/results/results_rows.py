"""Rows of the results tables, taken from the summary document (``build_summary``); no Qt.

The verdict text and ratio come straight from the summary's ``comparisons``, so the GUI shows
exactly what ``fwprof run`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fwprof.catalog import FRAMEWORKS
from fwprof.report.verdict_parts import verdict_parts

ConfigKey = tuple[str, str, str, str]  # workload, task, mode, device


@dataclass(frozen=True)
class Throughput:
    """Median samples/s with its 95 % CI."""

    median: float
    low: float
    high: float

    @classmethod
    def from_summary(cls, value: dict[str, Any] | None) -> Throughput | None:
        if not value or value.get("median") is None:
            return None
        low, high = value.get("ci95") or (value["median"], value["median"])
        return cls(float(value["median"]), float(low), float(high))


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


def comparison_rows(summary: dict[str, Any]) -> list[ComparisonRow]:
    """One row per compared configuration, in the summary's order."""
    groups = {_group_key(g): g for g in summary.get("groups", [])}
    rows = []
    for comp in summary.get("comparisons", []):
        key: ConfigKey = (comp["workload"], comp["task"], comp["mode"], comp["device"])
        throughput, errors, statuses = {}, {}, {}
        for framework in FRAMEWORKS:
            group = groups.get((framework, *key))
            throughput[framework] = Throughput.from_summary(group.get("throughput") if group else None)
            statuses[framework] = str(group.get("status") or "failed") if group else "not run"
            if group and group.get("errors"):
                errors[framework] = "; ".join(group["errors"])
        ci = comp.get("ci95")
        ci95 = (float(ci[0]), float(ci[1])) if ci else None
        parts = verdict_parts(comp)
        winner = parts.winner if "decision" in comp else winner_of(ci95)  # old summaries: by CI
        rows.append(ComparisonRow(key, throughput, errors, comp.get("ratio"), ci95,
                                  str(comp.get("verdict", "")), winner, parts.headline,
                                  parts.detail, tuple(parts.notes), statuses))
    return rows


def winner_of(ci95: tuple[float, float] | None) -> str | None:
    """For summaries written before decisions had a margin: TensorFlow if the TF/PyTorch CI
    lies above 1, PyTorch if below, None if it spans 1."""
    if ci95 is None:
        return None
    if ci95[0] > 1.0:
        return "tensorflow"
    if ci95[1] < 1.0:
        return "torch"
    return None


def failed_runs(summary: dict[str, Any], stopped: bool = False) -> list[str]:
    """'torch mlp train eager #1: failed: reason' for every run that did not complete: those
    that failed or were skipped, or (``stopped``) those the user stopped."""
    lines = []
    for run in summary.get("runs", []):
        if run.get("status") in ("ok", None) or (run.get("status") == "stopped") != stopped:
            continue
        label = f"{run['framework']} {run['workload']} {run['task']} {run['mode']} #{run['repeat'] + 1}"
        lines.append(f"{label}: {run['status']}: {run.get('error') or 'no reason given'}")
    return lines


def _group_key(group: dict[str, Any]) -> tuple[str, str, str, str, str]:
    return (group["framework"], group["workload"], group["task"], group["mode"], group["device"])
