"""Charts of a script session's Results: steps/s over time, phases, CPU and memory, one line
(or row of bars) per script in its colour, time in seconds since each script started.

Steps/s and phases come from the summary's ``scripts`` (``step_rate`` and ``phases``, the same
figures as ``fwprof profile``'s report); CPU and memory from the runs' sampled series in the
record (:func:`show_record`), as the live timelines drew them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from fwprof.results import SessionRecord
from fwprof.scenarios.profile.section import ScriptRow
from ui.base.run_info import script_key
from ui.base.theme import Theme, current_theme
from ui.views.timeline.live_buffer import batch_from_record
from ui.widgets.axes import left_axis
from ui.widgets.plot_placeholder import NO_DATA, hide_placeholder, show_placeholder

MIB = float(2**20)
#: What the phases chart calls the span in which a script counted steps.
STEPS_SPAN = "steps"
#: How far the phases lane sits above a script's row, and the steps lane below it.
LANE = 0.2


@dataclass(frozen=True)
class SeriesSpec:
    """A sampled series drawn against time: its column, title, unit and scale."""

    column: str
    title: str
    unit: str
    scale: float = 1.0


SERIES = (SeriesSpec("cpu_percent", "CPU", "% (100 = 1 core)"),
          SeriesSpec("rss_bytes", "Memory (RSS)", "MiB", MIB))
TITLES = ("Steps/s over time", "Phases", *(spec.title for spec in SERIES))


class ScriptCharts(QWidget):
    """Four charts in a 2×2 grid: steps/s, phases, CPU and memory against time."""

    def __init__(self, theme: Theme | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme or current_theme()
        self.canvas = pg.GraphicsLayoutWidget(self)
        self.plots = [self._plot(index) for index in range(len(TITLES))]
        self.rate_plot, self.phase_plot, *self.series_plots = self.plots
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self.scripts: list[ScriptRow] = []
        self.record: SessionRecord | None = None
        self.apply_theme(self.theme)

    def _plot(self, index: int) -> pg.PlotItem:
        plot = self.canvas.addPlot(row=index // 2, col=index % 2, axisItems=left_axis())
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setMouseEnabled(x=False, y=False)
        plot.showGrid(x=True, y=True, alpha=0.25)
        for name in ("left", "bottom"):
            plot.getAxis(name).enableAutoSIPrefix(False)
        plot.getAxis("left").setWidth(62)
        plot.setLabel("bottom", "seconds since the script started")
        return plot

    # --- public -------------------------------------------------------------------------------
    def show_scripts(self, scripts: Sequence[ScriptRow]) -> None:
        """Steps/s and phases of each script (the summary's script rows)."""
        self.scripts = list(scripts)
        self._draw_rates()
        self._draw_phases()
        self._share_time_axis()

    def show_record(self, record: SessionRecord | None) -> None:
        """CPU and memory of each script run, from the record's sampled series."""
        self.record = record
        self._draw_series()
        self._share_time_axis()

    def apply_theme(self, theme: Theme) -> None:
        """Recolour (the charts are drawn again)."""
        self.theme = theme
        self.canvas.setBackground(theme.base)
        for plot, title in zip(self.plots, TITLES, strict=True):
            plot.setTitle(title, color=theme.text, size="9pt")
            for name in ("left", "bottom"):
                plot.getAxis(name).setPen(pg.mkPen(theme.grid))
                plot.getAxis(name).setTextPen(pg.mkPen(theme.muted))
        self.rate_plot.setLabel("left", "steps/s")
        for plot, spec in zip(self.series_plots, SERIES, strict=True):
            plot.setLabel("left", spec.unit)
        self._draw_rates()
        self._draw_phases()
        self._draw_series()

    def _share_time_axis(self) -> None:
        """Every chart from 0 to the longest script's end, so their times line up."""
        longest = max((float(s.duration_s or 0.0) for s in self.scripts), default=0.0)
        if longest > 0:
            for plot in self.plots:
                plot.setXRange(0.0, longest, padding=0.02)

    # --- drawing ------------------------------------------------------------------------------
    def _colour(self, label: str) -> Any:
        return self.theme.framework_colour(script_key(label))

    def _draw_rates(self) -> None:
        plot = self.rate_plot
        plot.clear()
        drawn = 0
        for script in self.scripts:
            t, values = list(script.step_rate.t), list(script.step_rate.steps_per_s)
            if len(t) < 1 or len(values) != len(t):
                continue
            plot.plot(t, values, pen=pg.mkPen(self._colour(script.label), width=2),
                      name=script.label)
            drawn += 1
        _placeholder(plot, drawn, "no steps counted", self.theme)

    def _draw_phases(self) -> None:
        """One row per script: each phase as a bar from its start to its end, and the span in
        which steps were counted."""
        plot = self.phase_plot
        plot.clear()
        ticks, drawn = [], 0
        for row, script in enumerate(self.scripts):
            label = script.label
            ticks.append((row, label))
            for name, start, length in _spans(script):
                steps = name == STEPS_SPAN  # its own lane under the phases: labels never overlap
                y = row - LANE if steps else row + LANE
                colour = self.theme.tinted(script_key(label), 140) if steps else self.theme.grid
                plot.addItem(pg.BarGraphItem(x0=[start], width=[length], y=[y], height=0.36,
                                             brush=colour, pen=pg.mkPen(self.theme.base)))
                text = pg.TextItem(name, color=self.theme.text, anchor=(0, 0.5))
                text.setPos(start, y)
                plot.addItem(text)
                drawn += 1
        _placeholder(plot, drawn, "no phases recorded", self.theme)
        plot.getAxis("left").setTicks([ticks])
        plot.setYRange(-0.6, max(len(ticks) - 0.4, 0.4), padding=0)

    def _draw_series(self) -> None:
        for plot, spec in zip(self.series_plots, SERIES, strict=True):
            plot.clear()
            drawn = 0
            for label, t, values in self._samples(spec.column):
                plot.plot(t, values / spec.scale, pen=pg.mkPen(self._colour(label), width=1.5),
                          connect="finite")
                drawn += 1
            _placeholder(plot, drawn, NO_DATA, self.theme)

    def _samples(self, column: str) -> list[tuple[str, np.ndarray, np.ndarray]]:
        """(script label, seconds since its start, values) of each script run with samples."""
        record = self.record
        if record is None:
            return []
        runs = {run.run_id: run for run in record.runs if run.is_script}
        found = []
        for block in batch_from_record(record).sample_blocks:
            run = runs.get(block.run_id)
            values = block.columns.get(column)
            if run is None or run.started_at is None or values is None or not block.t.size:
                continue
            found.append((run.spec.label, block.t - run.started_at, values))
        return found


def _spans(script: ScriptRow) -> list[tuple[str, float, float]]:
    """(name, start s, duration s) of a script's phases and of its counted steps."""
    spans = [(p.name, float(p.start_s), float(p.duration_s)) for p in script.phases
             if isinstance(p.start_s, (int, float)) and isinstance(p.duration_s, (int, float))]
    t, counted = script.step_rate.t, script.step_rate.steps_per_s
    busy = [float(time) for time, value in zip(t, counted, strict=False) if value]
    if len(t) >= 2 and busy:  # from the first bin with steps to the last
        width = float(t[1]) - float(t[0])
        spans.append((STEPS_SPAN, busy[0] - width / 2, busy[-1] - busy[0] + width))
    return spans


def _placeholder(plot: pg.PlotItem, drawn: int, text: str, theme: Theme) -> None:
    if drawn:
        hide_placeholder(plot)
        plot.enableAutoRange(axis="y")
    else:
        show_placeholder(plot, text, theme.muted)

