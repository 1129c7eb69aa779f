"""One child process: spawn it with an event pipe, read its events, enforce timeouts, end it."""

from __future__ import annotations

import contextlib
import os
import secrets
import select
import subprocess
import threading
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO

from fwprof import protocol
from fwprof.config import PhaseTimeouts
from fwprof.launch.process_tree import kill_marked, kill_tree, reap_group
from fwprof.sampling.wakeup import Wakeup

EventHandler = Callable[[protocol.Event], None]
LineHandler = Callable[[str, str], None]  # (stream name, line)
TickHandler = Callable[[], None]

TAIL_CHARS = 16_000
EVENT_FD_PLACEHOLDER = "{event_fd}"
#: The longest :meth:`ChildProcess.wait` sleeps with nothing to do. It wakes for events, a stop
#: request, the child's exit (a pidfd), a phase's deadline or ``on_tick``, not on a timer: on a
#: machine whose every core runs one of the child's threads, each wake-up of fwprof stalls them
#: all (see the README's Performance section).
IDLE_WAKE_S = 5.0
#: Without pidfds (Linux < 5.3, other systems) the child's exit is polled this often.
EXIT_POLL_S = 0.25


@dataclass
class ChildOutcome:
    """How a child ended. ``reason`` is None for a normal exit."""

    exit_code: int | None
    reason: str | None
    stdout_tail: str
    stderr_tail: str
    saw_done: bool


@dataclass
class _PumpState:
    """Where the event reader is: the current phase, since when, and unfinished input."""

    phase_start: float
    phase: str | None = None
    saw_done: bool = False
    buffer: bytes = b""


