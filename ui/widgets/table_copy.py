"""A table view whose selection copies as TSV (Ctrl+C), ready to paste into a spreadsheet."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QTableView, QWidget


def selection_tsv(model: QAbstractItemModel, indexes: list[QModelIndex],
                  with_header: bool = True) -> str:
    """The cells of ``indexes`` as tab-separated lines (the bounding rows and columns)."""
    if not indexes:
        return ""
    rows = sorted({index.row() for index in indexes})
    columns = sorted({index.column() for index in indexes})
    chosen = {(index.row(), index.column()) for index in indexes}
    lines = []
    if with_header:
        lines.append("\t".join(_header(model, column) for column in columns))
    for row in rows:
        cells = [_cell(model, row, column) if (row, column) in chosen else ""
                 for column in columns]
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def _header(model: QAbstractItemModel, column: int) -> str:
    text = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
    return _clean(text)


def _cell(model: QAbstractItemModel, row: int, column: int) -> str:
    return _clean(model.index(row, column).data(Qt.ItemDataRole.DisplayRole))


def _clean(value: object) -> str:
    return "" if value is None else str(value).replace("\t", " ").replace("\n", " ")


class CopyableTableView(QTableView):
    """Ctrl+C copies the selection with a header line; Ctrl+Shift+C copies the whole table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.copy_action = self._action("Copy", QKeySequence.StandardKey.Copy, self.copy_selection)
        self.copy_all_action = self._action("Copy Whole Table", QKeySequence("Ctrl+Shift+C"),
                                            self.copy_all)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.setWordWrap(False)

    def _action(self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey,
                slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+C copies the whole selection (Qt's default copies only the current cell)."""
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            event.accept()
            return
        super().keyPressEvent(event)

    def copy_selection(self) -> str:
        """Copy the selected cells as TSV; returns the text."""
        text = selection_tsv(self.model(), self.selectionModel().selectedIndexes())
        QGuiApplication.clipboard().setText(text)
        return text

    def copy_all(self) -> str:
        """Copy every row as TSV; returns the text."""
        model = self.model()
        indexes = [model.index(r, c) for r in range(model.rowCount())
                   for c in range(model.columnCount())]
        text = selection_tsv(model, indexes)
        QGuiApplication.clipboard().setText(text)
        return text
