"""The deploy runs of a session: four stages per (workload, framework, format)."""

from __future__ import annotations

from dataclasses import replace

from fwprof.catalog import DEPLOY_TASK
from fwprof.config import SessionConfig
from fwprof.deploy_formats import formats_for
from fwprof.specs.deploy import DeploySpec


def plan_deploy_runs(config: SessionConfig) -> list[DeploySpec]:
    """Every stage of every format, resolved, in run order (none unless ``deploy`` is a task).

    Stages of one format run back to back (each needs the one before). Deploy runs are planned
    once: ``repeats`` applies to the training and inference matrix only. ``export`` and ``load``
    run at the throughput batch size (the reference data is made at batch 1 and at that size).
    """
    if DEPLOY_TASK not in config.tasks:
        return []
    specs: list[DeploySpec] = []
    for workload in config.workloads:
        for framework in config.frameworks:
            for info in formats_for(framework, config.deploy_formats):
                base = DeploySpec(
                    framework=framework, workload=workload, task=DEPLOY_TASK, mode=info.name,
                    device=config.device, batch_size=config.batch_size, steps=config.steps,
                    warmup=config.warmup, threads=config.threads,
                    interop_threads=config.interop_threads, precision=config.precision,
                    seed=config.seed,
                ).resolved()
                specs += [
                    replace(base, stage="export", steps=1, warmup=0),
                    replace(base, stage="load", steps=1, warmup=0),
                    replace(base, stage="latency", batch_size=1, steps=config.deploy_queries),
                    replace(base, stage="throughput"),
                ]
    return specs
