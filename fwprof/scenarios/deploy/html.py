"""The deployment section of the HTML report (``--task deploy``): table, charts, problems.

One row per (workload, framework, format) from the summary's ``deploy`` list; charts of
latency at batch 1 (bar: p50, whisker: p90 to p99) and of throughput with its 95 % CI; then
why any format did not complete, and the export warnings, in collapsed ``<details>``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fwprof.render.charts import framework_color
from fwprof.render.fmt import DASH, mebibytes, seconds, sig, throughput_ci
from fwprof.render.svg import Bar, BarGroup, bar_chart, esc
from fwprof.render.tables import data_table, framework_cell
from fwprof.scenarios.deploy.table import format_name, short_error, size_text

HEADERS = ("workload", "framework", "format", "status", "size", "export", "load", "first inference",
           "max |diff| (rel)", "p50 ms", "p90 ms", "p99 ms", "samples/s [95% CI]", "batch",
           "peak RSS", "warnings")


def deploy_section(summary: dict[str, Any]) -> str:
    """The whole section; empty when the session ran no deploy task."""
    rows = summary.get("deploy") or []
    if not rows:
        return ""
    table = data_table(HEADERS, [_cells(row) for row in rows], numeric_from=4)
    tolerance = float(rows[0].get("parity_tolerance") or 1e-4)
    note = ('<p class="note">Each stage ran in a fresh process with equal threads: export, load and '
            "first inference, latency (single-stream queries at batch 1), throughput (offline "
            "batches). Parity: max |artifact − eager| over batch 1 and the throughput batch; a format "
            f"fails beyond a relative difference of {tolerance:g}.</p>")
    charts = [_chart("Latency at batch 1", "ms", rows, _latency_bar,
                     "bar: p50 query time; whisker: p90 to p99"),
              _chart("Throughput", "samples/s", rows, _throughput_bar,
                     "samples/s at the median batch time; whisker: 95 % CI")]
    return (f"<section><h2>Deployment</h2>{note}{table}{''.join(charts)}"
            f"{_problems(rows)}{_warnings(rows)}</section>")


def _cells(row: dict[str, Any]) -> list[str]:
    latency, parity, tput = row.get("latency_ms") or {}, row.get("parity") or {}, row.get("throughput")
    status = str(row.get("status"))
    kind = "ok" if status == "ok" else "bad"
    title = esc(short_error(row.get("error") or "", 400))
    badge = f'<span class="badge {kind}" title="{title}">{esc(status)}</span>'
    diff = DASH if parity.get("max_abs_diff") is None else \
        f"{parity['max_abs_diff']:.1e} ({parity.get('max_rel_diff', 0):.1e})"
    return [
        esc(row.get("workload")), framework_cell(str(row.get("framework"))),
        f'<span title="{esc(row.get("exporter") or "")} → {esc(row.get("runtime_label") or "")}">'
        f"{esc(row.get('format_label'))} <code>{esc(row.get('format'))}</code></span>", badge,
        esc(size_text(row.get("artifact_bytes")) if row.get("artifact_bytes") is not None else DASH),
        esc(seconds(row.get("export_s"))), esc(seconds(row.get("load_s"))),
        esc(seconds(row.get("first_inference_s"))), esc(diff),
        esc(sig(latency.get("p50"))), esc(sig(latency.get("p90"))), esc(sig(latency.get("p99"))),
        esc(throughput_ci(tput)), esc((tput or {}).get("batch_size", DASH)),
        esc(mebibytes(row.get("peak_rss_bytes"))), esc(row.get("warning_count") or 0),
    ]


def _chart(title: str, unit: str, rows: list[dict[str, Any]],
           bar: Callable[[dict[str, Any]], Bar | None], caption: str) -> str:
    groups: dict[str, list[Bar]] = {}
    for row in rows:
        made = bar(row)
        if made is not None:
            groups.setdefault(str(row.get("workload")), []).append(made)
    if not groups:
        return f'<h3>{esc(title)}</h3><p class="note">No format was timed.</p>'
    svg = bar_chart([BarGroup(name, bars) for name, bars in groups.items()], unit)
    return f"<h3>{esc(title)}</h3><figure>{svg}<figcaption>{esc(caption)}</figcaption></figure>"


def _label(row: dict[str, Any]) -> str:
    return f"{row.get('framework_label')} {row.get('format')}"


def _latency_bar(row: dict[str, Any]) -> Bar | None:
    latency = row.get("latency_ms")
    if not latency:
        return None
    title = (f"{format_name(row)}: p50 {sig(latency['p50'])} ms, p90 {sig(latency['p90'])} ms, "
             f"p99 {sig(latency['p99'])} ms over {latency['count']} queries")
    return Bar(_label(row), float(latency["p50"]), float(latency["p90"]), float(latency["p99"]),
               framework_color(str(row.get("framework"))), title)


def _throughput_bar(row: dict[str, Any]) -> Bar | None:
    tput = row.get("throughput")
    if not tput:
        return None
    low, high = (tput.get("ci95") or (None, None))[:2]
    title = f"{format_name(row)}: {throughput_ci(tput)} samples/s at batch {tput.get('batch_size')}"
    return Bar(_label(row), float(tput["median"]), low, high, framework_color(str(row.get("framework"))),
               title)


def _problems(rows: list[dict[str, Any]]) -> str:
    items = []
    for row in rows:
        if row.get("status") == "ok":
            continue
        where = f" at {row['failed_stage']}" if row.get("failed_stage") else ""
        items.append(f"<li><b>{esc(format_name(row))}</b>: {esc(row.get('status'))}{esc(where)}: "
                     f'<span class="error">{esc(short_error(row.get("error") or "", 2000))}</span></li>')
    return f"<h3>Formats that did not complete</h3><ul>{''.join(items)}</ul>" if items else ""


def _warnings(rows: list[dict[str, Any]]) -> str:
    parts = []
    for row in rows:
        warnings = row.get("warnings") or []
        if warnings:
            items = "".join(f"<li><code>{esc(w)}</code></li>" for w in warnings)
            parts.append(f"<details><summary>{esc(format_name(row))}: {len(warnings)} export "
                         f"warning(s)</summary><ul>{items}</ul></details>")
    return f"<h3>Export warnings</h3>{''.join(parts)}" if parts else ""
