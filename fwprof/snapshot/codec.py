"""Session record <-> the snapshot document (plain JSON data), with validation on the way in."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np

from fwprof.config import ConfigError, RunSpec, SessionConfig
from fwprof.protocol import STEP_KINDS, TRAIN
from fwprof.results import STATUSES, AnySpec, PhaseSpan, RunResult, SessionRecord, StepLog
from fwprof.snapshot import shapes
from fwprof.snapshot.arrays import ArrayFormatError, decode_array, encode_array
from fwprof.snapshot.redact import Redactor
from fwprof.specs.deploy import DeploySpec, is_deploy_spec
from fwprof.specs.script import (
    SCRIPT_SESSION_KIND,
    ScriptSessionConfig,
    ScriptSpec,
    is_script_spec,
)
from fwprof.version import __version__

FORMAT_NAME = "fwprof.snapshot"
#: The newest schema this fwprof reads. Version 2 added script runs (``fwprof profile``); a
#: session without them is still written as version 1, so older readers keep reading it.
#: Version 3 added deploy runs (``--task deploy``, specs with ``kind: deploy``).
FORMAT_VERSION = 3


#: The largest time (s) a snapshot may hold: the monotonic clock counts from boot.
MAX_TIME_S = 1e12


class SnapshotFormatError(ValueError):
    """The document is not a valid snapshot; the message says where and why."""


def record_to_document(record: SessionRecord, summary: dict[str, Any],
                       redactor: Redactor | None = None) -> dict[str, Any]:
    """The JSON-ready document for a session (``summary`` is stored for other readers).

    Secrets are redacted (see :mod:`fwprof.snapshot.redact`) unless a ``redactor`` that keeps
    them (``Redactor()`` scrubs secret-named entries only) is given.
    """
    redact = redactor or session_redactor(record)
    return {
        **document_header(record, redact),
        "runs": [run_to_dict(run, redact) for run in record.runs],
        "summary": redact(summary),
    }


def document_header(record: SessionRecord, redactor: Redactor) -> dict[str, Any]:
    """Everything in the document but its runs and summary (a fresh, redacted copy)."""
    return {
        "format": FORMAT_NAME,
        "version": schema_version(record),
        "fwprof_version": __version__,
        "created": record.created,
        "status": record.status,
        "config": redactor(record.config.to_dict()),
        "environment": redactor(record.environment),
        "adaptive": copy.deepcopy(record.adaptive),
    }


def session_redactor(record: SessionRecord) -> Redactor:
    """Scrubs the secrets of this process's environment and of the runs' ``--env`` variables."""
    pairs = [pair for run in record.runs if isinstance(run.spec, ScriptSpec) for pair in run.spec.env]
    return Redactor.for_environment(pairs)


def schema_version(record: SessionRecord) -> int:
    """1 for a comparison, 2 once the session holds script runs, 3 once it holds deploy runs."""
    if any(isinstance(r.spec, DeploySpec) for r in record.runs):
        return 3
    scripts = isinstance(record.config, ScriptSessionConfig) or any(r.is_script for r in record.runs)
    return 2 if scripts else 1


def document_to_record(doc: Any) -> SessionRecord:
    """Validate a parsed document and rebuild the session; raise :class:`SnapshotFormatError`."""
    _check_header(doc)
    config = _config(_expect(doc, "config", dict, "snapshot"))
    runs = _expect(doc, "runs", list, "snapshot")
    return SessionRecord(
        config=config,
        environment=_shaped(doc.get("environment"), shapes.ENVIRONMENT, "environment"),
        runs=[_run_from_dict(item, f"runs[{i}]") for i, item in enumerate(runs)],
        created=str(doc.get("created", "")),
        status=str(doc.get("status", "finished")),
        adaptive=_shaped(doc.get("adaptive", {}), shapes.ADAPTIVE, "adaptive"),
    )


def _check_header(doc: Any) -> None:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        raise SnapshotFormatError("not an fwprof snapshot (no 'format: fwprof.snapshot')")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SnapshotFormatError(f"schema version {version!r} is not a number")
    if version > FORMAT_VERSION:
        raise SnapshotFormatError(
            f"schema version {version} is newer than this fwprof reads ({FORMAT_VERSION}); "
            "upgrade fwprof"
        )
    if version < 1:
        raise SnapshotFormatError(f"schema version {version} is invalid")


def run_to_dict(run: RunResult, redactor: Redactor) -> dict[str, Any]:
    """One run as plain data (fresh containers; secrets redacted)."""
    data: dict[str, Any] = redactor({
        "id": run.run_id, "spec": run.spec.to_dict(), "status": run.status, "error": run.error,
        "exit_code": run.exit_code, "pid": run.pid, "started_at": run.started_at,
        "ended_at": run.ended_at, "info": run.info,
        "phases": [[p.name, p.start, p.end] for p in run.phases],
        "steps": _encoded_steps(run.steps),
        "other_steps": {kind: _encoded_steps(log) for kind, log in run.other_steps.items()},
        "counters": run.counters, "events": run.events,
        "stdout_tail": run.stdout_tail, "stderr_tail": run.stderr_tail,
        "series": run.series, "resources": run.resources, "scenario": run.scenario,
    })
    return data


def _run_from_dict(item: Any, where: str) -> RunResult:
    if not isinstance(item, dict):
        raise SnapshotFormatError(f"{where}: not an object")
    spec = _spec(_expect(item, "spec", dict, where), where)
    status = _expect(item, "status", str, where)
    if status not in STATUSES:
        raise SnapshotFormatError(f"{where}.status: unknown status {status!r}")
    script = isinstance(spec, ScriptSpec)
    steps = _decoded_steps(_expect(item, "steps", dict, where), script, f"{where}.steps")
    return RunResult(
        run_id=_expect(item, "id", str, where), spec=spec, status=status,
        error=_optional(item, "error", str, where), exit_code=_optional(item, "exit_code", int, where),
        pid=_optional(item, "pid", int, where),
        started_at=_time(item, "started_at", where),
        ended_at=_time(item, "ended_at", where),
        info=_shaped(item.get("info"), shapes.RUN_INFO, f"{where}.info"),
        phases=_phases(item.get("phases"), where),
        steps=steps, other_steps=_other_steps(item.get("other_steps"), script, where),
        counters=_counters(item.get("counters"), where),
        events=_events(item.get("events"), where),
        stdout_tail=_expect(item, "stdout_tail", str, where),
        stderr_tail=_expect(item, "stderr_tail", str, where),
        series=_shaped(item.get("series"), shapes.SERIES, f"{where}.series"),
        resources=_shaped(item.get("resources"), shapes.RESOURCES, f"{where}.resources"),
        scenario=_optional(item, "scenario", str, where) or "",  # absent before: derived from spec and info
    )


def _encoded_steps(log: StepLog) -> dict[str, Any]:
    return {"end": encode_array(log.ends, filter="delta-ns"),
            "dur": encode_array(log.durations, filter="shuffle")}


def _decoded_steps(steps: dict[str, Any], script: bool, where: str) -> StepLog:
    try:
        ends = decode_array(steps.get("end"), f"{where}.end")
        durations = decode_array(steps.get("dur"), f"{where}.dur")
    except ArrayFormatError as exc:
        raise SnapshotFormatError(str(exc)) from exc
    if ends.size != durations.size:
        raise SnapshotFormatError(f"{where}: end and dur differ in length")
    _check_step_times(ends, durations, script, where)
    return StepLog(ends, durations)


def _other_steps(value: Any, script: bool, where: str) -> dict[str, StepLog]:
    """Evaluation and prediction steps by kind (absent before: every step was a training step)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SnapshotFormatError(f"{where}.other_steps: not an object")
    logs = {}
    for kind, steps in value.items():
        if kind not in STEP_KINDS or kind == TRAIN or not isinstance(steps, dict):
            raise SnapshotFormatError(f"{where}.other_steps: {kind!r} is not a kind of step")
        logs[kind] = _decoded_steps(steps, script, f"{where}.other_steps.{kind}")
    return logs


