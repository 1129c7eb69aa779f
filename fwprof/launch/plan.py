"""Turning a session's matrix into the ordered list of runs."""

from __future__ import annotations

from dataclasses import replace

from fwprof.config import RunSpec, SessionConfig
from fwprof.deploy.catalog import DEPLOY_TASK
from fwprof.deploy.plan import plan_deploy_runs


def plan_runs(config: SessionConfig) -> list[RunSpec]:
    """Every (framework, workload, task, mode, repeat) as a resolved RunSpec, in run order.

    Repeats are the outer loop so each configuration is measured again later in the session;
    within a configuration the frameworks alternate and their order flips on odd repeats
    (A B, B A, A B, ...), so slow drift (heat, background load) hits both sides equally.
    """
    cells = [
        (workload, task, mode)
        for workload in config.workloads
        for task in config.tasks
        if task != DEPLOY_TASK
        for mode in config.modes
    ]
    runs: list[RunSpec] = []
    for repeat in range(config.repeats):
        order = config.frameworks if repeat % 2 == 0 else tuple(reversed(config.frameworks))
        for workload, task, mode in cells:
            for framework in order:
                template = config.run_template(framework, workload, task, mode)
                runs.append(replace(template, repeat=repeat).resolved())
    return runs + list(plan_deploy_runs(config))  # task 'deploy': after the matrix, once
