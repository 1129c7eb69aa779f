"""An inline bar at the top of the window for errors and warnings (no modal dialog, no terminal)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from ui.base.theme import Theme, current_theme

LEVELS = ("error", "warning", "info")


class MessageBar(QFrame):
    """Shows one message with its level; 'Details' opens the full text; '×' hides the bar."""

    def __init__(self, theme: Theme | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme or current_theme()
        self.level = "info"
        self.details = ""
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_button = QPushButton("Details…", self)
        self.details_button.clicked.connect(self.show_details)
        close = QPushButton("✕", self)
        close.setFlat(True)
        close.setToolTip("Dismiss")
        close.setFixedWidth(28)
        close.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.details_button)
        row.addWidget(close)
        self.hide()

    def show_message(self, text: str, level: str = "error", details: str = "") -> None:
        """Show ``text``; ``details`` (a log tail, a long reason) goes behind the button."""
        self.level = level if level in LEVELS else "error"
        self.details = details
        self.label.setText(text)
        self.details_button.setVisible(bool(details))
        self._style()
        self.show()

    def text(self) -> str:
        """The message shown (empty when hidden)."""
        return self.label.text() if self.isVisible() else ""

    def show_details(self) -> None:
        """The details in a non-modal, selectable message box."""
        box = QMessageBox(QMessageBox.Icon.Information, "Details", self.label.text(),
                          QMessageBox.StandardButton.Close, self)
        box.setDetailedText(self.details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def apply_theme(self, theme: Theme) -> None:
        """Recolour for ``theme``."""
        self.theme = theme
        self._style()

    def _style(self) -> None:
        colour = {"error": self.theme.bad, "warning": self.theme.warn}.get(self.level,
                                                                          self.theme.accent)
        self.setStyleSheet(
            f"MessageBar {{ border: 1px solid {colour}; border-left: 4px solid {colour};"
            f" border-radius: 3px; background: {self.theme.base}; }}"
        )
