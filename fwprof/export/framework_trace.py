"""``framework-trace``: the framework profiler files stored by ``fwprof run --trace``, one file
per run and trace (PyTorch: Chrome trace JSON; TensorFlow: XPlane ``.pb``, plus Chrome trace
JSON where xprof converted it), written into a folder."""

from __future__ import annotations

import re
from pathlib import Path

from fwprof.atomic import write_atomically
from fwprof.export.base import ExportError
from fwprof.results import RunResult, SessionRecord
from fwprof.trace.operators import trace_event
from fwprof.trace.payload import unpack_file

_UNSAFE = re.compile(r"[^A-Za-z0-9_.\-]+")


def write_framework_traces(record: SessionRecord, path: Path) -> list[Path]:
    """Write every stored trace file into the folder ``path`` (made if missing)."""
    traced = [(run, event) for run in record.runs if (event := trace_event(run)) is not None]
    if not traced:
        raise ExportError("no run in this snapshot has a framework trace (record with fwprof run --trace)")
    try:
        path.mkdir(exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot make folder {path}: {exc.strerror or exc}") from exc
    written = []
    for run, event in traced:
        for entry in event.get("files") or []:
            data = unpack_file(entry) if isinstance(entry, dict) else None
            if data is not None:
                name = trace_file_name(run, str(entry.get("name", "trace")))
                written.append(write_atomically(path / name, data, ExportError, mode=0o644))
    if not written:
        raise ExportError("the snapshot's traces were all dropped (over the size cap) or are damaged")
    return written


def trace_file_name(run: RunResult, name: str) -> str:
    """``r001-torch-mlp-train-eager-torch.trace.json``: safe characters only, never hidden."""
    parts = [run.run_id] if run.is_script else [
        run.run_id, run.run_spec.framework, run.run_spec.workload, run.run_spec.task, run.run_spec.mode]
    return _UNSAFE.sub("_", "-".join([*parts, name])).lstrip(".") or "trace"
