"""Stacked, x-linked live timelines: throughput, CPU, memory and GPU, one colour per framework.

The view takes its data source as a constructor argument (anything with ``drain()``, see
:class:`ui.views.timeline.live_buffer.TimelineSource`): the app passes the session worker's live buffer, tests
pass a fake. A QTimer drains the source 20 times a second; curves are created once and only
their data is replaced. Extra layers (a second snapshot to compare) are drawn dashed.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from fwprof.catalog import FRAMEWORKS
from ui.base.run_info import SAMPLES_PER_S, STEPS_PER_S, is_script_key
from ui.base.theme import Theme, current_theme
from ui.views.timeline.crosshair import Crosshair
from ui.views.timeline.live_buffer import LiveBatch, TimelineSource
from ui.views.timeline.phase_bands import PhaseBands
from ui.views.timeline.plots import PLOTS, PlotSpec
from ui.views.timeline.timeline_data import THROUGHPUT, TimelineData
from ui.views.timeline.timeline_legend import legend_html
from ui.widgets.axes import left_axis
from ui.widgets.plot_placeholder import NO_DATA, hide_placeholder, show_placeholder

REFRESH_HZ = 10
MIN_LIVE_SPAN_S = 10.0
AXIS_WIDTH = 62
#: Peak downsampling keeps a min and a max per pixel column (pyqtgraph's default, 5, draws
#: five times that many lines for no visible difference).
DOWNSAMPLE_FACTOR = 1.0
#: Above this many points a curve is drawn 1 px wide: a 2 px pen costs several times as much
#: to paint, which a 1-hour series at 10 Hz turns into frames of ~100 ms (bench/gui_plotting.py).
DENSE_POINTS = 4000


PRIMARY = ""  # the layer the source feeds


class TimelineView(QWidget):
    """The live (or recorded) timelines of a session; see the module docstring."""

    def __init__(self, source: TimelineSource | None = None, theme: Theme | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.theme = theme or current_theme()
        self.layers: dict[str, TimelineData] = {PRIMARY: TimelineData()}
        self.live = False
        self.following = True  # while live, the time axis follows the data until the user zooms
        self.layer_note = ""  # explains solid and dashed lines when layers are compared
        self.plots: dict[str, pg.PlotWidget] = {}
        self.curves: dict[tuple[str, str, str], pg.PlotDataItem] = {}
        self.bands: dict[str, PhaseBands] = {}
        self.dense: set[tuple[str, str, str]] = set()  # curves drawn thin (DENSE_POINTS)
        self._build()
        self.crosshair = Crosshair(self)
        self.timer = QTimer(self)
        self.timer.setInterval(1000 // REFRESH_HZ)
        self.timer.timeout.connect(self.refresh)

    # --- building -------------------------------------------------------------------------
    def _build(self) -> None:
        self.legend = QLabel(self)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.readout = QLabel(self)
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        for label in (self.legend, self.readout):  # wrap: the window must fit 1024 pixels
            label.setWordWrap(True)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        for spec in PLOTS:
            self.splitter.addWidget(self._make_plot(spec))
        self.empty_hint = QLabel(self)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty_hint)
        self.stack.addWidget(self.splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        for widget in (self.legend, self.readout):
            layout.addWidget(widget)
        layout.addWidget(self.stack, 1)
        self.apply_theme(self.theme)
        self._update_visibility()

    def _make_plot(self, spec: PlotSpec) -> pg.PlotWidget:
        widget = pg.PlotWidget(axisItems=left_axis())
        widget.setMinimumHeight(90)
        plot = widget.getPlotItem()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.showGrid(x=True, y=True)
        for name in ("left", "bottom"):  # major ticks only, opaque: a fraction of the paint cost
            plot.getAxis(name).setStyle(maxTickLevel=0, tickAlpha=255)
            plot.getAxis(name).enableAutoSIPrefix(False)
        plot.getAxis("left").setWidth(AXIS_WIDTH)
        plot.getViewBox().sigRangeChangedManually.connect(self._user_moved_view)
        plot.setLabel("left", spec.unit)
        plot.setTitle(spec.title, justify="left", size="9pt")
        if self.plots:
            plot.setXLink(next(iter(self.plots.values())).getPlotItem())
        plot.addItem(pg.PlotCurveItem([0.0, 0.0], [0.0, 0.0], pen=pg.mkPen(0, 0, 0, 0)))  # y from 0
        bands = PhaseBands(self.theme.phase_fill)
        plot.addItem(bands, ignoreBounds=False)
        self.bands[spec.metric] = bands
        for framework in FRAMEWORKS:
            self._make_curve(plot, PRIMARY, framework, spec.metric)
        self.plots[spec.metric] = widget
        return widget

    def _make_curve(self, plot: pg.PlotItem, layer: str, framework: str,
                    metric: str) -> pg.PlotDataItem:
        curve = plot.plot(connect="finite", autoDownsampleFactor=DOWNSAMPLE_FACTOR)
        curve.setDownsampling(auto=True, method="peak")
        curve.setClipToView(True)
        self.curves[(layer, framework, metric)] = curve
        self._style_curve(layer, framework, metric)
        return curve

    def _style_curve(self, layer: str, framework: str, metric: str) -> None:
        style = Qt.PenStyle.SolidLine if layer == PRIMARY else Qt.PenStyle.DashLine
        width = 1 if (layer, framework, metric) in self.dense else 2
        pen = pg.mkPen(self.theme.framework_colour(framework), width=width, style=style)
        self.curves[(layer, framework, metric)].setPen(pen)

    # --- data -----------------------------------------------------------------------------
    def start_live(self) -> None:
        """Follow the source: drain it on every timer tick until :meth:`stop_live`."""
        self.live = True
        self.following = True
        self._first_plot().setXRange(0.0, MIN_LIVE_SPAN_S, padding=0)
        for plot in self.plots.values():
            plot.getPlotItem().enableAutoRange(x=False, y=True)
        self.timer.start()

    def stop_live(self) -> None:
        """Drain what is left and stop following the source."""
        self.refresh()
        self.live = False
        self.timer.stop()
        self._redraw()
        if self.following:
            self.reset_zoom()

    def reset_zoom(self) -> None:
        """Fit all data (or, while live, follow the newest data again)."""
        self.following = True
        if self.live:
            self._follow()
            return
        for plot in self.plots.values():
            plot.getPlotItem().enableAutoRange()

    def refresh(self) -> None:
        """Drain the source and redraw what changed (the timer's slot)."""
        if self.source is None:
            return
        batch = self.source.drain()
        if not batch.is_empty():
            self.show_batch(batch)

    def _first_plot(self) -> pg.PlotItem:
        return self.plots[PLOTS[0].metric].getPlotItem()

    def _user_moved_view(self, *_args: object) -> None:
        self.following = False

    def _follow(self) -> None:
        """Widen the time axis in steps (not every tick: a range change repaints the axes)."""
        if not (self.live and self.following):
            return
        latest = self.layers[PRIMARY].latest
        shown = self._first_plot().getViewBox().viewRange()[0][1]
        if latest <= shown * 0.97 and shown <= max(MIN_LIVE_SPAN_S, latest * 2):
            return
        span = max(MIN_LIVE_SPAN_S, math.ceil(latest * 1.3 / 10.0) * 10.0)
        self._first_plot().setXRange(0.0, span, padding=0)

    def show_batch(self, batch: LiveBatch, layer: str = PRIMARY) -> None:
        """Add data to a layer (a new layer is drawn dashed)."""
        if layer not in self.layers:
            self._add_layer(layer)
        self.layers[layer].ingest(batch)
        self._redraw()

    def clear(self) -> None:
        """Forget every layer's data."""
        for layer in list(self.layers):
            if layer != PRIMARY:
                self._remove_layer(layer)
        self.layers[PRIMARY].clear()
        for curve in self.curves.values():
            curve.setData([], [])
        for key in list(self.dense):
            self._set_dense(key, False)
        self._redraw()

    def _add_layer(self, layer: str) -> None:
        self.layers[layer] = TimelineData()
        for spec in PLOTS:
            plot = self.plots[spec.metric].getPlotItem()
            for framework in FRAMEWORKS:
                self._make_curve(plot, layer, framework, spec.metric)

    def _remove_layer(self, layer: str) -> None:
        del self.layers[layer]
        for key in [k for k in self.curves if k[0] == layer]:
            self.plots[key[2]].getPlotItem().removeItem(self.curves.pop(key))
            self.dense.discard(key)

    def _set_dense(self, key: tuple[str, str, str], dense: bool) -> None:
        """Draw a curve thin once it has many points (see :data:`DENSE_POINTS`)."""
        if dense != (key in self.dense):
            (self.dense.add if dense else self.dense.discard)(key)
            self._style_curve(*key)

    def _redraw(self) -> None:
        for layer, data in self.layers.items():
            for framework, metric in data.changed:
                series = data.series[(framework, metric)]
                curve = self.curves.get((layer, framework, metric))
                if curve is None:  # a script run: its curves are made on first data
                    plot = self.plots[metric].getPlotItem()
                    curve = self._make_curve(plot, layer, framework, metric)
                curve.setData(series.x, series.y, connect="finite")
                self._set_dense((layer, framework, metric), len(series) > DENSE_POINTS)
            data.changed.clear()
        spans = self.layers[PRIMARY].phase_spans(self.live)
        for bands in self.bands.values():
            bands.set_spans(spans)
        self._update_keys()
        self._update_visibility()
        self._follow()

    def run_keys(self) -> list[str]:
        """Frameworks and script runs (``script:<label>``) with runs, in order of appearance."""
        return list(dict.fromkeys(k for data in self.layers.values() for k in data.frameworks()))

    def _update_keys(self) -> None:
        """Legend and throughput unit follow who ran: scripts' throughput is steps/s."""
        keys = self.run_keys()
        if (keys, self.layer_note) == getattr(self, "_shown_keys", None):
            return
        self._shown_keys = (keys, self.layer_note)
        self.legend.setText(legend_html(self.theme, self.layer_note, keys))
        scripts = sum(1 for key in keys if is_script_key(key))
        unit = (STEPS_PER_S if scripts and scripts == len(keys)
                else f"{SAMPLES_PER_S} · scripts {STEPS_PER_S}" if scripts else SAMPLES_PER_S)
        self.plots[THROUGHPUT].getPlotItem().setLabel("left", unit)

    def _update_visibility(self) -> None:
        has_runs = any(data.runs for data in self.layers.values())
        self.stack.setCurrentIndex(1 if has_runs else 0)
        visible = [spec for spec in PLOTS if not spec.gpu or self._has_gpu_values(spec.metric)]
        for spec in PLOTS:
            self.plots[spec.metric].setVisible(spec in visible)
        for spec in visible:  # a plot without values yet says so instead of showing bare axes
            plot = self.plots[spec.metric].getPlotItem()
            if self._has_gpu_values(spec.metric):
                hide_placeholder(plot)
            else:
                show_placeholder(plot, NO_DATA, self.theme.muted)
        for spec in PLOTS:
            plot = self.plots[spec.metric].getPlotItem()
            last = spec == visible[-1]
            plot.setLabel("bottom", "seconds since session start" if last else "")
            plot.showAxis("bottom", last)

    def crosshair_x(self) -> float | None:
        """Where the crosshair is (None before the mouse visited the plots)."""
        return self.crosshair.x if hasattr(self, "crosshair") else None

    def _has_gpu_values(self, metric: str) -> bool:
        return any(data.has_values(metric) for data in self.layers.values())

    # --- looks ----------------------------------------------------------------------------
    def apply_theme(self, theme: Theme) -> None:
        """Redraw backgrounds, axes, curves, bands and labels in ``theme``'s colours."""
        self.theme = theme
        for widget in self.plots.values():
            _theme_plot(widget, theme)
        for layer, framework, metric in self.curves:
            self._style_curve(layer, framework, metric)
        for bands in self.bands.values():
            bands.set_colour_function(theme.phase_fill)
        if hasattr(self, "crosshair"):
            self.crosshair.apply_theme()
        self.legend.setText(legend_html(theme, self.layer_note, self.run_keys()))
        if self.crosshair_x() is None:
            self.readout.setText(f"<span style='color:{theme.muted}'>Hover over the plots to "
                                 "read the values; drag to pan, wheel to zoom, Ctrl+0 to fit."
                                 "</span>")
        self.empty_hint.setText(
            f'<p style="color:{theme.muted}; font-size:13px">No session yet.<br>'
            "Choose what to run on the left and press <b>Run</b> (Ctrl+R),<br>"
            "or open a saved snapshot (Ctrl+O).</p>"
        )


def _theme_plot(widget: pg.PlotWidget, theme: Theme) -> None:
    widget.setBackground(theme.base)
    plot = widget.getPlotItem()
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(theme.grid))
        axis.setTextPen(pg.mkPen(theme.muted))
    plot.titleLabel.setText(plot.titleLabel.text, color=theme.text)
