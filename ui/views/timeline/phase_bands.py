"""One graphics item that shades every phase of every run across the full plot height.

A :class:`pyqtgraph.LinearRegionItem` per phase would mean hundreds of items in a long
session; this item paints all spans itself and only the ones in view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter

Span = tuple[float, float, str]


class PhaseBands(pg.GraphicsObject):  # type: ignore[misc]  # pyqtgraph is untyped
    """Full-height translucent bands for (start, end, phase) spans; takes no mouse input."""

    def __init__(self, colour_of: Callable[[str], QColor]) -> None:
        super().__init__()
        self._colour_of = colour_of
        self._spans: list[Span] = []
        self._bounds: tuple[float, float] | None = None
        self._cached_rect = QRectF()
        self.setZValue(-100)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_spans(self, spans: Sequence[Span]) -> None:
        """Replace the shaded spans."""
        spans = [s for s in spans if s[1] >= s[0]]
        if spans == self._spans:
            return
        self.prepareGeometryChange()
        self._spans = spans
        self._bounds = (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None
        self.update()

    def set_colour_function(self, colour_of: Callable[[str], QColor]) -> None:
        """Use new colours (after a theme change)."""
        self._colour_of = colour_of
        self.update()

    def boundingRect(self) -> QRectF:
        view = self.viewRect()
        if view is None or self._bounds is None:
            return QRectF()
        rect = QRectF(self._bounds[0], view.top(), self._bounds[1] - self._bounds[0],
                      view.height()).normalized()
        if rect != self._cached_rect:
            self._cached_rect = rect
            self.prepareGeometryChange()
        return rect

    def viewTransformChanged(self) -> None:
        self.prepareGeometryChange()
        super().viewTransformChanged()

    def paint(self, painter: QPainter, *args: object) -> None:
        view = self.viewRect()
        if view is None:
            return
        painter.setPen(Qt.PenStyle.NoPen)
        left, right = view.left(), view.right()
        for start, end, phase in self._spans:
            if end < left or start > right:
                continue
            painter.fillRect(QRectF(start, view.top(), end - start, view.height()),
                             self._colour_of(phase))

    def dataBounds(self, axis: int, frac: float = 1.0,
                   orthoRange: tuple[float, float] | None = None) -> tuple[float, float] | None:
        """The spans widen the time axis' auto-range; they say nothing about y."""
        return self._bounds if axis == 0 else None
