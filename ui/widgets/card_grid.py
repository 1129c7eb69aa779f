"""A grid of cards that reflows: as many equal columns as fit the width, one at least."""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QWidget


class CardGrid(QWidget):
    """Cards in rows of equal columns; the column count follows the width on every resize."""

    def __init__(self, min_card_width: int = 320, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.min_card_width = min_card_width
        self.cards: list[QWidget] = []
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(8)
        self.columns = 0

    def set_cards(self, cards: list[QWidget]) -> None:
        """Replace the cards (the old ones are deleted)."""
        for card in self.cards:
            self.grid.removeWidget(card)
            card.deleteLater()
        self.cards = list(cards)
        for card in self.cards:
            card.setParent(self)
            card.show()
        self.columns = 0
        self._reflow(self.width())

    def columns_for(self, width: int) -> int:
        """How many columns ``width`` pixels hold (never more than there are cards)."""
        spacing = self.grid.horizontalSpacing()
        fit = max(1, (width + spacing) // (self.min_card_width + spacing))
        return max(1, min(fit, len(self.cards)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Reflow when the width holds another number of columns."""
        super().resizeEvent(event)
        self._reflow(event.size().width())

    def _reflow(self, width: int) -> None:
        columns = self.columns_for(width)
        if columns == self.columns:
            return
        self.columns = columns
        for card in self.cards:
            self.grid.removeWidget(card)
        for column in range(self.grid.columnCount()):
            self.grid.setColumnStretch(column, 0)
        for index, card in enumerate(self.cards):
            self.grid.addWidget(card, index // columns, index % columns)
        for column in range(columns):
            self.grid.setColumnStretch(column, 1)
