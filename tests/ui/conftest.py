"""Qt test setup for the desktop app: offscreen, Qt warnings fail, no thread left running."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from ui_fakes import fake_factory

from ui.app.main_window import MainWindow, Services
from ui.base.settings import AppSettings
from ui.base.threads import running_threads

UI_TESTS = Path(__file__).resolve().parent
#: Messages of the offscreen platform itself, not of the app.
IGNORED_QT_MESSAGES = (r"This plugin does not support propagateSizeHints\(\)",)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every Qt warning during a UI test fails it."""
    for item in items:
        if UI_TESTS in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(*IGNORED_QT_MESSAGES))


@pytest.fixture(autouse=True)
def no_thread_left_running() -> Iterator[None]:
    """Fail a test that leaves a QThread (or a Python thread it started) running."""
    before = set(threading.enumerate())
    yield
    leaked = [t for t in running_threads()]
    for thread in leaked:
        thread.wait(5_000)  # do not poison the next test, but still fail this one
    assert not leaked, f"QThreads still running after the test: {leaked}"
    extra = [t for t in threading.enumerate() if t not in before and t.is_alive()
             and not t.daemon]
    assert not extra, f"threads still running after the test: {[t.name for t in extra]}"


class UnsavedAnswers:
    """Stands in for the Save / Discard / Cancel question (a modal dialog would wait for a
    click): answers :attr:`answer` and records each question in :attr:`asked`."""

    def __init__(self) -> None:
        self.answer = "discard"
        self.asked: list[str] = []

    def __call__(self, _parent: Any, text: str, _detail: str) -> str:
        self.asked.append(text)
        return self.answer


@pytest.fixture(autouse=True)
def unsaved_answers(monkeypatch: pytest.MonkeyPatch) -> UnsavedAnswers:
    """Every UI test answers the unsaved-session question without a dialog (Discard unless the
    test says otherwise)."""
    answers = UnsavedAnswers()
    monkeypatch.setattr("ui.controllers.unsaved_guard.ask_save_discard_cancel", answers)
    return answers


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    """Settings in a temporary INI file (never the user's)."""
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def fake_gpu() -> dict[str, Any]:
    return {"available": False, "reason": "NVML could not start: fake", "devices": []}


def fake_installed() -> dict[str, str | None]:
    return {"torch": "2.13.0", "tensorflow": "2.21.0"}


@pytest.fixture
def make_window(qtbot: Any, settings: AppSettings) -> Callable[..., MainWindow]:
    """Build, show and finish starting a window; keyword arguments go to the fake session."""
    def make(session_factory: Any = None, **fake_options: Any) -> MainWindow:
        factory = session_factory or fake_factory(**fake_options)
        window = MainWindow(Services(session_factory=factory, settings=settings,
                                     gpu_probe=fake_gpu, framework_probe=fake_installed))
        qtbot.addWidget(window)
        window.show()
        window.finish_startup()
        qtbot.waitUntil(lambda: window.ready, timeout=10_000)
        return window

    return make
