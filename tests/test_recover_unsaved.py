"""A finished session the app has not saved yet stays in the recovery folder, marked as such:
listed as "finished, not saved" (not "interrupted"), recoverable as it ended."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from cli_runner import fwprof

from fwprof.config import SessionConfig
from fwprof.launch.autosave import SessionAutosave
from fwprof.scenarios.registry import builtin_session
from fwprof.snapshot import load_snapshot
from fwprof.snapshot.recovery import list_recoverable, recover
from fwprof.snapshot.recovery_files import (
    STATE_RUNNING,
    STATE_UNSAVED,
    RecoveryMeta,
    meta_file,
    read_meta,
    write_meta,
)

TINY = SessionConfig(workloads=("mlp",), frameworks=("torch",), tasks=("train",), modes=("eager",),
                     steps=5, warmup=1, repeats=1, max_repeats=1, min_time_s=0.05, warmup_max_s=0)


def _finished_unsaved(folder: Path) -> SessionAutosave:
    """A real session that ended normally, its autosave kept as the app keeps it."""
    autosave = SessionAutosave(folder)
    record = builtin_session(TINY, autosave=autosave).run()
    assert record.status == "finished" and [run.status for run in record.runs] == ["ok"]
    autosave.keep_unsaved()
    return autosave


def test_a_finished_unsaved_session_is_listed_as_such_and_recovered_as_it_ended(
        private_recovery_folder: Path, tmp_path: Path) -> None:
    autosave = _finished_unsaved(private_recovery_folder)
    meta = read_meta(meta_file(private_recovery_folder, autosave.id))
    assert meta is not None and meta.state == STATE_UNSAVED and meta.status == "finished"
    (entry,) = list_recoverable(private_recovery_folder)
    assert entry.finished_unsaved and entry.in_progress  # this process owns it
    assert entry.state_label == "finished, not saved (open in fwprof)"

    listed = fwprof("recover")
    assert listed.returncode == 0 and "finished, not saved" in listed.stdout, listed.stdout
    assert "interrupted" not in listed.stdout
    (shown,) = json.loads(fwprof("recover", "--json").stdout)
    assert shown["finished_unsaved"] is True and shown["meta"]["state"] == STATE_UNSAVED

    write_meta(private_recovery_folder, replace(meta, pid_started=0.0))  # the app is gone
    (entry,) = list_recoverable(private_recovery_folder)
    assert entry.state_label == "finished, not saved" and not entry.in_progress
    record = recover(entry.id)
    assert record.status == "finished" and [run.status for run in record.runs] == ["ok"]
    saved = fwprof("recover", entry.id, "-o", str(tmp_path / "kept.fwprof"))
    assert saved.returncode == 0, saved.stderr
    assert load_snapshot(tmp_path / "kept.fwprof").runs[0].status == "ok"
    assert list_recoverable(private_recovery_folder) == []


def test_an_index_without_a_state_reads_as_interrupted(tmp_path: Path) -> None:
    meta = RecoveryMeta(id="20261204-000000-1-abcd", kind="comparison", label="x",
                        created="2026-12-04T00:00:00+00:00", updated="2026-12-04T00:00:00+00:00",
                        status="running", runs_total=2, runs_ended=1, pid=1, pid_started=0.0)
    old = meta.to_dict()
    del old["state"]  # written by an fwprof before the state existed
    assert RecoveryMeta.from_dict(old) == meta and meta.state == STATE_RUNNING
    assert RecoveryMeta.from_dict({**old, "state": 3}) is None
