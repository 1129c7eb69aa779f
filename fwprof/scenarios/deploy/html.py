"""The deployment section of the HTML report (``--task deploy``): table, charts, problems.

One row per (workload, framework, format) from the summary's ``deploy`` list; charts of
latency at batch 1 (bar: p50, whisker: p90 to p99) and of throughput with its 95 % CI; then
why any format did not complete, and the export warnings, in collapsed ``<details>``.
"""

from __future__ import annotations

from collections.abc import Callable

from fwprof.render.charts import framework_color
from fwprof.render.fmt import DASH, mebibytes, seconds, sig, value_ci
from fwprof.render.svg import Bar, BarGroup, bar_chart, esc
from fwprof.render.tables import data_table, framework_cell
from fwprof.scenarios.deploy.cells import (
    diff_text,
    failed_where,
    latency_figures,
    problems,
    short_error,
    size_text,
)
from fwprof.scenarios.deploy.section import DEFAULT_TOLERANCE, DeploySection, FormatRow, Throughput

HEADERS = ("workload", "framework", "format", "status", "size", "export", "load", "first inference",
           "max |diff| (rel)", "p50 ms", "p90 ms", "p99 ms", "samples/s [95% CI]", "batch",
           "peak RSS", "warnings")


def deploy_section(section: DeploySection) -> str:
    """The whole section; empty when the session ran no deploy task."""
    rows = list(section.rows)
    if not rows:
        return ""
    table = data_table(HEADERS, [_cells(row) for row in rows], numeric_from=4)
    tolerance = float(rows[0].parity_tolerance or DEFAULT_TOLERANCE)
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


def _cells(row: FormatRow) -> list[str]:
    parity, tput = row.parity, row.throughput
    kind = "ok" if row.ok else "bad"
    title = esc(short_error(row.error or "", 400))
    badge = f'<span class="badge {kind}" title="{title}">{esc(row.status)}</span>'
    diff = DASH if parity is None or parity.max_abs_diff is None else \
        f"{diff_text(parity.max_abs_diff)} ({diff_text(_or_zero(parity.max_rel_diff))})"
    return [
        esc(row.workload), framework_cell(row.framework),
        f'<span title="{esc(row.exporter or "")} → {esc(row.runtime_label or "")}">'
        f"{esc(row.format_label)} <code>{esc(row.format)}</code></span>", badge,
        esc(size_text(row.artifact_bytes, DASH)),
        esc(seconds(row.export_s)), esc(seconds(row.load_s)),
        esc(seconds(row.first_inference_s)), esc(diff),
        *(esc(sig(v)) for v in latency_figures(row)),
        esc(_throughput_ci(tput)), esc(DASH if tput is None else tput.batch_size),
        esc(mebibytes(row.peak_rss_bytes)), esc(row.warning_count or 0),
    ]


def _chart(title: str, unit: str, rows: list[FormatRow],
           bar: Callable[[FormatRow], Bar | None], caption: str) -> str:
    groups: dict[str, list[Bar]] = {}
    for row in rows:
        made = bar(row)
        if made is not None:
            groups.setdefault(row.workload, []).append(made)
    if not groups:
        return f'<h3>{esc(title)}</h3><p class="note">No format was timed.</p>'
    svg = bar_chart([BarGroup(name, bars) for name, bars in groups.items()], unit)
    return f"<h3>{esc(title)}</h3><figure>{svg}<figcaption>{esc(caption)}</figcaption></figure>"


def _label(row: FormatRow) -> str:
    return f"{row.framework_label} {row.format}"


def _latency_bar(row: FormatRow) -> Bar | None:
    latency = row.latency_ms
    if latency is None:
        return None
    title = (f"{row.name}: p50 {sig(latency.p50)} ms, p90 {sig(latency.p90)} ms, "
             f"p99 {sig(latency.p99)} ms over {latency.count} queries")
    return Bar(_label(row), float(latency.p50), float(latency.p90), float(latency.p99),
               framework_color(row.framework), title)


def _throughput_bar(row: FormatRow) -> Bar | None:
    tput = row.throughput
    if tput is None:
        return None
    title = f"{row.name}: {_throughput_ci(tput)} samples/s at batch {tput.batch_size}"
    return Bar(_label(row), float(tput.median), tput.low, tput.high, framework_color(row.framework),
               title)


def _throughput_ci(tput: Throughput | None) -> str:
    """``57,281 [20,016–93,619]``."""
    return DASH if tput is None else value_ci(tput.median, tput.ci95)


def _or_zero(value: float | None) -> float:
    return 0.0 if value is None else value


def _problems(rows: list[FormatRow]) -> str:
    items = [f"<li><b>{esc(row.name)}</b>: {esc(row.status)}{esc(failed_where(row))}: "
             f'<span class="error">{esc(short_error(row.error or "", 2000))}</span></li>'
             for row in problems(rows)]
    return f"<h3>Formats that did not complete</h3><ul>{''.join(items)}</ul>" if items else ""


def _warnings(rows: list[FormatRow]) -> str:
    parts = []
    for row in rows:
        if row.warnings:
            items = "".join(f"<li><code>{esc(w)}</code></li>" for w in row.warnings)
            parts.append(f"<details><summary>{esc(row.name)}: {len(row.warnings)} export "
                         f"warning(s)</summary><ul>{items}</ul></details>")
    return f"<h3>Export warnings</h3>{''.join(parts)}" if parts else ""
