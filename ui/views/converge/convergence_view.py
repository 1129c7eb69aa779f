"""The Convergence tab: held-out accuracy against steps and against training seconds, one
curve per framework (mean over seeds, the range shaded), the target line, a table of time and
steps to target and final accuracy, and the parity verdict. Fed by a summary's ``converge``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QStandardItem
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fwprof.advice.base import Finding
from fwprof.catalog import FRAMEWORK_LABELS
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
        self.entries: list[dict[str, Any]] = []
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
        self.entries = [] if summary is None else summary.rows("converge", "converge")
        self.workload.blockSignals(True)
        self.workload.clear()
        self.workload.addItems([f"{e.get('workload')} ({e.get('device')})" for e in self.entries])
        self.workload.blockSignals(False)
        self.workload.setVisible(len(self.entries) > 1)
        self.table.set_rows([self._row(e, fw, fig) for e in self.entries
                             for fw, fig in (e.get("frameworks") or {}).items()])
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
        return (f"<b>Time to accuracy</b> on scikit-learn's digits ({first.get('train_size')} training, "
                f"{first.get('test_size')} held-out images) · batch {first.get('batch_size')} · "
                f"{first.get('epochs')} epochs ({first.get('steps')} steps) · Adam lr "
                f"{first.get('learning_rate')} {first.get('lr_schedule')} · the same batch order in both")

    def _row(self, entry: dict[str, Any], framework: str, fig: dict[str, Any]) -> list[QStandardItem]:
        final = fig.get("final_accuracy") or {}
        name = cell(FRAMEWORK_LABELS.get(framework, framework))
        name.setForeground(self.theme.framework_colour(framework))
        steps, seconds = fig.get("steps_to_target"), fig.get("time_to_target_s")
        return [
            cell(str(entry.get("workload"))), name, cell(str(fig.get("mode"))),
            cell(f"{fig.get('runs_ok')}/{fig.get('runs')}", fig.get("runs_ok") or 0, align_right=True),
            _pct_cell(final.get("mean")),
            cell(f"{_pct(final.get('min'))}-{_pct(final.get('max'))}" if final else "-",
                 final.get("min") or 0.0, align_right=True),
            cell("-" if steps is None else f"{steps:.0f}", steps if steps is not None else 1e18, True),
            cell("-" if seconds is None else f"{seconds:.2f} s",
                 seconds if seconds is not None else 1e18, True),
            cell(f"{fig.get('reached')}/{fig.get('runs_ok')}", fig.get("reached") or 0, align_right=True),
            _number_cell(fig.get("train_s")),
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
        target = float(entry.get("target") or 0) * 100
        for plot, (key, _) in zip(self.plots, AXES, strict=True):
            for framework, fig in (entry.get("frameworks") or {}).items():
                self._curve(plot, framework, fig.get("curve") or {}, key)
            pen = pg.mkPen(self.theme.muted, style=Qt.PenStyle.DashLine)
            line = pg.InfiniteLine(target, angle=0, pen=pen,
                                   label=f"target {target:.0f} %",
                                   labelOpts={"position": 0.08, "color": self.theme.muted})
            plot.addItem(line)
            plot.setYRange(0, 100, padding=0.02)
            plot.enableAutoRange(axis="x")

    def _curve(self, plot: pg.PlotItem, framework: str, curve: dict[str, Any], key: str) -> None:
        xs = curve.get(key) or []
        if not xs or not curve.get("mean"):
            return
        colour = self.theme.framework_colour(framework)
        scaled = {name: [v * 100 for v in curve.get(name) or []] for name in ("mean", "low", "high")}
        low = pg.PlotDataItem(xs, scaled["low"], pen=pg.mkPen(None))
        high = pg.PlotDataItem(xs, scaled["high"], pen=pg.mkPen(None))
        fill = QColor(colour)
        fill.setAlpha(60)
        plot.addItem(low)
        plot.addItem(high)
        plot.addItem(pg.FillBetweenItem(low, high, brush=fill))
        plot.plot(xs, scaled["mean"], pen=pg.mkPen(colour, width=2),
                  name=f"{FRAMEWORK_LABELS.get(framework, framework)} (mean, range over seeds)")

    def _show_parity(self, entry: dict[str, Any]) -> None:
        parity = entry.get("parity") or {}
        verdict = str(parity.get("verdict") or "inconclusive")
        colour = {"parity": self.theme.good, "diverged": self.theme.bad}.get(verdict, self.theme.warn)
        checks = []
        if entry.get("same_batch_order") is not None:
            checks.append("same batch order: " + ("yes" if entry["same_batch_order"] else "NO"))
        if entry.get("same_parameters") is not None:
            checks.append("equal trainable parameters: " + ("yes" if entry["same_parameters"] else "NO"))
        detail = f" <span style='color:{self.theme.muted}'>({'; '.join(checks)})</span>" if checks else ""
        text = str(parity.get("text") or ": needs both frameworks").partition(": ")[2]
        self.parity.setText(f"<b style='color:{colour}'>Parity ({verdict}):</b> {_escape(text)}{detail}")

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


def _pct(value: Any) -> str:
    return "-" if not isinstance(value, (int, float)) else f"{value:.1%}"


def _pct_cell(value: Any) -> QStandardItem:
    return cell(_pct(value), value if isinstance(value, (int, float)) else -1.0, align_right=True)


def _number_cell(value: Any) -> QStandardItem:
    return cell("-" if not isinstance(value, (int, float)) else f"{value:.2f} s",
                value if isinstance(value, (int, float)) else -1.0, align_right=True)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
