"""Combining per-node snapshots into one session view (``fwprof merge``).

Each node of a multi-node run records its own session: its ranks' events and samples on its
own ``CLOCK_MONOTONIC``, whose origin differs from machine to machine. The merge keeps the
first snapshot's clock as the reference and moves every other node's times onto it through
wall-clock anchors: a node's monotonic time ``t`` happened at wall time
``wall + (t - monotonic)`` where ``(wall, monotonic)`` is a pair read together at the start of
its session (``environment['clock']``, recorded by distributed sessions). A snapshot without
that pair falls back to its ``created`` time (whole seconds) and its first run's start, about a
second off. Alignment is as good as the nodes' wall clocks agree (NTP: milliseconds).

Runs are concatenated with ids ``LABEL/r001`` and ``info['node'] = LABEL``; every node's
environment, configuration and clock offset are kept under ``environment['nodes']``.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from fwprof.results import PhaseSpan, RunResult, SessionRecord, StepLog

Anchor = tuple[float, float]  # (wall-clock seconds since the epoch, monotonic seconds)


class MergeError(ValueError):
    """The snapshots cannot be merged; the message says why."""


def merge_records(records: Sequence[SessionRecord], labels: Sequence[str] | None = None) -> SessionRecord:
    """One session holding every node's runs, on the first node's clock."""
    if len(records) < 2:
        raise MergeError("merging needs at least two snapshots")
    names = list(labels) if labels else default_labels(records)
    if len(names) != len(records) or len(set(names)) != len(names):
        raise MergeError("give one distinct label per snapshot")
    if len({type(r.config) for r in records}) > 1:
        raise MergeError("cannot merge a script session with a comparison")
    anchors = [clock_anchor(r) for r in records]
    offsets = [_offset(anchor, anchors[0]) for anchor in anchors]
    merged = SessionRecord(config=records[0].config, created=min(r.created for r in records),
                           status=_status(records))
    merged.environment = _environment(records, names, anchors, offsets)
    for record, name, offset in zip(records, names, offsets, strict=True):
        merged.runs += [shift_run(run, offset or 0.0, name) for run in record.runs]
    return merged


def default_labels(records: Sequence[SessionRecord]) -> list[str]:
    """``node<R>`` from distributed sessions' node ranks, else host names; made distinct."""
    ranks = [r.environment.get("distributed", {}).get("node_rank") for r in records]
    if None not in ranks and len(set(ranks)) == len(ranks):
        return [f"node{rank}" for rank in ranks]
    names = [str(r.environment.get("hostname") or f"node{i}") for i, r in enumerate(records)]
    return [name if names.count(name) == 1 else f"{name}#{i + 1}" for i, name in enumerate(names)]


def clock_anchor(record: SessionRecord) -> Anchor | None:
    """A (wall, monotonic) pair for the record's clock; None if nothing can anchor it."""
    clock = record.environment.get("clock")
    if isinstance(clock, dict) and _numbers(clock.get("wall"), clock.get("monotonic")):
        return float(clock["wall"]), float(clock["monotonic"])
    starts = [run.started_at for run in record.runs if run.started_at is not None]
    try:
        wall = datetime.fromisoformat(record.created).timestamp()
    except ValueError:
        return None
    return (wall, min(starts)) if starts else None


def shift_run(run: RunResult, offset: float, label: str) -> RunResult:
    """A copy of ``run`` with every monotonic time moved by ``offset`` and the node's label."""
    info = copy.deepcopy(run.info)
    info["node"] = label
    for rank in info.get("ranks", []):
        rank["step_end"] = [t + offset for t in rank.get("step_end", [])]
        rank["phases"] = {name: _shift_list(span, offset) for name, span in rank.get("phases", {}).items()}
    return replace(
        run, run_id=f"{label}/{run.run_id}", info=info,
        started_at=_shift(run.started_at, offset), ended_at=_shift(run.ended_at, offset),
        phases=[PhaseSpan(p.name, p.start + offset, _shift(p.end, offset)) for p in run.phases],
        steps=StepLog(run.step_ends + offset, run.step_durations.copy()),
        events=[{**event, "t": _shift(event.get("t"), offset)} for event in run.events],
        series=_shift_series(run.series, offset),
    )


def _shift_series(series: dict[str, Any], offset: float) -> dict[str, Any]:
    shifted = copy.deepcopy(series)
    for key in ("series", "process_series"):
        store = shifted.get(key)
        if isinstance(store, dict) and isinstance(store.get("t"), list):
            store["t"] = _shift_list(store["t"], offset)
    return shifted


def _environment(records: Sequence[SessionRecord], names: list[str], anchors: list[Anchor | None],
                 offsets: list[float | None]) -> dict[str, Any]:
    environment = copy.deepcopy(records[0].environment)
    frameworks: dict[str, Any] = {}
    for record in records:
        for name, info in record.environment.get("frameworks", {}).items():
            frameworks.setdefault(name, info)
    environment["frameworks"] = frameworks
    environment["nodes"] = [
        {"label": name, "created": record.created, "environment": record.environment,
         "config": record.config.to_dict(), "clock_offset_s": offset,
         "clock_anchor": "recorded" if isinstance(record.environment.get("clock"), dict)
         else ("approximate: created time and first run start" if anchor else "none: not aligned")}
        for record, name, anchor, offset in zip(records, names, anchors, offsets, strict=True)
    ]
    return environment


def _offset(anchor: Anchor | None, reference: Anchor | None) -> float | None:
    """Seconds to add to a node's monotonic times to put them on the reference's clock."""
    if anchor is None or reference is None:
        return None
    return (anchor[0] - anchor[1]) - (reference[0] - reference[1])


def _status(records: Sequence[SessionRecord]) -> str:
    unfinished = [r.status for r in records if r.status != "finished"]
    return unfinished[0] if unfinished else "finished"


def _shift(value: Any, offset: float) -> Any:
    return value + offset if _numbers(value) else value


def _shift_list(values: list[Any], offset: float) -> list[Any]:
    return [_shift(v, offset) for v in values]


def _numbers(*values: Any) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
