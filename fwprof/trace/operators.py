"""Top operators per framework, grouped into shared categories, from runs' ``trace`` events."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fwprof.results import RunResult
from fwprof.trace.categories import CATEGORIES, categorize
from fwprof.trace.payload import TRACE_EVENT

#: Operators listed per framework and configuration.
TOP_N = 10


def trace_event(run: RunResult) -> dict[str, Any] | None:
    """The run's ``trace`` event, if it sent one."""
    return next((e for e in run.events if e.get("k") == TRACE_EVENT), None)


def operators_summary(runs: list[RunResult], top_n: int = TOP_N) -> list[dict[str, Any]]:
    """Per configuration (workload, task, mode, device), each framework's first traced run:
    milliseconds per traced step by category and its top operators, or why there are none."""
    by_config: dict[tuple[str, ...], dict[str, dict[str, Any]]] = defaultdict(dict)
    for run in runs:
        event = trace_event(run)
        if event is None or run.is_script:
            continue
        spec = run.run_spec
        side = by_config[spec.config_key]
        if spec.framework not in side:
            side[spec.framework] = framework_operators(run.run_id, event, top_n)
    return [{"config": " ".join(key), "workload": key[0], "task": key[1], "mode": key[2],
             "device": key[3], "frameworks": sides} for key, sides in by_config.items()]


def framework_operators(run_id: str, event: dict[str, Any], top_n: int = TOP_N) -> dict[str, Any]:
    """One run's operator table: per-step milliseconds by category, and the top operators."""
    steps = max(int(event.get("steps") or 1), 1)
    ops = [op for op in event.get("operators") or [] if isinstance(op, dict)]
    categories = dict.fromkeys(CATEGORIES, 0.0)
    rows: list[dict[str, Any]] = []
    for op in ops:
        name, total = str(op.get("name", "?")), _number(op.get("time_ms"))
        category = str(op.get("category") or categorize(name))
        categories[category if category in categories else "other"] += total / steps
        rows.append({"name": name, "category": category, "ms_per_step": total / steps,
                     "calls_per_step": _number(op.get("calls")) / steps})
    rows.sort(key=lambda row: -row["ms_per_step"])
    note = str(event.get("operators_note") or "")
    if not rows and not note:
        note = "not available: the trace held no operator times"
    return {"run_id": run_id, "steps": steps, "time_kind": str(event.get("time_kind") or ""),
            "categories": categories if rows else {}, "top": rows[:top_n], "note": note,
            "files": [_file_info(f) for f in event.get("files") or [] if isinstance(f, dict)],
            "notes": [str(n) for n in event.get("notes") or []]}


def _file_info(entry: dict[str, Any]) -> dict[str, Any]:
    return {key: entry.get(key) for key in ("name", "format", "raw_bytes", "stored_bytes", "note")}


def _number(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0
