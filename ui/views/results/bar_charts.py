"""Bar charts of a session's summary: throughput, step time, peak memory, first-step time.

One group of bars per configuration (workload, task, mode), one bar per framework in its colour.
Step time shows p50 as a solid bar with p99 as a lighter bar behind it; throughput has CI whiskers.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from fwprof.catalog import FRAMEWORKS
from fwprof.report.sections import ComparisonSection, GroupRow
from ui.base.theme import Theme, current_theme
from ui.views.results.tick_labels import fit_ticks
from ui.widgets.axes import left_axis
from ui.widgets.plot_placeholder import hide_placeholder, show_placeholder

BAR_WIDTH = 0.36
NO_RESULTS = "no results yet"
NOT_MEASURED = "not measured in this session"


@dataclass(frozen=True)
class ChartSpec:
    """One chart: title, unit and how to read its value from a summary group."""

    title: str
    unit: str
    value: Callable[[GroupRow], float | None]
    back: Callable[[GroupRow], float | None] | None = None  # a lighter bar behind


def _tput(group: GroupRow) -> float | None:
    return None if group.throughput is None else group.throughput.median


def _mib(group: GroupRow) -> float | None:
    peak = group.peak_rss_bytes
    return None if peak is None else peak / 2**20


CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec("Throughput (median, 95% CI)", "samples/s", _tput),
    ChartSpec("Step time (solid p50, light p99)", "ms", lambda g: g.step_ms_p50,
              back=lambda g: g.step_ms_p99),
    ChartSpec("Peak memory (RSS)", "MiB", _mib),
    ChartSpec("First step (trace / compile)", "s", lambda g: g.first_step_s),
)


class BarCharts(QWidget):
    """Four bar charts in a 2×2 grid, filled by :meth:`show_section`."""

    def __init__(self, theme: Theme | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme or current_theme()
        self.canvas = pg.GraphicsLayoutWidget(self)
        self.plots: list[pg.PlotItem] = []
        for index, spec in enumerate(CHARTS):
            plot = self.canvas.addPlot(row=index // 2, col=index % 2, axisItems=left_axis())
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.setMouseEnabled(x=False, y=False)
            plot.showGrid(y=True)
            for name in ("left", "bottom"):
                plot.getAxis(name).setStyle(maxTickLevel=0, tickAlpha=255)
                plot.getAxis(name).enableAutoSIPrefix(False)
            plot.setLabel("left", spec.unit)
            plot.getAxis("left").setWidth(62)
            self.plots.append(plot)
        self.key = QLabel(self)  # which configuration each number is, when names do not fit
        self.key.setWordWrap(True)
        self.key.hide()
        self._names: list[str] = []
        self.key_text = ""
        self._fitting = QTimer(self)
        self._fitting.setSingleShot(True)
        self._fitting.timeout.connect(self._fit_ticks)
        for plot in self.plots:
            plot.getViewBox().sigResized.connect(lambda _box: self._fitting.start(0))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.key)
        self._section: ComparisonSection | None = None
        self.apply_theme(self.theme)  # draws the empty charts too

    def show_section(self, section: ComparisonSection | None) -> None:
        """Draw the charts for the comparison's section of a summary (None: no results yet)."""
        self._section = section
        shown = section or ComparisonSection()
        configs = _configs(shown)
        groups: dict[tuple[str, ...], GroupRow] = {g.key: g for g in shown.groups}
        for plot, spec in zip(self.plots, CHARTS, strict=True):
            plot.clear()
            drawn = self._draw(plot, spec, configs, groups)
            plot.setXRange(-0.6, max(len(configs) - 0.4, 0.4), padding=0)
            plot.enableAutoRange(axis="y")
            if drawn:
                hide_placeholder(plot)
            else:  # no bars: a note, not bare axes with crowded ticks around 0
                show_placeholder(plot, NOT_MEASURED if section is not None else NO_RESULTS,
                                 self.theme.muted)
        self._names = [_tick_label(cfg, configs) for cfg in configs]
        self._fit_ticks()

    def _fit_ticks(self) -> None:
        """Names under the bars where they fit, else numbers and a key (never overlapping)."""
        metrics = QFontMetrics(self.plots[0].getAxis("bottom").style.get("tickFont") or self.font())
        keys = []
        for plot in self.plots:
            slot = plot.getViewBox().width() / max(len(self._names), 1)
            fitted = fit_ticks(self._names, slot, metrics.horizontalAdvance)
            plot.getAxis("bottom").setTicks([fitted.ticks])
            keys.append(fitted.key)
        key = next((k for k in keys if k), "")
        self.key_text = key  # exported images carry it too
        self.key.setText(f"<span style='color:{self.theme.muted}'>{html.escape(key)}</span>"
                         if key else "")
        self.key.setVisible(bool(key))

    def _draw(self, plot: pg.PlotItem, spec: ChartSpec, configs: list[tuple[str, ...]],
              groups: dict[tuple[str, ...], GroupRow]) -> int:
        """Draw the chart's bars; returns how many bars were drawn."""
        drawn = 0
        for offset, framework in zip((-BAR_WIDTH / 2, BAR_WIDTH / 2), FRAMEWORKS, strict=True):
            found = [(i, groups[(framework, *cfg)]) for i, cfg in enumerate(configs)
                     if (framework, *cfg) in groups]
            colour = self.theme.framework_colour(framework)
            if spec.back is not None:
                self._bars(plot, found, spec.back, offset, self.theme.tinted(framework, 90))
            xs = self._bars(plot, found, spec.value, offset, colour)
            if spec.value is _tput and xs:
                self._whiskers(plot, found, offset)
            drawn += len(xs)
        return drawn

    def _bars(self, plot: pg.PlotItem, found: list[tuple[int, GroupRow]],
              value: Callable[[GroupRow], float | None], offset: float,
              colour: object) -> list[float]:
        points = [(i + offset, value(g)) for i, g in found if value(g) is not None]
        if not points:
            return []
        xs, heights = zip(*points, strict=True)
        plot.addItem(pg.BarGraphItem(x=list(xs), height=list(heights), width=BAR_WIDTH * 0.92,
                                     brush=colour, pen=pg.mkPen(None)))
        return list(xs)

    def _whiskers(self, plot: pg.PlotItem, found: list[tuple[int, GroupRow]],
                  offset: float) -> None:
        # One process has no interval: no whisker for it.
        rows = [(i + offset, g.throughput.median, *g.throughput.ci95) for i, g in found
                if g.throughput is not None and g.throughput.ci95]
        if not rows:
            return
        x, median, low, high = (np.array(column) for column in zip(*rows, strict=True))
        plot.addItem(pg.ErrorBarItem(x=x, y=median, top=high - median, bottom=median - low,
                                     beam=BAR_WIDTH * 0.4, pen=pg.mkPen(self.theme.text)))

    def apply_theme(self, theme: Theme) -> None:
        """Recolour the charts."""
        self.theme = theme
        self.canvas.setBackground(theme.base)
        for plot, spec in zip(self.plots, CHARTS, strict=True):
            plot.setTitle(spec.title, color=theme.text, size="9pt")
            for name in ("left", "bottom"):
                plot.getAxis(name).setPen(pg.mkPen(theme.grid))
                plot.getAxis(name).setTextPen(pg.mkPen(theme.muted))
        self.show_section(self._section)


def _configs(section: ComparisonSection) -> list[tuple[str, ...]]:
    keys: list[tuple[str, ...]] = [c.config for c in section.comparisons]
    if not keys:
        keys = sorted({g.config for g in section.groups})
    return keys


def _tick_label(config: tuple[str, ...], configs: list[tuple[str, ...]]) -> str:
    """Only the parts that differ between configurations ('eager', 'mlp graph', ...)."""
    varying = [i for i in range(4) if len({c[i] for c in configs}) > 1]
    return " ".join(config[i] for i in varying) or " ".join(config[:3])
