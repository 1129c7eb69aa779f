"""One configuration's TensorFlow / PyTorch comparison: pairs, decision and its words.

The entries of the summary's ``comparisons``: everything a view shows about a verdict, computed
from the raw step times, so a snapshot reproduces the verdict it printed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from fwprof.catalog import FRAMEWORK_LABELS, MODE_COVERAGE, MODE_MEANINGS
from fwprof.config import SessionConfig
from fwprof.report.pairs import INTERFERENCE, PairSet, pair_runs
from fwprof.report.run_figures import RunFigures, is_measured
from fwprof.report.sections import PairCounts, Verdict
from fwprof.report.verdict_text import verdict_text
from fwprof.report.workload_fields import runs_fields
from fwprof.results import RunResult
from fwprof.stats.decision import FASTER, Decision, decide
from fwprof.stats.noise_floor import pooled_spread
from fwprof.stats.pair_policy import PairPolicy

Config = tuple[str, str, str, str]  # workload label (size included), task, mode, device
#: The order verdicts are shown in: the modes people train with first.
MODE_ORDER = {"graph": 0, "compiled": 1, "eager": 2}

#: What TensorFlow eager means for users, next to every eager verdict.
EAGER_NOTE = ("TensorFlow eager runs the Keras optimizer op by op; Keras fit() and tf.function "
              "users run graph mode, so read the graph verdict for them")


def pair_policy(config: Any) -> PairPolicy:
    """The pairs policy of a session's configuration (the defaults for other sessions)."""
    if not isinstance(config, SessionConfig):
        return PairPolicy()
    return PairPolicy(min_pairs=config.repeats, max_pairs=max(config.repeats, config.max_repeats),
                      margin=config.margin)


def config_pairs(torch_runs: list[RunResult], tf_runs: list[RunResult],
                 figures: Mapping[str, RunFigures]) -> tuple[PairSet, float | None]:
    """The pairs of a configuration and its noise floor (run-to-run spread of clean runs)."""
    pairs = pair_runs(torch_runs, tf_runs, figures)
    floor = pooled_spread([_clean_throughputs(runs, figures) for runs in (torch_runs, tf_runs)])
    return pairs, None if floor is None else floor.spread


def compare_config(cfg: Config, torch_runs: list[RunResult], tf_runs: list[RunResult],
                   figures: Mapping[str, RunFigures], policy: PairPolicy,
                   stopped_by: str | None = None) -> Verdict:
    """The ``comparisons`` entry of one configuration."""
    workload, task, mode, device = cfg
    entry = Verdict(
        workload=workload, task=task, mode=mode, device=device,
        fields=runs_fields(torch_runs + tf_runs), margin=policy.margin, level_nominal=policy.level,
        stopped_by=stopped_by, parameters=_parameters(torch_runs, tf_runs, figures),
        coverage=_coverage(mode), notes=tuple(_notes(mode)),
    )
    missing = _missing_side(torch_runs, tf_runs)
    if missing:
        return replace(entry, verdict=missing)
    pairs, floor = config_pairs(torch_runs, tf_runs, figures)
    entry = replace(entry, pairs=PairCounts(len(pairs.log_ratios), pairs.pairs_run,
                                            pairs.left_out, floor))
    mismatch = _parameter_mismatch(entry.parameters)
    if mismatch:
        return replace(entry, verdict=mismatch)
    if not pairs.log_ratios:
        return replace(entry, verdict=_no_pairs(pairs))
    decision = decide(pairs.log_ratios, policy.level, policy.margin, floor)
    return replace(entry, **_decision_fields(decision), verdict=verdict_text(decision, pairs, floor))


def comparison_order(entry: Verdict) -> tuple[Any, ...]:
    """Sort key: graph, then compiled, then eager, by workload and task within each."""
    return (entry.workload, entry.task, MODE_ORDER.get(entry.mode, 9), entry.device)


def _decision_fields(decision: Decision) -> dict[str, Any]:
    ratio = decision.ratio
    winner = None
    if decision.outcome == FASTER:
        winner = "tensorflow" if decision.faster == "numerator" else "torch"
    interval = ratio.interval()
    return {"ratio": ratio.value, "ci95": None if interval is None else (interval[0], interval[1]),
            "decision": decision.outcome, "winner": winner, "reason": decision.reason,
            "threshold": decision.threshold, "decided": True}


def _clean_throughputs(runs: list[RunResult], figures: Mapping[str, RunFigures]) -> list[float]:
    found = [figures[r.run_id] for r in runs if r.run_id in figures]
    return [f.throughput for f in found if not f.interfered]


def _parameters(torch_runs: list[RunResult], tf_runs: list[RunResult],
                figures: Mapping[str, RunFigures]) -> dict[str, int | None]:
    def counted(runs: list[RunResult]) -> int | None:
        values = {figures[r.run_id].parameters for r in runs if r.run_id in figures}
        values.discard(None)
        return values.pop() if len(values) == 1 else None
    return {"torch": counted(torch_runs), "tensorflow": counted(tf_runs)}


def _parameter_mismatch(parameters: Mapping[str, int | None]) -> str | None:
    torch_count, tf_count = parameters["torch"], parameters["tensorflow"]
    if torch_count is None or tf_count is None or torch_count == tf_count:
        return None
    return (f"no verdict: the models differ ({FRAMEWORK_LABELS['torch']} {torch_count:,} "
            f"parameters, {FRAMEWORK_LABELS['tensorflow']} {tf_count:,})")


def _coverage(mode: str) -> dict[str, str]:
    return dict(MODE_COVERAGE.get(mode, {}))


def _notes(mode: str) -> list[str]:
    notes = []
    coverage = MODE_COVERAGE.get(mode, {})
    if len(set(coverage.values())) > 1:
        sides = "; ".join(f"{FRAMEWORK_LABELS[fw]}: {MODE_MEANINGS[mode][fw]}" for fw in coverage)
        notes.append(f"{mode} is not like for like: {sides}")
    if mode == "eager":
        notes.append(EAGER_NOTE)
    return notes


def _missing_side(torch_runs: list[RunResult], tf_runs: list[RunResult]) -> str | None:
    reasons = []
    for name, runs in (("torch", torch_runs), ("tensorflow", tf_runs)):
        label = FRAMEWORK_LABELS[name]
        if not runs:
            reasons.append(f"{label} not run")
        elif not any(is_measured(r) for r in runs):
            errors = sorted({str(r.error) for r in runs if r.error})
            status = "skipped" if all(r.status == "skipped" for r in runs) else runs[0].status
            reasons.append(f"{label} {status}: {errors[0] if errors else 'no steps'}")
    return "no comparison: " + "; ".join(reasons) if reasons else None


def _no_pairs(pairs: PairSet) -> str:
    interfered = pairs.left_out.get(INTERFERENCE, 0)
    if interfered:
        return (f"not decided: other processes were busy during {interfered} of {pairs.pairs_run} "
                "pair(s) (interference); no usable pair")
    return f"not decided: no pair of runs where both measured steps ({pairs.pairs_run} run)"
