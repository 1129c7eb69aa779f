"""Session record <-> the snapshot document (plain JSON data), with validation on the way in."""

from __future__ import annotations

from typing import Any

from fwprof import __version__
from fwprof.config import ConfigError, RunSpec, SessionConfig
from fwprof.results import STATUSES, AnySpec, PhaseSpan, RunResult, SessionRecord, StepLog
from fwprof.script.spec import (
    SCRIPT_SESSION_KIND,
    ScriptSessionConfig,
    ScriptSpec,
    is_script_spec,
)
from fwprof.snapshot.arrays import ArrayFormatError, decode_array, encode_array

FORMAT_NAME = "fwprof.snapshot"
#: The newest schema this fwprof reads. Version 2 added script runs (``fwprof profile``); a
#: session without them is still written as version 1, so older readers keep reading it.
FORMAT_VERSION = 2


class SnapshotFormatError(ValueError):
    """The document is not a valid snapshot; the message says where and why."""


def record_to_document(record: SessionRecord, summary: dict[str, Any]) -> dict[str, Any]:
    """The JSON-ready document for a session (``summary`` is stored for other readers)."""
    return {
        "format": FORMAT_NAME,
        "version": schema_version(record),
        "fwprof_version": __version__,
        "created": record.created,
        "status": record.status,
        "config": record.config.to_dict(),
        "environment": record.environment,
        "runs": [_run_to_dict(run) for run in record.runs],
        "summary": summary,
    }


def schema_version(record: SessionRecord) -> int:
    """1 for a comparison, 2 once the session holds script runs."""
    scripts = isinstance(record.config, ScriptSessionConfig) or any(r.is_script for r in record.runs)
    return FORMAT_VERSION if scripts else 1


def document_to_record(doc: Any) -> SessionRecord:
    """Validate a parsed document and rebuild the session; raise :class:`SnapshotFormatError`."""
    _check_header(doc)
    config = _config(_expect(doc, "config", dict, "snapshot"))
    runs = _expect(doc, "runs", list, "snapshot")
    return SessionRecord(
        config=config,
        environment=_expect(doc, "environment", dict, "snapshot"),
        runs=[_run_from_dict(item, f"runs[{i}]") for i, item in enumerate(runs)],
        created=str(doc.get("created", "")),
        status=str(doc.get("status", "finished")),
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


def _run_to_dict(run: RunResult) -> dict[str, Any]:
    return {
        "id": run.run_id, "spec": run.spec.to_dict(), "status": run.status, "error": run.error,
        "exit_code": run.exit_code, "pid": run.pid, "started_at": run.started_at,
        "ended_at": run.ended_at, "info": run.info,
        "phases": [[p.name, p.start, p.end] for p in run.phases],
        "steps": {"end": encode_array(run.step_ends), "dur": encode_array(run.step_durations)},
        "counters": run.counters, "events": run.events,
        "stdout_tail": run.stdout_tail, "stderr_tail": run.stderr_tail,
        "series": run.series, "resources": run.resources,
    }


def _run_from_dict(item: Any, where: str) -> RunResult:
    if not isinstance(item, dict):
        raise SnapshotFormatError(f"{where}: not an object")
    spec = _spec(_expect(item, "spec", dict, where), where)
    status = _expect(item, "status", str, where)
    if status not in STATUSES:
        raise SnapshotFormatError(f"{where}.status: unknown status {status!r}")
    steps = _expect(item, "steps", dict, where)
    try:
        ends = decode_array(steps.get("end"), f"{where}.steps.end")
        durations = decode_array(steps.get("dur"), f"{where}.steps.dur")
    except ArrayFormatError as exc:
        raise SnapshotFormatError(str(exc)) from exc
    if ends.size != durations.size:
        raise SnapshotFormatError(f"{where}.steps: end and dur differ in length")
    return RunResult(
        run_id=_expect(item, "id", str, where), spec=spec, status=status,
        error=_optional(item, "error", str, where), exit_code=_optional(item, "exit_code", int, where),
        pid=_optional(item, "pid", int, where),
        started_at=_optional(item, "started_at", float, where),
        ended_at=_optional(item, "ended_at", float, where),
        info=_expect(item, "info", dict, where), phases=_phases(item.get("phases"), where),
        steps=StepLog(ends, durations), counters=_expect(item, "counters", dict, where),
        events=_expect(item, "events", list, where),
        stdout_tail=_expect(item, "stdout_tail", str, where),
        stderr_tail=_expect(item, "stderr_tail", str, where),
        series=_expect(item, "series", dict, where),
        resources=_expect(item, "resources", dict, where),
    )


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
        spec.validate()
    except (ConfigError, TypeError) as exc:
        raise SnapshotFormatError(f"{where}.spec: {exc}") from exc
    return spec


def _phases(value: Any, where: str) -> list[PhaseSpan]:
    if not isinstance(value, list):
        raise SnapshotFormatError(f"{where}.phases: not a list")
    spans = []
    for i, entry in enumerate(value):
        ok = isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str)
        ok = ok and _is_number(entry[1]) and (entry[2] is None or _is_number(entry[2]))
        if not ok:
            raise SnapshotFormatError(f"{where}.phases[{i}]: expected [name, start, end]")
        spans.append(PhaseSpan(entry[0], float(entry[1]), None if entry[2] is None else float(entry[2])))
    return spans


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
