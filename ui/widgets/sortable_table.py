"""A copyable table that sorts by numbers where given, and read-only cells for it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QWidget

from ui.widgets.table_copy import CopyableTableView

#: The item data role that holds each cell's sort key (see :func:`cell`).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class SortableTable(CopyableTableView):
    """A copyable table over a :class:`QStandardItemModel`, sorted by numbers where given."""

    def __init__(self, headers: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = QStandardItemModel(0, len(headers), self)
        self.source.setHorizontalHeaderLabels(list(headers))
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.source)
        self.proxy.setSortRole(SORT_ROLE)
        self.setModel(self.proxy)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)  # unsorted (the summary's order) until a header is clicked
        self.verticalHeader().hide()
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(CopyableTableView.SelectionBehavior.SelectItems)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setDefaultSectionSize(24)

    def set_rows(self, rows: list[list[QStandardItem]], visible_rows: int = 8) -> None:
        """Replace the rows (keeping the user's sort column); fit the height to them."""
        self.source.removeRows(0, self.source.rowCount())
        for row in rows:
            self.source.appendRow(row)
        shown = max(1, min(len(rows), visible_rows))
        height = (self.horizontalHeader().sizeHint().height()
                  + shown * self.verticalHeader().defaultSectionSize() + 2 * self.frameWidth())
        # Room for a horizontal scroll bar always: a wide table must not lose its one row to it.
        height += self.horizontalScrollBar().sizeHint().height()
        self.setFixedHeight(height + 2)


def cell(text: str, sort: Any = None, align_right: bool = False) -> QStandardItem:
    """A read-only item whose sort key is ``sort`` (the text when None)."""
    item = QStandardItem(text)
    item.setEditable(False)
    item.setData(text if sort is None else sort, SORT_ROLE)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item
