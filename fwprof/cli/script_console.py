"""Where a profiled script's output and fwprof's own lines meet: the user's terminal or pipes.

The script's output passes through in chunks as it comes, to the stream it was written to
(stdout stays stdout). fwprof's own lines go to stderr, each on a line of its own: when the
script left a line unfinished on the terminal (a progress bar), fwprof ends it first instead
of writing over it. When fwprof's stdout is closed (``fwprof profile s.py | head -1``), the
script's stdout is closed too (it fails on its next write, as under plain python) and fwprof's
report is not printed; nothing raises.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Protocol, TextIO

#: Seconds fwprof waits after Ctrl-C for the script to finish before stopping it.
DEFAULT_GRACE_S = 10.0


class Interruptible(Protocol):
    def interrupt(self, grace_s: float) -> bool: ...

    def stop(self) -> None: ...

    def resize(self) -> None: ...


class ScriptConsole:
    """fwprof's stdout and stderr, shared by the script's output and fwprof's own lines."""

    def __init__(self, stdout: TextIO | None = None, stderr: TextIO | None = None) -> None:
        self.streams = {"stdout": stdout or sys.stdout, "stderr": stderr or sys.stderr}
        self._tty = {name: _isatty(stream) for name, stream in self.streams.items()}
        self._open = dict.fromkeys(self.streams, False)  # the last output left a line unfinished
        self.closed: set[str] = set()
        self.lock = threading.RLock()
        #: Called before each line of fwprof's own (the live progress line makes way).
        self.before_own_line: Callable[[], None] | None = None

    def terminal(self) -> dict[str, int]:
        """The streams that are terminals, with their fds (the script gets a pty for each)."""
        return {name: self.streams[name].fileno() for name, tty in self._tty.items() if tty}

    def script_output(self, stream: str, data: bytes) -> bool:
        """Pass the script's output on; False once that stream of fwprof's is closed."""
        with self.lock:
            if stream in self.closed:
                return False
            if not self._write(stream, data):
                return False
            self._open[stream] = not data.endswith(b"\n")
            return True

    def line_open(self) -> bool:
        """True when the script left an unfinished line on a terminal (fwprof must not draw)."""
        return any(self._open[name] and self._tty[name] for name in self.streams)

    def end_lines(self, streams: tuple[str, ...] = ("stdout", "stderr")) -> None:
        """End the script's unfinished lines, so what fwprof writes next starts a line."""
        with self.lock:
            for name in streams:
                if self._open[name] and name not in self.closed:
                    self._write(name, b"\n")
                    self._open[name] = False

    def write(self, stream: str, text: str) -> None:
        """fwprof's own text, as is (e.g. the live line, redrawn in place)."""
        with self.lock:
            if stream not in self.closed:
                self._write(stream, text.encode())

    def say(self, text: str) -> None:
        """One line of fwprof's own on stderr, on a line of its own."""
        with self.lock:
            if self.before_own_line is not None:
                self.before_own_line()
            self.end_lines()
            self._write("stderr", f"{text}\n".encode())

    def print_report(self, text: str) -> None:
        """fwprof's report on stdout after the script's output (skipped if stdout is closed)."""
        with self.lock:
            self.end_lines(("stdout",))
            self._write("stdout", f"{text}\n".encode())

    def _write(self, stream: str, data: bytes) -> bool:
        target = self.streams[stream]
        try:
            target.flush()
            buffer = getattr(target, "buffer", None)
            if buffer is None:
                target.write(data.decode(errors="replace"))
            else:
                buffer.write(data)
                buffer.flush()
            target.flush()
        except OSError as exc:  # BrokenPipeError, or EPIPE through another wrapper
            if not isinstance(exc, BrokenPipeError) and exc.errno != errno.EPIPE:
                raise
            self._close(stream)
            return False
        return True

    def _close(self, stream: str) -> None:
        """Stop writing to a closed stream; Python's own flush at exit must not fail either."""
        self.closed.add(stream)
        target = self.streams[stream]
        with contextlib.suppress(OSError, ValueError):
            fd = target.fileno()
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, fd)
            os.close(devnull)


@contextlib.contextmanager
def ctrl_c_passed_on(session: Interruptible, console: ScriptConsole,
                     grace_s: float = DEFAULT_GRACE_S) -> Iterator[None]:
    """The first Ctrl-C goes to the script (see :meth:`Interruptible.interrupt`); a second one
    stops it at once. Each says on stderr what fwprof does. On a terminal, a change of its
    size (SIGWINCH) is passed on to the script's."""
    presses = 0

    def on_sigint(signum: int, frame: object) -> None:
        nonlocal presses
        presses += 1
        if presses > 1:
            session.stop()
            console.say("fwprof: stopping the script now (SIGTERM, then SIGKILL)")
        elif session.interrupt(grace_s):
            console.say(f"fwprof: Ctrl-C passed to the script; waiting up to {grace_s:g} s for it "
                        "to finish (Ctrl-C again to stop it now)")
        else:
            console.say("fwprof: stopping")

    previous = signal.signal(signal.SIGINT, on_sigint)
    resized = signal.signal(signal.SIGWINCH, lambda *_: session.resize()) if console.terminal() else None
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if resized is not None:
            signal.signal(signal.SIGWINCH, resized)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False
