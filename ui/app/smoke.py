"""``fwprof-gui --smoke-run``: prove an install works, without anyone at the screen.

Opens the main window, runs a tiny comparison (mlp, train, eager, both frameworks, a few steps)
through it on the chosen interpreter, prints one line per run, and quits with status 0 when
every run is ok (1 otherwise, 2 on timeout). The app's settings go to a temporary file, so the
user's stay as they are. Works offscreen (``QT_QPA_PLATFORM=offscreen``).
"""

from __future__ import annotations

import contextlib
import sys
import traceback
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from fwprof.catalog import FRAMEWORKS
from fwprof.config import SessionConfig
from fwprof.results import SessionRecord

if TYPE_CHECKING:
    from ui.app.main_window import MainWindow

#: One pair, no pairs added while undecided, a fixed warm-up: a check that the app runs both
#: frameworks, not a verdict.
SMOKE_CONFIG = SessionConfig(workloads=("mlp",), frameworks=FRAMEWORKS, tasks=("train",),
                             modes=("eager",), steps=20, warmup=2, repeats=1, max_repeats=1,
                             warmup_max_s=0.0, min_time_s=0.5)
SMOKE_TIMEOUT_S = 600
EXIT_OK, EXIT_FAILED, EXIT_TIMEOUT = 0, 1, 2


class SmokeRun(QObject):
    """Drives ``window`` through :data:`SMOKE_CONFIG` once it is ready, then quits the app."""

    def __init__(self, window: MainWindow, timeout_s: float = SMOKE_TIMEOUT_S) -> None:
        super().__init__(window)
        self.window = window
        self.exit_code: int | None = None
        window.worker.session_finished.connect(self._finished)
        window.worker.failed.connect(self._failed)
        window.worker.run_finished.connect(self._run_finished)
        if window.ready:
            QTimer.singleShot(0, self._start)
        else:
            window.became_ready.connect(self._start)
        QTimer.singleShot(int(timeout_s * 1000), self._timed_out)
        sys.excepthook = self._crashed

    def _crashed(self, kind: type[BaseException], error: BaseException,
                 tb: TracebackType | None) -> None:
        """An unexpected error fails the smoke run at once (no dialog to wait on)."""
        _say("smoke: unexpected error:\n" + "".join(traceback.format_exception(kind, error, tb)))
        self.window.worker.stop()
        self._quit(EXIT_FAILED)

    def _start(self) -> None:
        if QApplication.windowIcon().pixmap(64, 64).isNull():
            _say("smoke: the application icon did not load")
            self._quit(EXIT_FAILED)
            return
        info = self.window.interpreters.info
        if info is not None:
            _say(f"smoke: interpreter {info.path}: {info.summary()}")
            _say(f"smoke: children import fwprof from {info.fwprof_path}")
        self.window.setup.set_config(SMOKE_CONFIG)
        _say(f"smoke: running {len(self.window.setup.config().frameworks)} frameworks")
        self.window.commands.run.trigger()

    def _run_finished(self, run: Any) -> None:
        error = f" ({run.error})" if run.error else ""
        _say(f"smoke: {run.spec.label}: {run.status}{error}")

    def _finished(self, record: SessionRecord, _summary: object) -> None:
        ok = bool(record.runs) and all(run.status == "ok" for run in record.runs)
        _say(f"smoke: session {record.status}, {'all runs ok' if ok else 'some runs not ok'}")
        self._quit(EXIT_OK if ok else EXIT_FAILED)

    def _failed(self, message: str) -> None:
        _say(f"smoke: the session failed: {message}")
        self._quit(EXIT_FAILED)

    def _timed_out(self) -> None:
        _say("smoke: timed out")
        self.window.worker.stop()
        self._quit(EXIT_TIMEOUT)

    def _quit(self, code: int) -> None:
        if self.exit_code is not None:
            return
        self.exit_code = code
        QTimer.singleShot(0, lambda: self._close(code))  # after the worker's last signals

    def _close(self, code: int) -> None:
        self.window.unsaved.discard_current()  # a smoke run's results are not kept
        self.window.close()
        QApplication.exit(code)


def _say(line: str) -> None:
    with contextlib.suppress(OSError):
        print(line, flush=True)
