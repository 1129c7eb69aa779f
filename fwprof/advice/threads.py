"""Rules about threads: more than the cores, more CPU than the threads, unequal between frameworks."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fwprof.advice.base import AdviceContext, Finding, label, scope_of
from fwprof.report.sections import GroupRow
from fwprof.results import RunResult

#: CPU % above threads * 100 * this (plus :data:`CPU_SLACK`) means more cores worked than threads were set.
CPU_FACTOR = 1.25
CPU_SLACK = 25.0


class OversubscribedRule:
    """Threads set above the cores available, or the run's CPU % far above its thread count."""

    name = "threads-oversubscribed"

    def check(self, context: AdviceContext) -> list[Finding]:
        findings = []
        for group in context.groups():
            runs = context.runs_of(group)
            threads = max((r.run_spec.threads for r in runs), default=0)
            if not threads:
                continue
            if context.cores is not None and threads > context.cores:
                findings.append(self._too_many(group, threads, context.cores))
                continue
            cpu = group.mean_cpu_percent
            if group.device == "cuda":  # the driver's own threads work too: not about CPU threads
                continue
            if isinstance(cpu, (int, float)) and cpu > threads * 100 * CPU_FACTOR + CPU_SLACK:
                findings.append(self._busier(group, threads, float(cpu)))
        return findings

    def _too_many(self, group: GroupRow, threads: int, cores: int) -> Finding:
        return Finding(
            self.name, "warning", f"{threads} threads on {cores} cores: oversubscribed",
            f"{scope_of(group, False)}: {threads} intra-op threads set, {cores} cores available; "
            f"CPU during measure {_pct(group.mean_cpu_percent)}",
            f"Threads beyond the cores wait for each other (OpenMP spins at barriers): set --threads "
            f"{cores} or fewer, equally for both frameworks.", scope_of(group))

    def _busier(self, group: GroupRow, threads: int, cpu: float) -> Finding:
        return Finding(
            self.name, "warning", f"the run used {cpu / 100:.1f} cores with {threads} thread(s) set",
            f"{scope_of(group, False)}: CPU {cpu:.0f} % during measure (100 % = one core) with "
            f"{threads} intra-op thread(s)",
            "Another thread pool is working too (inter-op threads, a data loader, BLAS outside the "
            "framework's pool): set --interop-threads and OMP_NUM_THREADS / MKL_NUM_THREADS to match, "
            "or the comparison is not at equal threads.", scope_of(group))


class UnequalThreadsRule:
    """The frameworks of one configuration ran with different thread counts (read back)."""

    name = "threads-unequal"

    def check(self, context: AdviceContext) -> list[Finding]:
        by_config: dict[tuple[Any, ...], dict[str, set[tuple[Any, Any]]]] = defaultdict(
            lambda: defaultdict(set))
        for run in context.runs:
            if run.status == "ok":
                by_config[run.run_spec.config_key][run.run_spec.framework].add(_threads(run))
        findings = []
        for key, frameworks in by_config.items():
            if len(frameworks) > 1 and len({v for values in frameworks.values() for v in values}) > 1:
                findings.append(self._finding(key, frameworks))
        return findings

    def _finding(self, key: tuple[Any, ...], frameworks: dict[str, set[tuple[Any, Any]]]) -> Finding:
        workload, task, mode, device = key
        parts = [f"{label(fw)} {_describe(values)}" for fw, values in sorted(frameworks.items())]
        return Finding(
            self.name, "warning", "the frameworks ran with different thread counts",
            f"{workload} {task} {mode} ({device}): " + "; ".join(parts),
            "Throughput on a CPU scales with threads: compare at equal --threads and --interop-threads "
            "(record both in one session rather than merging sessions run with different settings).",
            f"{workload} {task} {mode} ({device})")


def _threads(run: RunResult) -> tuple[Any, Any]:
    """(intra-op, inter-op) threads as the child read them back (else as asked)."""
    intra = run.info.get("threads", run.run_spec.threads)
    inter = run.info.get("interop_threads", run.run_spec.interop_threads)
    return intra, inter


def _describe(values: set[tuple[Any, Any]]) -> str:
    return " or ".join(f"{intra} intra-op / {inter} inter-op" for intra, inter in sorted(values, key=str))


def _pct(value: Any) -> str:
    return "not measured" if not isinstance(value, (int, float)) else f"{value:.0f} %"
