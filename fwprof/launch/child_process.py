"""One child process: spawn it with an event pipe, read its events, enforce timeouts, end it."""

from __future__ import annotations

import os
import secrets
import select
import subprocess
import threading
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO

from fwprof import protocol
from fwprof.config import PhaseTimeouts
from fwprof.launch.process_tree import kill_marked, kill_tree, reap_group

EventHandler = Callable[[protocol.Event], None]
LineHandler = Callable[[str, str], None]  # (stream name, line)
TickHandler = Callable[[], None]

TAIL_CHARS = 16_000
EVENT_FD_PLACEHOLDER = "{event_fd}"


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
        self._proc: subprocess.Popen[bytes] | None = None
        self._tails = {"stdout": deque[str](), "stderr": deque[str]()}
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
            self._proc = subprocess.Popen(
                argv, env=self._env, cwd=self._cwd, pass_fds=(write_fd,),
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                start_new_session=True,
            )
        finally:
            os.close(write_fd)
        self._event_fd = read_fd
        self._start_readers()
        return self._proc.pid

    def request_stop(self, reason: str = "stopped by user") -> None:
        """Ask :meth:`wait` to end the child; safe to call from any thread."""
        self._stop_reason = reason

    def wait(self, on_tick: TickHandler | None = None) -> ChildOutcome:
        """Read events until the child closes the pipe, a timeout hits, or a stop is requested.

        ``on_tick`` is called from this thread between reads (at least every 50 ms), where the
        caller may look at what was recorded so far without racing the event handler.
        """
        assert self._proc is not None, "start() first"
        reason, saw_done = self._pump_events(on_tick)
        if reason is not None:
            kill_tree(self._proc.pid)
        exit_code = self._finish_process()
        kill_marked(self.token)  # what left the process group (setsid, double fork)
        for reader in self._readers:
            reader.join(timeout=5)
        return ChildOutcome(exit_code, reason, self._tail("stdout"), self._tail("stderr"), saw_done)

    def _pump_events(self, on_tick: TickHandler | None) -> tuple[str | None, bool]:
        assert self._proc is not None
        state = _PumpState(phase_start=protocol.now())
        with os.fdopen(self._event_fd, "rb", buffering=0) as pipe:
            while True:
                reason = self._stop_reason or self._timeout(state)
                if reason is not None:
                    return reason, state.saw_done
                if on_tick is not None:
                    on_tick()
                # Checked before reading, so all the child wrote is in the pipe by then: a
                # process it forked may hold the pipe open long after the child is gone.
                exited = self._proc.poll() is not None
                ready, _, _ = select.select([pipe], [], [], 0 if exited else 0.05)
                chunk = pipe.read(65536) if ready else None
                if chunk == b"" or (exited and not ready):
                    return None, state.saw_done
                if chunk:
                    self._feed(state, chunk)

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
        tail = self._tails[name]
        size = 0
        for raw in stream:
            line = raw.decode(errors="replace")
            tail.append(line)
            size += len(line)
            while size > TAIL_CHARS and len(tail) > 1:
                size -= len(tail.popleft())
            if self._on_line is not None:
                self._on_line(name, line)
        stream.close()

    def _tail(self, name: str) -> str:
        return "".join(self._tails[name])[-TAIL_CHARS:]
