"""The top operators of traced runs (Setup ▸ Profile steps, or ``fwprof run --trace``).

For each traced configuration, side by side per framework: milliseconds per traced step by
shared category (matmul, convolution, elementwise, ...), then the top operators, as the
summary's ``operators`` sections hold them (:mod:`fwprof.trace.operators`). Hidden when no run
was traced.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from fwprof.catalog import FRAMEWORK_LABELS
from fwprof.report.operators import category_rows, section_frameworks, section_notes, top_rows
from ui.results_table import SortableTable, cell
from ui.theme import Theme

#: Operators listed per framework and configuration.
TOP_N = 10


class OperatorsView(QWidget):
    """One block per traced configuration: a category table and a top-operators table."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.blocks: list[QWidget] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)

    def show_sections(self, sections: list[dict[str, Any]]) -> None:
        """Replace the blocks with one per section of ``summary["operators"]``."""
        for block in self.blocks:
            self._layout.removeWidget(block)
            block.deleteLater()
        self.blocks = [self._block(section) for section in sections]
        for block in self.blocks:
            self._layout.addWidget(block)
        self.setVisible(bool(sections))

    def _block(self, section: dict[str, Any]) -> QWidget:
        block = QWidget(self)
        column = QVBoxLayout(block)
        column.setContentsMargins(0, 0, 0, 0)
        frameworks = section_frameworks(section)
        labels = [FRAMEWORK_LABELS.get(fw, fw) for fw in frameworks]
        title = QLabel(f"{html.escape(str(section.get('config', '?')))} · ms per traced step",
                       block)
        categories = _table(("Category", *labels), category_rows(section), block)
        headers = ["#"]
        for label in labels:
            headers += [f"{label} operator", "ms", "category"]
        top = _table(tuple(headers), top_rows(section, TOP_N), block)
        column.addWidget(title)
        column.addWidget(categories)
        column.addWidget(top)
        notes = section_notes(section)
        if notes:
            note = QLabel("<br>".join(html.escape(n) for n in notes), block)
            note.setWordWrap(True)
            note.setStyleSheet(f"color: {self.theme.muted}")
            note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            column.addWidget(note)
        return block


def _table(headers: tuple[str, ...], rows: list[list[str]], parent: QWidget) -> SortableTable:
    table = SortableTable(headers, parent)
    table.set_rows([[cell(text, _number(text), align_right=_number(text) is not None)
                     for text in row] for row in rows], visible_rows=TOP_N)
    return table


def _number(text: str) -> float | None:
    """The value of a number cell, for sorting; None for text."""
    try:
        return float(text)
    except ValueError:
        return 0.0 if text == "<0.001" else None

