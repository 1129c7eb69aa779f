"""Teaching the time estimate: every finished run's measured time goes into
:class:`~ui.base.learned_durations.LearnedDurations`, and the setup panel re-estimates once
a session ends; while one runs, the status bar says how long is left (:class:`TimeLeft`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from fwprof.results import RunResult
from ui.base.learned_durations import LearnedDurations
from ui.controllers.time_left import TimeLeft

if TYPE_CHECKING:
    from ui.controllers.host import WindowHost


class DurationLearner(QObject):
    """Feeds the window's finished runs to ``store`` (see module docstring)."""

    def __init__(self, window: WindowHost, store: LearnedDurations) -> None:
        super().__init__(window.widget)
        self.window, self.store = window, store
        window.worker.run_finished.connect(self._run_finished)
        window.worker.session_finished.connect(self._session_finished)
        window.setup.use_learned_durations(store)
        self.time_left = TimeLeft(window, store)  # the status bar while a session runs

    def _run_finished(self, run: RunResult) -> None:
        self.store.record(run)

    def _session_finished(self, *_args: Any) -> None:
        self.window.setup.use_learned_durations(self.store)
