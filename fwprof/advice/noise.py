"""Rules about measurement quality: noisy step times, other processes' load, too few repeats."""

from __future__ import annotations

from fwprof.advice.base import AdviceContext, Finding, scope_of
from fwprof.report.interference import MIN_OTHER_CORES as OTHER_LOAD_CORES
from fwprof.report.interference import other_load
from fwprof.report.sections import GroupRow
from fwprof.stats.steps import NOISE_THRESHOLD, step_stats

MIN_REPEATS = 3


class NoiseRule:
    """Step times spread widely (IQR / median above 10 %), or other processes kept cores busy.

    One finding for the session, its evidence listing every configuration affected.
    """

    name = "noisy-interference"

    def check(self, context: AdviceContext) -> list[Finding]:
        evidence, scopes, any_noisy, most = [], [], False, 0.0
        for group, runs in context.measured_groups():
            noisy = [s.relative_iqr for r in runs if (s := step_stats(r.step_durations)) and s.noisy]
            load = max((v for r in runs if (v := other_load(r, context.cores)) is not None), default=0.0)
            if noisy or load >= OTHER_LOAD_CORES:
                evidence.append(_evidence(group, len(runs), noisy, load))
                scopes.append(scope_of(group))
                any_noisy, most = any_noisy or bool(noisy), max(most, load)
        if not evidence:
            return []
        return [self._finding(evidence, scopes, any_noisy, most >= OTHER_LOAD_CORES)]

    def _finding(self, evidence: list[str], scopes: list[str], noisy: bool, busy: bool) -> Finding:
        title = ("noisy measurements while other processes were busy" if noisy and busy else
                 "noisy measurements" if noisy else "other processes were busy during the measurement")
        advice = ("Close or pause the other work (compilers, test suites, browsers) and run again: with "
                  "every core taken, OpenMP threads wait for each other and steps get 10-100x slower. "
                  "Or leave a core free (--threads one below the cores)." if busy else
                  "No outside load was seen: try fewer threads (--threads), a longer warm-up, more steps, "
                  "and check CPU frequency scaling (performance governor).")
        scope = scopes[0] if len(scopes) == 1 else f"{len(scopes)} configurations"
        return Finding(self.name, "warning", title, "; ".join(evidence), advice, scope)


def _evidence(group: GroupRow, runs: int, noisy: list[float], load: float) -> str:
    parts = []
    if noisy:
        parts.append(f"{len(noisy)} of {runs} run(s) noisy (IQR/median up to {max(noisy):.0%}, "
                     f"threshold {NOISE_THRESHOLD:.0%})")
    if load >= OTHER_LOAD_CORES:
        parts.append(f"other processes used up to {load:.1f} cores during measure")
    return f"{scope_of(group)}: " + ", ".join(parts)


class FewRepeatsRule:
    """A comparison rests on fewer than three fresh processes per framework."""

    name = "few-repeats"

    def check(self, context: AdviceContext) -> list[Finding]:
        thin = [g for g in context.groups() if 0 < g.runs_ok < MIN_REPEATS]
        if not thin:
            return []
        least = min(g.runs_ok for g in thin)
        names = sorted({scope_of(g, False) for g in thin if g.runs_ok == least})
        return [Finding(
            self.name, "warning", f"only {least} fresh process(es) per configuration",
            f"{', '.join(names)}: {least} ok run(s) per framework; the confidence interval then "
            "covers the spread of steps within a process, not from one process to the next",
            f"Use --repeats {MIN_REPEATS} or more: process start-up (memory layout, thread placement, "
            "caches) varies, and repeats interleave the frameworks to cancel drift.")]
