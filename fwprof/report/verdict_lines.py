"""The verdict section of the text report: one decision per configuration, with the pairs it
rests on, what stopped adding pairs, the noise floor, and what each side's mode covers."""

from __future__ import annotations

from typing import Any

from fwprof.stats.pair_policy import STOP_REASONS

INDENT = 35


def render_verdicts(summary: dict[str, Any]) -> list[str]:
    """Heading, then per comparison its verdict line and a detail line (and notes)."""
    comparisons = summary.get("comparisons") or []
    if not comparisons:
        return []
    margin = comparisons[0].get("margin")
    heading = "Verdict (TensorFlow / PyTorch throughput"
    heading += f", margin ±{margin:.0%})" if isinstance(margin, (int, float)) else ")"
    lines = ["", heading + ":"]
    names = [f"{c['workload']} {c['task']} {c['mode']} ({c['device']})" for c in comparisons]
    indent = max(INDENT, max(len(name) for name in names) + 3)
    for name, comp in zip(names, comparisons, strict=True):
        lines.append(f"  {name:<{indent - 2}}{comp['verdict']}")
        detail = detail_text(comp)
        if detail:
            lines.append(" " * indent + detail)
        lines += [" " * indent + f"note: {note}" for note in comp.get("notes") or []]
    floor = noise_floor_text(summary.get("noise_floor"))
    if floor:
        lines.append(f"  {floor}")
    return lines


def detail_text(comp: dict[str, Any]) -> str:
    """'4 pairs (stopped: the interval was within the margin); processes vary ±3 %;
    269,322 parameters'."""
    parts = []
    if isinstance(comp.get("pairs_run"), int):
        count = comp.get("pairs", 0)
        pairs = f"{count} of {comp['pairs_run']} pairs usable" if comp.get(
            "left_out") else f"{count} pair{'' if count == 1 else 's'}"
        stopped = comp.get("stopped_by")
        if stopped:
            pairs += f" (stopped: {stop_reason_text(stopped)})"
        parts.append(pairs)
    floor = comp.get("noise_floor")
    if isinstance(floor, (int, float)):
        parts.append(f"processes vary ±{floor:.1%}")
    params = comp.get("parameters") or {}
    counts = {v for v in params.values() if isinstance(v, int)}
    if len(counts) == 1:
        parts.append(f"{counts.pop():,} parameters on both sides")
    return "; ".join(parts)


def stop_reason_text(code: str) -> str:
    """The words for a ``stopped_by`` code."""
    return STOP_REASONS.get(code) or code


def noise_floor_text(floor: Any) -> str:
    """'Noise floor: the same configuration varies ±4.1 % between fresh processes here (12
    degrees of freedom)'."""
    if not isinstance(floor, dict) or not isinstance(floor.get("spread"), (int, float)):
        return ""
    return (f"Noise floor: one configuration varies ±{floor['spread']:.1%} between fresh processes "
            f"on this machine ({floor.get('dof')} degrees of freedom); no smaller difference is "
            "called a win")
