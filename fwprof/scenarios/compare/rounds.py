"""Adaptive pairs: after the first rounds, one more ABBA pair for each undecided configuration.

After every round the session asks :class:`RoundPlanner` which configurations still need a
pair (:func:`fwprof.stats.pair_policy.stop_reason`, from the same pairs and noise floor the
summary will use) and whether one more round fits the time budget; it records, per
configuration, how many pairs ran and what stopped them (``SessionRecord.adaptive``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from fwprof.config import RunSpec, SessionConfig
from fwprof.launch.plan import finish_spec, framework_order, matrix_cells
from fwprof.protocol import now
from fwprof.report.comparison import config_pairs, pair_policy
from fwprof.report.run_figures import is_measured, run_figures
from fwprof.results import RunResult
from fwprof.stats.pair_policy import RUN_FAILED, STOPPED, TIME_BUDGET, stop_reason

Config = tuple[str, str, str, str]  # workload label (size included), task, mode, device


class RoundPlanner:
    """Decides the next round of a session's comparison matrix."""

    def __init__(self, config: SessionConfig, cores: int | None) -> None:
        self.config = config
        self.policy = pair_policy(config)
        self.cores = cores
        self.started = now()
        self.stopped: dict[Config, str] = {}
        self._pairs_run: dict[Config, int] = {}

    def next_round(self, runs: list[RunResult], stopping: bool = False) -> list[RunSpec]:
        """Specs of one more pair for each configuration that needs one (empty: none does)."""
        wanted = [cfg for cfg in self._compared_configs() if self._needs_pair(cfg, runs, stopping)]
        chosen, estimate = [], 0.0
        for cfg in wanted:
            estimate += _pair_seconds(cfg, runs)
            if self.config.max_time_s and now() - self.started + estimate > self.config.max_time_s:
                self.stopped[cfg] = TIME_BUDGET
                continue
            chosen.append(cfg)
        return [spec for cfg in chosen for spec in self._pair_specs(cfg)]

    def notes(self) -> dict[str, Any]:
        """What :attr:`SessionRecord.adaptive` keeps: policy, per configuration pairs and why
        no more, and the time taken against the budget."""
        return {
            "policy": {"min_pairs": self.policy.min_pairs, "max_pairs": self.policy.max_pairs,
                       "margin": self.policy.margin, "level_nominal": self.policy.level},
            "configs": [{"config": list(cfg), "pairs_run": self._pairs_run.get(cfg),
                         "stopped_by": self.stopped.get(cfg)} for cfg in self._compared_configs()],
            "elapsed_s": now() - self.started,
            "budget_s": self.config.max_time_s,
        }

    def _compared_configs(self) -> list[Config]:
        if not {"torch", "tensorflow"} <= set(self.config.frameworks):
            return []
        return [self._template(w, t, m).config_key for w, t, m in matrix_cells(self.config)]

    def _template(self, workload: str, task: str, mode: str) -> RunSpec:
        """A resolved spec of the cell (its config_key is the one its runs will have)."""
        return self.config.run_template("torch", workload, task, mode).resolved()

    def _needs_pair(self, cfg: Config, runs: Iterable[RunResult], stopping: bool) -> bool:
        if cfg in self.stopped:
            return False
        mine = [r for r in runs if _is_matrix(r) and r.run_spec.config_key == cfg]
        torch_runs = [r for r in mine if r.run_spec.framework == "torch"]
        tf_runs = [r for r in mine if r.run_spec.framework == "tensorflow"]
        figures = {r.run_id: run_figures(r, self.cores, self.config.interference_share)
                   for r in mine if is_measured(r)}
        pairs, floor = config_pairs(torch_runs, tf_runs, figures)
        self._pairs_run[cfg] = pairs.pairs_run
        reason = stop_reason(pairs.log_ratios, pairs.pairs_run, self.policy, floor)
        if reason is None and any(r.status in ("failed", "skipped") for r in mine):
            reason = RUN_FAILED
        if reason is None and stopping:
            reason = STOPPED
        if reason is not None:
            self.stopped[cfg] = reason
        return reason is None

    def _pair_specs(self, cfg: Config) -> list[RunSpec]:
        workload, task, mode = next(cell for cell in matrix_cells(self.config)
                                    if self._template(*cell).config_key == cfg)
        repeat = self._pairs_run.get(cfg, 0)
        return [finish_spec(replace(self.config.run_template(fw, workload, task, mode), repeat=repeat),
                            self.config) for fw in framework_order(self.config, repeat)]


def _is_matrix(run: RunResult) -> bool:
    return type(run.spec) is RunSpec


def _pair_seconds(cfg: Config, runs: Iterable[RunResult]) -> float:
    """How long this configuration's latest pair took (start to end of each run)."""
    durations = {}
    for run in runs:
        if _is_matrix(run) and run.run_spec.config_key == cfg and run.started_at and run.ended_at:
            durations[run.run_spec.framework] = run.ended_at - run.started_at
    return sum(durations.values())
