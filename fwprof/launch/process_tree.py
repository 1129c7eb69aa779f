"""Ending a child process and everything it started."""

from __future__ import annotations

import contextlib
import os
import signal

import psutil


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
    its pid; processes that left the group are still found through the parent links.
    """
    procs = descendants(pid)
    _signal_group(pid, signal.SIGTERM)
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            proc.terminate()
    _, alive = psutil.wait_procs(procs, timeout=grace_s)
    _signal_group(pid, signal.SIGKILL)
    for proc in alive:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    psutil.wait_procs(alive, timeout=grace_s)


def reap_group(pgid: int) -> None:
    """SIGKILL whatever is left in a finished child's process group (e.g. compile workers)."""
    _signal_group(pgid, signal.SIGKILL)


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)
