"""The timing loop every built-in run goes through, whatever the framework."""

from __future__ import annotations

import os
import sys

from fwprof.child.allocator import AllocatorProbe
from fwprof.child.backend import Backend, StepFn
from fwprof.child.emitter import EventEmitter, StepRecorder
from fwprof.child.warmup import warm_up
from fwprof.config import RunSpec
from fwprof.protocol import now


def run_child(spec: RunSpec, backend: Backend, emitter: EventEmitter) -> None:
    """Run phases import, build, first_step, warmup and measure (then trace, if asked), reporting
    each as events; the model's trainable parameters and what the warm-up did go out as ``info``."""
    emitter.emit("hello", pid=os.getpid(), framework=spec.framework, python=sys.version.split()[0])
    with emitter.phase("import"):
        info = backend.configure(spec)
    emitter.emit("info", info=info)
    with emitter.phase("build"):
        step = backend.build(spec)
    emitter.emit("info", info={"model_parameters": backend.model_parameters(),
                               **({"loader": loader} if (loader := backend.loader_info()) else {})})
    with emitter.phase("first_step"):
        step()
    with emitter.phase("warmup"):
        warmup = warm_up(step, spec.warmup, spec.warmup_max_s)
    emitter.emit("info", info={"warmup": warmup.to_info()})
    allocator = AllocatorProbe.for_run(emitter, spec.framework, spec.device)
    with emitter.phase("measure"):
        measure_steps(step, spec.steps, StepRecorder(emitter, on_flush=allocator), spec.min_time_s)
    emitter.emit("counters", values=backend.counters())
    if spec.trace_steps > 0:  # opt-in, after measure so no measured step carries the profiler
        from fwprof.child.tracing import trace_phase

        trace_phase(spec, step, emitter)
    emitter.emit("done")


def measure_steps(step: StepFn, count: int, recorder: StepRecorder, min_time_s: float = 0.0) -> int:
    """Time at least ``count`` steps and on until ``min_time_s`` seconds have passed; returns the
    steps run. The recorder's own work falls outside every step's duration."""
    deadline = now() + min_time_s
    done, end = 0, 0.0
    while done < count or end < deadline:
        start = now()
        step()
        end = now()
        recorder.record(start, end)
        done += 1
    recorder.flush()
    return done
