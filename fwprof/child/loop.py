"""The timing loop every built-in run goes through, whatever the framework."""

from __future__ import annotations

import os
import sys

from fwprof.child.backend import Backend, StepFn
from fwprof.child.emitter import EventEmitter, StepRecorder
from fwprof.config import RunSpec
from fwprof.protocol import now


def run_child(spec: RunSpec, backend: Backend, emitter: EventEmitter) -> None:
    """Run phases import, build, first_step, warmup and measure (then trace, if asked), reporting
    each as events."""
    emitter.emit("hello", pid=os.getpid(), framework=spec.framework, python=sys.version.split()[0])
    with emitter.phase("import"):
        info = backend.configure(spec)
    emitter.emit("info", info=info)
    with emitter.phase("build"):
        step = backend.build(spec)
    with emitter.phase("first_step"):
        step()
    with emitter.phase("warmup"):
        for _ in range(spec.warmup):
            step()
    with emitter.phase("measure"):
        measure_steps(step, spec.steps, StepRecorder(emitter))
    emitter.emit("counters", values=backend.counters())
    if spec.trace_steps > 0:  # opt-in, after measure so no measured step carries the profiler
        from fwprof.child.tracing import trace_phase

        trace_phase(spec, step, emitter)
    emitter.emit("done")


def measure_steps(step: StepFn, count: int, recorder: StepRecorder) -> None:
    """Time ``count`` steps; the recorder's own work falls outside every step's duration."""
    for _ in range(count):
        start = now()
        step()
        recorder.record(start, now())
    recorder.flush()
