"""Crosshair and readout for the stacked timelines: where the mouse is, what ran, the values."""

from __future__ import annotations

import math
from functools import partial
from typing import Any, Protocol

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from fwprof.catalog import FRAMEWORK_LABELS
from ui.base.run_info import is_script_key, throughput_unit
from ui.base.theme import PHASE_LABELS, Theme
from ui.views.timeline.plots import PLOTS
from ui.views.timeline.timeline_data import THROUGHPUT, TimelineData

MOUSE_RATE_HZ = 30


class PlotStack(Protocol):
    """What the crosshair needs of the view it sits on (a :class:`TimelineView`)."""

    theme: Theme
    plots: dict[str, pg.PlotWidget]  # by metric, in the order of PLOTS
    layers: dict[str, TimelineData]  # "" is the primary layer
    readout: QLabel


class Crosshair:
    """A vertical line in every plot at the hovered time, and a readout above the plots."""

    def __init__(self, view: PlotStack) -> None:
        self.view = view
        self.lines: dict[str, pg.InfiniteLine] = {}
        self._proxies: list[pg.SignalProxy] = []
        self.x: float | None = None
        for metric, widget in view.plots.items():
            line = pg.InfiniteLine(angle=90, movable=False)
            line.setVisible(False)
            widget.addItem(line, ignoreBounds=True)
            self.lines[metric] = line
            proxy = pg.SignalProxy(widget.scene().sigMouseMoved, rateLimit=MOUSE_RATE_HZ,
                                   slot=partial(self._mouse_moved, metric))
            self._proxies.append(proxy)
        self.apply_theme()

    def apply_theme(self) -> None:
        """Line colour from the view's theme."""
        pen = pg.mkPen(self.view.theme.muted, width=1, style=Qt.PenStyle.DashLine)
        for line in self.lines.values():
            line.setPen(pen)

    def _mouse_moved(self, metric: str, args: tuple[Any, ...]) -> None:
        view_box = self.view.plots[metric].getPlotItem().getViewBox()
        position = args[0]
        if view_box.sceneBoundingRect().contains(position):
            self.move_to(view_box.mapSceneToView(position).x())

    def move_to(self, x: float) -> None:
        """Put the crosshair at ``x`` seconds and update the readout."""
        self.x = x
        for line in self.lines.values():
            line.setPos(x)
            line.setVisible(True)
        self.view.readout.setText(self.readout_html(x))

    def readout_html(self, x: float) -> str:
        """'12.3 s · ■ PyTorch mlp train eager #1 · measure | 812 samples/s · CPU 190 % ...'."""
        theme = self.view.theme
        data = self.view.layers[""]
        head = f"<b>{x:.2f} s</b>"
        run = data.run_at(x)
        if run is None:
            return f"<span style='color:{theme.text}'>{head}</span>"
        colour = theme.colour_name(run.framework)
        name = "script" if is_script_key(run.framework) else FRAMEWORK_LABELS.get(
            run.framework, run.framework)
        phase = data.phase_at(run.run_id, x)
        label = run.label.removeprefix(f"{run.framework} ")
        parts = [head, f"<span style='color:{colour}'>&#9632; <b>{name}</b></span> {label}"]
        if phase:
            parts.append(PHASE_LABELS.get(phase, phase))
        values = self._values(run.framework, x)
        text = " · ".join(parts) + (f"&nbsp;&nbsp;|&nbsp;&nbsp;{values}" if values else "")
        return f"<span style='color:{theme.text}'>{text}</span>"

    def _values(self, framework: str, x: float) -> str:
        data = self.view.layers[""]
        found = []
        for spec in PLOTS:
            if not self.view.plots[spec.metric].isVisible():
                continue
            value = data.value_at(framework, spec.metric, x)
            if not math.isnan(value):
                unit = throughput_unit(framework) if spec.metric == THROUGHPUT else spec.unit
                found.append(f"{spec.title} <b>{_fmt(value)}</b> {unit.split(' ')[0]}")
        return " · ".join(found)


def _fmt(value: float) -> str:
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) < 10 else f"{value:.0f}"
