"""Synthetic deploy runs for the fast deploy tests (no framework, no child process)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from fwprof.config import SessionConfig
from fwprof.results import PhaseSpan, RunResult, SessionRecord, StepLog
from fwprof.scenarios.deploy.plan import plan_deploy_runs
from fwprof.specs.deploy import DeploySpec

PARITY = {"max_abs_diff": 2e-7, "max_rel_diff": 1e-7, "max_abs_reference": 2.0, "tolerance_rel": 1e-4,
          "ok": True, "problem": None, "against": "eager torch"}


def deploy_config(**changes: Any) -> SessionConfig:
    values: dict[str, Any] = {"workloads": ("mlp",), "frameworks": ("torch",), "tasks": ("deploy",),
                              "deploy_formats": ("torchscript", "onnx"), "deploy_queries": 200,
                              "steps": 20, "threads": 2, "repeats": 1, **changes}
    return SessionConfig(**values)


def finished_run(run_id: str, spec: DeploySpec, start: float = 100.0) -> RunResult:
    """A stage that ended ``ok`` with the phases and info its child would have reported."""
    run = RunResult(run_id, spec, status="ok", started_at=start, ended_at=start + 3)
    phases = {"export": [("import", 1.0), ("build", 0.2), ("export", 0.5)],
              "load": [("import", 1.0), ("load", 0.05), ("first_inference", 0.002)],
              "latency": [("import", 1.0), ("load", 0.05), ("warmup", 0.01), ("measure", 0.2)],
              "throughput": [("import", 1.0), ("load", 0.05), ("warmup", 0.01), ("measure", 0.2)]}
    t = start
    for name, duration in phases[spec.stage]:
        run.phases.append(PhaseSpan(name, t, t + duration))
        t += duration
    if spec.stage == "export":
        run.info.update(artifact_bytes=1_000_000, warnings=["UserWarning: careful"], warning_count=1,
                        exporter={"torch": "2.x"})
    if spec.stage == "load":
        run.info.update(runtime={"name": "torch.jit", "version": "2.x", "threads": 2}, parity=dict(PARITY))
    if spec.stage in ("latency", "throughput"):
        durations = np.full(spec.steps, 1e-3 if spec.stage == "latency" else 4e-3)
        durations[::7] *= 1.5
        run.steps = StepLog(t + np.cumsum(durations), durations)
    return run


def deploy_record(**changes: Any) -> SessionRecord:
    """Every planned stage finished ``ok``."""
    config = deploy_config(**changes)
    specs = plan_deploy_runs(config)
    record = SessionRecord(config=config, created="2026-01-01T00:00:00+00:00", status="finished")
    record.environment = {"cpu_model": "Test CPU", "cores_available": 2,
                          "frameworks": {"torch": {"framework": "torch", "version": "2.x"}}}
    record.runs = [finished_run(f"r{i + 1:03d}", replace(spec, artifact_dir="/tmp/x"), 100.0 + 5 * i)
                   for i, spec in enumerate(specs)]
    return record
