"""The Convergence tab: held-out accuracy against steps and against training seconds, one
curve per framework (mean over seeds, the range shaded), the target line, a table of time and
steps to target and final accuracy, and the parity verdict. Fed by a summary's ``converge``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QStandardItem
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fwprof.advice.base import Finding
from fwprof.catalog import FRAMEWORK_LABELS
from fwprof.scenarios.converge.cells import NEEDS_BOTH, checks, framework_cells, framework_figures, verdict
from fwprof.scenarios.converge.section import ConvergeEntry, CurveBand, FrameworkFigures
from ui.base.theme import Theme, current_theme
from ui.widgets.sortable_table import SortableTable, cell

if TYPE_CHECKING:
    from fwprof.outputs.document import SummaryDocument

HEADERS = ("Workload", "Framework", "Mode", "Seeds ok", "Final accuracy", "Min-max", "Steps to target",
           "Time to target", "Reached", "Training time")
AXES = (("step", "steps"), ("train_s", "seconds of training (evaluations excluded)"))
EMPTY = ("<b>No convergence runs in this session.</b> To compare time to accuracy, choose Scenario ▸ "
         "Convergence in the setup panel and press Run (or open a snapshot of "
         "`fwprof run --task converge`).")


class ConvergenceView(QWidget):
    """Shows the ``converge`` section of a summary (nothing to show: a hint)."""

    def __init__(self, theme: Theme | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme or current_theme()
        self.entries: tuple[ConvergeEntry, ...] = ()
        self.title = QLabel(EMPTY, self)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.workload = QComboBox(self)
        self.workload.currentIndexChanged.connect(self._draw)
        self.parity = QLabel(self)
        self.parity.setWordWrap(True)
        self.parity.setTextFormat(Qt.TextFormat.RichText)
        self.advice = QLabel(self)
        self.advice.setWordWrap(True)
        self.advice.setTextFormat(Qt.TextFormat.RichText)
        self.table = SortableTable(HEADERS, self)
        self.canvas = pg.GraphicsLayoutWidget(self)
        self.plots = [self._plot(col, label) for col, (_, label) in enumerate(AXES)]
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.workload)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addWidget(self.parity)
        layout.addWidget(self.advice)
        layout.addWidget(self.table)
        layout.addWidget(self.canvas, 1)
        layout.addStretch(0)  # takes the room while the canvas is hidden (no convergence runs)
        self.apply_theme(self.theme)
        self.show_summary(None)

    def _plot(self, col: int, label: str) -> pg.PlotItem:
        plot = self.canvas.addPlot(row=0, col=col)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.showGrid(x=True, y=True, alpha=0.25)
        plot.setLabel("left", "held-out accuracy", units="%")
        plot.setLabel("bottom", label)
        plot.getAxis("left").enableAutoSIPrefix(False)
        plot.getAxis("bottom").enableAutoSIPrefix(False)
        plot.setYRange(0, 100, padding=0.02)
        plot.addLegend(offset=(-10, -10))
        return plot

    def show_summary(self, summary: SummaryDocument | None) -> None:
        """Fill from a summary document (its ``converge`` entries; None: nothing yet)."""
        self.entries = () if summary is None else summary.converge.entries
        self.workload.blockSignals(True)
        self.workload.clear()
        self.workload.addItems([f"{e.workload} ({e.device})" for e in self.entries])
        self.workload.blockSignals(False)
        self.workload.setVisible(len(self.entries) > 1)
        self.table.set_rows([self._row(e, fw, fig) for e, fw, fig in framework_figures(self.entries)])
        self.title.setText(self._title() if self.entries else EMPTY)
        for widget in (self.table, self.canvas):  # no empty axes without convergence runs
            widget.setVisible(bool(self.entries))
        self._show_advice(summary.recommendations if summary is not None and self.entries else ())
        self._draw()

    def _show_advice(self, findings: Sequence[Finding]) -> None:
        """A pointer to the recommendations (they are listed on the Results tab)."""
        warnings = [f for f in findings if f.severity == "warning"]
        self.advice.setVisible(bool(findings))
        if findings:
            first = _escape((warnings or list(findings))[0].title)
            colour = self.theme.warn if warnings else self.theme.muted
            self.advice.setText(f"<span style='color:{colour}'><b>{len(findings)} recommendation(s)</b> "
                                f"on the Results tab</span>, e.g. {first}")

    def _title(self) -> str:
        first = self.entries[0]
        return (f"<b>Time to accuracy</b> on scikit-learn's digits ({first.train_size} training, "
                f"{first.test_size} held-out images) · batch {first.batch_size} · "
                f"{first.epochs} epochs ({first.steps} steps) · Adam lr "
                f"{first.learning_rate} {first.lr_schedule} · the same batch order in both")

    def _row(self, entry: ConvergeEntry, framework: str, fig: FrameworkFigures) -> list[QStandardItem]:
        final = fig.final_accuracy
        cells = framework_cells(entry, framework, fig, dash="-")
        name = cell(cells.framework)
        name.setForeground(self.theme.framework_colour(framework))
        steps, seconds = fig.steps_to_target, fig.time_to_target_s
        return [
            cell(cells.workload), name, cell(cells.mode),
            cell(cells.seeds, fig.runs_ok, align_right=True),
            cell(cells.final, final.mean if final is not None else -1.0, align_right=True),
            cell(f"{cells.low}-{cells.high}" if final is not None else "-",
                 final.min if final is not None else 0.0, align_right=True),
            cell(cells.steps, steps if steps is not None else 1e18, True),
            cell(cells.time, seconds if seconds is not None else 1e18, True),
            cell(cells.reached, fig.reached, align_right=True),
            cell(cells.training, fig.train_s if fig.train_s is not None else -1.0, align_right=True),
        ]

    def _draw(self) -> None:
        for plot in self.plots:
            plot.clear()
        index = max(self.workload.currentIndex(), 0)
        if not self.entries:
            self.parity.setText("")
            return
        entry = self.entries[min(index, len(self.entries) - 1)]
        self._show_parity(entry)
        target = float(entry.target or 0) * 100
        for plot, (axis, _) in zip(self.plots, AXES, strict=True):
            for framework, fig in entry.frameworks.items():
                self._curve(plot, framework, fig.curve, axis)
            pen = pg.mkPen(self.theme.muted, style=Qt.PenStyle.DashLine)
            line = pg.InfiniteLine(target, angle=0, pen=pen,
                                   label=f"target {target:.0f} %",
                                   labelOpts={"position": 0.08, "color": self.theme.muted})
            plot.addItem(line)
            plot.setYRange(0, 100, padding=0.02)
            plot.enableAutoRange(axis="x")

    def _curve(self, plot: pg.PlotItem, framework: str, curve: CurveBand, axis: str) -> None:
        xs = list(curve.xs(axis))
        if not xs or not curve.mean:
            return
        colour = self.theme.framework_colour(framework)
        scaled = {name: [v * 100 for v in values]
                  for name, values in (("mean", curve.mean), ("low", curve.low), ("high", curve.high))}
        low = pg.PlotDataItem(xs, scaled["low"], pen=pg.mkPen(None))
        high = pg.PlotDataItem(xs, scaled["high"], pen=pg.mkPen(None))
        fill = QColor(colour)
        fill.setAlpha(60)
        plot.addItem(low)
        plot.addItem(high)
        plot.addItem(pg.FillBetweenItem(low, high, brush=fill))
        plot.plot(xs, scaled["mean"], pen=pg.mkPen(colour, width=2),
                  name=f"{FRAMEWORK_LABELS.get(framework, framework)} (mean, range over seeds)")

    def _show_parity(self, entry: ConvergeEntry) -> None:
        found = verdict(entry)
        colour = {"parity": self.theme.good, "diverged": self.theme.bad}.get(found, self.theme.warn)
        listed = checks(entry)
        detail = f" <span style='color:{self.theme.muted}'>({'; '.join(listed)})</span>" if listed else ""
        text = entry.parity.text.partition(": ")[2] if entry.parity and entry.parity.text else NEEDS_BOTH
        self.parity.setText(f"<b style='color:{colour}'>Parity ({found}):</b> {_escape(text)}{detail}")

    def apply_theme(self, theme: Theme) -> None:
        """Recolour plots and labels."""
        self.theme = theme
        self.canvas.setBackground(theme.base)
        for plot in self.plots:
            for name in ("left", "bottom"):
                plot.getAxis(name).setPen(pg.mkPen(theme.grid))
                plot.getAxis(name).setTextPen(pg.mkPen(theme.muted))
        if self.entries:
            self._draw()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
