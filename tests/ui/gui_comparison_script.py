"""Runs a tiny real comparison through the main window in a fresh process; prints a JSON report.

Used by ``test_ui_end_to_end.py``: a fresh interpreter is the only place where "the GUI process
never imported torch or tensorflow" can be checked, since other tests import them into pytest's.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QObject, QSettings, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

FRAMEWORK_MODULES = ("torch", "tensorflow", "keras")
IGNORED_MESSAGES = ("This plugin does not support propagateSizeHints()",)


class StallMeter(QObject):
    """A 10 ms timer that records the longest gap between its ticks.

    ``longest`` is the raw gap. ``longest_own`` leaves out the time the GUI thread sat in the
    CPU run queue (Linux ``schedstat``): on a loaded 2-core machine the children and other
    processes can keep a ready thread waiting, which no code in the app can prevent.
    """

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.last_wait = 0.0
        self.longest = 0.0
        self.longest_own = 0.0
        self.ticks = 0

    def start(self) -> None:
        self.last, self.last_wait = time.perf_counter(), _run_queue_wait()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now, waited = time.perf_counter(), _run_queue_wait()
        gap = now - self.last
        self.longest = max(self.longest, gap)
        self.longest_own = max(self.longest_own, gap - (waited - self.last_wait))
        self.last, self.last_wait = now, waited
        self.ticks += 1


def _run_queue_wait() -> float:
    """Seconds this thread has spent runnable but not running (0 where not measurable)."""
    try:
        with open("/proc/thread-self/schedstat", encoding="ascii") as handle:
            return int(handle.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def run_comparison(folder: Path) -> dict[str, Any]:
    """Build the window, wait until it is ready, run, and describe what it shows."""
    from fwprof.config import SessionConfig
    from ui.app.main_window import MainWindow, Services
    from ui.base.settings import AppSettings
    from ui.base.threads import running_threads

    app = QApplication.instance() or QApplication([])
    warnings: list[str] = []
    qInstallMessageHandler(lambda kind, _context, text: warnings.append(text)
                           if kind != QtMsgType.QtDebugMsg and text not in IGNORED_MESSAGES
                           else None)
    settings = AppSettings(QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(Services(settings=settings))
    window.show()
    window.finish_startup()
    _wait(app, lambda: window.ready, 60)
    window.setup.set_config(SessionConfig(workloads=("mlp",), tasks=("train",),
                                          modes=("eager",), repeats=1, max_repeats=1, steps=20, warmup=2))
    meter = StallMeter()
    done: list[bool] = []
    window.worker.stopped_running.connect(lambda: done.append(True))
    meter.start()
    window.commands.run.trigger()
    _wait(app, lambda: bool(done), 540)
    meter.stop()
    _wait(app, lambda: window.document is not None, 60)
    report = _describe(window)
    report.update(stall_ms=meter.longest * 1000, own_stall_ms=meter.longest_own * 1000,
                  ticks=meter.ticks, warnings=warnings,
                  modules=[m for m in FRAMEWORK_MODULES if m in sys.modules])
    window.unsaved.discard_current()  # no Save/Discard/Cancel question on close
    window.close()
    report["threads_left"] = [repr(t) for t in running_threads()]
    return report


def _describe(window: Any) -> dict[str, Any]:
    table = window.results.comparisons.proxy
    document = window.document
    return {
        "statuses": [row.status for row in window.queue.model.rows],
        "errors": [row.error for row in window.queue.model.rows],
        "rows": table.rowCount(),
        "torch_cell": table.index(0, 4).data(), "tf_cell": table.index(0, 5).data(),
        "verdict_cell": table.index(0, 7).data(),
        "verdict_tip": table.index(0, 7).data(Qt.ItemDataRole.ToolTipRole),
        "summary_verdict": document.summary.comparison.comparisons[0].verdict if document else None,
        "timeline_frameworks": window.timeline.layers[""].frameworks(),
        "reported_frameworks": sorted(document.record.environment.get("frameworks", {}))
        if document else [],
    }


def _wait(app: QApplication, condition: Any, seconds: float) -> None:
    """Run the event loop until ``condition()`` holds (checked every 20 ms; no sleeping)."""
    deadline = time.monotonic() + seconds
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: loop.quit() if condition() or time.monotonic() > deadline
                          else None)
    timer.start()
    if not condition():
        loop.exec()
    timer.stop()
    if not condition():
        raise TimeoutError(f"gave up after {seconds} s")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(run_comparison(Path(tmp))))
