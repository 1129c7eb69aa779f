"""The Operators tab: top operators of traced runs (Setup ▸ Profile, or ``fwprof run --trace``).

For one traced configuration at a time (a list picks it), side by side per framework:
milliseconds per traced step by shared category (matmul/conv, elementwise, ...) and the top
operators, as the summary's ``operators`` sections hold them (:mod:`fwprof.trace.operators`).
The main window shows the tab only for sessions with traced runs.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fwprof.catalog import FRAMEWORK_LABELS
from fwprof.report.operators import category_rows, section_frameworks, section_notes, top_rows
from ui.base.theme import Theme
from ui.widgets.sortable_table import SortableTable, cell

if TYPE_CHECKING:
    from fwprof.outputs.document import SummaryDocument

#: Operators listed per framework; rows shown before the tables scroll.
TOP_N = 15
VISIBLE_ROWS = 15


class OperatorsView(QWidget):
    """A configuration chooser, the category table beside the top-operators table, and notes."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.sections: list[dict[str, Any]] = []
        self.heading = QLabel("<b>Top operators</b>: each framework's own profiler, run for a few "
                              "steps after measuring (those steps are not in the results). "
                              "Times are per traced step.", self)
        self.heading.setWordWrap(True)
        self.chooser = QComboBox(self)
        self.chooser.setToolTip("Traced configuration")
        self.chooser.currentIndexChanged.connect(self._show_section)
        self.categories = SortableTable(("Category",), self)
        self.top = SortableTable(("#",), self)
        self.notes = QLabel(self)
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        tables = QHBoxLayout()
        tables.addWidget(self.categories, 2, Qt.AlignmentFlag.AlignTop)
        tables.addWidget(self.top, 7, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 6, 8, 6)
        column.addWidget(self.heading)
        column.addWidget(self.chooser, 0, Qt.AlignmentFlag.AlignLeft)
        column.addLayout(tables)
        column.addWidget(self.notes)
        column.addStretch(1)

    def show_summary(self, summary: SummaryDocument | None) -> None:
        """Show the ``operators`` sections of a summary document."""
        self.show_sections([] if summary is None else summary.operators)

    def show_sections(self, sections: list[dict[str, Any]]) -> None:
        """Offer every section of ``summary["operators"]``; show the first."""
        self.sections = sections
        self.chooser.blockSignals(True)
        self.chooser.clear()
        self.chooser.addItems([f"{s.get('config', '?')} · ms per traced step" for s in sections])
        self.chooser.blockSignals(False)
        for widget in (self.chooser, self.categories, self.top, self.notes):
            widget.setVisible(bool(sections))
        if sections:
            self.chooser.setCurrentIndex(0)
            self._show_section(0)

    def apply_theme(self, theme: Theme) -> None:
        """Recolour the notes."""
        self.theme = theme
        self._show_section(self.chooser.currentIndex())

    def _show_section(self, index: int) -> None:
        if not 0 <= index < len(self.sections):
            return
        section = self.sections[index]
        labels = [FRAMEWORK_LABELS.get(fw, fw) for fw in section_frameworks(section)]
        _fill(self.categories, ["Category", *labels], category_rows(section))
        headers = ["#"]
        for label in labels:
            headers += [f"{label} operator", "ms", "category"]
        _fill(self.top, headers, top_rows(section, TOP_N))
        self.notes.setText("<br>".join(html.escape(note) for note in section_notes(section)))
        self.notes.setStyleSheet(f"color: {self.theme.muted}")


def _fill(table: SortableTable, headers: list[str], rows: list[list[str]]) -> None:
    table.source.setColumnCount(len(headers))
    table.source.setHorizontalHeaderLabels(headers)
    table.set_rows([[_cell(text) for text in row] for row in rows], visible_rows=VISIBLE_ROWS)


def _cell(text: str) -> QStandardItem:
    """A number sorts and aligns as one; text as text."""
    number = _number(text)
    return cell(text, number, align_right=number is not None)


def _number(text: str) -> float | None:
    """The value of a number cell, for sorting; None for text."""
    try:
        return float(text)
    except ValueError:
        return 0.0 if text == "<0.001" else None
