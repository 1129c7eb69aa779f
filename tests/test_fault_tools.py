"""Helpers shared by the fault, recovery and security tests (and a test of the helpers)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil
from cli_runner import ROOT
from cli_runner import fwprof as run_fwprof

FAULT_SCRIPT = ROOT / "tests" / "scripts" / "fault.py"


def fwprof_env(recovery: Path, **extra: str) -> dict[str, str]:
    """This process's environment with a private recovery folder."""
    return {**os.environ, "FWPROF_RECOVERY_DIR": str(recovery), **extra}


def fwprof(*args: str, recovery: Path, timeout: float = 120, **env: str) -> subprocess.CompletedProcess[str]:
    """``fwprof ARGS`` in a subprocess, its recovery folder ``recovery``."""
    return run_fwprof(*args, timeout=timeout, env=fwprof_env(recovery, **env))


def start_fwprof(*args: str, recovery: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "fwprof", *args], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=fwprof_env(recovery, **env))


def marker_for(tmp_path: Path) -> str:
    """A command-line marker unique to this test in this pytest session."""
    return f"fwprof-test-{tmp_path.parent.name}-{tmp_path.name}"


@contextmanager
def cleanup(proc: subprocess.Popen[str], marker: str = "") -> Iterator[subprocess.Popen[str]]:
    """Whatever the test asserts, ``proc`` and the marked processes do not outlive it."""
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=30)
        for pid in _marked(marker) if marker else []:
            with contextlib.suppress(psutil.Error):
                psutil.Process(pid).kill()


def _marked(marker: str) -> list[int]:
    return [proc.pid for proc in psutil.process_iter(["cmdline"])
            if any(marker in part for part in proc.info["cmdline"] or [])]


def wait_for(condition: Callable[[], Any], timeout: float = 60, what: str = "condition") -> Any:
    """Poll until ``condition()`` is truthy; its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def running(pid: int) -> bool:
    """Alive and not a zombie (an exited process that nobody reaped yet counts as gone)."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def left_behind(pids: Sequence[int] = (), marker: str = "", timeout: float = 5.0) -> list[str]:
    """Processes among ``pids``, or with ``marker`` in their command line, still running after
    ``timeout`` (a description of each; empty when none is left)."""
    def alive() -> list[psutil.Process]:
        found = [psutil.Process(pid) for pid in pids if running(pid)]
        if marker:
            found += [psutil.Process(pid) for pid in _marked(marker) if running(pid)]
        return found

    deadline = time.monotonic() + timeout
    while (procs := alive()) and time.monotonic() < deadline:
        time.sleep(0.05)
    descriptions = []
    for proc in procs:
        try:
            descriptions.append(f"{proc.pid} {proc.status()} {proc.cmdline()}")
        except psutil.Error:
            continue
    return descriptions


def tree(pid: int) -> list[int]:
    """``pid`` and its descendants now."""
    try:
        root = psutil.Process(pid)
        return [pid, *(child.pid for child in root.children(recursive=True))]
    except psutil.Error:
        return []


def read_pids(path: Path) -> list[int]:
    return [int(word) for word in path.read_text().split()]


def test_left_behind_sees_a_running_process_and_not_a_finished_one() -> None:
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)", "fault-tools-marker"])
    try:
        assert left_behind(marker="fault-tools-marker", timeout=0.1)
    finally:
        proc.kill()
        proc.wait()
    assert not left_behind([proc.pid], marker="fault-tools-marker", timeout=1)
