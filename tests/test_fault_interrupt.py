"""``fwprof run`` interrupted in the middle of a real PyTorch run: the user presses Ctrl-C
(SIGINT), or fwprof itself is killed (SIGKILL) and the session is recovered."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from test_fault_tools import FAULT_SCRIPT, cleanup, fwprof, left_behind, start_fwprof, tree, wait_for

from fwprof.results import RunResult
from fwprof.snapshot import SnapshotError, load_snapshot

pytest.importorskip("torch")

TORCH_RUN = ["--framework", "torch", "--mode", "eager", "--warmup", "0", "--batch-size", "8", "--quiet"]


def _measuring(recovery: Path) -> RunResult | None:
    """The first run, once the autosave shows it has measured steps."""
    for path in recovery.glob("*.fwprof"):
        try:
            run = load_snapshot(path).runs[0]
        except SnapshotError:
            return None
        return run if len(run.steps) else None
    return None


@pytest.mark.slow
def test_ctrl_c_stops_the_session_keeps_its_data_and_leaves_no_process(tmp_path: Path) -> None:
    recovery, out = tmp_path / "recovery", tmp_path / "stopped.fwprof"
    proc = start_fwprof("run", *TORCH_RUN, "--repeats", "2", "--steps", "1000000", "-o", str(out),
                        recovery=recovery)
    with cleanup(proc):
        wait_for(lambda: _measuring(recovery), timeout=120, what="the autosave of a measuring run")
        started = tree(proc.pid)[1:]  # the run's child and the process guard
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    first, second = load_snapshot(out).runs
    assert first.status == "stopped" and first.error == "stopped by user" and len(first.steps) > 0
    assert first.phase("measure") is not None and first.resources["samples"] > 0
    assert second.status == "stopped" and second.error == "session stopped before this run"
    assert len(started) >= 2 and not left_behind(started)
    assert list(recovery.iterdir()) == []  # saved, so the autosave is gone

    again = fwprof("profile", "--quiet", str(FAULT_SCRIPT), "ok", str(tmp_path / "pids"), recovery=recovery)
    assert again.returncode == 0, again.stderr  # (a built-in run after a fault: test_fault_builtin.py)


@pytest.mark.slow
def test_a_killed_fwprof_run_takes_its_child_along_and_is_recovered(tmp_path: Path) -> None:
    recovery = tmp_path / "recovery"
    proc = start_fwprof("run", *TORCH_RUN, "--repeats", "2", "--steps", "1000000", recovery=recovery)
    with cleanup(proc):
        measured = wait_for(lambda: _measuring(recovery), timeout=120, what="the autosave of a measuring run")
        started = tree(proc.pid)[1:]
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
    assert len(started) >= 2 and not left_behind(started)  # the torch child, the guard

    out = tmp_path / "recovered.fwprof"
    (session_id,) = [path.stem for path in recovery.glob("*.fwprof")]
    result = fwprof("recover", session_id, "-o", str(out), recovery=recovery)
    assert result.returncode == 0, result.stderr
    first, second = load_snapshot(out).runs
    assert first.status == "failed" and str(first.error).startswith("fwprof ended during this run")
    assert len(first.steps) >= len(measured.steps) and first.phase("measure") is not None
    assert second.status == "stopped" and second.error == "the session ended before this run"
