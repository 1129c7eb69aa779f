"""The child process of a script run: Ctrl-C as under plain python, a terminal when there is one.

Ctrl-C (:meth:`ScriptChild.interrupt`) sends SIGINT to the script's process group, as a terminal
does to its foreground group, so the script's ``except KeyboardInterrupt``, ``finally`` blocks
and atexit handlers run. If the script is still running ``grace_s`` seconds later, the wait ends
as a stop: its process tree gets SIGTERM, then SIGKILL (:func:`fwprof.launch.process_tree.kill_tree`).

Output: each stream named in ``terminal`` is a pseudo-terminal of the size of fwprof's own
terminal (``isatty()`` is true, so tqdm, rich and colours look as without fwprof); the others
are pipes. When fwprof's stdout and stderr are one terminal, the script's are one pty too (read
as ``stdout``), so what it writes to each keeps its order, as on a terminal. Output is read in
chunks as it comes, so a progress bar redrawn with ``\\r`` passes through at once
(``on_chunk``), and in lines for the run's tail and ``on_line``. When
``on_chunk`` returns False (fwprof's own stdout was closed, e.g. ``| head -1``), fwprof closes its
end of that stream: the script's next write fails as it would under plain python.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
import termios
import threading
from collections.abc import Callable, Mapping, Sequence

from fwprof import protocol
from fwprof.config import PhaseTimeouts
from fwprof.launch.child_process import ChildProcess, EventHandler, LineHandler, _PumpState

#: ``(stream name, bytes)``; False when no more output of that stream can be shown.
ChunkHandler = Callable[[str, bytes], bool]
STREAMS = ("stdout", "stderr")
READ_BYTES = 65536


class ScriptChild(ChildProcess):
    """A :class:`ChildProcess` with Ctrl-C passed on, and terminals (see the module docstring)."""

    def __init__(self, argv: Sequence[str], env: Mapping[str, str], timeouts: PhaseTimeouts,
                 on_event: EventHandler, on_line: LineHandler | None = None,
                 cwd: str | None = None, terminal: Mapping[str, int] | None = None,
                 on_chunk: ChunkHandler | None = None, stdin: int | None = subprocess.DEVNULL) -> None:
        """``terminal`` maps a stream name to the fd of the terminal whose size its pty takes;
        ``stdin`` is the script's (``None``: fwprof's own, as plain python reads it)."""
        super().__init__(argv, env, timeouts, on_event, on_line, cwd)
        self._stdin = stdin
        self._terminal = dict(terminal or {})
        self._on_chunk = on_chunk
        self._outputs: dict[str, int] = {}  # stream name -> the fd fwprof reads
        self._ptys: dict[str, tuple[int, int]] = {}  # stream name -> (pty's fd, terminal's fd)
        self._ptys_lock = threading.Lock()
        self._grace_end: float | None = None
        self.grace_s = 0.0
        #: True once Ctrl-C was passed on; ``escalated`` says why fwprof then ended the script
        #: itself (the grace period ran out, or Ctrl-C again), empty while it did not.
        self.interrupted = False
        self.escalated = ""

    def interrupt(self, grace_s: float) -> bool:
        """Send SIGINT to the script's process group; stop it if it runs ``grace_s`` s more.
        False when there is no running script to interrupt."""
        if self.pid is None:
            return False
        try:
            os.killpg(self.pid, signal.SIGINT)
        except (ProcessLookupError, PermissionError):
            return False
        self.grace_s, self.interrupted = grace_s, True
        self._grace_end = protocol.now() + grace_s
        if self._wakeup is not None:
            self._wakeup.wake()
        return True

    def _timeout(self, state: _PumpState) -> str | None:
        reason = super()._timeout(state)
        if reason is None and self._grace_end is not None and protocol.now() >= self._grace_end:
            self.escalated = f"still running {self.grace_s:g} s after Ctrl-C"
            return f"stopped by user: {self.escalated}"
        return reason

    def request_stop(self, reason: str = "stopped by user") -> None:
        if self.interrupted and not self.escalated:
            self.escalated = "Ctrl-C pressed again"
        super().request_stop(reason)

    def _sleep_s(self, state: _PumpState, next_tick: float | None, exit_watched: bool) -> float:
        sleep = super()._sleep_s(state, next_tick, exit_watched)
        if self._grace_end is None:
            return sleep
        return max(0.0, min(sleep, self._grace_end - protocol.now() + 0.001))

    def _spawn(self, argv: list[str], event_fd: int) -> subprocess.Popen[bytes]:
        if _one_terminal(self._terminal):  # one pty, so stdout and stderr keep their order
            ends = {"stdout": _open_output(self._terminal["stdout"])}
        else:
            ends = {name: _open_output(self._terminal.get(name)) for name in STREAMS}
        try:
            proc = subprocess.Popen(
                argv, env=self._env, cwd=self._cwd, pass_fds=(event_fd,),
                stdin=self._stdin, stdout=ends["stdout"][1],
                stderr=ends.get("stderr", ends["stdout"])[1], start_new_session=True,
            )
        except BaseException:
            for read_end, _ in ends.values():
                os.close(read_end)
            raise
        finally:
            for _, write_end in ends.values():
                os.close(write_end)
        self._outputs = {name: read_end for name, (read_end, _) in ends.items()}
        self._ptys = {name: (fd, self._terminal[name]) for name, fd in self._outputs.items()
                      if name in self._terminal}
        return proc

    def resize(self) -> None:
        """fwprof's terminal changed size: so do the script's ptys, and it gets SIGWINCH."""
        with self._ptys_lock:
            for pty_fd, terminal_fd in self._ptys.values():
                _copy_size(terminal_fd, pty_fd)
        if self._ptys and self.pid is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signal.SIGWINCH)

    def _start_readers(self) -> None:
        for name, fd in self._outputs.items():
            thread = threading.Thread(target=self._read_chunks, args=(name, fd), daemon=True,
                                      name=f"fwprof-{name}-reader")
            thread.start()
            self._readers.append(thread)

    def _read_chunks(self, name: str, fd: int) -> None:
        pending = b""
        showing = True
        try:
            while chunk := _read(fd):
                if showing and self._on_chunk is not None and not self._on_chunk(name, chunk):
                    break  # fwprof's own stream is closed: so is the script's, as under python
                *lines, pending = (pending + chunk).split(b"\n")
                for line in lines:
                    self._keep_line(name, (line + b"\n").decode(errors="replace"))
            if pending:
                self._keep_line(name, pending.decode(errors="replace"))
        finally:
            with self._ptys_lock:
                self._ptys.pop(name, None)
                os.close(fd)


def _read(fd: int) -> bytes:
    """The next chunk; b"" at the end (a pty's master reads EIO once no process holds it)."""
    try:
        return os.read(fd, READ_BYTES)
    except OSError:
        return b""


def _copy_size(terminal_fd: int, pty_fd: int) -> None:
    """Give the pty the rows and columns of fwprof's terminal."""
    with contextlib.suppress(OSError):
        fcntl.ioctl(pty_fd, termios.TIOCSWINSZ, fcntl.ioctl(terminal_fd, termios.TIOCGWINSZ, b"\0" * 8))


def _one_terminal(terminal: Mapping[str, int]) -> bool:
    """True when fwprof's stdout and stderr are the same terminal."""
    try:
        return len(terminal) == 2 and len({os.fstat(fd).st_rdev for fd in terminal.values()}) == 1
    except OSError:
        return False


def _open_output(terminal_fd: int | None) -> tuple[int, int]:
    """``(fwprof's end, the script's end)``: a pty sized like ``terminal_fd``, else a pipe."""
    if terminal_fd is None:
        return os.pipe()
    reader, writer = os.openpty()
    os.set_inheritable(reader, False)
    _copy_size(terminal_fd, writer)
    with contextlib.suppress(termios.error):
        attrs = termios.tcgetattr(writer)
        attrs[1] &= ~termios.ONLCR  # "\n" stays "\n": fwprof's own terminal adds the "\r"
        termios.tcsetattr(writer, termios.TCSANOW, attrs)
    return reader, writer
