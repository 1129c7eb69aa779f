"""Comparing two sessions: runs matched by configuration, per-metric deltas with 95 % CIs.

Runs match on (framework, workload, task, mode, device). For each match, the successful runs
of each side give: throughput, p50 and p99 step time (bootstrap CIs of the relative change,
see :mod:`fwprof.diff.bootstrap`), and first step time, peak RSS and mean CPU % (single
values per side, so the change has no CI). A change is significant when the CI of the
relative change excludes 0. A throughput regression is a significant drop of more than the
threshold: the point change is below ``-threshold`` and the whole CI is below 0. Where both
sides were traced (``--trace``), the operators whose time per step changed most come too
(:mod:`fwprof.diff.operators`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from fwprof.config import RunSpec
from fwprof.diff.bootstrap import (
    FloatArray,
    median_rows,
    p99_rows,
    step_statistic_change,
    throughput_change,
)
from fwprof.diff.operators import OperatorComparison, compare_operators
from fwprof.report.summary import PARAM_FIELDS
from fwprof.results import RunResult, SessionRecord
from fwprof.specs.deploy import is_deploy_run
from fwprof.stats.center import median

Key = tuple[str, str, str, str, str]  # framework, workload, task, mode, device
KEY_FIELDS = ("framework", "workload", "task", "mode", "device")
DEFAULT_THRESHOLD_PERCENT = 5.0
P50_SEED, P99_SEED = 7101, 7201


@dataclass(frozen=True)
class MetricDelta:
    """One metric of one matched configuration: both values and the change between them.

    ``better`` says which direction is an improvement (``higher``, ``lower`` or ``""`` when
    neither is); ``ci95`` and ``significant`` are None for single-valued metrics.
    """

    name: str
    unit: str
    better: str
    base: float | None
    new: float | None
    ci95: tuple[float, float] | None = None

    @property
    def delta(self) -> float | None:
        """``new - base`` (None when a side is missing)."""
        return None if self.base is None or self.new is None else self.new - self.base

    @property
    def relative(self) -> float | None:
        """``new / base - 1`` (None when a side is missing or the base is 0)."""
        if self.base is None or self.new is None or self.base == 0:
            return None
        return self.new / self.base - 1.0

    @property
    def significant(self) -> bool | None:
        """Whether the CI of the relative change excludes 0 (None without a CI)."""
        if self.ci95 is None or not all(np.isfinite(self.ci95)):
            return None
        return bool(self.ci95[0] > 0 or self.ci95[1] < 0)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {"name": self.name, "unit": self.unit, "better": self.better, "base": self.base,
                "new": self.new, "delta": self.delta, "relative": self.relative,
                "ci95_relative": None if self.ci95 is None else list(self.ci95),
                "significant": self.significant}


@dataclass(frozen=True)
class Match:
    """A configuration present in both sessions, with its deltas."""

    key: Key
    runs: tuple[int, int]  # successful runs (baseline, new)
    metrics: list[MetricDelta]
    settings_differ: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    problem: str = ""  # why there are no deltas (a side has no successful run)
    operators: OperatorComparison | None = None
    operators_note: str = ""  # why there is no operator comparison, if one side was traced

    @property
    def name(self) -> str:
        """``torch mlp train eager (cpu)``."""
        framework, workload, task, mode, device = self.key
        return f"{framework} {workload} {task} {mode} ({device})"

    def metric(self, name: str) -> MetricDelta | None:
        """The delta of the named metric, if computed."""
        return next((m for m in self.metrics if m.name == name), None)

    def regressed(self, threshold_percent: float) -> bool:
        """Throughput fell by more than the threshold, and the CI of the change is below 0."""
        tput = self.metric("throughput")
        if tput is None or tput.relative is None or tput.ci95 is None:
            return False
        return tput.relative < -threshold_percent / 100 and tput.ci95[1] < 0


@dataclass(frozen=True)
class Comparison:
    """Every match plus the configurations found in only one of the sessions."""

    matches: list[Match]
    only_base: list[Key]
    only_new: list[Key]
    threshold_percent: float

    @property
    def regressions(self) -> list[Match]:
        """Matches whose throughput regressed beyond the threshold."""
        return [m for m in self.matches if m.regressed(self.threshold_percent)]


def compare_sessions(base: SessionRecord, new: SessionRecord,
                     threshold_percent: float = DEFAULT_THRESHOLD_PERCENT) -> Comparison:
    """Match the runs of two sessions and compute every delta."""
    base_groups, new_groups = group_runs(base.runs), group_runs(new.runs)
    matched = [key for key in base_groups if key in new_groups]
    return Comparison(
        matches=[compare_group(key, base_groups[key], new_groups[key]) for key in matched],
        only_base=[key for key in base_groups if key not in new_groups],
        only_new=[key for key in new_groups if key not in base_groups],
        threshold_percent=threshold_percent,
    )


def group_runs(runs: list[RunResult]) -> dict[Key, list[RunResult]]:
    """Built-in runs by (framework, workload, task, mode, device), in first-seen order.

    Script runs (``fwprof profile``) have no such key and are left out, as are deploy runs.
    """
    groups: dict[Key, list[RunResult]] = defaultdict(list)
    for run in runs:
        spec = run.spec
        if isinstance(spec, RunSpec) and not is_deploy_run(spec):
            groups[(spec.framework, spec.workload_label, spec.task, spec.mode, spec.device)].append(run)
    return dict(groups)


def compare_group(key: Key, base: list[RunResult], new: list[RunResult]) -> Match:
    """The deltas of one configuration (or the reason there are none)."""
    ok_base, ok_new = _ok(base), _ok(new)
    differ = _settings_differ(base[0], new[0])
    if not ok_base or not ok_new:
        problem = "; ".join(f"{side}: no successful run ({_statuses(runs)})"
                            for side, ok, runs in (("baseline", ok_base, base), ("new", ok_new, new))
                            if not ok)
        return Match(key, (len(ok_base), len(ok_new)), [], differ, problem)
    operators, note = compare_operators(ok_base, ok_new)
    return Match(key, (len(ok_base), len(ok_new)), _metrics(ok_base, ok_new), differ,
                 operators=operators, operators_note=note)


def _metrics(base: list[RunResult], new: list[RunResult]) -> list[MetricDelta]:
    base_d, new_d = _durations(base), _durations(new)
    tput_base, tput_new, tput_ci = throughput_change(base_d, _batch(base), new_d, _batch(new))
    p50 = step_statistic_change(base_d, new_d, median_rows, P50_SEED)
    p99 = step_statistic_change(base_d, new_d, p99_rows, P99_SEED)
    return [
        MetricDelta("throughput", "samples/s", "higher", tput_base, tput_new, tput_ci),
        MetricDelta("step_ms_p50", "ms", "lower", p50[0] * 1e3, p50[1] * 1e3, p50[2]),
        MetricDelta("step_ms_p99", "ms", "lower", p99[0] * 1e3, p99[1] * 1e3, p99[2]),
        MetricDelta("first_step_s", "s", "lower", median(_first_steps(base)), median(_first_steps(new))),
        MetricDelta("peak_rss_bytes", "B", "lower", _max(_resource(base, "rss_bytes_peak")),
                    _max(_resource(new, "rss_bytes_peak"))),
        MetricDelta("mean_cpu_percent", "%", "", median(_resource(base, "cpu_percent_mean")),
                    median(_resource(new, "cpu_percent_mean"))),
    ]


def _ok(runs: list[RunResult]) -> list[RunResult]:
    return [r for r in runs if r.status == "ok" and r.step_durations.size]


def _durations(runs: list[RunResult]) -> list[FloatArray]:
    return [np.asarray(r.step_durations, dtype=np.float64) for r in runs]


def _batch(runs: list[RunResult]) -> int:
    spec = runs[0].spec
    return spec.batch_size if isinstance(spec, RunSpec) and spec.batch_size > 0 else 1


def _first_steps(runs: list[RunResult]) -> list[float]:
    return [d for d in (r.phase_durations().get("first_step") for r in runs) if d is not None]


def _resource(runs: list[RunResult], name: str) -> list[float]:
    values = [r.resources.get(name) for r in runs]
    return [float(v) for v in values if isinstance(v, (int, float)) and np.isfinite(v)]


def _max(values: list[float]) -> float | None:
    return max(values) if values else None


def _statuses(runs: list[RunResult]) -> str:
    return ", ".join(sorted({r.status for r in runs}))


def _settings_differ(base: RunResult, new: RunResult) -> dict[str, tuple[Any, Any]]:
    differ = {}
    for name in PARAM_FIELDS:
        a, b = getattr(base.spec, name, None), getattr(new.spec, name, None)
        if a != b:
            differ[name] = (a, b)
    return differ
