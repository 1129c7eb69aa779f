"""Constructed sessions with realistic numbers for the recommendation rules' tests."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
from export_records import synthetic_run

from fwprof.config import SessionConfig
from fwprof.launch.plan import plan_runs
from fwprof.outputs.summary import build_summary
from fwprof.results import PhaseSpan, RunResult, SessionRecord, StepLog

#: Step seconds by (framework, mode): roughly what the guide measured for the mlp on 2 cores.
STEP_S = {("torch", "eager"): 0.0012, ("torch", "graph"): 0.0012, ("torch", "compiled"): 0.0015,
          ("tensorflow", "eager"): 0.0085, ("tensorflow", "graph"): 0.002,
          ("tensorflow", "compiled"): 0.0015}
#: Seconds per synthetic run (sampled at 10 Hz): enough samples for the measure-phase means.
RUN_S = 2.0


def session(modes: tuple[str, ...] = ("eager",), repeats: int = 3, threads: int = 2, cores: int = 2,
            step_s: dict[tuple[str, str], float] | None = None, device: str = "cpu",
            frameworks: tuple[str, ...] = ("torch", "tensorflow"), seed: int = 3) -> SessionRecord:
    """Both frameworks in ``modes``; a quiet machine: the other processes use 0.1 core."""
    config = SessionConfig(modes=modes, repeats=repeats, max_repeats=repeats, threads=threads, device=device,
                           frameworks=frameworks)
    rng = np.random.default_rng(seed)
    times = {**STEP_S, **(step_s or {})}
    runs, start = [], 1000.0
    for index, spec in enumerate(plan_runs(config)):
        spec = replace(spec, threads=threads, interop_threads=threads)
        run = synthetic_run(f"r{index + 1:03d}", spec, start, RUN_S, times[(spec.framework, spec.mode)], rng,
                            gpus=1 if device == "cuda" else 0)
        run.info.update(threads=threads, interop_threads=threads)
        set_column(run, "sys_cpu_percent", lambda own: (own + 10.0) / cores)
        runs.append(run)
        start += RUN_S + 0.2
    environment = {"cpu_model": "Test CPU", "cores_available": cores, "gpu": {"available": device == "cuda"}}
    return SessionRecord(config=config, environment=environment, runs=runs, status="finished",
                         created="2026-11-26T00:00:00+00:00")


def set_column(run: RunResult, name: str, make: Any) -> None:
    """Replace a sampled column: ``make(own_cpu_percent_array)`` or ``make(t)`` for other names."""
    store = run.series["series"]
    columns = store["columns"]
    own = np.array([np.nan if v is None else v for v in columns["cpu_percent"]], dtype=float)
    t = np.array(store["t"], dtype=float)
    values = make(own) if name in ("sys_cpu_percent", "cpu_percent") else make(t)
    columns[name] = [None if v != v else float(v) for v in np.asarray(values, dtype=float)]
    store["meta"].setdefault(name, {"unit": "", "label": name, "agg": "mean"})


def noisy_steps(run: RunResult, rng: np.random.Generator, spread: float = 0.6) -> None:
    """Step times that vary a lot (IQR/median well above 10 %)."""
    durations = run.step_durations * np.exp(spread * rng.standard_normal(run.step_durations.size))
    run.steps = StepLog(run.step_ends, durations)


def long_first_step(run: RunResult, seconds: float) -> None:
    """A first step of ``seconds`` (tracing or compiling) instead of the synthetic one."""
    index = next(i for i, p in enumerate(run.phases) if p.name == "first_step")
    first = run.phases[index]
    run.phases[index] = PhaseSpan("first_step", first.start, first.start + seconds)


def findings(record: SessionRecord, rule: str) -> list[dict[str, Any]]:
    """The findings of one rule in the session's summary, as its JSON entries."""
    return [f for f in build_summary(record).to_json()["recommendations"] if f["rule"] == rule]
