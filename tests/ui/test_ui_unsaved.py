"""Never losing a finished session: it stays autosaved until saved or discarded, and Run,
Profile Script, Open and Quit ask Save / Discard / Cancel first (the question is answered by the
``unsaved_answers`` fixture instead of a modal dialog)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog
from ui_fakes import finished_record

from fwprof.config import SessionConfig
from fwprof.launch.autosave import SessionAutosave
from fwprof.launch.observer import SessionObserver
from fwprof.outputs.snapshot import save_snapshot
from fwprof.snapshot import load_snapshot
from fwprof.snapshot.recovery import list_recoverable
from fwprof.snapshot.recovery_files import meta_file, read_meta, write_meta
from fwprof.specs.script import ScriptSpec
from ui.views.profile.script_entries import ScriptPlan

TINY = SessionConfig(workloads=("mlp",), frameworks=("torch",), tasks=("train",), modes=("eager",),
                     steps=5, warmup=1, repeats=1, max_repeats=1, min_time_s=0.05, warmup_max_s=0)
FAKE = SessionConfig(modes=("eager",), repeats=1, max_repeats=1, steps=50, warmup=1)


def real_session(config: SessionConfig, observers: tuple[SessionObserver, ...]) -> Any:
    """The app's own session (children on this interpreter, autosaved to the recovery folder)."""
    from ui.controllers.interpreter_session import session_on_interpreter

    return session_on_interpreter(config, observers, sys.executable)


def _run_to_the_end(qtbot: Any, window: Any, config: SessionConfig = TINY) -> Any:
    """Press Run and wait until the session's results are the window's document."""
    window.setup.set_config(config)
    before = window.document
    with qtbot.waitSignal(window.worker.stopped_running, timeout=120_000):
        window.commands.run.trigger()
    qtbot.waitUntil(lambda: window.document is not None and window.document is not before,
                    timeout=30_000)
    return window.document


def _kept(folder: Path) -> list[str]:
    return [entry.id for entry in list_recoverable(folder)]


def _save_dialog_answers(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(target), ""))


