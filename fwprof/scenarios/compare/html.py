"""The comparison's HTML sections: verdict cards, the throughput chart, the summary table and
every run. Every string from the session passes through ``esc``."""

from __future__ import annotations

from typing import Any

from fwprof.render.charts import (
    FRAMEWORK_COLORS,
    OTHER_COLOR,
    Chart,
    chart_section,
    framework_color,
    framework_legend,
)
from fwprof.render.fmt import (
    DASH,
    config_name,
    framework_label,
    is_number,
    mebibytes,
    ratio_ci,
    seconds,
    sig,
    throughput_ci,
)
from fwprof.render.svg import Bar, BarGroup, bar_chart, compact, esc
from fwprof.render.tables import data_table, error_cell, framework_cell, status_badge
from fwprof.report.verdict_parts import verdict_parts
from fwprof.report.workload_fields import parameters_text

SUMMARY_HEADERS = ("configuration", "framework", "precision", "parameters", "runs", "samples/s [95% CI]",
                   "p50 ms", "p99 ms", "first step", "CPU %", "peak RSS")
RUN_HEADERS = ("run", "label", "precision", "status", "parameters", "steps", "samples/s", "p50 ms",
               "p99 ms", "first step", "peak RSS", "error")


def html_sections(summary: dict[str, Any]) -> list[str]:
    """Verdicts, throughput, summary table and runs; none for a session without built-in runs."""
    if not summary.get("runs"):
        return []
    return [verdicts_section(summary), chart_section(throughput_chart(summary), framework_legend()),
            summary_table(summary), runs_table(summary)]


def verdicts_section(summary: dict[str, Any]) -> str:
    """A card per compared configuration: who is faster, by how much, with its notes."""
    cards = [_verdict_card(comp) for comp in summary.get("comparisons") or []]
    body = "".join(cards) or '<p class="note">No configuration was compared.</p>'
    return f'<section><h2>Verdict</h2><div class="cards">{body}</div></section>'


def throughput_chart(summary: dict[str, Any]) -> Chart:
    """Throughput of each framework per configuration, with 95 % CI whiskers."""
    groups_by_key = {(g.get("framework"), *_config(g)): g for g in summary.get("groups") or []}
    groups: list[BarGroup] = []
    for comp in summary.get("comparisons") or []:
        bars = [_throughput_bar(groups_by_key[key]) for fw in FRAMEWORK_COLORS
                if (key := (fw, *_config(comp))) in groups_by_key]
        note = f"TF / PyTorch {ratio_ci(comp.get('ratio'), comp.get('ci95'))}"
        groups.append(BarGroup(config_name(comp), [b for b in bars if b is not None], note))
    groups = [g for g in groups if g.bars]
    caption = "throughput at the median step; whiskers: 95 % CI over repeats (hierarchical bootstrap)"
    if not groups:
        return Chart("Throughput", caption, note="No configuration completed a measured step.")
    return Chart("Throughput", caption, svg=bar_chart(groups, "samples/s"))


def summary_table(summary: dict[str, Any]) -> str:
    """Per configuration and framework: throughput with CI, step times, CPU and memory."""
    rows = []
    for group in summary.get("groups") or []:
        tput = group.get("throughput")
        noisy = ' <span class="badge warn" title="IQR above 10 % of the median">noisy</span>' \
            if group.get("noisy") else ""
        rows.append([
            esc(config_name(group)), framework_cell(str(group.get("framework"))),
            esc(group.get("precision") or DASH), esc(parameters_text(group.get("parameters"))),
            esc(f"{group.get('runs_ok')}/{group.get('runs')}"),
            (esc(throughput_ci(tput)) if tput else '<span class="bad">failed</span>') + noisy,
            esc(sig(group.get("step_ms_p50"))), esc(sig(group.get("step_ms_p99"))),
            esc(seconds(group.get("first_step_s"))), esc(sig(group.get("mean_cpu_percent"))),
            esc(mebibytes(group.get("peak_rss_bytes"))),
        ])
    table = data_table(SUMMARY_HEADERS, rows, numeric_from=3)
    return f"<section><h2>Summary</h2>{table}</section>"


def runs_table(summary: dict[str, Any]) -> str:
    """Every built-in run with its status, figures and error."""
    rows = []
    for run in summary.get("runs") or []:
        steps, tput = run.get("step_ms") or {}, run.get("throughput") or {}
        label = f"{run.get('framework')} {run.get('workload')} {run.get('task')} {run.get('mode')} " \
                f"#{int(run.get('repeat') or 0) + 1}"
        rows.append([
            esc(run.get("run_id")), esc(label), esc(run.get("precision") or DASH),
            status_badge(str(run.get("status"))),
            esc(parameters_text(run.get("model_parameters"))), esc(steps.get("count", DASH)),
            esc(sig(tput.get("median"))), esc(sig(steps.get("p50"))),
            esc(sig(steps.get("p99"))), esc(seconds((run.get("phases_s") or {}).get("first_step"))),
            esc(mebibytes((run.get("resources") or {}).get("rss_bytes_peak"))),
            error_cell(run.get("error")),
        ])
    table = data_table(RUN_HEADERS, rows, numeric_from=4, numeric_to=11)
    return f"<section><h2>Runs</h2>{table}</section>"


def _verdict_card(comp: dict[str, Any]) -> str:
    parts = verdict_parts(comp)
    color = framework_color(parts.winner) if parts.winner else OTHER_COLOR
    notes = "".join(f'<div class="card-note">{esc(note)}</div>' for note in parts.notes)
    return (f'<div class="card" style="border-left-color:{color}">'
            f'<div class="card-title">{esc(config_name(comp))}</div>'
            f'<div class="card-verdict">{esc(parts.headline)}</div>'
            f'<div class="card-detail">{esc(parts.detail)}</div>{notes}</div>')


def _throughput_bar(group: dict[str, Any]) -> Bar | None:
    tput = group.get("throughput")
    if not tput:
        return None
    low, high = (tput.get("ci95") or (None, None))[:2]
    framework = str(group.get("framework"))
    title = (f"{framework_label(framework)} {config_name(group)}: {_short(tput['median'])} samples/s "
             f"(95 % CI {_short(low)}–{_short(high)}), {group.get('runs_ok')} runs")
    return Bar(framework_label(framework), float(tput["median"]), low, high,
               framework_color(framework), title)


def _config(entry: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(entry.get(k) for k in ("workload", "task", "mode", "device"))


def _short(value: Any) -> str:
    return compact(float(value)) if is_number(value) else DASH
