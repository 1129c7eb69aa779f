"""The Compare tab's rows from :mod:`fwprof.diff`: the figures ``fwprof compare`` prints; no Qt.

Each matched configuration gives one row per metric with both values, the change, its 95 %
interval and the significance mark, all as :func:`fwprof.diff.render.metric_row` writes them
for the text report, so the tab and the CLI never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from fwprof.diff import Comparison, Match, MetricDelta
from fwprof.diff.render import METRIC_LABELS, key_name, metric_row

HEADERS = ("Configuration", "A", "B", "Change", "95 % CI", "Significant")
#: The metrics ``fwprof compare`` reports, in its order, with the names its text uses.
METRICS: dict[str, str] = dict(METRIC_LABELS)


@dataclass(frozen=True)
class ChangeRow:
    """One metric of one configuration, as text, with what the tab sorts and colours by."""

    framework: str
    configuration: str
    metric: str  # its name in fwprof.diff ("throughput", "step_ms_p50", ...)
    cells: tuple[str, ...]  # A .. Significant (HEADERS[1:])
    change: float | None  # relative change (sort key)
    tone: str  # "better", "worse", "regression", "not significant", or "" (no interval)


def change_rows(comparison: Comparison, metric: str = "throughput") -> list[ChangeRow]:
    """One metric of every matched configuration (all metrics for ``metric=""``), in the
    order ``fwprof compare`` prints them; a configuration it could not compare says why."""
    rows: list[ChangeRow] = []
    for match in comparison.matches:
        if match.problem:
            rows.append(_problem_row(match))
            continue
        rows += [_metric_row(match, delta, comparison.threshold_percent)
                 for delta in match.metrics if not metric or delta.name == metric]
    return rows


def _metric_row(match: Match, metric: MetricDelta, threshold: float) -> ChangeRow:
    _label, base, new, change, ci, significant, flag = metric_row(metric, match, threshold)
    tone = {"REGRESSION": "regression", "better": "better", "worse": "worse"}.get(flag, "")
    if significant == "no":
        tone = "not significant"
    mark = significant if not flag else f"{significant}: {flag.lower()}"
    return ChangeRow(match.key[0], key_name(match.key), metric.name,
                     (base, new, change, ci, mark), metric.relative, tone)


def _problem_row(match: Match) -> ChangeRow:
    return ChangeRow(match.key[0], key_name(match.key), "",
                     ("-", "-", "not compared", "-", match.problem), None, "")


def no_match_text(comparison: Comparison) -> str:
    """Why nothing is compared when the snapshots share no configuration ("" when they do)."""
    if comparison.matches:
        return ""
    if not comparison.only_base and not comparison.only_new:
        return ("Neither snapshot has built-in runs (framework, workload, task, mode, device) "
                "to compare: script and deploy sessions are not compared here.")
    return ("These snapshots share no configuration (framework, workload, task, mode and "
            f"device must all match), so nothing is compared. Only in A: {_names(comparison.only_base)}. "
            f"Only in B: {_names(comparison.only_new)}.")


def unmatched_text(comparison: Comparison) -> str:
    """The configurations found in one snapshot only, when others do match ("" otherwise)."""
    if not comparison.matches:
        return ""
    parts = [f"Only in {side}: {_names(keys)}"
             for side, keys in (("A", comparison.only_base), ("B", comparison.only_new)) if keys]
    return ". ".join(parts) + ("." if parts else "")


def _names(keys: list[tuple[str, str, str, str, str]]) -> str:
    return "; ".join(key_name(key) for key in keys) or "nothing"