def _config(data: dict[str, Any]) -> SessionConfig | ScriptSessionConfig:
    try:
        config: SessionConfig | ScriptSessionConfig
        if data.get("kind") == SCRIPT_SESSION_KIND:
            config = ScriptSessionConfig.from_dict(data)
        else:
            config = SessionConfig.from_dict(data)
        config.validate()
    except (ConfigError, TypeError) as exc:
        raise SnapshotFormatError(f"config: {exc}") from exc
    return config


def _spec(data: dict[str, Any], where: str) -> AnySpec:
    try:
        spec: AnySpec = ScriptSpec.from_dict(data) if is_script_spec(data) else RunSpec.from_dict(data)
        if is_deploy_spec(data):
            spec = DeploySpec.from_dict(data)
        spec.validate()
        if type(spec) is RunSpec and min(spec.batch_size, spec.threads, spec.interop_threads) < 1:
            raise ConfigError("batch size and threads of a run that ran are known (not 0)")
    except (ConfigError, TypeError) as exc:
        raise SnapshotFormatError(f"{where}.spec: {exc}") from exc
    return spec


def _phases(value: Any, where: str) -> list[PhaseSpan]:
    if not isinstance(value, list):
        raise SnapshotFormatError(f"{where}.phases: not a list")
    spans = []
    for i, entry in enumerate(value):
        ok = isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str)
        ok = ok and _is_time(entry[1]) and (entry[2] is None or _is_time(entry[2]))
        if not ok:
            raise SnapshotFormatError(f"{where}.phases[{i}]: expected [name, start, end]")
        spans.append(PhaseSpan(entry[0], float(entry[1]), None if entry[2] is None else float(entry[2])))
    return spans


