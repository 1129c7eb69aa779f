"""A run stopped with the Stop button is 'stopped' everywhere: never red, never 'failed', never
counted as finished (real runs: PyTorch completes, TensorFlow is stopped while it starts)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from fwprof.config import SessionConfig
from fwprof.snapshot.recovery import RecoverableSession
from fwprof.snapshot.recovery_files import STATE_UNSAVED, RecoveryMeta
from ui.app.main_window import MainWindow, Services
from ui.base.settings import AppSettings
from ui.controllers.host import Tab
from ui.views.results.verdict_cards_text import card_texts
from ui.views.session.recovery_bar import headline

needs_frameworks = pytest.mark.skipif(
    not all(importlib.util.find_spec(name) for name in ("torch", "tensorflow")),
    reason="needs both frameworks")

TWO_RUNS = SessionConfig(workloads=("mlp",), tasks=("train",), modes=("eager",), repeats=1,
                         max_repeats=1, steps=20, warmup=2, min_time_s=0.0, warmup_max_s=0.0,
                         threads=2)


@pytest.fixture
def stopped_window(qtbot: Any, settings: AppSettings, private_recovery_folder: Any) -> MainWindow:
    """The real window after a real session whose second run was stopped with the Stop button."""
    window = MainWindow(Services(settings=settings, gpu_probe=lambda: {"available": False,
                                                                      "reason": "test"}))
    qtbot.addWidget(window)
    window.show()
    window.finish_startup()
    qtbot.waitUntil(lambda: window.ready, timeout=30_000)
    window.setup.set_config(TWO_RUNS)
    window.commands.run.trigger()
    model = window.queue.model  # its rows are replaced when the session starts
    qtbot.waitUntil(lambda: len(model.rows) == 2 and model.rows[1].status == "running",
                    timeout=120_000)
    with qtbot.waitSignal(window.worker.stopped_running, timeout=30_000):
        qtbot.mouseClick(window.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.document is not None, timeout=30_000)
    return window


@pytest.mark.slow
@needs_frameworks
def test_a_stopped_run_is_stopped_in_every_view(stopped_window: MainWindow) -> None:
    window, bad = stopped_window, QColor(stopped_window.theme.bad)
    model = window.queue.model
    assert [row.status for row in model.rows] == ["ok", "stopped"]
    assert model.data(model.index(1, 2)) == "stopped" and model.data(
        model.index(1, 2), Qt.ItemDataRole.ForegroundRole) != bad
    header = window.queue.header.text()
    assert "1 of 2 runs finished" in header and "1 stopped" in header and "failed" not in header
    assert "stopped" in window.statusBar().currentMessage()

    section = window.document.summary.comparison  # type: ignore[union-attr]
    assert {g.framework: g.status for g in section.groups} == {"torch": "ok",
                                                               "tensorflow": "stopped"}
    results = window.results
    assert "Session stopped" in results.title.text()
    failures = results.failures.text()
    assert "Stopped before the end" in failures and "did not complete" not in failures
    assert window.theme.bad not in failures and window.theme.warn in failures
    cell = results.comparisons.proxy.index(0, 5)  # TensorFlow's samples/s
    assert cell.data() == "stopped" and cell.data(Qt.ItemDataRole.ForegroundRole).color() != bad
    (card,) = card_texts(section)
    assert "stopped" in card.headline and "fail" not in card.headline and card.winner is None
    assert window.tabs.currentIndex() != Tab.RESULTS or "stopped" in results.title.text()


@pytest.mark.parametrize(("status", "ended"), [("stopped", "stopped"), ("finished", "finished")])
def test_an_unsaved_stopped_session_is_offered_back_as_stopped(status: str, ended: str) -> None:
    meta = RecoveryMeta(id="20261204-000000-1-abcd", kind="comparison", label="x",
                        created="2026-12-04T00:00:00+00:00", updated="2026-12-04T00:00:00+00:00",
                        status=status, runs_total=2, runs_ended=2, pid=1, pid_started=0.0,
                        state=STATE_UNSAVED)
    entry = RecoverableSession(meta.id, Path("x.fwprof"), 1, 0.0, meta, in_progress=False)
    assert entry.state_label == f"{ended}, not saved"
    assert headline(entry) == f"<b>A {ended} session was not saved</b>"
