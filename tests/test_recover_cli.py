"""Never lose a run: fwprof itself is killed mid-session, and ``fwprof recover`` gets it back.

The session is autosaved every 4 s, so what the script did up to a few seconds before the kill
is recovered; the script and every process it started die with fwprof.
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

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

LOSS_BOUND_S = 5.0


def _count(path: Path) -> tuple[int, float] | None:
    try:
        steps, t = path.read_text().split()
    except (OSError, ValueError):
        return None
    return int(steps), float(t)


def test_killing_fwprof_loses_at_most_5_s_and_leaves_no_process(tmp_path: Path) -> None:
    recovery, pids, marker = tmp_path / "recovery", tmp_path / "pids", marker_for(tmp_path)
    proc = start_fwprof("profile", "--quiet", str(FAULT_SCRIPT), "forever", str(pids), marker,
                        recovery=recovery)
    counts = Path(f"{pids}.count")
    with cleanup(proc, marker):
        first = wait_for(lambda: _count(counts), what="steps")
        wait_for(lambda: (c := _count(counts)) and c[1] - first[1] > 6.5, timeout=60, what="6.5 s of steps")
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        killed_at = _count(counts)
        assert killed_at is not None
        assert not left_behind(read_pids(pids), marker), "the script and what it started die with fwprof"

    listing = fwprof("recover", "--json", recovery=recovery)
    (entry,) = json.loads(listing.stdout)
    assert not entry["in_progress"] and entry["meta"]["status"] == "running"
    assert entry["meta"]["label"] == "fault.py" and entry["meta"]["runs_total"] == 1
    text = fwprof("recover", recovery=recovery).stdout
    assert entry["id"] in text and "fault.py" in text

    out = tmp_path / "recovered.fwprof"
    result = fwprof("recover", entry["id"], "-o", str(out), recovery=recovery)
    assert result.returncode == 0, result.stderr
    assert f"Recovered {entry['id']}: 1 runs (0 complete) saved to {out}" in result.stdout
    record = load_snapshot(out)
    (run,) = record.runs
    assert record.status == "stopped" and run.status == "failed"
    assert run.error is not None and run.error.startswith("fwprof ended during this run")
    last_step = float(run.step_ends[-1])
    if os.environ.get("FWPROF_SHOW_COSTS"):
        print(f"\nlost: the last {killed_at[1] - last_step:.2f} s ({killed_at[0] - len(run.steps)} steps)")
    assert killed_at[1] - last_step <= LOSS_BOUND_S, (killed_at, last_step)
    assert len(run.steps) >= 5 and run.resources["samples"] > 10
    assert run.ended_at is not None and all(span.end is not None for span in run.phases)
    assert list(recovery.iterdir()) == []  # recovered, so removed from the folder

    again = fwprof("profile", "--quiet", str(FAULT_SCRIPT), "ok", str(tmp_path / "next"), recovery=recovery)
    assert again.returncode == 0, again.stderr


def test_recover_shows_discards_and_refuses_what_it_should(tmp_path: Path) -> None:
    recovery, marker = tmp_path / "recovery", marker_for(tmp_path)
    proc = start_fwprof("profile", "--quiet", str(FAULT_SCRIPT), "forever", str(tmp_path / "a"), marker,
                        recovery=recovery)
    with cleanup(proc, marker):
        wait_for(lambda: list(recovery.glob("*.json")), what="the first autosave")
        (entry,) = json.loads(fwprof("recover", "--json", recovery=recovery).stdout)
        assert entry["in_progress"] is True
        refused = fwprof("recover", "--discard", entry["id"], recovery=recovery)
        assert refused.returncode == 2 and "still in progress in fwprof (pid" in refused.stderr
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=60)
    assert proc.returncode == 130 and list(recovery.iterdir()) == []  # a stopped session is done

    proc = start_fwprof("profile", "--quiet", str(FAULT_SCRIPT), "forever", str(tmp_path / "b"), marker,
                        recovery=recovery)
    with cleanup(proc, marker):
        wait_for(lambda: (tmp_path / "b").exists(), what="the script to run")  # its start was autosaved
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
    (entry,) = json.loads(fwprof("recover", "--json", recovery=recovery).stdout)
    shown = fwprof("recover", entry["id"], recovery=recovery)
    assert shown.returncode == 0 and "fwprof ended during this run" in shown.stdout
    assert fwprof("recover", "--discard", entry["id"], recovery=recovery).returncode == 0
    assert list(recovery.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["recover", "../../etc/passwd"], "'../../etc/passwd' is not a recovery session id"),
        (["recover", "20200101-000000-1-abcd"], "no recoverable session 20200101-000000-1-abcd"),
        (["recover", "--discard"], "give the ID of a session"),
        (["recover", "-o", "x.fwprof"], "give the ID of a session"),
    ],
)
def test_bad_recover_requests_get_one_message(tmp_path: Path, args: list[str], message: str) -> None:
    result = fwprof(*args, recovery=tmp_path / "recovery")
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_nothing_to_recover_says_so(tmp_path: Path) -> None:
    result = fwprof("recover", recovery=tmp_path / "empty")
    assert result.returncode == 0 and "No sessions to recover" in result.stdout
