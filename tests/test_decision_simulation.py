"""The verdict's estimator, checked by simulation: its 95 % intervals cover the true ratio at
least 93 % of the time and it calls a winner between identical frameworks at most 5 % of the
time, over run-to-run spreads of 2-20 %, 1-10 pairs and 10-1000 steps per run (docs/deciding.md).
"""

from __future__ import annotations

import pytest

from fwprof.stats.simulate import FIXED_PAIRS, SPREADS, STEPS, Scenario, simulate

SESSIONS = 2000


@pytest.mark.parametrize("pairs", [None, *FIXED_PAIRS], ids=lambda p: f"pairs-{p or 'adaptive'}")
@pytest.mark.parametrize("spread", SPREADS)
def test_intervals_cover_and_identical_frameworks_are_not_split(pairs: int | None, spread: float) -> None:
    for steps in STEPS:
        outcome = simulate(Scenario(spread, steps, pairs), SESSIONS, seed=7)
        assert outcome.coverage >= 0.93, (spread, steps, pairs, outcome)
        assert outcome.faster <= 0.05, (spread, steps, pairs, outcome)


@pytest.mark.parametrize("spread", SPREADS)
def test_adaptive_pairs_keep_coverage_when_one_side_is_faster(spread: float) -> None:
    """Stopping early on a clear winner must not cost coverage (the truth here is 1.3x)."""
    outcome = simulate(Scenario(spread, 100, None, true_ratio=1.3), SESSIONS, seed=11)
    assert outcome.coverage >= 0.93, outcome


def test_a_real_difference_is_found_on_a_quiet_machine() -> None:
    outcome = simulate(Scenario(0.02, 100, None, true_ratio=1.3), SESSIONS, seed=3)
    assert outcome.faster >= 0.99 and outcome.mean_pairs < 4


def test_the_check_has_teeth_an_overconfident_level_fails_it() -> None:
    """Deciding at 80 % instead (as narrow as a bootstrap of three processes was) misses."""
    outcome = simulate(Scenario(0.10, 100, 3), SESSIONS, seed=7, level=0.80)
    assert outcome.coverage < 0.85