def _check_step_times(ends: np.ndarray, durations: np.ndarray, script: bool, where: str) -> None:
    """Times are finite; a built-in step lasts at least the clock's resolution (1 ns), a
    script's step (spread evenly over a batch of steps) at least 0."""
    if not (np.abs(ends) <= MAX_TIME_S).all() or not (np.abs(durations) <= MAX_TIME_S).all():
        raise SnapshotFormatError(f"{where}: times must be finite numbers of seconds")
    if (durations < (0.0 if script else 1e-9)).any():
        limit = "negative" if script else "shorter than 1 ns"
        raise SnapshotFormatError(f"{where}: step durations {limit} cannot have been measured")


def _shaped(value: Any, shape: shapes.Shape, where: str) -> dict[str, Any]:
    """A free-form dict whose known keys have the types that readers expect."""
    try:
        shapes.check(value, shape, where)
    except shapes.ShapeError as exc:
        raise SnapshotFormatError(str(exc)) from exc
    result: dict[str, Any] = value
    return result


def _events(value: Any, where: str) -> list[dict[str, Any]]:
    """Events as the session stored them: objects, each with a text kind ``k``."""
    if not isinstance(value, list):
        raise SnapshotFormatError(f"{where}.events: not a list")
    for i, event in enumerate(value):
        if not isinstance(event, dict) or not isinstance(event.get("k"), str):
            raise SnapshotFormatError(f"{where}.events[{i}]: not an event (an object with a kind 'k')")
    return value


def _counters(value: Any, where: str) -> dict[str, int]:
    if not isinstance(value, dict) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value.values()):
        raise SnapshotFormatError(f"{where}.counters: expected whole numbers by name")
    return value


def _time(item: dict[str, Any], key: str, where: str) -> float | None:
    value = item.get(key)
    if value is not None and not _is_time(value):
        raise SnapshotFormatError(f"{where}.{key}: {value!r} is not a time in seconds")
    return None if value is None else float(value)


def _is_time(value: Any) -> bool:
    """A reading of the monotonic clock (seconds since boot, within any machine's lifetime)."""
    return _is_number(value) and abs(value) <= MAX_TIME_S


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _expect(obj: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = obj.get(key)
    if kind is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise SnapshotFormatError(f"{where}.{key}: expected {kind.__name__}, got {type(value).__name__}")
    return value


def _optional(obj: dict[str, Any], key: str, kind: type, where: str) -> Any:
    return None if obj.get(key) is None else _expect(obj, key, kind, where)
