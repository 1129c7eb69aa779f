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
    framework_label,
    is_number,
    mebibytes,
    ratio_ci,
    seconds,
    sig,
    value_ci,
)
from fwprof.render.svg import Bar, BarGroup, bar_chart, compact, esc
from fwprof.render.tables import data_table, error_cell, framework_cell, status_badge
from fwprof.report.sections import ComparisonSection, GroupRow, Verdict
from fwprof.report.verdict_parts import verdict_parts
from fwprof.report.workload_fields import parameters_text

SUMMARY_HEADERS = ("configuration", "framework", "precision", "parameters", "runs", "samples/s [95% CI]",
                   "p50 ms", "p99 ms", "first step", "CPU %", "peak RSS")
RUN_HEADERS = ("run", "label", "precision", "status", "parameters", "steps", "samples/s", "p50 ms",
               "p99 ms", "first step", "peak RSS", "error")


def html_sections(section: ComparisonSection) -> list[str]:
    """Verdicts, throughput, summary table and runs; none for a session without built-in runs."""
    if not section.runs:
        return []
    return [verdicts_section(section), chart_section(throughput_chart(section), framework_legend()),
            summary_table(section), runs_table(section)]


def verdicts_section(section: ComparisonSection) -> str:
    """A card per compared configuration: who is faster, by how much, with its notes."""
    cards = [_verdict_card(comp) for comp in section.comparisons]
    body = "".join(cards) or '<p class="note">No configuration was compared.</p>'
    return f'<section><h2>Verdict</h2><div class="cards">{body}</div></section>'


def throughput_chart(section: ComparisonSection) -> Chart:
    """Throughput of each framework per configuration, with 95 % CI whiskers."""
    groups: list[BarGroup] = []
    for comp in section.comparisons:
        bars = [_throughput_bar(group) for fw in FRAMEWORK_COLORS
                if (group := section.group(fw, comp.config)) is not None]
        note = f"TF / PyTorch {ratio_ci(comp.ratio, comp.ci95)}"
        groups.append(BarGroup(comp.config_name, [b for b in bars if b is not None], note))
    groups = [g for g in groups if g.bars]
    caption = "throughput at the median step; whiskers: 95 % CI over repeats (hierarchical bootstrap)"
    if not groups:
        return Chart("Throughput", caption, note="No configuration completed a measured step.")
    return Chart("Throughput", caption, svg=bar_chart(groups, "samples/s"))


def summary_table(section: ComparisonSection) -> str:
    """Per configuration and framework: throughput with CI, step times, CPU and memory."""
    rows = []
    for group in section.groups:
        tput = group.throughput
        noisy = ' <span class="badge warn" title="IQR above 10 % of the median">noisy</span>' \
            if group.noisy else ""
        rows.append([
            esc(group.config_name), framework_cell(group.framework),
            esc(group.fields.precision or DASH), esc(parameters_text(group.parameters)),
            esc(f"{group.runs_ok}/{group.runs}"),
            (esc(value_ci(tput.median, tput.ci95)) if tput else '<span class="bad">failed</span>') + noisy,
            esc(sig(group.step_ms_p50)), esc(sig(group.step_ms_p99)),
            esc(seconds(group.first_step_s)), esc(sig(group.mean_cpu_percent)),
            esc(mebibytes(group.peak_rss_bytes)),
        ])
    table = data_table(SUMMARY_HEADERS, rows, numeric_from=3)
    return f"<section><h2>Summary</h2>{table}</section>"


def runs_table(section: ComparisonSection) -> str:
    """Every built-in run with its status, figures and error."""
    rows = []
    for run in section.runs:
        steps = run.step_ms
        label = f"{run.framework} {run.workload} {run.task} {run.mode} #{run.repeat + 1}"
        rows.append([
            esc(run.run_id), esc(label), esc(run.fields.precision or DASH),
            status_badge(run.status),
            esc(parameters_text(run.model_parameters)), esc(steps.count if steps else DASH),
            esc(sig(run.throughput)), esc(sig(steps.p50 if steps else None)),
            esc(sig(steps.p99 if steps else None)), esc(seconds(run.phases_s.get("first_step"))),
            esc(mebibytes(run.resources.get("rss_bytes_peak"))),
            error_cell(run.error),
        ])
    table = data_table(RUN_HEADERS, rows, numeric_from=4, numeric_to=11)
    return f"<section><h2>Runs</h2>{table}</section>"


def _verdict_card(comp: Verdict) -> str:
    parts = verdict_parts(comp)
    color = framework_color(parts.winner) if parts.winner else OTHER_COLOR
    notes = "".join(f'<div class="card-note">{esc(note)}</div>' for note in parts.notes)
    return (f'<div class="card" style="border-left-color:{color}">'
            f'<div class="card-title">{esc(comp.config_name)}</div>'
            f'<div class="card-verdict">{esc(parts.headline)}</div>'
            f'<div class="card-detail">{esc(parts.detail)}</div>{notes}</div>')


def _throughput_bar(group: GroupRow) -> Bar | None:
    tput = group.throughput
    if tput is None:
        return None
    low, high = tput.ci95 or (None, None)
    framework = group.framework
    title = (f"{framework_label(framework)} {group.config_name}: {_short(tput.median)} samples/s "
             f"(95 % CI {_short(low)}–{_short(high)}), {group.runs_ok} runs")
    return Bar(framework_label(framework), float(tput.median), low, high,
               framework_color(framework), title)


def _short(value: Any) -> str:
    return compact(float(value)) if is_number(value) else DASH
