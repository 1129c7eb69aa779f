"""No run outlives fwprof: the parent-death signal kills the child, the process guard kills what
the child started (its process group, and whatever carries the run's token elsewhere)."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import psutil
from test_fault_tools import ROOT, left_behind, marker_for, running, wait_for

from fwprof.launch.guard import ProcessGuard

CHILD = """
    import sys, time
    from fwprof.child.parent_watch import die_with_parent
    print("armed" if die_with_parent() else "not armed", flush=True)
    time.sleep(20)
"""
# A stand-in for fwprof: starts a child the way ChildProcess does, then waits to be killed.
PARENT = """
    import os, subprocess, sys, time
    env = {**os.environ, "FWPROF_PARENT_PID": sys.argv[1] or str(os.getpid())}
    child = subprocess.Popen([sys.executable, "-c", sys.argv[2], sys.argv[3]], env=env,
                             stdout=subprocess.PIPE, text=True)
    print(child.pid, child.stdout.readline().strip(), flush=True)
    time.sleep(20)
"""


def _parent(marker: str, claimed_parent: str = "") -> tuple[subprocess.Popen[str], int, str]:
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(PARENT), claimed_parent,
                             textwrap.dedent(CHILD), marker], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert proc.stdout is not None
    pid, *state = proc.stdout.readline().split()  # no state: the child ended before it could say
    return proc, int(pid), " ".join(state)


def test_a_child_dies_when_its_parent_is_killed(tmp_path: Path) -> None:
    proc, child, state = _parent(marker_for(tmp_path))
    assert state == "armed" and running(child)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not left_behind([child], timeout=5)


def test_a_child_whose_parent_is_already_gone_ends_itself(tmp_path: Path) -> None:
    # The variable names another process: as if fwprof died before the child armed the signal.
    proc, child, state = _parent(marker_for(tmp_path), claimed_parent="1")
    try:
        assert state == "" and not left_behind([child], timeout=5)
    finally:
        proc.kill()
        proc.wait()


def test_without_the_variable_nothing_is_armed(tmp_path: Path) -> None:
    from fwprof.child.parent_watch import die_with_parent

    assert die_with_parent({}) is False


GUARDED = """
    import os, subprocess, sys, time
    from fwprof.launch.guard import ProcessGuard
    marker, token, python = sys.argv[1], "t0ken", sys.executable
    sleep = f"{python} -c 'import time; time.sleep(20)' {marker}"
    # A run: a group leader and a member of its group (neither carries the token) ...
    group = subprocess.Popen(["sh", "-c", f"{sleep} & exec {sleep}"], start_new_session=True)
    # ... and a process that left the group but carries the run's token.
    escaped = subprocess.Popen(sleep, shell=True, start_new_session=True,
                               env={**os.environ, "FWPROF_RUN_TOKEN": token})
    guard = ProcessGuard()
    guard_pid = guard.pid
    guard.watch(group.pid, token)
    if sys.argv[2] == "release":
        guard.release(group.pid, token)
        guard.close()
    time.sleep(0.3)
    print(guard_pid, group.pid, escaped.pid, flush=True)
    time.sleep(20)
"""


def _guarded(marker: str, mode: str) -> tuple[subprocess.Popen[str], list[int]]:
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(GUARDED), marker, mode], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True, env={"PYTHONPATH": str(ROOT)})
    assert proc.stdout is not None
    return proc, [int(pid) for pid in proc.stdout.readline().split()]


def test_the_guard_ends_the_run_group_and_marked_processes_when_fwprof_dies(tmp_path: Path) -> None:
    marker = marker_for(tmp_path)
    proc, (guard, *run) = _guarded(marker, "watch")
    assert all(running(pid) for pid in run) and len(left_behind(marker=marker, timeout=0)) >= 4
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not left_behind(run, marker)
    wait_for(lambda: not running(guard), timeout=5, what="the guard to quit")


def test_a_released_run_is_left_alone_and_the_guard_quits_on_close(tmp_path: Path) -> None:
    marker = marker_for(tmp_path)
    proc, (guard, *run) = _guarded(marker, "release")
    try:
        assert not running(guard)  # closed normally
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert len(left_behind(run, marker, timeout=0.5)) >= 3  # released: not the guard's to kill
    finally:
        for described in left_behind(marker=marker, timeout=0):
            psutil.Process(int(described.split()[0])).kill()


def test_a_guard_that_cannot_start_is_a_no_op() -> None:
    guard = ProcessGuard(python="/nonexistent/python")
    assert guard.pid is None
    guard.watch(1, "x")
    guard.release(1, "x")
    guard.close()
