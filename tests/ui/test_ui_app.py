"""Launching, shortcuts, remembered settings, themes and the status bar."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from fwprof.config import SMALL_MACHINE_CORES, SessionConfig, available_cores
from ui.app.main_window import MainWindow, Services
from ui.base.settings import AppSettings
from ui.base.theme import DARK, LIGHT

ROOT = Path(__file__).resolve().parents[2]
STARTUP_LIMIT_S = 1.0


def test_first_paint_comes_within_a_second(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    best = min(_startup_seconds(env) for _ in range(2))  # best of two: the machine is shared
    assert best <= STARTUP_LIMIT_S


def _startup_seconds(env: dict[str, str]) -> float:
    result = subprocess.run([sys.executable, "-m", "ui", "--measure-startup"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=60, check=True)
    match = re.search(r"first paint ([\d.]+) s after process start", result.stdout)
    assert match, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return float(match.group(1))


def test_every_command_is_an_action_with_a_shortcut(make_window: Any) -> None:
    window = make_window()
    actions = window.commands.all()
    assert len(actions) >= 15
    shortcuts = [a.shortcut().toString() for a in actions]
    assert all(shortcuts), [a.text() for a in actions if not a.shortcut().toString()]
    assert len(set(shortcuts)) == len(shortcuts)
    assert window.commands.stop.shortcut().toString() == "Esc"
    assert window.commands.open.shortcut().toString() == "Ctrl+O"
    assert window.commands.save.shortcut().toString() == "Ctrl+S"
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Run", "&View", "&Help"]


def test_window_geometry_and_last_setup_are_remembered(qtbot: Any, tmp_path: Path) -> None:
    store = str(tmp_path / "remember.ini")
    first = MainWindow(Services(settings=AppSettings(QSettings(store, QSettings.Format.IniFormat))))
    qtbot.addWidget(first)
    first.show()
    first.resize(701, 555)  # the offscreen screen is 800x800
    wanted = SessionConfig(workloads=("cnn",), modes=("graph",), repeats=2, max_repeats=2, steps=33)
    first.setup.set_config(wanted)
    first.close()
    second = MainWindow(Services(settings=AppSettings(QSettings(store, QSettings.Format.IniFormat))))
    qtbot.addWidget(second)
    assert second.setup.config() == wanted
    assert (second.width(), second.height()) == (701, 555)


def test_status_bar_shows_sampler_rate_and_gpu(make_window: Any) -> None:
    window = make_window()
    window.setup.threads.setValue(available_cores())
    # Every core: runs are sampled slower while measured (fwprof.launch.pacing).
    assert window.rate_label.text() == ("Sampler: 10 Hz (1 Hz while measuring runs that use "
                                        "every core)")
    window.setup.rate.setValue(50)
    assert window.rate_label.text().startswith("Sampler: 50 Hz (1 Hz while")
    if available_cores() > 1:
        window.setup.threads.setValue(available_cores() - 1)
        assert window.rate_label.text() == "Sampler: 50 Hz"
    window.setup.threads.setValue(0)  # the default leaves a core free on small machines
    assert window.rate_label.text() == "Sampler: 50 Hz" or available_cores() > SMALL_MACHINE_CORES
    assert window.gpu_label.text() == "GPU: not available"
    assert "fake" in window.gpu_label.toolTip()


def test_theme_switch_recolours_every_view(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    try:
        window.apply_theme(DARK)
        curve = window.timeline.curves[("", "torch", "throughput")]
        assert curve.opts["pen"].color().name() == DARK.frameworks["torch"]
        qtbot.waitUntil(lambda: window.palette().window().color().name() == DARK.window)
        assert window.queue.model.theme is DARK and window.results.theme is DARK
    finally:
        window.apply_theme(LIGHT)
    qtbot.waitUntil(lambda: window.palette().window().color().name() == LIGHT.window)


def test_the_theme_follows_the_system_scheme(monkeypatch: Any) -> None:
    from PySide6.QtCore import Qt

    import ui.base.theme as theme

    class Hints:
        def __init__(self, scheme: Qt.ColorScheme) -> None:
            self.scheme = scheme

        def colorScheme(self) -> Qt.ColorScheme:
            return self.scheme

    monkeypatch.setattr(theme.QGuiApplication, "styleHints",
                        staticmethod(lambda: Hints(Qt.ColorScheme.Dark)))
    assert theme.current_theme() is DARK
    monkeypatch.setattr(theme.QGuiApplication, "styleHints",
                        staticmethod(lambda: Hints(Qt.ColorScheme.Unknown)))
    assert theme.current_theme() is LIGHT


def test_help_runs_without_a_display() -> None:
    result = subprocess.run([sys.executable, "-m", "ui", "--help"], cwd=ROOT, text=True,
                            capture_output=True, timeout=60)
    assert result.returncode == 0 and "--measure-startup" in result.stdout


def test_the_gui_never_imports_a_framework_at_module_level() -> None:
    code = ("import sys, ui.app.start, ui.app.main_window, ui.views.timeline.timeline_view, "
            "ui.views.results.results_view, ui.views.diff.compare_view, "
            "ui.controllers.session_worker; "
            "print(sorted(m for m in ('torch', 'tensorflow', 'keras') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, text=True,
                            capture_output=True, timeout=60,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.stdout.strip() == "[]", result.stderr
