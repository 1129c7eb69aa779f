"""A sleep that another thread can cut short, cheaply: the sampler thread's wait between ticks.

``threading.Event.wait(timeout)`` goes through ``Condition.wait`` (a new lock, a waiter list and
a dozen Python calls): ~100 µs of CPU a wait on a 16-core H100 host, where caches are cold after
each sleep, against ~60 µs for ``poll`` on a pipe and ~55 µs for a plain ``time.sleep``. At
10 Hz that difference is 0.04 % of a core, a tenth of the sampler's whole budget. Without
``select.poll`` (Windows) an Event is used.
"""

from __future__ import annotations

import contextlib
import os
import select
import threading


class Wakeup:
    """:meth:`wait` sleeps until a timeout or a :meth:`wake` from any thread; :meth:`close` at
    the end (the pipe's two file descriptors)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._event: threading.Event | None = None
        self._poll: select.poll | None = None
        self._fds: tuple[int, int] | None = None
        if hasattr(select, "poll"):
            self._fds = os.pipe()
            for fd in self._fds:
                os.set_blocking(fd, False)
            self._poll = select.poll()
            self._poll.register(self._fds[0], select.POLLIN)
        else:
            self._event = threading.Event()

    def wait(self, timeout: float) -> bool:
        """Sleep up to ``timeout`` seconds; True when woken by :meth:`wake` (consumed)."""
        if self._event is not None:
            woken = self._event.wait(timeout)
            self._event.clear()
            return woken
        if self._poll is None or self._fds is None or not self._poll.poll(max(timeout, 0.0) * 1e3):
            return False
        with contextlib.suppress(BlockingIOError):  # drained
            while len(os.read(self._fds[0], 4096)) == 4096:
                pass
        return True

    def wake(self) -> None:
        """End the current wait, or the next one if none is under way (any thread)."""
        if self._event is not None:
            self._event.set()
            return
        with self._lock, contextlib.suppress(BlockingIOError):  # full: a wake is pending anyway
            if self._fds is not None:
                os.write(self._fds[1], b"x")

    def close(self) -> None:
        """Close the pipe (idempotent; later waits return at once, later wakes do nothing)."""
        with self._lock:
            fds, self._fds, self._poll = self._fds, None, None
        if fds is not None:
            for fd in fds:
                os.close(fd)