class ChildProcess:
    """Runs a command whose events arrive on a pipe whose fd number it gets via ``{event_fd}``.

    An argument of ``argv`` equal to the placeholder ``{event_fd}`` is replaced by the pipe's
    write end (whole arguments only, so a user's argument that merely contains it is kept).
    Events are passed to ``on_event`` from the thread that calls :meth:`wait`.

    No process of the run outlives it: the child gets the pid of this process (it arms the
    parent-death signal, :mod:`fwprof.child.parent_watch`) and a random :attr:`token` in its
    environment, which every process it starts inherits; when the child has ended, its process
    group and every process still carrying the token are killed.
    """

    def __init__(
        self,
        argv: Sequence[str],
        env: Mapping[str, str],
        timeouts: PhaseTimeouts,
        on_event: EventHandler,
        on_line: LineHandler | None = None,
        cwd: str | None = None,
    ) -> None:
        self._argv = list(argv)
        self._env = dict(env)
        self._timeouts = timeouts
        self._on_event = on_event
        self._on_line = on_line
        self._cwd = cwd
        self._stop_reason: str | None = None
        self._wakeup: Wakeup | None = None  # request_stop() wakes wait()
        self._proc: subprocess.Popen[bytes] | None = None
        self._tails = {"stdout": deque[str](), "stderr": deque[str]()}
        self._tail_sizes: dict[str, int] = {}
        self._readers: list[threading.Thread] = []
        #: Marks every process of this run (``FWPROF_RUN_TOKEN`` in their environment).
        self.token = secrets.token_hex(8)
        self._env[protocol.RUN_TOKEN_ENV] = self.token
        self._env[protocol.PARENT_PID_ENV] = str(os.getpid())

    @property
    def pid(self) -> int | None:
        return None if self._proc is None else self._proc.pid

    def start(self) -> int:
        """Spawn the child in its own session; return its pid."""
        read_fd, write_fd = os.pipe()
        argv = [str(write_fd) if arg == EVENT_FD_PLACEHOLDER else arg for arg in self._argv]
        try:
            self._proc = self._spawn(argv, write_fd)
        except BaseException:
            os.close(read_fd)
            raise
        finally:
            os.close(write_fd)
        self._wakeup = Wakeup()
        self._event_fd = read_fd
        self._start_readers()
        return self._proc.pid

    def _spawn(self, argv: list[str], event_fd: int) -> subprocess.Popen[bytes]:
        """Start the child in its own session, its output on pipes (subclasses may differ)."""
        return subprocess.Popen(
            argv, env=self._env, cwd=self._cwd, pass_fds=(event_fd,),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True,
        )

    def request_stop(self, reason: str = "stopped by user") -> None:
        """Ask :meth:`wait` to end the child; safe to call from any thread."""
        self._stop_reason = reason
        if self._wakeup is not None:
            self._wakeup.wake()

    def wait(self, on_tick: TickHandler | None = None, tick_s: float = 1.0) -> ChildOutcome:
        """Read events until the child closes the pipe, a timeout hits, or a stop is requested.

        ``on_tick`` is called from this thread about every ``tick_s`` seconds, where the caller
        may look at what was recorded so far without racing the event handler.
        """
        assert self._proc is not None, "start() first"
        try:
            reason, saw_done = self._pump_events(on_tick, tick_s)
        finally:
            if self._wakeup is not None:
                self._wakeup.close()
        if reason is not None:
            kill_tree(self._proc.pid)
        exit_code = self._finish_process()
        kill_marked(self.token)  # what left the process group (setsid, double fork)
        for reader in self._readers:
            reader.join(timeout=5)
        return ChildOutcome(exit_code, reason, self._tail("stdout"), self._tail("stderr"), saw_done)

    def _pump_events(self, on_tick: TickHandler | None, tick_s: float) -> tuple[str | None, bool]:
        assert self._proc is not None and self._wakeup is not None
        state = _PumpState(phase_start=protocol.now())
        next_tick = protocol.now() + tick_s
        with os.fdopen(self._event_fd, "rb", buffering=0) as pipe, _exit_watch(self._proc.pid) as exit_fd:
            while True:
                reason = self._stop_reason or self._timeout(state)
                if reason is not None:
                    return reason, state.saw_done
                if on_tick is not None and protocol.now() >= next_tick:
                    on_tick()
                    next_tick = protocol.now() + tick_s
                # Checked before reading, so all the child wrote is in the pipe by then: a
                # process it forked may hold the pipe open long after the child is gone.
                exited = self._proc.poll() is not None
                sleep = 0.0 if exited else self._sleep_s(state, next_tick if on_tick else None,
                                                          exit_fd is not None)
                watched = [self._event_fd, self._wakeup.fileno(),
                           *([exit_fd] if exit_fd is not None else [])]
                ready, _, _ = select.select(watched, [], [], sleep)
                has_input = self._event_fd in ready
                chunk = pipe.read(65536) if has_input else None
                if chunk == b"" or (exited and not has_input):
                    return None, state.saw_done
                if chunk:
                    self._feed(state, chunk)

    def _sleep_s(self, state: _PumpState, next_tick: float | None, exit_watched: bool) -> float:
        """How long to wait for input: until the phase's deadline or the next tick."""
        now = protocol.now()
        wake = [IDLE_WAKE_S if exit_watched else EXIT_POLL_S,
                state.phase_start + self._timeouts.for_phase(state.phase) - now + 0.001]
        if next_tick is not None:
            wake.append(next_tick - now)
        return max(0.0, min(wake))

    def _timeout(self, state: _PumpState) -> str | None:
        limit = self._timeouts.for_phase(state.phase)
        if protocol.now() - state.phase_start <= limit:
            return None
        where = f"phase '{state.phase}'" if state.phase else "start-up"
        return f"timeout: {where} took longer than {limit:g} s"

    def _feed(self, state: _PumpState, chunk: bytes) -> None:
        *lines, state.buffer = (state.buffer + chunk).split(b"\n")
        for line in lines:
            event = self._decode(line)
            if event is None:
                continue
            kind = event["k"]
            if kind in ("phase_start", "phase_end"):
                # Between phases the start-up limit applies again.
                state.phase = str(event.get("phase")) if kind == "phase_start" else None
                state.phase_start = protocol.now()
            state.saw_done = state.saw_done or kind == "done"
            self._on_event(event)

    def _decode(self, line: bytes) -> protocol.Event | None:
        if not line.strip():
            return None
        try:
            return protocol.decode(line)
        except protocol.ProtocolError as exc:
            self._tails["stderr"].append(f"[fwprof] bad event from child: {exc}\n")
            return None

    def _finish_process(self) -> int | None:
        assert self._proc is not None
        try:
            code = self._proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            kill_tree(self._proc.pid)
            code = self._proc.wait(timeout=10)
        reap_group(self._proc.pid)
        return code

    def _start_readers(self) -> None:
        assert self._proc is not None
        for name, stream in (("stdout", self._proc.stdout), ("stderr", self._proc.stderr)):
            assert stream is not None
            thread = threading.Thread(
                target=self._read_stream, args=(name, stream), daemon=True,
                name=f"fwprof-{name}-reader",
            )
            thread.start()
            self._readers.append(thread)

    def _read_stream(self, name: str, stream: IO[bytes]) -> None:
        for raw in stream:
            self._keep_line(name, raw.decode(errors="replace"))
        stream.close()

    def _keep_line(self, name: str, line: str) -> None:
        """Add a line of the child's output to its stream's tail and pass it to ``on_line``."""
        tail = self._tails[name]
        tail.append(line)
        size = self._tail_sizes.get(name, 0) + len(line)
        while size > TAIL_CHARS and len(tail) > 1:
            size -= len(tail.popleft())
        self._tail_sizes[name] = size
        if self._on_line is not None:
            self._on_line(name, line)

    def _tail(self, name: str) -> str:
        return "".join(self._tails[name])[-TAIL_CHARS:]


@contextlib.contextmanager
def _exit_watch(pid: int) -> Iterator[int | None]:
    """A pidfd that becomes readable when ``pid`` exits (None where pidfds are missing)."""
    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):  # not Linux >= 5.3, or the child is already reaped
        yield None
        return
    try:
        yield fd
    finally:
        os.close(fd)
