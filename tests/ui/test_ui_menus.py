"""Help ▸ About, File ▸ Settings (defaults and appearance) and View ▸ every tab."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QGroupBox

from fwprof import __version__
from fwprof.snapshot.recovery_files import RECOVERY_ENV
from ui.app.about import show_about
from ui.base.settings import Preferences
from ui.controllers.actions import menu_holding
from ui.controllers.host import Tab

ROOT = Path(__file__).resolve().parents[2]


def test_about_names_versions_frameworks_licence_and_links(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    qtbot.waitUntil(lambda: window.interpreters.info is not None, timeout=30_000)
    box = show_about(window, window.interpreters.info)
    text = box.text()
    assert f"fwprof {__version__}" in text and f"Qt {qVersion()}" in text
    assert f"PySide6 {PySide6.__version__}" in text and "Apache-2.0" in text
    assert f"PyTorch {metadata.version('torch')}" in text  # found by the interpreter probe
    assert f"TensorFlow {metadata.version('tensorflow-cpu')}" in text
    assert "https://pytorch.org" in text and "Python 3." in text
    box.close()


def test_about_imports_no_framework_and_no_pyqtgraph() -> None:
    code = ("import sys; from ui.app.about import about_html; about_html(None); "
            "print(sorted(m for m in ('torch', 'tensorflow', 'pyqtgraph') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, check=True)
    assert out.stdout.strip() == "[]"


def test_settings_apply_theme_run_defaults_and_autosave_folder(
        qtbot: Any, make_window: Any, tmp_path: Path, private_recovery_folder: Path) -> None:
    window = make_window()
    window.commands.settings.trigger()
    dialog = window.interpreters.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.result_for_shown() is not None, timeout=30_000)  # its probe
    titles = [box.title() for box in dialog.findChildren(QGroupBox)]
    assert titles == ["Defaults and appearance"]
    section = dialog.findChildren(QGroupBox)[0]  # the dialog grew to fit it: nothing squeezed
    qtbot.waitUntil(lambda: dialog.height() >= dialog.sizeHint().height(), timeout=5000)
    assert section.height() >= section.sizeHint().height()
    form = window.preferences.form
    form.theme.setCurrentIndex(form.theme.findData("dark"))
    form.repeats.setValue(5)
    form.threads.setValue(1)
    form.autosave.setText(str(tmp_path / "autosaves"))
    dialog.done(QDialog.DialogCode.Accepted)
    assert window.settings.preferences() == Preferences("dark", 5, 1, str(tmp_path / "autosaves"))
    config = window.setup.config()
    assert (config.repeats, config.threads) == (5, 1) and config.max_repeats >= 5
    assert window.themes.choice == "dark" and window.theme.dark
    assert os.environ[RECOVERY_ENV] == str(tmp_path / "autosaves")
    window.preferences.apply(Preferences("dark", 5, 1, ""))  # back to the folder it had
    assert os.environ[RECOVERY_ENV] == str(private_recovery_folder)


def test_view_menu_lists_every_tab(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    menu = menu_holding(window, window.commands.show_live)
    texts = [action.text().replace("&", "") for action in menu.actions()]
    for tab in Tab:
        title = window.tabs.tabText(tab).replace("&", "")
        assert any(text.startswith(title[:6]) for text in texts), (title, texts)
    window.tab_menu.actions[Tab.CONVERGENCE].trigger()
    assert window.tabs.currentIndex() == Tab.CONVERGENCE
    window.tab_menu.actions[Tab.CODE].trigger()
    assert window.tabs.currentIndex() == Tab.CODE
    window.tab_menu.actions[Tab.DEPLOY].trigger()  # no deploy runs: it says so, stays put
    assert window.tabs.currentIndex() == Tab.CODE
    assert "nothing for this session" in window.statusBar().currentMessage()
    assert window.tab_menu.actions[Tab.CONVERGENCE].shortcut().toString() == "Alt+5"
