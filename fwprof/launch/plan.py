"""Turning a session's matrix into the ordered list of runs."""

from __future__ import annotations

from dataclasses import replace

from fwprof.catalog import DEPLOY_TASK
from fwprof.config import RunSpec, SessionConfig
from fwprof.launch.pacing import measure_time_floor_s


def plan_runs(config: SessionConfig) -> list[RunSpec]:
    """Every (framework, workload, task, mode, repeat) of the comparison matrix as a resolved
    RunSpec, in run order (other scenarios' runs are planned by their own ``RunKind``).

    Repeats are the outer loop so each configuration is measured again later in the session;
    within a configuration the frameworks alternate and their order flips on odd repeats
    (A B, B A, A B, ...), so slow drift (heat, background load) hits both sides equally. These
    are the first ``repeats`` rounds; the session may add pairs after them
    (:mod:`fwprof.scenarios.compare.rounds`).
    """
    runs: list[RunSpec] = []
    for repeat in range(config.repeats):
        for workload, task, mode in matrix_cells(config):
            for framework in framework_order(config, repeat):
                template = config.run_template(framework, workload, task, mode)
                runs.append(finish_spec(replace(template, repeat=repeat), config))
    return runs


def matrix_cells(config: SessionConfig) -> list[tuple[str, str, str]]:
    """(workload, task, mode) of every comparison the session runs (deploy apart)."""
    return [(workload, task, mode) for workload in config.workloads for task in config.tasks
            if task != DEPLOY_TASK for mode in config.modes]


def framework_order(config: SessionConfig, repeat: int) -> tuple[str, ...]:
    """The frameworks in the order repeat ``repeat`` runs them (reversed on odd repeats)."""
    return config.frameworks if repeat % 2 == 0 else tuple(reversed(config.frameworks))


def finish_spec(spec: RunSpec, config: SessionConfig) -> RunSpec:
    """Defaults resolved, and a measure phase long enough for the samples it needs."""
    resolved = spec.resolved()
    floor = measure_time_floor_s(resolved, config)
    return replace(resolved, min_time_s=max(resolved.min_time_s, floor))
