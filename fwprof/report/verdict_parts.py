"""A comparison entry split for views: a short headline, the detail under it, the winner (for
its colour) and the notes, from the summary's comparisons."""

from __future__ import annotations

from dataclasses import dataclass, field

from fwprof.catalog import FRAMEWORK_LABELS
from fwprof.report.sections import Verdict
from fwprof.report.verdict_lines import detail_text


@dataclass(frozen=True)
class VerdictParts:
    """What a card or a table row shows of one verdict."""

    headline: str
    detail: str
    winner: str | None
    decision: str
    notes: list[str] = field(default_factory=list)


def verdict_parts(comp: Verdict) -> VerdictParts:
    """Headline ('PyTorch 1.32× faster', 'No meaningful difference', 'Not decided'), detail
    (interval, pairs, why undecided) and winner of a comparison."""
    text = comp.verdict or "-"
    decision = comp.decision
    notes = list(comp.notes)
    extra = detail_text(comp)
    if decision == "faster" and comp.winner in FRAMEWORK_LABELS and comp.ci95 and comp.ratio:
        return VerdictParts(*_faster(comp.ratio, comp.ci95, comp.winner, extra), decision, notes)
    if decision == "equivalent":
        return VerdictParts("No meaningful difference", _join(text.split("(", 1)[-1].rstrip(")"), extra),
                            None, decision, notes)
    if decision == "undecided":
        return VerdictParts("Not decided", _join(text.removeprefix("not decided: "), extra), None,
                            decision, notes)
    return VerdictParts(text, extra, None, decision, notes)


def _faster(ratio: float, ci95: tuple[float, float], winner: str, extra: str) -> tuple[str, str, str]:
    low, high = ci95
    if winner == "tensorflow":
        times, low_x, high_x = ratio, float(low), float(high)
    else:
        times, low_x, high_x = 1 / ratio, 1 / float(high), 1 / float(low)
    detail = _join(f"95 % CI {low_x:.2f}–{high_x:.2f}×", extra)
    return f"{FRAMEWORK_LABELS[winner]} {times:.2f}× faster", detail, winner


def _join(*parts: str) -> str:
    return " · ".join(part for part in parts if part)
