"""The recovery API the GUI uses: ``list_recoverable()``, ``recover()``, ``discard()``.

A two-run session is killed during its second run: the first run comes back complete, the
second up to its last autosave; a session whose fwprof still runs is listed but not taken.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from test_fault_tools import FAULT_SCRIPT, ROOT, cleanup, left_behind, marker_for, read_pids, wait_for

from fwprof.outputs.snapshot import save_snapshot
from fwprof.snapshot import SnapshotError, load_snapshot
from fwprof.snapshot.recovery import (
    INTERRUPTED,
    NOT_STARTED,
    discard,
    find,
    list_recoverable,
    mark_interrupted,
    recover,
)
from fwprof.snapshot.recovery_files import RecoveryError

DRIVER = """
    import sys
    from pathlib import Path
    from fwprof.launch.autosave import SessionAutosave
    from fwprof.scenarios.profile.session import ScriptSession
    from fwprof.specs.script import ScriptSpec

    folder, script, first, second, marker = sys.argv[1:]
    specs = [ScriptSpec(script=script, args=("ok", first)),
             ScriptSpec(script=script, args=("forever", second, marker)),
             ScriptSpec(script=script, args=("ok", first))]
    ScriptSession(specs, autosave=SessionAutosave(Path(folder))).run()
"""


def test_a_killed_session_comes_back_through_the_api(tmp_path: Path) -> None:
    folder, marker, second = tmp_path / "recovery", marker_for(tmp_path), tmp_path / "second"
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(DRIVER), str(folder), str(FAULT_SCRIPT),
                             str(tmp_path / "first"), str(second), marker], cwd=ROOT, text=True)
    with cleanup(proc, marker):
        wait_for(lambda: second.exists(), timeout=60, what="the second run")
        (entry,) = list_recoverable(folder)
        assert entry.in_progress and entry.meta is not None and entry.meta.runs_total == 3
        with pytest.raises(RecoveryError, match="still in progress"):
            recover(entry.id, folder)
        wait_for(lambda: (meta := find(entry.id, folder).meta) and meta.updated != entry.meta.updated,
                 timeout=10, what="an autosave during the second run")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert not left_behind(read_pids(second), marker)

    (entry,) = list_recoverable(folder)
    assert not entry.in_progress and entry.meta is not None
    assert (entry.meta.kind, entry.meta.runs_ended, entry.meta.status) == ("scripts", 1, "running")
    record = recover(entry.path)  # by path works as well as by id
    first, cut, never = record.runs
    assert first.status == "ok" and len(first.steps) == 5
    assert cut.status == "failed" and cut.error == INTERRUPTED.format(when=entry.meta.updated)
    assert len(cut.steps) >= 5 and cut.ended_at is not None
    assert never.status == "stopped" and never.error == NOT_STARTED
    assert record.status == "stopped" and record.environment["recovered_from"]["id"] == entry.id
    assert load_snapshot(save_snapshot(record, tmp_path / "saved.fwprof")).runs[1].status == "failed"
    discard(entry.id, folder)
    assert list_recoverable(folder) == [] and list(folder.iterdir()) == []


def test_damaged_or_foreign_files_in_the_folder_are_handled(tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    folder.mkdir()
    (folder / "20200101-000000-1-abcd.fwprof").write_bytes(b"not gzip")
    (folder / "20200101-000000-1-abcd.json").write_text('{"format": "fwprof.recovery", "version": 1}')
    (folder / "x.json").write_text("[" * 100_000)
    (entry,) = list_recoverable(folder)
    assert entry.meta is None and not entry.in_progress  # an invalid index is ignored, not trusted
    with pytest.raises(SnapshotError, match="not a gzip-compressed fwprof snapshot"):
        recover(entry.id, folder)
    with pytest.raises(RecoveryError, match="is not a recovery session id"):
        recover("../x", folder)
    discard(entry.id, folder)
    assert list(folder.iterdir()) == [folder / "x.json"]
    assert list_recoverable(tmp_path / "missing") == []


def test_mark_interrupted_leaves_a_finished_session_alone() -> None:
    from export_records import script_session

    record = script_session()
    before = [(run.status, run.error) for run in record.runs]
    mark_interrupted(record, "x")
    assert [(run.status, run.error) for run in record.runs] == before and record.status == "finished"
