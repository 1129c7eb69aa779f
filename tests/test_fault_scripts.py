"""Faults in a script run (``fwprof profile``): each ends with the run failed and the reason
recorded, the steps made before the fault kept in the snapshot, no process left behind (the
script's own subprocesses included, even those that left its process group), the autosave
removed, and the next run working."""

from __future__ import annotations

import signal
from pathlib import Path

import psutil
import pytest
from test_fault_tools import (
    FAULT_SCRIPT,
    cleanup,
    fwprof,
    left_behind,
    marker_for,
    read_pids,
    start_fwprof,
    wait_for,
)

from fwprof.snapshot import load_snapshot

STEPS = 5


def _check_next_run_works(tmp_path: Path) -> None:
    out = tmp_path / "next.fwprof"
    result = fwprof("profile", "--quiet", "-o", str(out), str(FAULT_SCRIPT), "ok",
                    str(tmp_path / "next.pids"), recovery=tmp_path / "recovery")
    assert result.returncode == 0, result.stderr
    (run,) = load_snapshot(out).runs
    assert run.status == "ok" and len(run.steps) == STEPS


@pytest.mark.parametrize(
    ("kind", "status", "error"),
    [
        ("raise", 1, "RuntimeError: injected fault"),
        ("segfault", 128 + 11, "killed by SIGSEGV (signal 11)"),
        ("abort", 128 + 6, "killed by SIGABRT (signal 6)"),
        ("memory", 1, "MemoryError"),
        ("spawn-and-die", 3, "exited with code 3"),
    ],
)
def test_a_failing_script_is_recorded_and_cleaned_up(tmp_path: Path, kind: str, status: int,
                                                     error: str) -> None:
    out, pids, marker = tmp_path / "fault.fwprof", tmp_path / "pids", marker_for(tmp_path)
    result = fwprof("profile", "--quiet", "-o", str(out), str(FAULT_SCRIPT), kind, str(pids), marker,
                    recovery=tmp_path / "recovery")
    assert result.returncode == status, result.stderr
    (run,) = load_snapshot(out).runs
    assert run.status == "failed" and error in str(run.error)
    assert len(run.steps) == STEPS  # what was recorded before the fault is kept
    if kind == "spawn-and-die":  # in its group, in a session of its own, a double-forked daemon
        assert len(read_pids(pids)) == 1 + 3
    assert not left_behind(read_pids(pids), marker)
    assert list((tmp_path / "recovery").iterdir()) == []  # the autosave is gone once saved
    _check_next_run_works(tmp_path)


def test_a_script_killed_from_outside_is_recorded_and_cleaned_up(tmp_path: Path) -> None:
    out, pids, marker = tmp_path / "killed.fwprof", tmp_path / "pids", marker_for(tmp_path)
    proc = start_fwprof("profile", "--quiet", "-o", str(out), str(FAULT_SCRIPT), "sleep", str(pids), marker,
                        recovery=tmp_path / "recovery")
    with cleanup(proc, marker):
        script_pid, *spawned = wait_for(lambda: pids.exists() and read_pids(pids), what="the script's pids")
        assert len(spawned) == 3
        psutil.Process(script_pid).send_signal(signal.SIGKILL)
        _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 128 + 9, stderr
    (run,) = load_snapshot(out).runs
    assert run.status == "failed" and run.error == "killed by SIGKILL (signal 9)"
    assert len(run.steps) == STEPS
    assert not left_behind([script_pid, *spawned], marker)
    _check_next_run_works(tmp_path)
