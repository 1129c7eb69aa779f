"""The runs of a convergence session: one per (seed, workload, framework)."""

from __future__ import annotations

from dataclasses import asdict

from fwprof.config import RunSpec
from fwprof.results import RunResult
from fwprof.scenarios.converge.config import CONVERGE_KEY, ConvergeConfig


def plan_converge_runs(config: ConvergeConfig) -> list[RunResult]:
    """Every run, in run order, before it runs (its plan under ``info['converge']``).

    Seeds are the outer loop; within a seed the frameworks alternate and their order flips
    from one seed to the next (A B, B A, ...), so slow drift hits both sides equally.
    """
    session, runs = config.session, list[RunResult]()
    for index, seed in enumerate(config.seeds):
        order = session.frameworks if index % 2 == 0 else tuple(reversed(session.frameworks))
        for workload in session.workloads:
            for framework in order:
                spec = converge_spec(config, framework, workload, seed, index)
                runs.append(RunResult(run_id=f"r{len(runs) + 1:03d}", spec=spec,
                                      info={CONVERGE_KEY: asdict(config.plan)}))
    return runs


def converge_spec(config: ConvergeConfig, framework: str, workload: str, seed: int,
                  index: int) -> RunSpec:
    """The resolved spec of one run: ``steps`` is every training step, ``repeat`` the seed's index."""
    session, plan = config.session, config.plan
    return RunSpec(
        framework=framework, workload=workload, task="train", mode=config.mode_for(framework),
        device=session.device, batch_size=plan.batch_size, steps=plan.total_steps, warmup=0,
        threads=session.threads, interop_threads=session.interop_threads,
        precision=session.precision, seed=seed, repeat=index,
    ).resolved()


def is_converge_run(run: RunResult) -> bool:
    """Whether ``run`` trained for a convergence study (its info holds a training plan)."""
    return isinstance(run.info.get(CONVERGE_KEY), dict)
