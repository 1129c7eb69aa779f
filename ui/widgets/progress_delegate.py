"""Paints a progress bar in a table cell from ``(done, total, status)`` in the UserRole."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
)

STATUS_BAR_TEXT = {"pending": "", "failed": "failed", "stopped": "stopped", "skipped": "skipped"}


class ProgressDelegate(QStyledItemDelegate):
    """A progress bar per row: measured steps done out of steps planned."""

    def __init__(self, model: QAbstractItemModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.UserRole)
        if not value:
            super().paint(painter, option, index)
            return
        done, total, status = value
        if status == "pending":
            super().paint(painter, option, QModelIndex())  # background only: nothing to show
            return
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(4, 3, -4, -3)
        bar.minimum, bar.maximum = 0, max(total, done, 1)
        bar.progress = done
        bar.text = self._text(done, total, status, index)
        bar.textVisible = True
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        bar.state = option.state | QStyle.StateFlag.State_Horizontal
        bar.palette = self._palette(option, status)
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter)

    def _palette(self, option: QStyleOptionViewItem, status: str) -> QPalette:
        palette = QPalette(option.palette)
        theme = getattr(self._model, "theme", None)
        if theme is not None:
            colour = {"ok": theme.good, "failed": theme.bad, "stopped": theme.warn,
                      "skipped": theme.warn}.get(status, theme.accent)
            palette.setColor(QPalette.ColorRole.Highlight, QColor(colour))
        return palette

    @staticmethod
    def _text(done: int, total: int, status: str,
              index: QModelIndex | QPersistentModelIndex) -> str:
        if status in STATUS_BAR_TEXT:
            return STATUS_BAR_TEXT[status] if not done else f"{done}/{total}"
        if status == "running" and done == 0:
            phase = index.sibling(index.row(), 4).data(Qt.ItemDataRole.DisplayRole)
            return phase or "starting"
        return f"{done}/{total}" if total else f"{done} steps"
