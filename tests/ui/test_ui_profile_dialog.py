"""Run ▸ Profile Script…: the dialog's checks, the console pane, and real scripts profiled
through the window (examples/manual_steps.py in child processes, counted step by step)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from ui.app.main_window import MainWindow
from ui.views.profile.console_pane import ConsoleBuffer, ConsolePane
from ui.views.profile.profile_dialog import ProfileDialog
from ui.views.profile.script_entries import ScriptEntry, entry_spec

ROOT = Path(__file__).resolve().parents[2]
MANUAL_STEPS = ROOT / "examples" / "manual_steps.py"


@pytest.fixture
def dialog(qtbot: Any, tmp_path: Path) -> ProfileDialog:
    made = ProfileDialog(sys.executable, [], str(tmp_path))
    qtbot.addWidget(made)
    return made


def fill(dialog: ProfileDialog, target: str, args: str = "", cwd: str | None = None,
         env: str = "", as_module: bool = False) -> None:
    dialog.target.setText(target)
    dialog.as_module.setChecked(as_module)
    dialog.args.setText(args)
    if cwd is not None:
        dialog.cwd.setText(cwd)
    dialog.env.setPlainText(env)


@pytest.mark.parametrize(("target", "cwd", "expected"), [
    ("", None, "⚠ choose a script to run"),
    ("missing.py", None, "⚠ script missing.py does not exist"),
    ("train.py", "/no/such/folder", "⚠ folder /no/such/folder does not exist"),
    ("broken.py", None, "⚠ broken.py has a syntax error (line 1: "),
    ("folder", None, "⚠ folder is a directory, not a Python script"),
])
def test_invalid_scripts_are_explained_inline(dialog: ProfileDialog, tmp_path: Path,
                                              target: str, cwd: str | None,
                                              expected: str) -> None:
    (tmp_path / "broken.py").write_text("def f(:\n")
    (tmp_path / "folder").mkdir()
    fill(dialog, target, cwd=cwd)
    assert not dialog.validate()
    assert dialog.message.text().startswith(expected), dialog.message.text()
    assert not dialog.profile_button.isEnabled() and dialog.plan() is None


def test_bad_environment_arguments_and_module_are_explained(dialog: ProfileDialog) -> None:
    fill(dialog, str(MANUAL_STEPS), env="OK=1\n=nameless")
    assert not dialog.validate() and "is not NAME=VALUE" in dialog.message.text()
    fill(dialog, str(MANUAL_STEPS), args="--name 'unclosed")
    assert not dialog.validate() and dialog.message.text().startswith("⚠ arguments:")
    fill(dialog, "not a module", as_module=True)
    assert not dialog.validate() and "is not a module name" in dialog.message.text()
    assert dialog.target_label.text() == "&Module:" and not dialog.browse_script.isEnabled()
    dialog.python.setCurrentText("/no/such/python")
    fill(dialog, str(MANUAL_STEPS))
    assert not dialog.validate() and "/no/such/python not found" in dialog.message.text()


def test_a_valid_script_is_accepted_with_its_settings(dialog: ProfileDialog,
                                                      tmp_path: Path) -> None:
    fill(dialog, str(MANUAL_STEPS), args="--steps 3 --size '10'", env="# note\nA=1\nB=x=y")
    assert dialog.validate(), dialog.message.text()
    assert dialog.message.text() == "" and dialog.profile_button.isEnabled()
    plan = dialog.plan()
    assert plan is not None and len(plan.specs) == 1
    spec = plan.specs[0]
    assert spec.script == str(MANUAL_STEPS) and spec.args == ("--steps", "3", "--size", "10")
    assert spec.env == (("A", "1"), ("B", "x=y")) and spec.cwd == str(tmp_path)
    assert Path(spec.python).name.startswith("python")


def test_checks_run_after_typing_pauses(qtbot: Any, dialog: ProfileDialog) -> None:
    dialog.target.setText("missing.py")
    assert dialog.check_timer.isActive() and not dialog.profile_button.isEnabled()
    qtbot.waitUntil(lambda: "does not exist" in dialog.message.text(), timeout=3000)


def test_several_scripts_are_listed_in_order(dialog: ProfileDialog) -> None:
    fill(dialog, str(MANUAL_STEPS), args="--steps 2")
    dialog.add_entry()
    assert dialog.script_list.count() == 2 and dialog.target.text() == ""
    assert not dialog.validate()
    assert dialog.message.text().startswith("⚠ script 2 ((new script)): choose a script")
    fill(dialog, "pkg.train", as_module=True)
    assert dialog.script_list.item(1).text() == "-m pkg.train"
    dialog.script_list.setCurrentRow(0)
    assert dialog.target.text() == str(MANUAL_STEPS) and dialog.args.text() == "--steps 2"
    dialog.script_list.setCurrentRow(1)
    dialog.remove_entry()
    assert dialog.script_list.count() == 1 and dialog.validate()
    dialog.remove_entry()  # the last one stays
    assert dialog.script_list.count() == 1


def test_entry_spec_matches_the_cli_checks(tmp_path: Path) -> None:
    spec = entry_spec(ScriptEntry(target="pkg.mod", as_module=True, args="-x 1"))
    assert spec.module == "pkg.mod" and spec.argv == ["-m", "pkg.mod", "-x", "1"]
    assert spec.python == "" and spec.cwd == str(Path(".").resolve())


def test_console_is_bounded_and_drained_in_batches(qtbot: Any) -> None:
    buffer = ConsoleBuffer(max_lines=100)
    for number in range(250):
        buffer.append("stdout", f"line {number}")
    assert buffer.dropped == 150
    pane = ConsolePane(buffer)
    qtbot.addWidget(pane)
    pane.setMaximumBlockCount(120)
    assert pane.drain() == 100 and pane.drain() == 0
    buffer.append("stderr", "oops\r\n")
    pane.note("done")
    pane.drain()
    text = pane.toPlainText().splitlines()
    assert text[0] == "line 150" and text[-2:] == ["done", "oops"]
    for number in range(50):
        buffer.append("stdout", f"more {number}")
    pane.drain()
    assert pane.document().blockCount() == 120
    assert pane.isReadOnly()


def test_profiling_real_scripts_through_the_window(qtbot: Any,
                                                   make_window: Callable[..., MainWindow]) -> None:
    """Two runs of examples/manual_steps.py, one after the other, with exact step counts."""
    window = make_window()
    controller = window.script_runs
    assert controller.action.shortcut().toString() == "Ctrl+P"
    controller.action.trigger()
    dialog = controller.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.python.currentText() == controller.default_python()
    fill(dialog, str(MANUAL_STEPS), args="--steps 7 --size 500", cwd=str(ROOT))
    dialog.add_entry()
    fill(dialog, str(MANUAL_STEPS), args="--steps 4 --size 500", cwd=str(ROOT))
    assert dialog.validate(), dialog.message.text()
    with qtbot.waitSignal(window.worker.stopped_running, timeout=60_000):
        qtbot.mouseClick(dialog.profile_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.document is not None, timeout=30_000)
    summary = window.document.summary
    scripts = summary.profile.scripts
    assert [s.status for s in scripts] == ["ok", "ok"], scripts
    assert [s.steps for s in scripts] == [7, 4]
    assert [s.step_source for s in scripts] == ["manual", "manual"]
    assert [window.worker.buffer.steps_done(r) for r in ("r001", "r002")] == [7, 4]
    console = controller.console.toPlainText()
    assert console.count("profiled") == 2, console
    assert "▶ manual_steps.py:" in console and "■ manual_steps.py: ok, exit status 0" in console
    assert not controller.console.isHidden()
    table = window.results.scripts
    assert table.isVisibleTo(window.results) and table.table.source.rowCount() == 2
    assert table.table.source.item(0, 4).text() == "7"
    assert window.commands.save.isEnabled() and window.commands.run.isEnabled()
