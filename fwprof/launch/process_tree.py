"""Ending a child process and everything it started."""

from __future__ import annotations

import contextlib
import os
import signal
import time

import psutil

from fwprof.protocol import RUN_TOKEN_ENV


def descendants(pid: int) -> list[psutil.Process]:
    """The process and all its descendants that still exist."""
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.Error:
        return []


def kill_tree(pid: int, grace_s: float = 2.0) -> None:
    """SIGTERM the child's process group and tree, then SIGKILL what is left after ``grace_s``.

    The child runs in its own session (``start_new_session=True``), so its process group id is
    its pid; processes that left the group are still found through the parent links. Nothing is
    reaped here, so the caller's ``Popen.wait`` still gets the child's real exit status.
    """
    procs = descendants(pid)
    _signal_group(pid, signal.SIGTERM)
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            proc.terminate()
    alive = _wait_gone(procs, grace_s)
    _signal_group(pid, signal.SIGKILL)
    for proc in alive:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    _wait_gone(alive, grace_s)


def reap_group(pgid: int) -> None:
    """SIGKILL whatever is left in a finished child's process group (e.g. compile workers)."""
    _signal_group(pgid, signal.SIGKILL)


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def marked_pids(token: str) -> list[int]:
    """Processes (other than this one) whose environment holds ``FWPROF_RUN_TOKEN=token``.

    Every process a run starts inherits the token, so this finds those that left the run's
    process group (``setsid``, double fork) and were handed to another parent. On Linux the
    environments are read from ``/proc`` directly (a few ms for a few hundred processes);
    processes of other users are skipped (their environment cannot be read).
    """
    needle = f"{RUN_TOKEN_ENV}={token}".encode()
    if os.path.isdir("/proc/self"):
        return [pid for pid in _proc_pids() if _environ_has(pid, needle)]
    found = []
    for proc in psutil.process_iter():
        with contextlib.suppress(psutil.Error):
            if proc.pid != os.getpid() and proc.environ().get(RUN_TOKEN_ENV) == token:
                found.append(proc.pid)
    return found


def kill_marked(token: str, rounds: int = 5) -> list[int]:
    """SIGKILL every process marked with ``token`` (again while new ones appear); their pids."""
    killed: list[int] = []
    for _ in range(rounds):
        pids = marked_pids(token)
        if not pids:
            break
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        killed.extend(pids)
        _wait_gone(_processes(pids))
    return killed


def _processes(pids: list[int]) -> list[psutil.Process]:
    procs = []
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            procs.append(psutil.Process(pid))
    return procs


def _proc_pids() -> list[int]:
    own = os.getpid()
    return [int(name) for name in os.listdir("/proc") if name.isdigit() and int(name) != own]


def _environ_has(pid: int, needle: bytes) -> bool:
    try:
        with open(f"/proc/{pid}/environ", "rb") as handle:
            return needle in handle.read().split(b"\0")
    except OSError:
        return False


def _wait_gone(procs: list[psutil.Process], timeout_s: float = 2.0) -> list[psutil.Process]:
    """Wait until each process has exited; those still running after ``timeout_s``.

    A zombie has exited (only its parent's bookkeeping is left): waiting for it to disappear
    would wait forever where nobody reaps orphans (an init that does not, a container).
    """
    deadline = time.monotonic() + timeout_s
    left = [proc for proc in procs if _running(proc)]
    while left and time.monotonic() < deadline:
        time.sleep(0.01)
        left = [proc for proc in left if _running(proc)]
    return left


def _running(proc: psutil.Process) -> bool:
    try:
        return bool(proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE)
    except psutil.Error:
        return False
