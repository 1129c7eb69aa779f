"""Seeing the first paint: run deferred work after it, and measure process start to paint."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


def seconds_since_process_start() -> float:
    """Wall time since this process was created (from /proc; 10 ms resolution on Linux)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])
        with open("/proc/uptime", encoding="ascii") as handle:
            uptime = float(handle.read().split()[0])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - _IMPORTED_AT


_IMPORTED_AT = time.perf_counter()


class FirstPaint(QObject):
    """Calls ``callback(seconds_since_process_start)`` once, right after the first paint."""

    def __init__(self, widget: QWidget, callback: Callable[[float], None]) -> None:
        super().__init__(widget)
        self._callback: Callable[[float], None] | None = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._callback is not None:
            callback, self._callback = self._callback, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, lambda: callback(seconds_since_process_start()))
        return False
