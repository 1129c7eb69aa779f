"""What a rule sees, what it says, and the small protocol every rule follows."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from fwprof.catalog import FRAMEWORK_LABELS
from fwprof.numbers import sig
from fwprof.results import RunResult

#: ``warning``: the measurement or the comparison may not be trustworthy as it stands;
#: ``tip``: the numbers are sound, and something could run faster.
SEVERITIES: tuple[str, ...] = ("warning", "tip")


@dataclass(frozen=True)
class Finding:
    """One recommendation: what was found, the numbers that show it, and what to try."""

    rule: str
    severity: str
    title: str
    evidence: str
    advice: str
    scope: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class AdviceContext:
    """The summary so far (groups, comparisons, runs, startup, converge), the built-in runs
    behind its groups and the runs of a convergence study."""

    summary: dict[str, Any]
    runs: list[RunResult] = field(default_factory=list)
    converge_runs: list[RunResult] = field(default_factory=list)

    @property
    def cores(self) -> int | None:
        """Cores available to the session (None when not recorded)."""
        cores = (self.summary.get("environment") or {}).get("cores_available")
        return cores if isinstance(cores, int) and cores > 0 else None

    def groups(self) -> list[dict[str, Any]]:
        return list(self.summary.get("groups") or [])

    def group(self, framework: str, workload: str, task: str, mode: str,
              device: str) -> dict[str, Any] | None:
        """The summary group of one configuration, if it ran."""
        key = (framework, workload, task, mode, device)
        return next((g for g in self.groups() if _group_key(g) == key), None)

    def measured_groups(self) -> list[tuple[dict[str, Any], list[RunResult]]]:
        """Every summary group with its ``ok`` runs, then each framework's convergence runs per
        (workload, mode, device) under task ``converge``: what step-time rules look at."""
        found = [(group, self.runs_of(group)) for group in self.groups()]
        converge: dict[tuple[str, ...], list[RunResult]] = {}
        for run in self.converge_runs:
            if run.status == "ok":
                spec = run.run_spec
                converge.setdefault((spec.framework, spec.workload, "converge", spec.mode, spec.device),
                                    []).append(run)
        keys = ("framework", "workload", "task", "mode", "device")
        return found + [(dict(zip(keys, key, strict=True)), runs) for key, runs in converge.items()]

    def runs_of(self, group: dict[str, Any]) -> list[RunResult]:
        """The ``ok`` runs behind a summary group."""
        key = _group_key(group)
        return [r for r in self.runs if r.status == "ok" and (
            r.run_spec.framework, r.run_spec.workload_label, r.run_spec.task, r.run_spec.mode,
            r.run_spec.device) == key]


class Rule(Protocol):
    """A check over a session; ``name`` is its stable id (docs, tests, the ``rule`` field)."""

    name: str

    def check(self, context: AdviceContext) -> list[Finding]:
        """Findings for this session (none when the condition does not hold)."""
        ...


def scope_of(group: dict[str, Any], with_framework: bool = True) -> str:
    """``mlp train graph (cpu), TensorFlow``."""
    text = f"{group.get('workload')} {group.get('task')} {group.get('mode')} ({group.get('device')})"
    return f"{text}, {label(str(group.get('framework')))}" if with_framework else text


def label(framework: str) -> str:
    return FRAMEWORK_LABELS.get(framework, framework)


def throughput(group: dict[str, Any] | None) -> tuple[float, float, float] | None:
    """(value, CI low, CI high) samples/s of a group, or None when it has none; the bounds are
    NaN when the group ran in one process (no interval)."""
    tput = (group or {}).get("throughput")
    if not isinstance(tput, dict):
        return None
    value = tput.get("median")
    if not isinstance(value, (int, float)) or not value > 0:
        return None
    low, high = (tput.get("ci95") or [math.nan, math.nan])[:2]
    if not all(isinstance(v, (int, float)) and v > 0 for v in (low, high)):
        low = high = math.nan
    return float(value), float(low), float(high)


def samples_per_s(value: tuple[float, float, float]) -> str:
    median, low, high = value
    if math.isnan(low):
        return f"{sig(median)} samples/s (one process)"
    return f"{sig(median)} samples/s [95% CI {sig(low)}-{sig(high)}]"


def _group_key(group: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(group.get(k) for k in ("framework", "workload", "task", "mode", "device"))
