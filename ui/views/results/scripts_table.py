"""The results page's table of script runs (``build_summary``'s ``scripts``): one row a script."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QStandardItem
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from fwprof.scenarios.profile.section import KindSteps, ScriptRow, ScriptVerdict
from fwprof.scenarios.profile.step_clock import step_times_text
from fwprof.scenarios.profile.verdict_view import headline
from ui.base.run_info import script_key
from ui.base.theme import Theme, current_theme
from ui.widgets.sortable_table import SortableTable, cell

SCRIPT_HEADERS = ("Script", "Status", "Exit", "Duration s", "Train steps", "Steps/s", "Step ms p50",
                  "Step ms p99", "First step s", "Eval / predict", "Peak RSS MiB", "Frameworks")


class ScriptsTable(QWidget):
    """A heading and a table; hidden when the summary has no script runs."""

    def __init__(self, theme: Theme | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme or current_theme()
        self.heading = QLabel("<b>Scripts</b>", self)
        self.heading.setContentsMargins(0, 6, 0, 0)
        self.verdict = QLabel(self)  # scripts side by side: which is faster, as fwprof profile --compare says
        self.verdict.setObjectName("scriptVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setStyleSheet("font-weight: 600;")  # the answer the comparison was run for
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict.hide()
        self.table = SortableTable(SCRIPT_HEADERS, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.verdict)
        layout.addWidget(self.table)
        self.hide()

    def show_scripts(self, scripts: Sequence[ScriptRow],
                     comparisons: Sequence[ScriptVerdict] = ()) -> None:
        """One row per script run of the summary; the verdict line of each script compared
        with the first above them."""
        self.table.set_rows([script_items(s, self.theme) for s in scripts])
        compared = any(entry.stopped_by for entry in comparisons)  # rounds added until decided
        how = "compared in alternating rounds" if compared else "run one after the other"
        self.heading.setText(f"<b>Scripts ({len(scripts)})</b>, {how}")
        verdicts = [headline(entry) for entry in comparisons]
        self.verdict.setText("\n".join(verdicts))
        self.verdict.setVisible(bool(verdicts))
        self.setVisible(bool(scripts))

    def apply_theme(self, theme: Theme) -> None:
        """Status colours follow the theme from the next summary on."""
        self.theme = theme


def script_items(script: ScriptRow, theme: Theme) -> list[QStandardItem]:
    """The cells of one script's row."""
    step_ms = script.step_ms
    peak = script.peak_rss_bytes
    status = script.status
    status_cell = cell(status)
    colour = theme.good if status == "ok" else theme.bad if status == "failed" else theme.warn
    status_cell.setForeground(QBrush(QColor(colour)))
    if script.error:
        status_cell.setToolTip(str(script.error))
    exit_code = script.exit_code
    label = cell(script.label)
    key = script_key(script.label)  # the run's colour, as in timeline and queue
    label.setData(theme.framework_colour(key), Qt.ItemDataRole.DecorationRole)
    label.setForeground(QBrush(theme.framework_colour(key)))
    label.setToolTip(" ".join(str(a) for a in script.argv))
    p50 = _number(None if step_ms is None else step_ms.p50, 2)
    p99 = _number(None if step_ms is None else step_ms.p99, 2)
    for item in (p50, p99):  # GPU runs: host-side times, the GPU's in the tooltip
        item.setToolTip(step_times_text(script.step_times) or "")
    return [label, status_cell,
            cell("" if exit_code is None else str(exit_code), exit_code, True),
            _number(script.duration_s, 1), _number(script.steps, 0),
            _number(script.steps_per_s, 2), p50, p99, _number(script.first_step_s, 2),
            _other_steps(script.other_steps),
            _number(None if peak is None else peak / 2**20, 0),
            cell(", ".join(sorted(script.frameworks)))]


def _other_steps(others: Mapping[str, KindSteps]) -> QStandardItem:
    """Evaluation and prediction steps, counted apart from training (rates in the tooltip)."""
    if not others:
        return cell("–", -1.0, True)
    item = cell(" · ".join(f"{kind} {figures.steps}" for kind, figures in others.items()),
                float(sum(figures.steps for figures in others.values())), True)
    item.setToolTip("\n".join(f"{kind}: {_rate(figures.steps_per_s)} steps/s"
                              for kind, figures in others.items()))
    return item


def _rate(value: Any) -> str:
    return f"{value:,.1f}" if isinstance(value, (int, float)) else "–"


def _number(value: Any, digits: int) -> QStandardItem:
    if not isinstance(value, (int, float)) or value != value:
        return cell("–", -1.0, True)
    return cell(f"{value:,.{digits}f}", float(value), True)
