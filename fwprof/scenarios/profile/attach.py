"""Following a process fwprof did not start (``fwprof profile --pid PID``): sampling only."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import psutil


def describe_process(pid: int) -> dict[str, Any]:
    """Name, command line and start time of a process; raises ``psutil.Error`` if unreadable."""
    proc = psutil.Process(pid)
    with proc.oneshot():
        info: dict[str, Any] = {"name": proc.name(), "create_time": proc.create_time()}
        try:
            info["cmdline"] = proc.cmdline()
        except psutil.AccessDenied:
            info["cmdline"] = None
    return info


def wait_for_exit(pid: int, stop: threading.Event, info: dict[str, Any],
                  poll_s: float = 0.1, on_tick: Callable[[], None] | None = None) -> bool:
    """Block until the process exits (True) or ``stop`` is set (False).

    ``on_tick`` is called from this thread after every poll.

    ``info["attached"]`` gets the process's description. A zombie (exited, not yet reaped by
    its parent) counts as exited, and so does a new process that reuses the pid.
    """
    try:
        proc = psutil.Process(pid)
        info["attached"] = describe_process(pid)
    except psutil.Error:
        return True
    while not stop.wait(poll_s):
        if not _running(proc):
            return True
        if on_tick is not None:
            on_tick()
    return False


def _running(proc: psutil.Process) -> bool:
    try:
        return bool(proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE)
    except psutil.Error:
        return False
