"""Synthetic convergence sessions: realistic curves, no child processes."""

from __future__ import annotations

from dataclasses import asdict

import numpy as np

from fwprof.config import SessionConfig
from fwprof.results import PhaseSpan, RunResult, SessionRecord, StepLog
from fwprof.scenarios.converge.config import (
    DATA_KEY,
    EVAL_KEY,
    ConvergeConfig,
    TrainPlan,
    session_for_converge,
)
from fwprof.scenarios.converge.plan import plan_converge_runs

PLAN = TrainPlan(epochs=4)


def curve(steps: np.ndarray, final: float, rate: float, noise: np.ndarray) -> np.ndarray:
    """Accuracy rising from 10 % towards ``final`` (``rate`` steps per e-fold), plus noise."""
    return np.clip(final - (final - 0.1) * np.exp(-steps / rate) + noise, 0.0, 1.0)


def converge_run(run: RunResult, final: float, rate: float, step_s: float, seed_rng: np.random.Generator,
                 plan: TrainPlan = PLAN, digest: str = "") -> RunResult:
    """Fill a planned run as a child would: phases, steps and one eval event per interval."""
    steps = np.arange(0, plan.total_steps + 1, plan.eval_interval)
    if steps[-1] != plan.total_steps:
        steps = np.append(steps, plan.total_steps)
    accuracy = np.round(curve(steps.astype(float), final, rate, 0.006 * seed_rng.standard_normal(steps.size))
                        * plan.test_size) / plan.test_size
    start = 100.0 + 20 * int(run.run_id[1:])
    train_start = start + 3.0
    durations = step_s * (1 + 0.03 * np.abs(seed_rng.standard_normal(plan.total_steps)))
    ends = train_start + np.cumsum(durations)
    run.status, run.exit_code = "ok", 0
    run.started_at, run.ended_at = start, float(ends[-1]) + 0.1
    run.phases = [PhaseSpan("import", start, start + 2.0), PhaseSpan("build", start + 2.0, train_start),
                  PhaseSpan("first_step", train_start, float(ends[0])),
                  PhaseSpan("measure", float(ends[0]), float(ends[-1]))]
    run.steps = StepLog(ends[1:], durations[1:])
    spec = run.run_spec
    run.info[DATA_KEY] = {"batch_order_sha256": digest or f"order-{spec.seed}", "parameters": 85002}
    train_s = np.concatenate([[0.0], np.cumsum(durations)])
    run.events = [{"v": 1, "k": "info", "t": float(train_start + train_s[s]), "info": {EVAL_KEY: {
        "step": int(s), "epoch": s / plan.steps_per_epoch, "train_s": float(train_s[s]),
        "wall_s": float(train_s[s] * 1.1), "accuracy": float(a), "loss": float(1 - a), "train_loss": 0.1,
    }}} for s, a in zip(steps, accuracy, strict=True)]
    return run


def converge_record(seeds: int = 3, finals: dict[str, float] | None = None,
                    rates: dict[str, float] | None = None, plan: TrainPlan = PLAN,
                    same_order: bool = True, seed: int = 5) -> SessionRecord:
    """Both frameworks on mlp; by default the same curves up to seed noise (parity)."""
    finals = finals or {"torch": 0.975, "tensorflow": 0.975}
    rates = rates or {"torch": 25.0, "tensorflow": 25.0}
    config = ConvergeConfig(SessionConfig(workloads=("mlp",), repeats=seeds, threads=2), plan)
    rng = np.random.default_rng(seed)
    runs = []
    for run in plan_converge_runs(config):
        framework = run.run_spec.framework
        digest = "" if same_order or framework == "torch" else "other-order"
        step_s = 0.0015 if framework == "torch" else 0.001
        runs.append(converge_run(run, finals[framework], rates[framework], step_s, rng, plan, digest))
    environment = {"cpu_model": "Test CPU", "cores_available": 2, "converge": config.describe(),
                   "frameworks": {"torch": {"version": "2.13.0"}, "tensorflow": {"version": "2.21.0"}}}
    return SessionRecord(config=session_for_converge(config), environment=environment, runs=runs,
                         created="2026-11-26T00:00:00+00:00", status="finished")


def plan_dict(plan: TrainPlan = PLAN) -> dict[str, object]:
    return asdict(plan)
