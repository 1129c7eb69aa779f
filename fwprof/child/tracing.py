"""The optional ``trace`` phase: a few steps under the framework's own profiler, after measure.

Measured step times never include profiler overhead: the trace runs once ``measure`` is over.
The child packs the trace file(s) (:mod:`fwprof.trace.payload`, capped) and the operator table
into one ``trace`` event; a failing profiler is reported in that event, never fails the run.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fwprof.child.backend import StepFn
from fwprof.child.emitter import EventEmitter
from fwprof.config import RunSpec
from fwprof.trace.categories import categorize
from fwprof.trace.payload import CHROME_FORMAT, DEFAULT_CAP_BYTES, TRACE_EVENT, XPLANE_FORMAT, pack_file

#: Operators kept per run (by time); the rest are summed into nothing (they are tiny).
MAX_OPERATORS = 200


def trace_phase(spec: RunSpec, step: StepFn, emitter: EventEmitter, cap: int = DEFAULT_CAP_BYTES) -> None:
    """Run phase ``trace`` and send its ``trace`` event (and a short ``info['trace']``)."""
    with emitter.phase("trace"), tempfile.TemporaryDirectory(prefix="fwprof-trace-") as folder:
        try:
            if spec.framework == "torch":
                payload = trace_torch(step, spec.trace_steps, Path(folder), cap)
            else:
                payload = trace_tensorflow(step, spec.trace_steps, Path(folder), cap)
        except Exception as exc:  # the profiler is optional: report, don't fail the run
            payload = {"files": [], "operators": [], "time_kind": "",
                       "operators_note": f"not available: the profiler failed ({type(exc).__name__}: {exc})",
                       "notes": []}
    payload.update(framework=spec.framework, steps=spec.trace_steps)
    emitter.emit(TRACE_EVENT, **payload)
    emitter.emit("info", info={"trace": {
        "steps": spec.trace_steps,
        "files": [{k: f.get(k) for k in ("name", "format", "raw_bytes", "stored_bytes", "note")}
                  for f in payload["files"]],
        "operators_note": payload["operators_note"], "notes": payload["notes"],
    }})


def trace_torch(step: StepFn, steps: int, folder: Path, cap: int) -> dict[str, Any]:
    """``torch.profiler`` over ``steps`` steps: a Chrome trace and self CPU time per operator."""
    import torch
    from torch.profiler import ProfilerActivity, profile, schedule

    activities = [ProfilerActivity.CPU]
    if torch.cuda.is_available():
        activities.append(ProfilerActivity.CUDA)
    path = folder / "torch.trace.json"
    operators: list[dict[str, Any]] = []

    def on_trace_ready(prof: Any) -> None:  # the schedule's active steps are over
        prof.export_chrome_trace(str(path))
        averages = sorted(prof.key_averages(), key=lambda e: -e.self_cpu_time_total)[:MAX_OPERATORS]
        operators.extend({"name": e.key, "category": categorize(e.key), "calls": e.count,
                          "time_ms": e.self_cpu_time_total / 1000.0}
                         for e in averages if e.self_cpu_time_total > 0)

    # One profiled but discarded step first: the profiler's own start-up stays out of the trace.
    with profile(activities=activities, schedule=schedule(wait=0, warmup=1, active=steps, repeat=1),
                 on_trace_ready=on_trace_ready) as prof:
        for _ in range(steps + 1):
            step()
            prof.step()
    if not path.exists():
        raise RuntimeError("torch.profiler produced no trace")
    return {"files": [pack_file(path.read_bytes(), "torch.trace.json", CHROME_FORMAT, cap)],
            "operators": operators, "time_kind": "self CPU time (torch.profiler key_averages)",
            "operators_note": "", "notes": []}


def trace_tensorflow(step: StepFn, steps: int, folder: Path, cap: int) -> dict[str, Any]:
    """``tf.profiler.experimental`` over ``steps`` steps: the XPlane, a Chrome trace where xprof
    is installed, and host time per operator read from the XPlane."""
    import tensorflow as tf

    from fwprof.child.xplane import convert_to_chrome, xplane_operators

    logdir = folder / "tf"
    tf.profiler.experimental.start(str(logdir))
    try:
        for _ in range(steps):
            step()
    finally:
        tf.profiler.experimental.stop()
    planes = sorted(logdir.rglob("*.xplane.pb"))
    if not planes:
        raise RuntimeError(f"the profiler wrote no .xplane.pb under {logdir}")
    raw = planes[0].read_bytes()
    files = [pack_file(raw, "tensorflow.xplane.pb", XPLANE_FORMAT, cap)]
    notes: list[str] = []
    chrome, why = convert_to_chrome(planes[0])
    if chrome is not None:
        files.append(pack_file(chrome, "tensorflow.trace.json", CHROME_FORMAT, cap))
    else:
        notes.append(f"no Chrome trace for TensorFlow: {why}; the raw XPlane (.xplane.pb) is kept")
    operators, note = xplane_operators(raw)
    return {"files": files, "operators": operators[:MAX_OPERATORS], "operators_note": note,
            "time_kind": "host time per op (XPlane; graph ops inclusive of their kernels)", "notes": notes}
