"""Operator-level A/B: where a traced configuration's time per step moved, operator by operator.

Each side's first successful traced run (``fwprof run --trace``) gives milliseconds per traced
step per operator (:func:`fwprof.trace.operators.framework_operators`, every operator it
stored). The operators whose time changed most, either way, are listed with both values; an
operator seen on one side only counts as 0 on the other. One traced run per side, a few
profiled steps each: these are leads to look at, with no confidence interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fwprof.results import RunResult
from fwprof.trace.operators import framework_operators, trace_event

#: Operators listed per configuration.
TOP_OPERATORS = 10
#: Every operator a trace stored (the child keeps at most 200).
_ALL = 10_000


@dataclass(frozen=True)
class OperatorDelta:
    """One operator's milliseconds per traced step on both sides."""

    name: str
    category: str
    base_ms: float
    new_ms: float

    @property
    def delta_ms(self) -> float:
        """``new - base`` in ms per step."""
        return self.new_ms - self.base_ms

    @property
    def relative(self) -> float | None:
        """``new / base - 1`` (None for an operator new on this side)."""
        return None if self.base_ms == 0 else self.new_ms / self.base_ms - 1.0

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {"name": self.name, "category": self.category, "base_ms_per_step": self.base_ms,
                "new_ms_per_step": self.new_ms, "delta_ms_per_step": self.delta_ms,
                "relative": self.relative}


@dataclass(frozen=True)
class OperatorComparison:
    """The top operator changes of one configuration, both sides' totals and what they measure."""

    rows: list[OperatorDelta]
    base_total_ms: float
    new_total_ms: float
    time_kind: str
    runs: tuple[str, str]

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {"runs": list(self.runs), "time_kind": self.time_kind,
                "base_total_ms_per_step": self.base_total_ms, "new_total_ms_per_step": self.new_total_ms,
                "top": [row.to_dict() for row in self.rows]}


def compare_operators(base: list[RunResult], new: list[RunResult],
                      top_n: int = TOP_OPERATORS) -> tuple[OperatorComparison | None, str]:
    """The operator comparison of one configuration, or None and why not ("" when neither side
    was traced: nothing to say)."""
    base_side, new_side = _traced(base), _traced(new)
    if base_side is None and new_side is None:
        return None, ""
    if base_side is None or new_side is None:
        missing = "baseline" if base_side is None else "new session"
        return None, f"operators not compared: the {missing} has no traced run (fwprof run --trace)"
    base_ops, new_ops = _per_step(base_side[1]), _per_step(new_side[1])
    if not base_ops or not new_ops:
        return None, "operators not compared: a side's trace held no operator times"
    rows = [OperatorDelta(name, (base_ops.get(name) or new_ops[name])[1],
                          base_ops.get(name, (0.0, ""))[0], new_ops.get(name, (0.0, ""))[0])
            for name in {*base_ops, *new_ops}]
    rows.sort(key=lambda row: (-abs(row.delta_ms), row.name))
    kind = str(base_side[1].get("time_kind") or new_side[1].get("time_kind") or "")
    return OperatorComparison(rows[:top_n], sum(v for v, _ in base_ops.values()),
                              sum(v for v, _ in new_ops.values()), kind,
                              (base_side[0].run_id, new_side[0].run_id)), ""


def _traced(runs: list[RunResult]) -> tuple[RunResult, dict[str, Any]] | None:
    for run in runs:
        event = trace_event(run)
        if run.status == "ok" and event is not None:
            return run, event
    return None


def _per_step(event: dict[str, Any]) -> dict[str, tuple[float, str]]:
    """Operator -> (ms per traced step, category)."""
    per_step: dict[str, tuple[float, str]] = {}
    for row in framework_operators("", event, top_n=_ALL)["top"]:
        before = per_step.get(row["name"], (0.0, ""))[0]
        per_step[row["name"]] = (before + float(row["ms_per_step"]), str(row["category"]))
    return per_step
