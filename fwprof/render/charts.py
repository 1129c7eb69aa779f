"""Chart figures of the HTML report: the framework and phase palettes, a chart (or the note
why there is none), its figure, section and legends."""

from __future__ import annotations

from dataclasses import dataclass

from fwprof.render.fmt import framework_label
from fwprof.render.svg import esc

FRAMEWORK_COLORS = {"torch": "#e4661b", "tensorflow": "#1f6fb8"}
OTHER_COLOR = "#6b7280"
PHASE_COLORS = {"import": "#8a8f98", "build": "#a66bd3", "first_step": "#d9a400",
                "warmup": "#2aa198", "measure": "#3b82f6"}


@dataclass(frozen=True)
class Chart:
    """A chart to show (``svg``) or the reason there is none (``note``)."""

    title: str
    caption: str
    svg: str = ""
    note: str = ""


def framework_color(framework: str) -> str:
    """The framework's colour (the desktop app's palette)."""
    return FRAMEWORK_COLORS.get(framework, OTHER_COLOR)


def chart_section(chart: Chart, legend: str = "") -> str:
    """A ``<section>`` holding the chart under its title."""
    return f"<section><h2>{esc(chart.title)}</h2>{figure(chart, legend)}</section>"


def figure(chart: Chart, legend: str = "") -> str:
    """The chart with its legend and caption, or its note when it has no SVG."""
    if not chart.svg:
        return f'<p class="note">{esc(chart.note)}</p>'
    return (f'<figure>{legend}{chart.svg}<figcaption>{esc(chart.caption)}</figcaption></figure>')


def framework_legend(extra: str = "") -> str:
    """A swatch per framework (and ``extra``, already HTML, last)."""
    items = [f'<span class="swatch" style="background:{color}"></span>{esc(framework_label(fw))}'
             for fw, color in FRAMEWORK_COLORS.items()]
    return legend([*items, extra] if extra else items)


def legend(items: list[str]) -> str:
    """A legend row of already-escaped HTML items."""
    return '<div class="legend">' + "".join(f"<span>{i}</span>" for i in items) + "</div>"


def phase_legend() -> str:
    """A swatch per phase of a run."""
    items = [f'<span><span class="swatch" style="background:{c}"></span>{esc(n)}</span>'
             for n, c in PHASE_COLORS.items()]
    return '<div class="legend">' + "".join(items) + "</div>"
