"""The HTML report's convergence section: per workload, a table, the parity verdict and the
accuracy curves (mean over seeds with the range shaded) against steps and training seconds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fwprof.render.charts import framework_color
from fwprof.render.fmt import framework_label
from fwprof.render.svg import MUTED_COLOR, esc, nice_ticks
from fwprof.render.tables import data_table, framework_cell
from fwprof.scenarios.converge.cells import checks, framework_cells, parity_text, verdict
from fwprof.scenarios.converge.section import ConvergeEntry, ConvergeSection, FrameworkFigures

HEADERS = ("framework", "mode", "seeds", "final accuracy", "min–max", "steps to target",
           "time to target", "reached", "training time")
GRID, AXIS = "#e6e8ec", "#9aa1ab"
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 540, 260, 46, 14, 14, 40


@dataclass(frozen=True)
class CurveSeries:
    """One framework's curve: x values, mean accuracy and its range over seeds (0-1)."""

    label: str
    color: str
    xs: Sequence[float]
    mean: Sequence[float]
    low: Sequence[float]
    high: Sequence[float]


def converge_section(section: ConvergeSection) -> str:
    """The section, or "" when the session trained nothing for convergence."""
    entries = section.entries
    if not entries:
        return ""
    first = entries[0]
    intro = (f"Trained on scikit-learn's digits ({first.train_size} training images, "
             f"{first.test_size} held out), batch {first.batch_size}, {first.epochs} "
             f"epochs ({first.steps} steps), Adam lr {first.learning_rate} "
             f"{first.lr_schedule}; the same batch order in both frameworks for each seed. Time to "
             "target counts the seconds of training steps, evaluations excluded.")
    body = "".join(_entry(entry) for entry in entries)
    return f'<section><h2>Time to accuracy</h2><p class="note">{esc(intro)}</p>{body}</section>'


def _entry(entry: ConvergeEntry) -> str:
    rows = [_row(entry, fw, fig) for fw, fig in entry.frameworks.items()]
    target = float(entry.target or 0)
    charts = [curve_svg(_series(entry, "step"), "steps", target),
              curve_svg(_series(entry, "train_s"), "seconds of training", target)]
    figures = "".join(f"<figure>{svg}</figure>" for svg in charts)
    caption = (f"held-out accuracy: line = mean over seeds, shade = lowest to highest seed; dashed: "
               f"the {target:.0%} target")
    return (f"<h3>{esc(entry.workload)} ({esc(entry.device)}), target {target:.0%}</h3>"
            f"{_parity(entry)}{data_table(HEADERS, rows, numeric_from=2)}"
            f'<div style="display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:12px">'
            f"{figures}</div><p class=\"small\">{esc(caption)}</p>")


def _row(entry: ConvergeEntry, framework: str, fig: FrameworkFigures) -> list[str]:
    cells = framework_cells(entry, framework, fig)
    return [
        framework_cell(framework), esc(cells.mode), esc(cells.seeds), esc(cells.final),
        esc(f"{cells.low}–{cells.high}"), esc(cells.steps), esc(cells.time), esc(cells.reached),
        esc(cells.training),
    ]


def _parity(entry: ConvergeEntry) -> str:
    found = verdict(entry)
    badge = {"parity": "ok", "diverged": "bad"}.get(found, "warn")
    detail = f' <span class="small">{esc("; ".join(checks(entry)))}</span>' if checks(entry) else ""
    return (f'<p><span class="badge {badge}">{esc(found)}</span> '
            f"{esc(parity_text(entry))}{detail}</p>")


def _series(entry: ConvergeEntry, axis: str) -> list[CurveSeries]:
    return [CurveSeries(framework_label(framework), framework_color(framework), fig.curve.xs(axis),
                        fig.curve.mean, fig.curve.low, fig.curve.high)
            for framework, fig in entry.frameworks.items() if fig.curve.mean]


def curve_svg(series: list[CurveSeries], x_label: str, target: float) -> str:
    """Accuracy (0-100 %) against ``x_label``: a shaded range and a mean line per series."""
    if not series:
        return '<p class="note">No evaluation was recorded.</p>'
    x_max = max((max(s.xs) for s in series if s.xs), default=1.0) or 1.0
    ticks = nice_ticks(0.0, x_max, 6)
    x_top = max(x_max, ticks[-1])

    def px(x: float) -> float:
        return LEFT + x / x_top * (WIDTH - LEFT - RIGHT)

    def py(y: float) -> float:
        return HEIGHT - BOTTOM - y * (HEIGHT - TOP - BOTTOM)

    parts = _axes(ticks, px, py, x_label)
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{py(target):.1f}" y2="{py(target):.1f}" '
                 f'stroke="{MUTED_COLOR}" stroke-dasharray="5 4"><title>target {target:.0%}</title></line>')
    for s in series:
        parts += _curve(s, px, py)
    legend_y = HEIGHT - BOTTOM - 22  # bottom right: accuracy curves rise to the top left
    slots = [WIDTH - RIGHT - 110 * (len(series) - i) for i in range(len(series))]
    legend = "".join(f'<rect x="{x}" y="{legend_y}" width="10" height="10" fill="{esc(s.color)}"/>'
                     f'<text x="{x + 14}" y="{legend_y + 9}" font-size="11">{esc(s.label)}</text>'
                     for x, s in zip(slots, series, strict=True))
    return (f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" font-size="11">'
            f"<title>held-out accuracy against {esc(x_label)}</title>{''.join(parts)}{legend}</svg>")


def _axes(ticks: list[float], px: Any, py: Any, x_label: str) -> list[str]:
    parts = []
    for value in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0):
        y = py(value)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
                     f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED_COLOR}">'
                     f"{value * 100:.0f} %</text>")
    base = HEIGHT - BOTTOM
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}" stroke="{AXIS}"/>')
    for tick in ticks:
        parts.append(f'<text x="{px(tick):.1f}" y="{base + 16}" text-anchor="middle" fill="{MUTED_COLOR}">'
                     f"{tick:g}</text>")
    parts.append(f'<text x="{WIDTH - RIGHT}" y="{base + 32}" text-anchor="end" fill="{MUTED_COLOR}">'
                 f"{esc(x_label)}</text>")
    return parts


def _curve(series: CurveSeries, px: Any, py: Any) -> list[str]:
    upper = [f"{px(x):.1f},{py(y):.1f}" for x, y in zip(series.xs, series.high, strict=False)]
    lower = [f"{px(x):.1f},{py(y):.1f}" for x, y in zip(series.xs, series.low, strict=False)]
    mean = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in zip(series.xs, series.mean, strict=False))
    title = f"{series.label}: final mean {series.mean[-1]:.1%}" if series.mean else series.label
    band = " ".join(upper + lower[::-1])
    return [f'<polygon points="{band}" fill="{esc(series.color)}" fill-opacity="0.18"/>',
            f'<polyline points="{mean}" fill="none" stroke="{esc(series.color)}" stroke-width="1.8">'
            f"<title>{esc(title)}</title></polyline>"]

