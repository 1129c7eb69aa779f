"""Simulated sessions that check fwprof's own estimator: how often its intervals cover the true
ratio, and how often it calls a winner between two identical frameworks.

Each simulated run draws a per-process throughput effect (``spread``: the standard deviation
of log throughput between fresh processes) and ``steps`` step times around it (``step_spread``
within the process, with an occasional stall); the run's throughput is the batch over its
median step, as fwprof computes it. Pairs are decided by the real :func:`stop_reason` and
:func:`decide`, with the noise floor pooled from the simulated runs as a session does.

``python -m fwprof.stats.simulate`` prints the table in docs/deciding.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from fwprof.stats.decision import EQUIVALENT, FASTER, decide
from fwprof.stats.noise_floor import pooled_spread
from fwprof.stats.pair_policy import PairPolicy, stop_reason

#: A share of steps that stall (a page fault, a timer tick, another process): 3x longer.
STALL_SHARE = 0.02
STALL_FACTOR = 3.0


@dataclass(frozen=True)
class Scenario:
    """What is simulated: spreads, steps per run, pairs (None: the default adaptive policy)."""

    spread: float
    steps: int
    pairs: int | None = None
    true_ratio: float = 1.0
    step_spread: float = 0.05


@dataclass(frozen=True)
class Outcome:
    """Shares of simulated sessions: interval covers the truth, "faster", "equivalent"."""

    coverage: float
    faster: float
    equivalent: float
    mean_pairs: float
    sessions: int


def simulate(scenario: Scenario, sessions: int = 500, seed: int = 0, margin: float = 0.05,
             level: float | None = None) -> Outcome:
    """Run ``sessions`` simulated comparisons of one scenario (``level``: decide at this
    confidence level instead of the policy's, e.g. to show a naive level fails)."""
    policy = _policy(scenario, margin)
    rng = np.random.default_rng(seed)
    numerator = _throughputs(rng, scenario, sessions, policy.max_pairs, scenario.true_ratio)
    denominator = _throughputs(rng, scenario, sessions, policy.max_pairs, 1.0)
    covered = faster = equivalent = pairs_total = 0
    truth = math.log(scenario.true_ratio)
    for top, bottom in zip(numerator, denominator, strict=True):
        pairs = _pairs_used(top, bottom, policy)
        floor = pooled_spread([top[:pairs].tolist(), bottom[:pairs].tolist()])
        logs = np.log(top[:pairs] / bottom[:pairs]).tolist()
        decision = decide(logs, level or policy.level, margin, floor.spread if floor else None)
        low, high = decision.ratio.low, decision.ratio.high
        covered += low is None or high is None or math.log(low) <= truth <= math.log(high)
        faster += decision.outcome == FASTER
        equivalent += decision.outcome == EQUIVALENT
        pairs_total += pairs
    return Outcome(covered / sessions, faster / sessions, equivalent / sessions,
                   pairs_total / sessions, sessions)


def _policy(scenario: Scenario, margin: float) -> PairPolicy:
    if scenario.pairs is None:
        return PairPolicy(margin=margin)
    return PairPolicy(min_pairs=scenario.pairs, max_pairs=scenario.pairs, margin=margin)


def _pairs_used(top: np.ndarray, bottom: np.ndarray, policy: PairPolicy) -> int:
    """How many pairs the policy runs before it stops (no time budget in the simulation)."""
    pairs = policy.min_pairs
    while True:
        floor = pooled_spread([top[:pairs].tolist(), bottom[:pairs].tolist()])
        logs = np.log(top[:pairs] / bottom[:pairs]).tolist()
        if stop_reason(logs, pairs, policy, floor.spread if floor else None) is not None:
            return pairs
        pairs += 1


def _throughputs(rng: np.random.Generator, scenario: Scenario, sessions: int, runs: int,
                 scale: float, chunk: int = 250) -> np.ndarray:
    """(sessions, runs) throughputs: batch / median step of each simulated process (drawn
    ``chunk`` sessions at a time to bound memory)."""
    parts = []
    for start in range(0, sessions, chunk):
        count = min(chunk, sessions - start)
        effects = rng.normal(0.0, scenario.spread, (count, runs))
        logs = rng.normal(0.0, scenario.step_spread, (count, runs, scenario.steps))
        stalls = rng.random((count, runs, scenario.steps)) < STALL_SHARE
        durations = np.exp(logs - effects[..., None]) * np.where(stalls, STALL_FACTOR, 1.0)
        parts.append(scale / np.median(durations, axis=2))
    return np.concatenate(parts)


#: The grid of docs/deciding.md and of the test that checks it.
SPREADS = (0.02, 0.05, 0.10, 0.20)
STEPS = (10, 100, 1000)
FIXED_PAIRS = (1, 2, 3, 5, 10)


def table(sessions: int = 1000) -> str:
    """The Markdown table of docs/deciding.md: coverage and false "faster" per scenario."""
    lines = ["| run-to-run spread | steps | pairs | coverage of 95 % interval | false \"faster\" "
             "(identical) | \"faster\" at 1.3x | mean pairs |", "|---|---|---|---|---|---|---|"]
    for spread in SPREADS:
        for steps in STEPS:
            for pairs in (None, *FIXED_PAIRS):
                same = simulate(Scenario(spread, steps, pairs), sessions, seed=1)
                apart = simulate(Scenario(spread, steps, pairs, true_ratio=1.3), sessions, seed=2)
                label = "adaptive (default)" if pairs is None else str(pairs)
                lines.append(f"| {spread:.0%} | {steps} | {label} | {same.coverage:.1%} | "
                             f"{same.faster:.1%} | {apart.faster:.0%} | {same.mean_pairs:.1f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
