"""The ``converge`` section of the summary: per (workload, device), both frameworks' curves,
time and steps to the target accuracy, final accuracy, and the parity verdict, as the typed
rows of :mod:`fwprof.scenarios.converge.section`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import numpy as np

from fwprof.catalog import FRAMEWORKS
from fwprof.results import RunResult
from fwprof.scenarios.converge.config import CONVERGE_KEY, TrainPlan
from fwprof.scenarios.converge.curves import RunCurve, curve_band, run_curve
from fwprof.scenarios.converge.parity import Parity, judge_parity
from fwprof.scenarios.converge.plan import is_converge_run
from fwprof.scenarios.converge.section import (
    AccuracySpread,
    ConvergeEntry,
    CurveBand,
    FrameworkFigures,
    SeedRow,
)
from fwprof.stats.center import median


def converge_summary(runs: list[RunResult], target: float | None = None) -> list[ConvergeEntry]:
    """One entry per (workload, device) that has convergence runs; ``target`` overrides the
    plan's target accuracy (to ask "how long to 90 %?" of a recorded session)."""
    groups: dict[tuple[str, str], list[RunResult]] = defaultdict(list)
    for run in runs:
        if is_converge_run(run):
            groups[(run.run_spec.workload, run.run_spec.device)].append(run)
    return [_config_entry(key, members, target) for key, members in groups.items()]


def _config_entry(key: tuple[str, str], runs: list[RunResult], target: float | None) -> ConvergeEntry:
    plan = _plan(runs[0])
    goal = plan.target if target is None else target
    curves = {fw: [run_curve(r) for r in runs if r.run_spec.framework == fw and r.status == "ok"]
              for fw in _frameworks(runs)}
    same_order = _same_batch_order(curves)
    return ConvergeEntry(
        workload=key[0], device=key[1], target=goal, steps=plan.total_steps, epochs=plan.epochs,
        batch_size=plan.batch_size, eval_every=plan.eval_interval, lr_schedule=plan.lr_schedule,
        learning_rate=plan.learning_rate, test_size=plan.test_size, train_size=plan.train_size,
        frameworks={fw: _framework_entry(fw, runs, curves[fw], goal) for fw in curves},
        same_batch_order=same_order, same_parameters=_same_parameters(curves),
        parity=_parity(curves, goal, plan, same_order) if len(curves) == 2 else None,
    )


def _framework_entry(framework: str, runs: list[RunResult], curves: list[RunCurve],
                     target: float) -> FrameworkFigures:
    mine = [r for r in runs if r.run_spec.framework == framework]
    finals = [c.final_accuracy for c in curves if c.points]
    reached = [c.first_reaching(target) for c in curves]
    return FrameworkFigures(
        mode=mine[0].run_spec.mode, runs=len(mine), runs_ok=len(curves),
        errors=tuple(sorted({str(r.error) for r in mine if r.status != "ok"})),
        parameters=next((c.parameters for c in curves if c.parameters is not None), None),
        final_accuracy=_spread(finals),
        steps_to_target=median([float(p.step) for p in reached if p is not None]),
        time_to_target_s=median([p.train_s for p in reached if p is not None]),
        reached=sum(p is not None for p in reached),
        train_s=median([c.train_s for c in curves if c.points]),
        per_seed=tuple(_seed_entry(c, target) for c in curves),
        curve=CurveBand(**{key: tuple(values) for key, values in curve_band(curves).items()}),
    )


def _seed_entry(curve: RunCurve, target: float) -> SeedRow:
    hit = curve.first_reaching(target)
    return SeedRow(run_id=curve.run_id, seed=curve.seed, final_accuracy=curve.final_accuracy,
                   steps_to_target=None if hit is None else hit.step,
                   time_to_target_s=None if hit is None else hit.train_s, train_s=curve.train_s,
                   batch_order=curve.batch_order)


def _parity(curves: dict[str, list[RunCurve]], target: float, plan: TrainPlan,
            same_batch_order: bool | None) -> Parity:
    first, second = (curves[fw] for fw in curves)
    parity = judge_parity(first, second, target, plan.eval_interval, plan.test_size)
    if same_batch_order is False:
        reasons = [*parity.reasons, "the frameworks did not see the same batch order"]
        return replace(parity, verdict="diverged", text="parity problem: " + "; ".join(reasons),
                       reasons=reasons)
    return parity


def _same_batch_order(curves: dict[str, list[RunCurve]]) -> bool | None:
    """Whether both frameworks trained on the same batch order for every seed they share."""
    orders = [{c.seed: c.batch_order for c in group if c.batch_order} for group in curves.values()]
    if len(orders) != 2 or not orders[0] or not orders[1]:
        return None
    shared = orders[0].keys() & orders[1].keys()
    return all(orders[0][seed] == orders[1][seed] for seed in shared) if shared else None


def _same_parameters(curves: dict[str, list[RunCurve]]) -> bool | None:
    counts = {c.parameters for group in curves.values() for c in group if c.parameters is not None}
    return None if not counts else len(counts) == 1


def _frameworks(runs: list[RunResult]) -> list[str]:
    present = {r.run_spec.framework for r in runs}
    return [fw for fw in FRAMEWORKS if fw in present] + sorted(present - set(FRAMEWORKS))


def _plan(run: RunResult) -> TrainPlan:
    try:
        plan = TrainPlan.from_dict(run.info[CONVERGE_KEY])
        plan.validate()
    except (TypeError, ValueError):
        return TrainPlan()
    return plan


def _spread(values: list[float]) -> AccuracySpread | None:
    if not values:
        return None
    return AccuracySpread(mean=float(np.mean(values)),
                          sd=float(np.std(values, ddof=1)) if len(values) > 1 else 0.0,
                          min=float(np.min(values)), max=float(np.max(values)), values=tuple(values))
