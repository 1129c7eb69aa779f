"""A placeholder that builds its real content on demand (after the first paint, say)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class LazyPane(QWidget):
    """Holds ``factory()``'s widget once :meth:`ensure` is called; a quiet label until then."""

    def __init__(self, factory: Callable[[], QWidget], hint: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._factory = factory
        self.content: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._placeholder = QLabel(hint, self)
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self._placeholder)

    def ensure(self) -> QWidget:
        """Build the content if needed and return it."""
        if self.content is None:
            self.content = self._factory()
            self._layout.removeWidget(self._placeholder)
            self._placeholder.hide()  # deleted only when control returns to the event loop
            self._placeholder.deleteLater()
            self._layout.addWidget(self.content)
        return self.content
