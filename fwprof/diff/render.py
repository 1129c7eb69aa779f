"""``fwprof compare`` output: an aligned text report, or the ``fwprof.diff/1`` JSON document."""

from __future__ import annotations

from typing import Any

from fwprof.diff.deltas import KEY_FIELDS, Comparison, Key, Match, MetricDelta
from fwprof.render.fmt import DASH, framework_label, is_number, mebibytes, sig
from fwprof.results import SessionRecord

COMPARE_SCHEMA = "fwprof.diff/1"
METRIC_LABELS = {
    "throughput": "throughput samples/s", "step_ms_p50": "p50 step ms", "step_ms_p99": "p99 step ms",
    "first_step_s": "first step s", "peak_rss_bytes": "peak RSS", "mean_cpu_percent": "mean CPU %",
}
HEADERS = ("metric", "baseline", "new", "change", "95% CI of change", "significant", "")
OPERATOR_HEADERS = ("operator", "category", "baseline", "new", "change ms", "change")


def render_text(comparison: Comparison, base_name: str, new_name: str,
                base: SessionRecord, new: SessionRecord) -> str:
    """The report printed by ``fwprof compare``."""
    lines = [f"Baseline: {base_name} ({base.created or 'unknown date'}, {len(base.runs)} runs)",
             f"New:      {new_name} ({new.created or 'unknown date'}, {len(new.runs)} runs)"]
    lines += [f"Note: {change}" for change in environment_changes(base, new)]
    for match in comparison.matches:
        lines += ["", _match_heading(match)]
        if match.problem:
            lines.append(f"  not compared: {match.problem}")
            continue
        rows = [metric_row(m, match, comparison.threshold_percent) for m in match.metrics]
        lines += ["  " + line for line in aligned(HEADERS, rows)]
        lines += operator_lines(match)
    for label, keys in (("baseline", comparison.only_base), ("new", comparison.only_new)):
        if keys:
            lines += ["", f"Only in {label}: " + "; ".join(key_name(k) for k in keys)]
    lines += ["", verdict_text(comparison)]
    return "\n".join(lines)


def to_json(comparison: Comparison, base_name: str, new_name: str, base: SessionRecord,
            new: SessionRecord) -> dict[str, Any]:
    """The ``fwprof.diff/1`` document."""
    return {
        "schema": COMPARE_SCHEMA,
        "baseline": {"path": base_name, "created": base.created, "runs": len(base.runs)},
        "new": {"path": new_name, "created": new.created, "runs": len(new.runs)},
        "threshold_percent": comparison.threshold_percent,
        "environment_changes": environment_changes(base, new),
        "matches": [_match_json(m, comparison.threshold_percent) for m in comparison.matches],
        "only_in_baseline": [dict(zip(KEY_FIELDS, k, strict=True)) for k in comparison.only_base],
        "only_in_new": [dict(zip(KEY_FIELDS, k, strict=True)) for k in comparison.only_new],
        "regressions": [m.name for m in comparison.regressions],
    }


def key_name(key: Key) -> str:
    """``torch mlp train eager (cpu)``."""
    framework, workload, task, mode, device = key
    return f"{framework} {workload} {task} {mode} ({device})"


def environment_changes(base: SessionRecord, new: SessionRecord) -> list[str]:
    """Differences in CPU, cores and framework versions that may explain a change."""
    changes = []
    for key, label in (("cpu_model", "CPU"), ("cores_available", "cores"), ("os", "OS")):
        a, b = base.environment.get(key), new.environment.get(key)
        if a != b and a is not None and b is not None:
            changes.append(f"{label} differs: {a} -> {b}")
    fw_a, fw_b = base.environment.get("frameworks") or {}, new.environment.get("frameworks") or {}
    for name in sorted(set(fw_a) & set(fw_b)):
        a, b = _version(fw_a[name]), _version(fw_b[name])
        if a != b:
            changes.append(f"{framework_label(name)} version differs: {a} -> {b}")
    return changes


