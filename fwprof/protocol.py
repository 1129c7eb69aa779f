"""The event protocol between a child process and fwprof.

The child writes one JSON object per line to a dedicated pipe (never stdout). Every event has
the protocol version ``v``, a kind ``k`` and a timestamp ``t`` in seconds on ``CLOCK_MONOTONIC``,
the clock that the parent's samplers use too, so events and samples share one time axis.

Kinds:

- ``hello``: ``pid``, ``framework``, ``info`` (versions and build flags, thread settings).
- ``info``: ``info`` (framework versions, build flags, threads and precision as set).
- ``phase_start`` / ``phase_end``: ``phase`` (one of :data:`PHASES` or a user name).
- ``steps``: a block of measured steps: ``end`` (step end times), ``dur`` (durations, s) and
  ``step_kind``, one of :data:`STEP_KINDS` (absent: ``train``); script runs add their ``src``.
- ``counters``: ``values`` (retraces, recompiles, graph breaks, ...).
- ``done``: the child finished its work normally.
- ``error``: ``message`` and ``traceback``.
- ``trace``: a framework profiler trace of a few steps after ``measure`` (``fwprof run
  --trace``): the packed file and the operator table (:mod:`fwprof.trace.payload`).
- ``memory``: the framework allocator's ``allocated_bytes``, ``reserved_bytes`` and
  ``peak_allocated_bytes`` after a block of measured steps, and its ``source``; or once a
  ``note`` saying why there are none (:mod:`fwprof.child.allocator`).
- ``gpu_steps``: ``dur``, GPU times (s) of a script's steps read from CUDA events, oldest first,
  and their ``src`` (:mod:`fwprof.scenarios.profile.cuda_steps`).
"""

from __future__ import annotations

import json
import time
from typing import Any

PROTOCOL_VERSION = 1

#: The phases of a built-in run, in order.
PHASES: tuple[str, ...] = ("import", "build", "first_step", "warmup", "measure")

#: What a step does: training steps make a run's headline (steps/s, percentiles); evaluation
#: and prediction batches (Keras validation, ``evaluate``, ``predict``) are counted apart.
STEP_KINDS: tuple[str, ...] = ("train", "eval", "predict")
TRAIN = "train"

EVENT_KINDS: frozenset[str] = frozenset(
    {"hello", "info", "phase_start", "phase_end", "steps", "counters", "done", "error", "log", "trace",
     "memory", "gpu_steps"}
)

Event = dict[str, Any]


def step_kind(event: Event) -> str:
    """The kind of a ``steps`` event's steps: ``train`` unless it names another known kind."""
    kind = event.get("step_kind", TRAIN)
    return kind if kind in STEP_KINDS else TRAIN


def now() -> float:
    """Seconds on the monotonic clock shared by every process of this machine."""
    return time.monotonic()


def encode(kind: str, **fields: Any) -> bytes:
    """One event as a JSON line."""
    event = {"v": PROTOCOL_VERSION, "k": kind, "t": fields.pop("t", None) or now(), **fields}
    return (json.dumps(event, separators=(",", ":")) + "\n").encode()


class ProtocolError(ValueError):
    """A line from a child that is not a valid event."""


def decode(line: bytes | str) -> Event:
    """Parse and check one event line."""
    try:
        event = json.loads(line)
    except ValueError as exc:
        raise ProtocolError(f"not JSON: {line[:80]!r}") from exc
    if not isinstance(event, dict):
        raise ProtocolError("event is not an object")
    if event.get("v") != PROTOCOL_VERSION:
        raise ProtocolError(f"protocol version {event.get('v')!r}, expected {PROTOCOL_VERSION}")
    if event.get("k") not in EVENT_KINDS:
        raise ProtocolError(f"unknown event kind {event.get('k')!r}")
    if not isinstance(event.get("t"), (int, float)):
        raise ProtocolError("event has no timestamp")
    return event


#: Environment variable that tells a child the pid of the fwprof process that started it; the
#: child asks Linux to kill it when that process dies (:mod:`fwprof.child.parent_watch`).
PARENT_PID_ENV = "FWPROF_PARENT_PID"
#: Environment variable that marks every process of one run (inherited by all its
#: descendants), so fwprof finds and ends those that left the run's process group.
RUN_TOKEN_ENV = "FWPROF_RUN_TOKEN"
