"""The event pipe of a script run, shared by every process of the run that reports steps.

The script's own process (the *owner*) and the worker processes it starts write to the same
pipe. A write of at most ``PIPE_BUF`` bytes to a pipe is atomic, so each event goes out in one
write of at most that size: a block of steps too long for one is split into several. Step
blocks carry the pid of the process that made them. A worker process (any pid but the owner's)
sends only steps, log lines and the frameworks it imported (its phases are not the run's), and
nothing from a PyTorch ``DataLoader`` worker, whose steps would not be the run's either.
"""

from __future__ import annotations

import os
import select
import sys
from typing import Any

from fwprof import protocol
from fwprof.child.emitter import EventEmitter

#: Bytes a pipe writes atomically (POSIX guarantees at least 512; Linux 4096).
PIPE_BUF: int = getattr(select, "PIPE_BUF", 512)
#: What a worker process reports.
WORKER_EVENTS = frozenset({"steps", "log", "info"})


class SharedPipeEmitter(EventEmitter):
    """An :class:`EventEmitter` whose events stay whole when several processes write."""

    def __init__(self, fd: int, owner: int | None = None) -> None:
        super().__init__(fd)
        self.owner = os.getpid() if owner is None else owner
        self._pipe = pipe_identity(fd)

    @property
    def fd(self) -> int:
        return self._fd

    def usable(self) -> bool:
        """True when the fd is still the run's pipe (after a fork, the child may have closed it)."""
        return self._pipe is not None and pipe_identity(self._fd) == self._pipe

    def emit(self, kind: str, **fields: Any) -> None:
        if os.getpid() != self.owner and (kind not in WORKER_EVENTS or in_dataloader_worker()):
            return
        if kind != "steps":
            super().emit(kind, **fields)
            return
        for line in _step_lines({**fields, "pid": os.getpid()}):
            os.write(self._fd, line)  # whole, as it is at most PIPE_BUF bytes


def pipe_identity(fd: int) -> tuple[int, int] | None:
    """``(device, inode)`` of an open fd, None if it is not open."""
    try:
        info = os.fstat(fd)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def in_dataloader_worker() -> bool:
    """True inside a PyTorch ``DataLoader`` worker process (its worker info is set)."""
    worker = sys.modules.get("torch.utils.data._utils.worker")
    return worker is not None and getattr(worker, "_worker_info", None) is not None


def _step_lines(fields: dict[str, Any]) -> list[bytes]:
    """The block as encoded events of at most ``PIPE_BUF`` bytes each (halved until they fit)."""
    line = protocol.encode("steps", **fields)
    ends, durations = list(fields.get("end") or []), list(fields.get("dur") or [])
    if len(line) <= PIPE_BUF or len(ends) < 2:
        return [line]
    half = len(ends) // 2
    return [*_step_lines({**fields, "end": ends[:half], "dur": durations[:half]}),
            *_step_lines({**fields, "end": ends[half:], "dur": durations[half:]})]
