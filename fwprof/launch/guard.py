"""A session's process guard: no run outlives the fwprof that started it.

Each child arms Linux's parent-death signal (:mod:`fwprof.child.parent_watch`), so it dies with
fwprof; what the child started would survive it. The guard is a tiny separate process (its own
session, so a Ctrl-C or a closed terminal does not reach it) that fwprof tells about every run
over a pipe. If fwprof dies, the pipe closes without a goodbye and the guard kills each run's
process group and every process carrying the run's token (see
:func:`fwprof.launch.process_tree.kill_marked`). The guard costs one idle Python process per
session (a few MB); if it cannot start, runs go on without it.
"""

from __future__ import annotations

import contextlib
import logging
import subprocess
import sys
from pathlib import Path
from typing import IO

logger = logging.getLogger(__name__)

GUARD_PROGRAM = str(Path(__file__).resolve().with_name("guard_main.py"))


class ProcessGuard:
    """The guard process of one session; every method is a no-op once it is gone."""

    def __init__(self, python: str | None = sys.executable) -> None:
        """Start the guard with ``python`` (a Python interpreter; None: no guard)."""
        self._proc: subprocess.Popen[bytes] | None = None
        if python is None:
            return
        try:
            self._proc = subprocess.Popen(
                [python, "-I", "-S", GUARD_PROGRAM], stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            )
        except OSError as exc:
            logger.warning("fwprof: no process guard (%s); runs still end with fwprof", exc)

    @property
    def pid(self) -> int | None:
        return None if self._proc is None else self._proc.pid

    def watch(self, pgid: int, token: str) -> None:
        """A run started: end its group and marked processes if fwprof dies."""
        self._send(f"+ {pgid} {token}")

    def release(self, pgid: int, token: str) -> None:
        """That run ended and was cleaned up."""
        self._send(f"- {pgid} {token}")

    def close(self) -> None:
        """The session ended normally: the guard quits without killing anything."""
        self._send("exit")
        if self._proc is not None:
            with contextlib.suppress(OSError):
                self._stdin().close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proc.wait(timeout=5)
            self._proc = None

    def __enter__(self) -> ProcessGuard:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _send(self, line: str) -> None:
        if self._proc is None:
            return
        try:
            stdin = self._stdin()
            stdin.write(f"{line}\n".encode())
            stdin.flush()
        except (OSError, ValueError):
            logger.warning("fwprof: the process guard is gone; runs still end with fwprof")
            self._proc = None

    def _stdin(self) -> IO[bytes]:
        assert self._proc is not None and self._proc.stdin is not None
        return self._proc.stdin
