"""The status bar's "about 3 min left" while a session runs: the pending runs' estimates
(from this machine's past runs where there are some, see :mod:`ui.base.learned_durations`)
plus what the running run has left, refreshed every second."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

from fwprof.protocol import now
from fwprof.results import SessionRecord
from ui.base.learned_durations import LearnedDurations
from ui.views.setup.estimate import format_duration, seconds_left

if TYPE_CHECKING:
    from ui.controllers.host import WindowHost

REFRESH_MS = 1000


class TimeLeft(QObject):
    """A permanent status-bar label, shown while a session runs (see module docstring)."""

    def __init__(self, window: WindowHost, store: LearnedDurations) -> None:
        super().__init__(window.widget)
        self.store = store
        self.record: SessionRecord | None = None
        self.label = QLabel(window.widget)
        self.label.setContentsMargins(8, 0, 8, 0)
        self.label.setToolTip("From this machine's past runs of the same settings where there "
                              "are some, else from typical rates")
        self.label.hide()
        window.widget.statusBar().addPermanentWidget(self.label)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        window.worker.session_started.connect(self._started)
        window.worker.stopped_running.connect(self._ended)

    def _started(self, record: SessionRecord) -> None:
        self.record = record
        self.timer.start()
        self.refresh()

    def _ended(self) -> None:
        self.timer.stop()
        self.record = None
        self.label.hide()

    def refresh(self) -> None:
        """Show the time left now (hidden when there is nothing to estimate)."""
        runs = list(self.record.runs) if self.record is not None else []
        left = seconds_left(runs, now(), self.store)
        self.label.setText(f"{format_duration(left)} left")
        self.label.setVisible(bool(runs) and left > 0)