def aligned(headers: tuple[str, ...], rows: list[list[str]], numeric: range = range(1, 5)) -> list[str]:
    """Columns padded to equal width; those in ``numeric`` right-aligned."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: tuple[str, ...] | list[str]) -> str:
        return "  ".join(c.rjust(w) if i in numeric else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *(line(row) for row in rows)]


def _match_heading(match: Match) -> str:
    runs = f"{match.runs[0]} vs {match.runs[1]} successful runs"
    differ = ", ".join(f"{name} {a} -> {b}" for name, (a, b) in match.settings_differ.items())
    return f"{match.name}: {runs}" + (f"; settings differ: {differ}" if differ else "")


def metric_row(metric: MetricDelta, match: Match, threshold: float) -> list[str]:
    """One metric's cells as :data:`HEADERS` orders them (the app's Compare tab shows them too)."""
    ci = DASH if metric.ci95 is None else f"[{_percent(metric.ci95[0])}, {_percent(metric.ci95[1])}]"
    significant = {True: "yes", False: "no", None: DASH}[metric.significant]
    flag = ""
    if metric.name == "throughput" and match.regressed(threshold):
        flag = "REGRESSION"
    elif metric.significant and metric.better and metric.relative is not None:
        improved = (metric.relative > 0) == (metric.better == "higher")
        flag = "better" if improved else "worse"
    return [METRIC_LABELS.get(metric.name, metric.name), _value(metric, metric.base),
            _value(metric, metric.new), _percent(metric.relative), ci, significant, flag]


def operator_lines(match: Match) -> list[str]:
    """The top operator changes of a traced configuration (or why there are none), indented."""
    if match.operators_note:
        return [f"  {match.operators_note}"]
    ops = match.operators
    if ops is None:
        return []
    heading = (f"  Top operator changes, ms per traced step ({ops.runs[0]} vs {ops.runs[1]}; "
               f"{ops.time_kind or 'operator time'}; one traced run per side, no CI): "
               f"all operators {sig(ops.base_total_ms)} -> {sig(ops.new_total_ms)}")
    rows = [[row.name, row.category, sig(row.base_ms), sig(row.new_ms), f"{row.delta_ms:+.3g}",
             _percent(row.relative)] for row in ops.rows]
    table = aligned(OPERATOR_HEADERS, rows, numeric=range(2, 6))
    return [heading, *("    " + line for line in table)]


def verdict_text(comparison: Comparison) -> str:
    """The closing line: no throughput regression, or which configurations regressed."""
    regressions = comparison.regressions
    rule = (f"throughput down more than {comparison.threshold_percent:g} % "
            "with the 95 % CI of the change below 0")
    if not regressions:
        return f"No throughput regression ({rule})."
    names = "; ".join(f"{m.name} {_percent(_relative(m))}" for m in regressions)
    return f"{len(regressions)} throughput regression(s) ({rule}): {names}"


def _relative(match: Match) -> float | None:
    metric = match.metric("throughput")
    return None if metric is None else metric.relative


def _match_json(match: Match, threshold: float) -> dict[str, Any]:
    return {
        **dict(zip(KEY_FIELDS, match.key, strict=True)), "runs_ok": list(match.runs),
        "settings_differ": {k: list(v) for k, v in match.settings_differ.items()},
        "problem": match.problem or None, "regression": match.regressed(threshold),
        "metrics": [m.to_dict() for m in match.metrics],
        "operators": None if match.operators is None else match.operators.to_dict(),
        "operators_note": match.operators_note or None,
    }


def _value(metric: MetricDelta, value: float | None) -> str:
    if metric.unit == "B":
        return mebibytes(value)
    return sig(value)


def _percent(value: float | None) -> str:
    return f"{float(value) * 100:+.1f} %" if value is not None and is_number(value) else DASH


def _version(info: Any) -> str:
    return str(info.get("version")) if isinstance(info, dict) else str(info)
