"""Turns the events of a node's ranks into the events of one run, as fwprof's parent expects.

- Group phases: a phase starts when its first rank starts it (never before the previous group
  phase ended) and ends when its last rank ends it, so phase timeouts and timelines see the
  group as one run.
- Group steps: measured step *i* is reported once every rank has reported it; its duration is
  the slowest rank's (all ranks wait for one another in the all-reduce) and its end the latest.
- Each rank's own data (pid, step and compute-only durations, phases, info, error) goes out at
  the end in one ``info`` event under ``ranks``; local rank 0's ``info`` is the run's.
- The first rank to fail (an ``error`` event, or its connection closing before ``done``) is
  the culprit the run's error names; ranks that end after it were ended because of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fwprof import protocol

Emit = Callable[..., None]  # (kind, **fields), e.g. EventEmitter.emit

#: The phases every rank goes through, in order (``compute_probe``: steps without all-reduce).
RANK_PHASES: tuple[str, ...] = (*protocol.PHASES, "compute_probe")


@dataclass
class RankState:
    """What one rank has reported so far."""

    rank: int
    local_rank: int = 0
    pid: int | None = None
    info: dict[str, Any] = field(default_factory=dict)
    phases: dict[str, list[float | None]] = field(default_factory=dict)
    current: str | None = None
    step_end: list[float] = field(default_factory=list)
    step_dur: list[float] = field(default_factory=list)
    probe_dur: list[float] = field(default_factory=list)
    counters: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    done: bool = False

    def to_dict(self, node_rank: int) -> dict[str, Any]:
        return {
            "rank": self.rank, "local_rank": self.local_rank, "node_rank": node_rank,
            "pid": self.pid, "status": "ok" if self.done else "failed", "error": self.error,
            "phases": self.phases, "info": self.info, "step_end": self.step_end,
            "step_dur": self.step_dur, "compute_dur": self.probe_dur,
        }


@dataclass
class Failure:
    """The first rank that failed, and why."""

    rank: int | None
    message: str
    t: float


class GroupAggregator:
    """Feed it rank events (:meth:`feed`) and closed connections (:meth:`closed`)."""

    def __init__(self, emit: Emit, local_ranks: int, node_rank: int = 0) -> None:
        self._emit = emit
        self.local_ranks = local_ranks
        self.node_rank = node_rank
        self.ranks: dict[int, RankState] = {}
        self._by_conn: dict[int, RankState] = {}
        self.failure: Failure | None = None
        self._phase_index = 0
        self._phase_open = False
        self._phase_end_t = -float("inf")
        self._steps_sent = 0
        self._info_sent = False

    @property
    def all_connected(self) -> bool:
        """Every rank of this node has said hello."""
        return len(self.ranks) == self.local_ranks

    @property
    def finished(self) -> bool:
        """Every rank of this node has reported ``done``."""
        return len(self.ranks) == self.local_ranks and all(r.done for r in self.ranks.values())

    def feed(self, conn: int, event: protocol.Event) -> None:
        """One event from the rank on connection ``conn``."""
        if event["k"] == "hello":
            self._hello(conn, event)
            return
        state = self._by_conn.get(conn)
        if state is None:
            return  # nothing before hello is ours to read
        handler = _HANDLERS.get(event["k"])
        if handler is not None:
            handler(self, state, event)

    def closed(self, conn: int) -> None:
        """The rank on ``conn`` closed its channel: it has ended."""
        state = self._by_conn.get(conn)
        if state is not None and not state.done and state.error is None:
            where = f" in phase '{state.current}'" if state.current else ""
            self._fail(state, f"ended without finishing{where} (its connection closed)")

    def rank_summaries(self) -> list[dict[str, Any]]:
        return [self.ranks[r].to_dict(self.node_rank) for r in sorted(self.ranks)]

    def _hello(self, conn: int, event: protocol.Event) -> None:
        rank = int(event.get("rank", len(self.ranks)))
        state = self.ranks.setdefault(rank, RankState(rank))
        state.local_rank = int(event.get("local_rank", 0))
        state.pid = event.get("pid")
        self._by_conn[conn] = state

    def _on_phase_start(self, state: RankState, event: protocol.Event) -> None:
        state.current = str(event.get("phase"))
        state.phases[state.current] = [float(event["t"]), None]
        self._advance()

    def _on_phase_end(self, state: RankState, event: protocol.Event) -> None:
        name = str(event.get("phase"))
        state.phases.setdefault(name, [None, None])[1] = float(event["t"])
        state.current = None
        self._advance()

    def _on_steps(self, state: RankState, event: protocol.Event) -> None:
        durations = [float(d) for d in event.get("dur", [])]
        if state.current == "compute_probe":
            state.probe_dur += durations
            return
        state.step_end += [float(e) for e in event.get("end", [])]
        state.step_dur += durations
        self._send_steps()

    def _on_info(self, state: RankState, event: protocol.Event) -> None:
        info = event.get("info")
        state.info = dict(info) if isinstance(info, dict) else {}
        if not self._info_sent and state.local_rank == 0:
            self._info_sent = True
            self._emit("info", info=state.info)

    def _on_counters(self, state: RankState, event: protocol.Event) -> None:
        values = event.get("values")
        state.counters = dict(values) if isinstance(values, dict) else {}

    def _on_done(self, state: RankState, event: protocol.Event) -> None:
        state.done = True
        state.current = None

    def _on_error(self, state: RankState, event: protocol.Event) -> None:
        self._fail(state, str(event.get("message")), str(event.get("traceback", "")))

    def _fail(self, state: RankState, message: str, trace: str = "") -> None:
        state.error = message
        if self.failure is None:
            self.failure = Failure(state.rank, message, protocol.now())
            self._emit("log", message=f"rank {state.rank} failed: {message}", traceback=trace)

    def _advance(self) -> None:
        """Open and close group phases as far as the ranks have got."""
        while self._phase_index < len(RANK_PHASES):
            name = RANK_PHASES[self._phase_index]
            spans = [r.phases.get(name) for r in self.ranks.values()]
            if not self._phase_open:
                starts = [s[0] for s in spans if s is not None and s[0] is not None]
                if not starts:
                    return
                self._emit("phase_start", phase=name, t=max(min(starts), self._phase_end_t))
                self._phase_open = True
            ends = [s[1] for s in spans if s is not None and s[1] is not None]
            if len(self.ranks) < self.local_ranks or len(ends) < self.local_ranks:
                return
            self._phase_end_t = max(ends)
            self._emit("phase_end", phase=name, t=self._phase_end_t)
            self._phase_open = False
            self._phase_index += 1

    def _send_steps(self) -> None:
        if len(self.ranks) < self.local_ranks:
            return
        ready = min(len(r.step_dur) for r in self.ranks.values())
        if ready <= self._steps_sent:
            return
        window = range(self._steps_sent, ready)
        ranks = list(self.ranks.values())
        ends = [max(r.step_end[i] for r in ranks) for i in window]
        durations = [max(r.step_dur[i] for r in ranks) for i in window]
        self._steps_sent = ready
        self._emit("steps", end=ends, dur=durations)

    def counters(self) -> dict[str, Any]:
        """The lowest rank's counters (retraces of its step function)."""
        return self.ranks[min(self.ranks)].counters if self.ranks else {}


_HANDLERS: dict[str, Callable[[GroupAggregator, RankState, protocol.Event], None]] = {
    "phase_start": GroupAggregator._on_phase_start,
    "phase_end": GroupAggregator._on_phase_end,
    "steps": GroupAggregator._on_steps,
    "info": GroupAggregator._on_info,
    "counters": GroupAggregator._on_counters,
    "done": GroupAggregator._on_done,
    "error": GroupAggregator._on_error,
}
