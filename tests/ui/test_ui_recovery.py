"""Sessions an earlier fwprof could not save are offered back after the window starts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from ui_fakes import finished_record

from fwprof.config import SessionConfig
from fwprof.launch.autosave import SessionAutosave
from fwprof.snapshot.recovery import list_recoverable
from fwprof.snapshot.recovery_files import meta_file, read_meta, write_meta
from ui.controllers.host import Tab

CONFIG = SessionConfig(modes=("eager",), repeats=1, max_repeats=1, steps=50, warmup=1)


def _crashed_session(folder: Path) -> str:
    """An autosave written by the core, whose fwprof then died during its second run."""
    record = finished_record(CONFIG)
    record.status = "running"
    record.runs[1].status = "running"
    autosave = SessionAutosave(folder)
    autosave.begin(record)
    autosave.end(record)  # waits for the writer; the files stay in the folder
    meta = read_meta(meta_file(folder, autosave.id))
    assert meta is not None
    write_meta(folder, replace(meta, pid_started=0.0))  # its process is gone
    return autosave.id


def _offered(qtbot: Any, window: Any) -> Any:
    prompt = window.recovery
    qtbot.waitUntil(lambda: prompt.bar.isVisible(), timeout=5000)
    return prompt


def test_no_bar_without_unsaved_sessions(make_window: Any) -> None:
    window = make_window()
    assert not window.recovery.bar.isVisible() and window.recovery.sessions == []


def test_recover_opens_the_session_unsaved_and_saving_removes_the_autosave(
        qtbot: Any, make_window: Any, private_recovery_folder: Path, tmp_path: Path) -> None:
    session_id = _crashed_session(private_recovery_folder)
    window = make_window()
    prompt = _offered(qtbot, window)
    assert "fwprof ended before saving a session" in prompt.bar.label.text()
    assert "1 of 2 runs ended" in prompt.bar.label.text()
    prompt.bar.recover_button.click()
    qtbot.waitUntil(lambda: window.document is not None, timeout=5000)
    assert not prompt.bar.isVisible()
    assert window.document.path is None and window.windowTitle() == "fwprof — unsaved session"
    assert window.tabs.currentIndex() == Tab.RESULTS
    statuses = [run.status for run in window.document.record.runs]
    assert statuses == ["ok", "failed"]  # the run cut short is marked
    assert window.commands.save.isEnabled()
    assert [e.id for e in list_recoverable(private_recovery_folder)] == [session_id]  # kept
    target = tmp_path / "kept.fwprof"
    window.files.save_to(target)
    qtbot.waitUntil(lambda: not list_recoverable(private_recovery_folder), timeout=5000)
    assert target.exists()


def test_discard_deletes_the_autosave_and_later_keeps_it(
        qtbot: Any, make_window: Any, private_recovery_folder: Path) -> None:
    _crashed_session(private_recovery_folder)
    _crashed_session(private_recovery_folder)
    window = make_window()
    prompt = _offered(qtbot, window)
    assert "1 more after this one" in prompt.bar.label.text()
    prompt.bar.discard_button.click()
    qtbot.waitUntil(lambda: len(list_recoverable(private_recovery_folder)) == 1, timeout=5000)
    qtbot.waitUntil(lambda: "more after" not in prompt.bar.label.text(), timeout=5000)
    assert prompt.bar.isVisible() and prompt.bar.discard_button.isEnabled()
    prompt.bar.later_button.click()
    assert not prompt.bar.isVisible() and window.document is None
    assert len(list_recoverable(private_recovery_folder)) == 1


def test_a_damaged_autosave_is_explained(qtbot: Any, make_window: Any,
                                         private_recovery_folder: Path) -> None:
    session_id = _crashed_session(private_recovery_folder)
    (private_recovery_folder / f"{session_id}.fwprof").write_bytes(b"not a snapshot")
    window = make_window()
    prompt = _offered(qtbot, window)
    prompt.bar.recover_button.click()
    qtbot.waitUntil(lambda: window.messages.isVisible(), timeout=5000)
    assert "Could not recover the session" in window.messages.text()
    assert not prompt.bar.isVisible() and window.document is None
