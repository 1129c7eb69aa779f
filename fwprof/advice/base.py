"""What a rule sees, what it says, and the small protocol every rule follows."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from fwprof.catalog import FRAMEWORK_LABELS
from fwprof.numbers import sig
from fwprof.report.sections import ComparisonSection, GroupRow
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


class ConvergeParityView(Protocol):
    """What the convergence rules read of a parity verdict."""

    @property
    def verdict(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def reasons(self) -> Sequence[str]: ...


class ConvergeSpreadView(Protocol):
    """What the convergence rules read of a framework's final accuracy over its seeds."""

    @property
    def max(self) -> float: ...


class ConvergeFrameworkView(Protocol):
    """What the convergence rules read of one framework's figures."""

    @property
    def reached(self) -> int: ...
    @property
    def runs_ok(self) -> int: ...
    @property
    def final_accuracy(self) -> ConvergeSpreadView | None: ...


class ConvergeEntryView(Protocol):
    """What the convergence rules read of a ``converge`` entry: the typed rows of
    :mod:`fwprof.scenarios.converge.section` (a layer above this one) are such views."""

    @property
    def workload(self) -> str: ...
    @property
    def device(self) -> str: ...
    @property
    def target(self) -> float: ...
    @property
    def epochs(self) -> int: ...
    @property
    def steps(self) -> int: ...
    @property
    def learning_rate(self) -> float: ...
    @property
    def lr_schedule(self) -> str: ...
    @property
    def frameworks(self) -> Mapping[str, ConvergeFrameworkView]: ...
    @property
    def parity(self) -> ConvergeParityView | None: ...


@dataclass(frozen=True)
class AdviceContext:
    """The summary so far (the comparison's section, the start-up rows, the convergence
    entries, the environment), the built-in runs behind its groups and the runs of a
    convergence study."""

    comparison: ComparisonSection = field(default_factory=ComparisonSection)
    runs: list[RunResult] = field(default_factory=list)
    converge_runs: list[RunResult] = field(default_factory=list)
    startup: list[dict[str, Any]] = field(default_factory=list)
    converge: Sequence[ConvergeEntryView] = ()
    environment: Mapping[str, Any] = field(default_factory=dict)

    @property
    def cores(self) -> int | None:
        """Cores available to the session (None when not recorded)."""
        cores = self.environment.get("cores_available")
        return cores if isinstance(cores, int) and cores > 0 else None

    def groups(self) -> list[GroupRow]:
        return list(self.comparison.groups)

    def group(self, framework: str, workload: str, task: str, mode: str,
              device: str) -> GroupRow | None:
        """The summary group of one configuration, if it ran."""
        return self.comparison.group(framework, (workload, task, mode, device))

    def measured_groups(self) -> list[tuple[GroupRow, list[RunResult]]]:
        """Every summary group with its ``ok`` runs, then each framework's convergence runs per
        (workload, mode, device) under task ``converge``: what step-time rules look at."""
        found = [(group, self.runs_of(group)) for group in self.groups()]
        converge: dict[tuple[str, str, str, str], list[RunResult]] = {}
        for run in self.converge_runs:
            if run.status == "ok":
                spec = run.run_spec
                converge.setdefault((spec.framework, spec.workload, spec.mode, spec.device),
                                    []).append(run)
        return found + [(GroupRow(framework=framework, workload=workload, task="converge",
                                  mode=mode, device=device), runs)
                        for (framework, workload, mode, device), runs in converge.items()]

    def runs_of(self, group: GroupRow) -> list[RunResult]:
        """The ``ok`` runs behind a summary group."""
        return [r for r in self.runs if r.status == "ok" and (
            r.run_spec.framework, r.run_spec.workload_label, r.run_spec.task, r.run_spec.mode,
            r.run_spec.device) == group.key]


class Rule(Protocol):
    """A check over a session; ``name`` is its stable id (docs, tests, the ``rule`` field)."""

    name: str

    def check(self, context: AdviceContext) -> list[Finding]:
        """Findings for this session (none when the condition does not hold)."""
        ...


def scope_of(group: GroupRow, with_framework: bool = True) -> str:
    """``mlp train graph (cpu), TensorFlow``."""
    text = group.config_name
    return f"{text}, {label(group.framework)}" if with_framework else text


def row_scope(row: Mapping[str, Any], with_framework: bool = True) -> str:
    """:func:`scope_of` a start-up row."""
    text = f"{row.get('workload')} {row.get('task')} {row.get('mode')} ({row.get('device')})"
    return f"{text}, {label(str(row.get('framework')))}" if with_framework else text


def label(framework: str) -> str:
    return FRAMEWORK_LABELS.get(framework, framework)


def throughput(group: GroupRow | None) -> tuple[float, float, float] | None:
    """(value, CI low, CI high) samples/s of a group, or None when it has none; the bounds are
    NaN when the group ran in one process (no interval)."""
    tput = None if group is None else group.throughput
    if tput is None or not tput.median > 0:
        return None
    low, high = tput.ci95 or (math.nan, math.nan)
    if not all(v > 0 for v in (low, high)):
        low = high = math.nan
    return float(tput.median), float(low), float(high)


def samples_per_s(value: tuple[float, float, float]) -> str:
    median, low, high = value
    if math.isnan(low):
        return f"{sig(median)} samples/s (one process)"
    return f"{sig(median)} samples/s [95% CI {sig(low)}-{sig(high)}]"

