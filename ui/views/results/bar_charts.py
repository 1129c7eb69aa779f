"""Bar charts of a session's summary: throughput, step time, peak memory, first-step time.

One group of bars per configuration (workload, task, mode), one bar per framework in its colour.
Step time shows p50 as a solid bar with p99 as a lighter bar behind it; throughput has CI whiskers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from fwprof.catalog import FRAMEWORKS
from fwprof.report.sections import ComparisonSection, GroupRow
from ui.base.theme import Theme, current_theme
from ui.widgets.axes import left_axis

BAR_WIDTH = 0.36


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
    """Four bar charts in a 2×2 grid, filled by :meth:`show_summary`."""

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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self._section: ComparisonSection | None = None
        self.apply_theme(self.theme)

    def show_section(self, section: ComparisonSection) -> None:
        """Draw the charts for the comparison's section of a summary."""
        self._section = section
        configs = _configs(section)
        groups: dict[tuple[str, ...], GroupRow] = {g.key: g for g in section.groups}
        for plot, spec in zip(self.plots, CHARTS, strict=True):
            plot.clear()
            self._draw(plot, spec, configs, groups)
            ticks = [(i, _tick_label(cfg, configs)) for i, cfg in enumerate(configs)]
            plot.getAxis("bottom").setTicks([ticks])
            plot.setXRange(-0.6, max(len(configs) - 0.4, 0.4), padding=0)
            plot.enableAutoRange(axis="y")

    def _draw(self, plot: pg.PlotItem, spec: ChartSpec, configs: list[tuple[str, ...]],
              groups: dict[tuple[str, ...], GroupRow]) -> None:
        for offset, framework in zip((-BAR_WIDTH / 2, BAR_WIDTH / 2), FRAMEWORKS, strict=True):
            found = [(i, groups[(framework, *cfg)]) for i, cfg in enumerate(configs)
                     if (framework, *cfg) in groups]
            colour = self.theme.framework_colour(framework)
            if spec.back is not None:
                self._bars(plot, found, spec.back, offset, self.theme.tinted(framework, 90))
            xs = self._bars(plot, found, spec.value, offset, colour)
            if spec.value is _tput and xs:
                self._whiskers(plot, found, offset)

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
        if self._section is not None:
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
