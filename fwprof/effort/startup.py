"""Start-up cost per configuration: import, build, first step, compile/trace, retraces.

``compile_s`` estimates what the first step cost beyond an ordinary one: the first step's
duration minus the median measured step (tracing with ``tf.function`` or TorchScript,
compilation with XLA or Inductor, and in eager mode the first-call allocations). Counters are
the largest seen over the repeats: ``retraces`` (TensorFlow), ``graph_breaks``,
``frames_compiled``, ``unique_graphs`` and ``unsupported`` (Dynamo).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from fwprof.catalog import CONVERGE_TASK
from fwprof.results import RunResult
from fwprof.stats.center import median

StartupKey = tuple[str, str, str, str, str]  # framework, workload, task, mode, device
_COUNTERS = ("traces", "retraces", "frames_compiled", "graph_breaks", "step_graph_breaks", "unique_graphs",
             "unsupported")


def startup_rows(runs: list[RunResult]) -> list[dict[str, Any]]:
    """One row per (framework, workload, task, mode, device) of the ``ok`` runs; the task of a
    convergence run reads ``converge``."""
    groups: dict[StartupKey, list[RunResult]] = defaultdict(list)
    for run in runs:
        if run.status == "ok" and not run.is_script:
            groups[_key(run)].append(run)
    return [_row(key, members) for key, members in groups.items()]


def _key(run: RunResult) -> StartupKey:
    spec = run.run_spec
    task = CONVERGE_TASK if run.scenario == CONVERGE_TASK else spec.task
    return (spec.framework, spec.workload_label, task, spec.mode, spec.device)


def _row(key: StartupKey, runs: list[RunResult]) -> dict[str, Any]:
    framework, workload, task, mode, device = key
    phases = [r.phase_durations() for r in runs]
    steady = [float(np.median(r.step_durations)) for r in runs if r.step_durations.size]
    first = [p["first_step"] for p in phases if p["first_step"] is not None]
    totals = [sum(v for v in (p["import"], p["build"], p["first_step"]) if v is not None)
              for p in phases if p["first_step"] is not None]
    measure = [p["measure"] for p in phases if p["measure"] is not None]
    compile_s = [max(0.0, float(p["first_step"]) - float(np.median(r.step_durations)))
                 for r, p in zip(runs, phases, strict=True)
                 if p["first_step"] is not None and r.step_durations.size]
    return {
        "framework": framework, "workload": workload, "task": task, "mode": mode, "device": device,
        "runs": len(runs),
        "import_s": median([p["import"] for p in phases]), "build_s": median([p["build"] for p in phases]),
        "first_step_s": median(first), "time_to_first_step_s": median(totals),
        "steady_step_ms": None if not steady else float(np.median(steady)) * 1e3,
        "compile_s": median(compile_s), "measure_s": median(measure),
        "compile_cache": _cache_state(runs), "counters": _counters(runs),
    }


def model_graph_breaks(counters: dict[str, Any]) -> int:
    """Graph breaks in the model's own code: Dynamo's count less the breaks a whole compiled
    train step has by design (the backward call, torch.optim's own around the update)."""
    return max(0, int(counters.get("graph_breaks", 0)) - int(counters.get("step_graph_breaks", 0)))


def _counters(runs: list[RunResult]) -> dict[str, int]:
    found: dict[str, int] = {}
    for run in runs:
        for name in _COUNTERS:
            value = run.counters.get(name)
            if isinstance(value, int):
                found[name] = max(found.get(name, 0), value)
    return found


def _cache_state(runs: list[RunResult]) -> str | None:
    states = sorted({str(s) for r in runs if (s := r.info.get("compile_cache"))})
    return "/".join(states) or None