def test_run_after_a_finished_unsaved_session_asks(
        qtbot: Any, make_window: Any, unsaved_answers: Any, private_recovery_folder: Path,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(session_factory=real_session)
    first = _run_to_the_end(qtbot, window)
    assert first.path is None and [run.status for run in first.record.runs] == ["ok"]
    assert unsaved_answers.asked == []  # nothing to lose before the first session
    (entry,) = list_recoverable(private_recovery_folder)  # kept after the session ended
    assert entry.finished_unsaved and entry.state_label == "finished, not saved (open in fwprof)"

    unsaved_answers.answer = "cancel"  # Cancel: nothing happens
    window.commands.run.trigger()
    assert len(unsaved_answers.asked) == 1 and "not saved" in unsaved_answers.asked[0]
    assert not window.worker.is_running() and window.document is first
    assert _kept(private_recovery_folder) == [entry.id]

    unsaved_answers.answer = "save"  # Save: Save As (no file yet), then the run starts
    target = tmp_path / "first.fwprof"
    _save_dialog_answers(monkeypatch, target)
    second = _run_to_the_end(qtbot, window)
    assert len(unsaved_answers.asked) == 2 and first.path == target
    assert load_snapshot(target).runs[0].status == "ok"
    (entry2,) = list_recoverable(private_recovery_folder)  # the first one's autosave went
    assert entry2.id != entry.id and second.path is None

    unsaved_answers.answer = "discard"  # Discard: the autosave goes, the run starts
    window.setup.set_config(TINY)
    with qtbot.waitSignal(window.worker.stopped_running, timeout=120_000):
        window.commands.run.trigger()
        assert window.worker.is_running() and entry2.id not in _kept(private_recovery_folder)
    assert len(unsaved_answers.asked) == 3


def test_quit_asks_and_cancel_keeps_the_window_open(
        qtbot: Any, make_window: Any, unsaved_answers: Any, private_recovery_folder: Path) -> None:
    window = make_window(session_factory=real_session)
    _run_to_the_end(qtbot, window)
    unsaved_answers.answer = "cancel"
    assert not window.close() and window.isVisible() and len(unsaved_answers.asked) == 1
    assert len(_kept(private_recovery_folder)) == 1
    unsaved_answers.answer = "discard"
    assert window.close() and not window.isVisible()
    assert _kept(private_recovery_folder) == []


def test_quit_with_save_writes_the_file_then_closes(
        qtbot: Any, make_window: Any, unsaved_answers: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window()
    document = _run_to_the_end(qtbot, window, FAKE)
    unsaved_answers.answer = "save"
    target = tmp_path / "quit.fwprof"
    _save_dialog_answers(monkeypatch, target)
    assert not window.close()  # closes once the snapshot is written
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert document.path == target and target.exists() and len(unsaved_answers.asked) == 1


def test_open_asks_and_saved_sessions_do_not(
        qtbot: Any, make_window: Any, unsaved_answers: Any, tmp_path: Path) -> None:
    snapshot = save_snapshot(finished_record(FAKE), tmp_path / "other.fwprof")
    window = make_window()
    document = _run_to_the_end(qtbot, window, FAKE)
    unsaved_answers.answer = "cancel"
    window.files.open_snapshot(snapshot)
    assert len(unsaved_answers.asked) == 1 and window.document is document
    unsaved_answers.answer = "discard"
    window.files.open_snapshot(snapshot)
    qtbot.waitUntil(lambda: window.document is not document, timeout=10_000)
    assert window.document.path == snapshot and len(unsaved_answers.asked) == 2
    _run_to_the_end(qtbot, window, FAKE)  # an opened (saved) snapshot is replaced without asking
    assert len(unsaved_answers.asked) == 2


def test_profile_script_asks(qtbot: Any, make_window: Any, unsaved_answers: Any,
                             tmp_path: Path) -> None:
    window = make_window()
    document = _run_to_the_end(qtbot, window, FAKE)
    unsaved_answers.answer = "cancel"
    script = tmp_path / "train.py"
    script.write_text("print('hi')\n")
    window.script_runs.start(ScriptPlan((ScriptSpec(script=str(script)),)))
    assert len(unsaved_answers.asked) == 1
    assert not window.worker.is_running() and window.document is document


def test_a_stopped_session_without_results_does_not_ask(
        qtbot: Any, make_window: Any, unsaved_answers: Any) -> None:
    window = make_window()
    document = _run_to_the_end(qtbot, window, FAKE)
    for run in document.record.runs:
        run.status = "stopped"
    _run_to_the_end(qtbot, window, FAKE)
    assert unsaved_answers.asked == []


def test_a_finished_session_left_by_an_earlier_app_is_offered_as_not_saved(
        qtbot: Any, make_window: Any, unsaved_answers: Any, private_recovery_folder: Path) -> None:
    record = finished_record(FAKE)
    autosave = SessionAutosave(private_recovery_folder)
    autosave.begin(record)
    autosave.end(record)
    autosave.keep_unsaved()
    meta = read_meta(meta_file(private_recovery_folder, autosave.id))
    assert meta is not None
    write_meta(private_recovery_folder, replace(meta, pid_started=0.0))  # that app is gone
    window = make_window()
    qtbot.waitUntil(lambda: window.recovery.bar.isVisible(), timeout=5000)
    text = window.recovery.bar.label.text()
    assert "A finished session was not saved" in text and "finished, not saved" in text
    document = _run_to_the_end(qtbot, window, FAKE)
    unsaved_answers.answer = "cancel"  # recovering it would replace this unsaved session
    window.recovery.bar.recover_button.click()
    assert len(unsaved_answers.asked) == 1 and window.document is document
    assert _kept(private_recovery_folder) == [autosave.id]
