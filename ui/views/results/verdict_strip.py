"""The verdict first: one card per comparison at the top of the Results tab.

A card shows the configuration, the decision in the core's words (the HTML report's cards say
the same), the TensorFlow / PyTorch ratio with its interval and the noise and interference
state; its edge and headline take the winner's colour. Cards reflow to the width and their text
wraps, so nothing is cut at any window size or font size.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from fwprof.report.sections import ComparisonSection
from ui.base.theme import Theme, current_theme
from ui.views.results.verdict_cards_text import CardText, card_texts
from ui.widgets.card_grid import CardGrid

#: Cards are at least this many average characters wide before the strip adds a column.
CARD_MIN_CHARS = 44


class VerdictCard(QFrame):
    """One comparison's verdict."""

    def __init__(self, text: CardText, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = text
        self.setObjectName("verdictCard")
        self.config = _label(text.config, self)
        self.headline = _label(text.headline, self)
        self.ratio = _label(text.ratio, self)
        self.noise = _label(text.noise, self)
        self.detail = _label(text.detail, self)
        self.notes = _label("\n".join(text.notes), self)
        self.notes.setVisible(bool(text.notes))
        self.detail.setVisible(bool(text.detail))
        font = self.headline.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.headline.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 10, 8)
        layout.setSpacing(3)
        for label in (self.config, self.headline, self.ratio, self.noise, self.detail,
                      self.notes):
            layout.addWidget(label)
        layout.addStretch(1)
        self.apply_theme(theme)

    @property
    def labels(self) -> list[QLabel]:
        """Every text of the card, top to bottom."""
        return [self.config, self.headline, self.ratio, self.noise, self.detail, self.notes]

    def apply_theme(self, theme: Theme) -> None:
        """Edge and headline in the winner's colour; the rest in text and muted colours."""
        colour = theme.colour_name(self.text.winner) if self.text.winner else theme.muted
        self.setStyleSheet(
            f"QFrame#verdictCard {{ background: {theme.base}; border: 1px solid {theme.grid};"
            f" border-left: 6px solid {colour}; border-radius: 4px; }}")
        self.config.setStyleSheet(f"color: {theme.muted}; font-weight: bold;")
        self.headline.setStyleSheet(f"color: {colour if self.text.winner else theme.text};")
        self.ratio.setStyleSheet(f"color: {theme.text};")
        self.noise.setStyleSheet(f"color: {theme.warn if self.text.noisy else theme.muted};")
        for label in (self.detail, self.notes):
            label.setStyleSheet(f"color: {theme.muted};")


class VerdictStrip(QWidget):
    """Every comparison's card, in a grid that reflows; hidden when there is none."""

    def __init__(self, theme: Theme | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme or current_theme()
        self.grid = CardGrid(self._min_card_width(), self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(self.grid)
        self.section = ComparisonSection()

    @property
    def cards(self) -> list[VerdictCard]:
        """The cards shown, in the summary's order."""
        return [card for card in self.grid.cards if isinstance(card, VerdictCard)]

    def show_section(self, section: ComparisonSection) -> None:
        """One card per comparison of the session."""
        self.section = section
        self.grid.min_card_width = self._min_card_width()
        texts = card_texts(section)
        self.grid.set_cards([VerdictCard(text, self.theme, self.grid) for text in texts])
        self.setVisible(bool(texts))

    def apply_theme(self, theme: Theme) -> None:
        """Recolour every card."""
        self.theme = theme
        for card in self.cards:
            card.apply_theme(theme)

    def _min_card_width(self) -> int:
        return self.fontMetrics().averageCharWidth() * CARD_MIN_CHARS


def _label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    # A wrapped label's own minimum is wide; a narrow one wraps more, and the grid reflows.
    label.setMinimumWidth(label.fontMetrics().averageCharWidth() * 12)
    return label
