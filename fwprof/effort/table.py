"""Text for the start-up cost rows and the lines-of-code table."""

from __future__ import annotations

from typing import Any

from fwprof.catalog import FRAMEWORK_LABELS, FRAMEWORKS
from fwprof.effort.source import ModelSource
from fwprof.effort.startup import model_graph_breaks
from fwprof.report.columns import aligned

STARTUP_HEADERS = ("workload", "task", "mode", "framework", "import s", "build s", "1st step s",
                   "to 1st step s", "compile/trace s", "step ms", "retraces", "model graph breaks")


def render_startup(rows: list[dict[str, Any]]) -> list[str]:
    """The "Start-up cost" table, or nothing without rows."""
    if not rows:
        return []
    body = [startup_cells(row) for row in sorted(rows, key=_order)]
    return ["Start-up cost (medians over repeats):", *aligned(STARTUP_HEADERS, body, numeric_from=4),
            "(compile/trace: the first step minus a median step: tracing, compilation, first-call "
            "allocations)"]


def startup_cells(row: dict[str, Any]) -> list[str]:
    """One row's cells, as the CLI, markdown and HTML show them."""
    counters = row.get("counters") or {}
    cache = f" ({row['compile_cache']})" if row.get("compile_cache") else ""
    unsupported = counters.get("unsupported")
    extra = f" +{unsupported} unsupported" if unsupported else ""
    breaks_text = "-" if counters.get("graph_breaks") is None else f"{model_graph_breaks(counters)}{extra}"
    return [
        str(row["workload"]), str(row["task"]), str(row["mode"]),
        FRAMEWORK_LABELS.get(str(row["framework"]), str(row["framework"])),
        _num(row.get("import_s")), _num(row.get("build_s")), _num(row.get("first_step_s")),
        _num(row.get("time_to_first_step_s")), _num(row.get("compile_s")) + cache,
        _num(row.get("steady_step_ms")), _count(counters.get("retraces")), breaks_text,
    ]


def effort_rows(sources: list[ModelSource]) -> list[dict[str, Any]]:
    """Per workload: each framework's functions, code lines and tokens."""
    rows: dict[str, dict[str, Any]] = {}
    for item in sources:
        row = rows.setdefault(item.workload, {"workload": item.workload})
        row[item.framework] = {"lines": item.count.lines, "tokens": item.count.tokens,
                               "functions": list(item.functions), "path": item.path}
    return list(rows.values())


def render_effort(rows: list[dict[str, Any]]) -> list[str]:
    """Lines of code and tokens per workload and framework."""
    columns = [(fw, what) for fw in FRAMEWORKS for what in ("lines", "tokens")]
    headers = ["workload"] + [f"{FRAMEWORK_LABELS[fw]} {what}" for fw, what in columns]
    body = [[row["workload"]] + [str((row.get(fw) or {}).get(what, "-")) for fw, what in columns]
            for row in rows]
    return aligned(headers, body, numeric_from=1)


def _order(row: dict[str, Any]) -> tuple[Any, ...]:
    rank = FRAMEWORKS.index(row["framework"]) if row["framework"] in FRAMEWORKS else 99
    return (row["workload"], row["task"], row["mode"], row["device"], rank)


def _num(value: Any) -> str:
    if not isinstance(value, (int, float)):
        return "-"
    return f"{value:.3g}" if value < 100 else f"{value:,.0f}"


def _count(value: Any) -> str:
    return "-" if value is None else str(value)
