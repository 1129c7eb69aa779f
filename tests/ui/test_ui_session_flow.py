"""A whole session through the window with a fake session: queue, stop, failures, results."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import Qt

from fwprof.config import SessionConfig
from ui.controllers.host import Tab

SMALL = SessionConfig(modes=("eager",), repeats=3, max_repeats=3, steps=40, warmup=1)


def _run(qtbot: Any, window: Any, timeout: int = 10_000) -> None:
    with qtbot.waitSignal(window.worker.stopped_running, timeout=timeout):
        window.commands.run.trigger()


def test_a_session_fills_queue_timeline_results_and_environment(qtbot: Any,
                                                                 make_window: Any) -> None:
    window = make_window()
    window.setup.set_config(SMALL)
    _run(qtbot, window)
    rows = window.queue.model.rows
    assert [r.status for r in rows] == ["ok"] * 6
    assert all(r.steps_done == r.steps_total == 40 for r in rows)
    assert "6 of 6 runs finished" in window.queue.header.text()
    assert window.tabs.currentIndex() == Tab.RESULTS
    table = window.results.comparisons.proxy
    assert table.rowCount() == 1
    assert "PyTorch" in table.index(0, 7).data() and "faster" in table.index(0, 7).data()
    assert window.timeline.layers[""].frameworks() == ["torch", "tensorflow"]
    assert window.environment.tree.topLevelItem(0).child(0).text(1) == "Fake CPU 9000"
    assert window.commands.save.isEnabled() and window.commands.run.isEnabled()
    assert not window.commands.stop.isEnabled()
    assert window.windowTitle() == "fwprof — unsaved session"


def test_queue_shows_the_running_run_and_escape_stops_the_queue(qtbot: Any,
                                                                make_window: Any) -> None:
    hold = threading.Event()
    window = make_window(hold=hold)
    window.setup.set_config(SMALL)
    window.commands.run.trigger()
    model = window.queue.model
    qtbot.waitUntil(lambda: bool(model.rows) and model.rows[0].status == "running")
    qtbot.waitUntil(lambda: model.rows[0].phase == "measure")
    assert window.commands.stop.isEnabled() and not window.commands.run.isEnabled()
    assert window.tabs.currentIndex() == Tab.LIVE
    assert model.rows[1].status == "pending"
    with qtbot.waitSignal(window.worker.stopped_running, timeout=5000):
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert [r.status for r in model.rows] == ["stopped"] * 6
    assert window.commands.run.isEnabled() and not window.commands.stop.isEnabled()
    assert "stopped" in window.statusBar().currentMessage()


def test_a_failed_run_is_explained_in_the_window(qtbot: Any, make_window: Any) -> None:
    window = make_window(fail=frozenset({"tensorflow"}))
    window.setup.set_config(SMALL)
    _run(qtbot, window)
    assert window.messages.isVisible() and window.messages.level == "error"
    assert "fake failure" in window.messages.text()
    assert "RuntimeError: fake failure" in window.messages.details
    assert [r.status for r in window.queue.model.rows].count("failed") == 3
    assert "no comparison" in window.results.comparisons.proxy.index(0, 7).data()
    assert "fake failure" in window.results.failures.text()


def test_a_session_that_cannot_start_says_why(qtbot: Any, make_window: Any) -> None:
    def broken(config: Any, observers: Any) -> Any:
        raise ModuleNotFoundError("No module named 'fwprof.sampling.sampler'")

    window = make_window(session_factory=broken)
    _run(qtbot, window)
    assert "Could not start the session" in window.messages.text()
    assert "fwprof.sampling.sampler" in window.messages.text()
    assert window.commands.run.isEnabled()


def test_an_invalid_setup_is_refused_inline(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    window.setup.checks["tasks"]["train"].setChecked(False)
    window.commands.run.trigger()
    assert "no task chosen" in window.messages.text()
    assert not window.worker.is_running()


def test_samples_are_drained_by_the_timer_not_one_signal_each(qtbot: Any,
                                                             make_window: Any) -> None:
    window = make_window()
    received: list[Any] = []
    window.worker.run_finished.connect(received.append)
    window.setup.set_config(SMALL)
    _run(qtbot, window)
    assert len(received) == 6  # one signal per run, samples went through the buffer
    cpu = window.timeline.curves[("", "torch", "cpu_percent")].getData()[1]
    assert (cpu > 100).sum() == 3 * 5 * 4  # 3 torch runs, 5 phases, 4 samples each


def test_a_missing_framework_is_explained(qtbot: Any, make_window: Any) -> None:
    window = make_window(missing=frozenset({"torch"}))
    window.setup.set_config(SMALL)
    _run(qtbot, window)
    assert "torch is not installed here" in window.messages.text()
    assert [r.status for r in window.queue.model.rows].count("skipped") == 3
    assert "skipped" in window.queue.header.text()


def test_unexpected_errors_open_a_dialog_not_a_terminal_traceback(qtbot: Any,
                                                                 make_window: Any) -> None:
    from PySide6.QtWidgets import QMessageBox

    from ui.app.start import _error_dialog_hook

    window = make_window()
    try:
        raise ValueError("something odd")
    except ValueError as exc:
        _error_dialog_hook(window)(ValueError, exc, exc.__traceback__)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "ValueError: something odd" in boxes[0].text()
    assert "Traceback" in boxes[0].detailedText()
    boxes[0].close()


def test_the_thread_registry_sees_running_threads(qtbot: Any) -> None:
    from ui.base.threads import BackgroundCall, running_threads

    gate = threading.Event()
    call = BackgroundCall(lambda: gate.wait(5))
    with qtbot.waitSignal(call.started):
        call.start()
    assert call in running_threads()
    gate.set()
    assert call.wait(5000)
    qtbot.waitUntil(lambda: call not in running_threads())
