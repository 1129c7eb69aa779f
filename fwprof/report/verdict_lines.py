"""The verdict section of the text report: one decision per configuration, with the pairs it
rests on, what stopped adding pairs, the noise floor, and what each side's mode covers."""

from __future__ import annotations

from fwprof.report.sections import ComparisonSection, NoiseFloor, Verdict
from fwprof.stats.pair_policy import STOP_REASONS

INDENT = 35


def render_verdicts(section: ComparisonSection) -> list[str]:
    """Heading, then per comparison its verdict line and a detail line (and notes)."""
    comparisons = section.comparisons
    if not comparisons:
        return []
    margin = comparisons[0].margin
    heading = f"Verdict (TensorFlow / PyTorch throughput, margin ±{margin:.0%})"
    lines = ["", heading + ":"]
    names = [c.config_name for c in comparisons]
    indent = max(INDENT, max(len(name) for name in names) + 3)
    for name, comp in zip(names, comparisons, strict=True):
        lines.append(f"  {name:<{indent - 2}}{comp.verdict}")
        detail = detail_text(comp)
        if detail:
            lines.append(" " * indent + detail)
        lines += [" " * indent + f"note: {note}" for note in comp.notes]
    floor = noise_floor_text(section.noise_floor)
    if floor:
        lines.append(f"  {floor}")
    return lines


def detail_text(comp: Verdict) -> str:
    """'4 pairs (stopped: the interval was within the margin); processes vary ±3 %;
    269,322 parameters'."""
    parts = []
    if comp.pairs is not None:
        count = comp.pairs.pairs
        pairs = f"{count} of {comp.pairs.pairs_run} pairs usable" if comp.pairs.left_out \
            else f"{count} pair{'' if count == 1 else 's'}"
        if comp.stopped_by:
            pairs += f" (stopped: {stop_reason_text(comp.stopped_by)})"
        parts.append(pairs)
        if comp.pairs.noise_floor is not None:
            parts.append(f"processes vary ±{comp.pairs.noise_floor:.1%}")
    counts = {v for v in comp.parameters.values() if isinstance(v, int)}
    if len(counts) == 1:
        parts.append(f"{counts.pop():,} parameters on both sides")
    return "; ".join(parts)


def stop_reason_text(code: str) -> str:
    """The words for a ``stopped_by`` code."""
    return STOP_REASONS.get(code) or code


def noise_floor_text(floor: NoiseFloor | None) -> str:
    """'Noise floor: the same configuration varies ±4.1 % between fresh processes here (12
    degrees of freedom)'."""
    if floor is None:
        return ""
    return (f"Noise floor: one configuration varies ±{floor.spread:.1%} between fresh processes "
            f"on this machine ({floor.dof} degrees of freedom); no smaller difference is "
            "called a win")
