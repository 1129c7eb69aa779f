"""Dropping ``.fwprof`` files on the window: one opens it, two compare them (A, then B).

An event filter on the main window, which accepts drops; a drag that carries no local
snapshot is refused, so the cursor says so before the drop. Opening goes through
:meth:`FileController.open_snapshot` (which asks first about an unsaved session).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtGui import QDragMoveEvent, QDropEvent

if TYPE_CHECKING:
    from ui.controllers.file_controller import FileController
    from ui.controllers.host import WindowHost

SUFFIX = ".fwprof"


def dropped_snapshots(mime: QMimeData) -> list[Path]:
    """The local ``.fwprof`` files a drag carries, in order."""
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [path for path in paths if path.suffix.lower() == SUFFIX]


class FileDrop(QObject):
    """Makes the window a drop target for snapshots (see module docstring)."""

    def __init__(self, window: WindowHost, files: FileController) -> None:
        super().__init__(window.widget)
        self.window, self.files = window, files
        window.widget.setAcceptDrops(True)
        window.widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(event, QDragMoveEvent):
            if dropped_snapshots(event.mimeData()):
                event.acceptProposedAction()
            else:
                event.ignore()
            return True
        if kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            self.drop(dropped_snapshots(event.mimeData()))
            event.acceptProposedAction()
            return True
        return False

    def drop(self, paths: list[Path]) -> None:
        """Open one snapshot, or compare the first two."""
        if len(paths) == 1:
            self.files.open_snapshot(paths[0])
        elif len(paths) >= 2:
            if len(paths) > 2:
                self.window.show_status(f"Comparing the first two of {len(paths)} snapshots",
                                        8000)
            self.files.compare_snapshots(paths[0], paths[1])
