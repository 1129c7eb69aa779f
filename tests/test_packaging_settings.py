"""The Settings dialog and the run setup: which interpreter runs children, and what it lacks."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings

from fwprof.config import SessionConfig
from fwprof.launch.interpreter import InterpreterInfo
from ui.app.main_window import MainWindow, Services
from ui.base.settings import AppSettings
from ui.base.threads import running_threads
from ui.views.setup.settings_dialog import SettingsDialog

BOTH = {"torch": "2.13.0", "tensorflow": "2.21.0"}
TORCH_ONLY = "/envs/torch-only/bin/python"


def fake_probe(path: str) -> InterpreterInfo:
    frameworks = {"torch": "2.13.0", "tensorflow": None} if path == TORCH_ONLY else BOTH
    return InterpreterInfo(path, version="3.11.7", executable=path, frameworks=frameworks)


def _settings(tmp_path: Path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def _window(qtbot: Any, settings: AppSettings) -> MainWindow:
    def no_session(config: SessionConfig, observers: Any) -> Any:
        raise AssertionError("no session in these tests")

    window = MainWindow(Services(session_factory=no_session, settings=settings,
                                 gpu_probe=lambda: {"available": False, "devices": []},
                                 interpreter_probe=fake_probe))
    qtbot.addWidget(window)
    window.show()
    window.finish_startup()
    qtbot.waitUntil(lambda: window.ready, timeout=10_000)
    return window


def _no_threads_left(qtbot: Any) -> None:
    qtbot.waitUntil(lambda: not running_threads(), timeout=10_000)


def test_the_dialog_lists_interpreters_and_probes_the_one_shown(qtbot: Any) -> None:
    dialog = SettingsDialog("/envs/a/bin/python", ["/usr/bin/python3", "/envs/a/bin/python"],
                            fake_probe)
    qtbot.addWidget(dialog)
    items = [dialog.interpreter.itemText(i) for i in range(dialog.interpreter.count())]
    assert items == ["/envs/a/bin/python", "/usr/bin/python3"]
    qtbot.waitUntil(lambda: dialog.result_for_shown() is not None, timeout=5_000)
    assert "TensorFlow 2.21.0" in dialog.status.text()
    with qtbot.waitSignal(dialog.probed, timeout=5_000):
        dialog.interpreter.setCurrentText(TORCH_ONLY)
    assert "TensorFlow is not installed in " + TORCH_ONLY in dialog.status.text()
    _no_threads_left(qtbot)


def test_the_run_setup_shows_the_interpreter_and_what_it_lacks(qtbot: Any,
                                                              tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    settings.set_python(TORCH_ONLY)
    window = _window(qtbot, settings)
    assert window.interpreters.info is not None and window.interpreters.info.path == TORCH_ONLY
    assert TORCH_ONLY in window.setup.interpreter.text()
    assert "TensorFlow is not installed" in window.setup.interpreter.text()
    assert "missing" in window.setup.checks["frameworks"]["tensorflow"].text()
    assert "missing" not in window.setup.checks["frameworks"]["torch"].text()
    _no_threads_left(qtbot)


def test_choosing_in_settings_is_saved_and_updates_the_setup(qtbot: Any, tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    window = _window(qtbot, settings)
    assert window.setup.checks["frameworks"]["tensorflow"].text() == "TensorFlow"
    window.commands.settings.trigger()
    dialog = window.interpreters.dialog
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    dialog.interpreter.setCurrentText(TORCH_ONLY)
    dialog.accept()
    assert settings.python() == TORCH_ONLY
    qtbot.waitUntil(lambda: window.interpreters.info is not None
                    and window.interpreters.info.path == TORCH_ONLY, timeout=5_000)
    assert "missing" in window.setup.checks["frameworks"]["tensorflow"].text()
    _no_threads_left(qtbot)
    window.close()
    again = _window(qtbot, _settings(tmp_path))  # remembered across app sessions
    assert again.interpreters.info is not None and again.interpreters.info.path == TORCH_ONLY
    _no_threads_left(qtbot)


def test_the_change_link_opens_settings(qtbot: Any, tmp_path: Path) -> None:
    window = _window(qtbot, _settings(tmp_path))
    window.setup.interpreter.linkActivated.emit("settings")
    assert isinstance(window.interpreters.dialog, SettingsDialog)
    qtbot.waitUntil(lambda: window.interpreters.dialog.result_for_shown() is not None,
                    timeout=5_000)
    window.interpreters.dialog.reject()
    _no_threads_left(qtbot)
