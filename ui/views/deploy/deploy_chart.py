"""Bar charts of the Deploy tab: p50 latency at batch 1 per format, one chart per workload,
each bar in its framework's colour (formats without a figure keep their slot, unfilled)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.base.theme import Theme, current_theme
from ui.views.deploy.deploy_rows import DeployRow
from ui.widgets.axes import left_axis

BAR_WIDTH = 0.7
COLUMNS = 3
STAGGERED_AXIS_HEIGHT = 40  # two lines of tick labels


class DeployChart(QWidget):
    """p50 latency per format (see module docstring), filled by :meth:`show_rows`."""

    def __init__(self, theme: Theme | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme or current_theme()
        self.canvas = pg.GraphicsLayoutWidget(self)
        self.plots: list[pg.PlotItem] = []
        self.bars: dict[str, list[pg.BarGraphItem]] = {}
        self._rows: dict[str, list[DeployRow]] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)

    def show_rows(self, rows: dict[str, list[DeployRow]]) -> None:
        """One chart per workload of ``rows`` (as :func:`ui.views.deploy.deploy_rows.deploy_rows` gives)."""
        self._rows = rows
        self.canvas.clear()
        self.plots, self.bars = [], {}
        self.canvas.setBackground(self.theme.base)
        for index, (workload, entries) in enumerate(rows.items()):
            plot = self.canvas.addPlot(row=index // COLUMNS, col=index % COLUMNS,
                                       axisItems=left_axis())
            self._style(plot, workload)
            self.bars[workload] = self._draw(plot, entries)
            self.plots.append(plot)

    def _style(self, plot: pg.PlotItem, workload: str) -> None:
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setMouseEnabled(x=False, y=False)
        plot.showGrid(y=True)
        plot.setTitle(f"{workload}: p50 latency at batch 1", color=self.theme.text, size="9pt")
        plot.setLabel("left", "ms")
        plot.getAxis("bottom").setHeight(STAGGERED_AXIS_HEIGHT)
        plot.getAxis("left").setWidth(52)
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setStyle(maxTickLevel=0, tickAlpha=255)
            axis.enableAutoSIPrefix(False)
            axis.setPen(pg.mkPen(self.theme.grid))
            axis.setTextPen(pg.mkPen(self.theme.muted))

    def _draw(self, plot: pg.PlotItem, entries: list[DeployRow]) -> list[pg.BarGraphItem]:
        items = []
        for index, row in enumerate(entries):
            if row.p50_ms is None:
                continue
            bar = pg.BarGraphItem(x=[index], height=[row.p50_ms], width=BAR_WIDTH,
                                  brush=self.theme.framework_colour(row.framework),
                                  pen=pg.mkPen(None))
            plot.addItem(bar)
            items.append(bar)
        plot.getAxis("bottom").setTicks([tick_labels(entries)])
        plot.setXRange(-0.6, max(len(entries) - 0.4, 0.4), padding=0)
        plot.setYRange(0, max([r.p50_ms for r in entries if r.p50_ms] or [1.0]) * 1.1,
                       padding=0)
        return items

    def apply_theme(self, theme: Theme) -> None:
        """Redraw in ``theme``'s colours."""
        self.theme = theme
        self.show_rows(self._rows)


def tick_labels(entries: list[DeployRow]) -> list[tuple[int, str]]:
    """One label per format, every other one a line lower so long names do not collide;
    a format without a latency figure is marked ✗."""
    ticks = []
    for index, row in enumerate(entries):
        text = row.format if row.p50_ms is not None else f"{row.format} ✗"
        ticks.append((index, f"\n{text}" if index % 2 else text))
    return ticks
