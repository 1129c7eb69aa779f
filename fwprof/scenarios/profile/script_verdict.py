"""Two or more scripts compared: which is faster and how sure, as the built-in comparison says it.

Runs are grouped by script (the spec's label; the first script is the baseline). The k-th run
of a script is paired with the k-th run of the baseline (``fwprof profile --compare`` runs
them alternating, ABBA); each pair gives one log ratio of steady-state step rates
(:mod:`fwprof.scenarios.profile.steady`). The interval, the noise floor, the equivalence
margin and the decision are the built-in comparison's own (:func:`fwprof.stats.decision.decide`,
:func:`fwprof.stats.noise_floor.pooled_spread`, :class:`fwprof.stats.pair_policy.PairPolicy`),
and so are the words of an equivalent or undecided verdict
(:func:`fwprof.report.verdict_text.verdict_text`). Script runs have no measure phase, so no
pair is left out for interference.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace

from fwprof.report.pairs import FAILED, PairSet
from fwprof.report.sections import PairCounts
from fwprof.report.verdict_text import verdict_text
from fwprof.results import RunResult, SessionRecord
from fwprof.scenarios.profile.section import RateEstimate, ScriptVerdict
from fwprof.scenarios.profile.steady import steady_window
from fwprof.scenarios.profile.step_clock import rate_durations
from fwprof.stats.decision import FASTER, MIN_PAIRS, Decision, decide
from fwprof.stats.noise_floor import pooled_spread
from fwprof.stats.pair_policy import PairPolicy
from fwprof.stats.run_level import geometric_estimate

#: A session without recorded policy (the app's side-by-side runs) decides at fixed pairs.
FIXED_POLICY = PairPolicy(min_pairs=MIN_PAIRS, max_pairs=MIN_PAIRS)


def script_comparisons(record: SessionRecord, runs: Sequence[RunResult]) -> list[ScriptVerdict]:
    """The summary's ``script_comparison`` entries, with the policy and stop reasons the session
    recorded (``fwprof profile --compare``) or :data:`FIXED_POLICY` (scripts run side by side,
    then only when every script has a steady rate: unrelated or failed scripts get no verdict)."""
    policy = recorded_policy(record)
    if policy is None and not all(_measured(group) for group in script_groups(runs).values()):
        return []
    return compare_scripts(runs, policy or FIXED_POLICY, stopped_by(record))


def _measured(runs: Sequence[RunResult]) -> bool:
    return bool(steady_rates(runs))


def script_groups(runs: Sequence[RunResult]) -> dict[str, list[RunResult]]:
    """Script runs (not attached processes) by script label, in the order they first ran."""
    groups: dict[str, list[RunResult]] = {}
    for run in runs:
        if run.is_script and not run.script_spec.pid:
            groups.setdefault(run.script_spec.label, []).append(run)
    return groups


def steady_rates(runs: Sequence[RunResult]) -> dict[str, float]:
    """Steady-state steps per second of each ok run that has a steady window, by run id."""
    rates = {}
    for run in runs:
        window = steady_window(*rate_durations(run)) if run.status == "ok" else None
        if window is not None:
            rates[run.run_id] = window.rate
    return rates


def script_pairs(baseline: Sequence[RunResult], other: Sequence[RunResult],
                 rates: Mapping[str, float]) -> PairSet:
    """The k-th run of ``other`` with the k-th of ``baseline``: log(other rate / baseline rate)."""
    logs, repeats, left = [], [], 0
    for index, (base, run) in enumerate(zip(baseline, other, strict=False)):
        if not ran(base) or not ran(run):
            continue
        if base.run_id in rates and run.run_id in rates:
            logs.append(math.log(rates[run.run_id] / rates[base.run_id]))
            repeats.append(index)
        else:
            left += 1
    return PairSet(logs, repeats, len(logs) + left, {FAILED: left} if left else {})


def ran(run: RunResult) -> bool:
    """Ended after it started (not still to come, nor skipped because the session stopped)."""
    never_started = run.status == "stopped" and run.started_at is None
    return run.status not in ("pending", "running") and not never_started


def pairs_and_floor(baseline: Sequence[RunResult], other: Sequence[RunResult],
                    rates: Mapping[str, float]) -> tuple[PairSet, float | None]:
    """The pairs of two scripts and their noise floor (run-to-run spread of each script's rate)."""
    floor = pooled_spread([[rates[r.run_id] for r in runs if r.run_id in rates]
                           for runs in (baseline, other)])
    return script_pairs(baseline, other, rates), None if floor is None else floor.spread


def compare_scripts(runs: Sequence[RunResult], policy: PairPolicy = FIXED_POLICY,
                    stopped_by: Mapping[str, str] | None = None) -> list[ScriptVerdict]:
    """One entry per script after the first, compared with the first; [] with fewer than two."""
    groups = script_groups(runs)
    if len(groups) < 2:
        return []
    rates = steady_rates(runs)
    (base_label, baseline), *others = groups.items()
    return [_entry(base_label, baseline, label, other, rates, policy, (stopped_by or {}).get(label))
            for label, other in others]


def _entry(base_label: str, baseline: list[RunResult], label: str, other: list[RunResult],
           rates: Mapping[str, float], policy: PairPolicy, stopped_by: str | None) -> ScriptVerdict:
    pairs, floor = pairs_and_floor(baseline, other, rates)
    entry = ScriptVerdict(
        baseline=base_label, script=label, margin=policy.margin, level_nominal=policy.level,
        pairs=PairCounts(len(pairs.log_ratios), pairs.pairs_run, pairs.left_out, floor),
        stopped_by=stopped_by,
        rates={base_label: _rates(baseline, rates), label: _rates(other, rates)},
        rate={base_label: _rate_estimate(baseline, rates, policy),
              label: _rate_estimate(other, rates, policy)},
    )
    if not pairs.log_ratios:
        return replace(entry, verdict=(f"not decided: no pair of runs where both scripts had "
                                       f"steady steps ({pairs.pairs_run} run)"))
    decision = decide(pairs.log_ratios, policy.level, policy.margin, floor)
    return _decided(entry, decision, script_verdict_text(decision, pairs, floor, base_label, label))


def script_verdict_text(decision: Decision, pairs: PairSet, floor: float | None,
                        baseline: str, script: str) -> str:
    """'b.py 1.92x slower than a.py (95% CI 1.85-2.00)', or the built-in words otherwise."""
    ratio = decision.ratio
    if decision.outcome != FASTER or ratio.low is None or ratio.high is None:
        return verdict_text(decision, pairs, floor, names=(script, baseline))
    if decision.faster == "numerator":
        return f"{script} {ratio.value:.2f}x faster than {baseline} (95% CI {ratio.low:.2f}-{ratio.high:.2f})"
    return (f"{script} {1 / ratio.value:.2f}x slower than {baseline} "
            f"(95% CI {1 / ratio.high:.2f}-{1 / ratio.low:.2f})")


def _decided(entry: ScriptVerdict, decision: Decision, verdict: str) -> ScriptVerdict:
    """The entry with a computed decision: ratio, interval, outcome, the slower script."""
    slower = None
    if decision.outcome == FASTER:
        slower = entry.baseline if decision.faster == "numerator" else entry.script
    ci = decision.ratio.interval()
    return replace(entry, ratio=decision.ratio.value, ci95=None if ci is None else (ci[0], ci[1]),
                   decision=decision.outcome, slower=slower, reason=decision.reason,
                   threshold=decision.threshold, decided=True, verdict=verdict)


def _rates(runs: Sequence[RunResult], rates: Mapping[str, float]) -> tuple[float | None, ...]:
    return tuple(rates.get(run.run_id) for run in runs)


def _rate_estimate(runs: Sequence[RunResult], rates: Mapping[str, float],
                   policy: PairPolicy) -> RateEstimate | None:
    """A script's steady rate over its runs: geometric mean and interval, as built-in runs'."""
    values = [rates[run.run_id] for run in runs if run.run_id in rates]
    if not values:
        return None
    estimate = geometric_estimate(values, policy.level)
    ci = estimate.interval()
    return RateEstimate(estimate.value, None if ci is None else (ci[0], ci[1]), estimate.n)


def stopped_by(record: SessionRecord) -> dict[str, str]:
    """Per compared script, why no more pairs were added (from ``record.adaptive``)."""
    configs = record.adaptive.get("configs") if isinstance(record.adaptive, dict) else None
    found = {}
    for item in configs or []:
        config, reason = item.get("config"), item.get("stopped_by")
        if isinstance(config, list) and len(config) == 2 and isinstance(reason, str):
            found[str(config[1])] = reason
    return found


def recorded_policy(record: SessionRecord) -> PairPolicy | None:
    """The pairs policy a compare session recorded (None for other sessions)."""
    policy = record.adaptive.get("policy") if isinstance(record.adaptive, dict) else None
    if not isinstance(policy, dict):
        return None
    try:
        return PairPolicy(min_pairs=int(policy["min_pairs"]), max_pairs=int(policy["max_pairs"]),
                          margin=float(policy["margin"]))
    except (KeyError, TypeError, ValueError):
        return None


def compare_settings(record: SessionRecord) -> str | None:
    """'2 scripts compared: 3-10 alternating runs each, margin ±5%' (None: not a comparison)."""
    policy = recorded_policy(record)
    if policy is None:
        return None
    pairs = f"{policy.min_pairs}" if not policy.adaptive else f"{policy.min_pairs}-{policy.max_pairs}"
    return (f"{len(script_groups(record.runs))} scripts compared: {pairs} alternating runs each, "
            f"margin ±{policy.margin:.0%}")
