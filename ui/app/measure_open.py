"""``--measure-startup`` with a snapshot: when the opened snapshot is on screen.

After ``finish_startup`` has started loading the snapshot, :func:`when_shown` watches (every
few ms) for the window's document to be set or for an error in the message bar, paints the
window once more (synchronously, so the time includes drawing the loaded session) and calls
back with the seconds since the process started and what happened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from ui.app.first_paint import seconds_since_process_start

if TYPE_CHECKING:
    from ui.app.main_window import MainWindow

POLL_MS = 5


def when_shown(window: MainWindow, callback: Callable[[float, str], None]) -> QTimer:
    """Call ``callback(seconds, "shown" | "failed: reason")`` once the snapshot is painted."""
    timer = QTimer(window)
    timer.setInterval(POLL_MS)

    def check() -> None:
        failed = window.messages.isVisible()
        if window.document is None and not failed:
            return
        timer.stop()
        window.repaint()
        outcome = f"failed: {window.messages.label.text()}" if failed else "shown"
        callback(seconds_since_process_start(), outcome)

    timer.timeout.connect(check)
    timer.start()
    return timer
