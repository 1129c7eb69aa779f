"""What a verdict card says, from the summary's comparisons; no Qt.

The decision's words are the core's (:func:`fwprof.report.verdict_parts.verdict_parts`), the
same as the HTML report's cards; this adds the ratio with its interval and the noise and
interference state in words.
"""

from __future__ import annotations

from dataclasses import dataclass

from fwprof.report.sections import ComparisonSection, Verdict
from fwprof.report.verdict_parts import verdict_parts

#: Why a pair of runs was left out of a verdict because other processes were busy.
INTERFERENCE = "interference"


@dataclass(frozen=True)
class CardText:
    """One comparison as a card shows it."""

    config: str  # 'mlp · train · graph · cpu'
    headline: str  # 'TensorFlow 1.20× faster', 'No meaningful difference', 'Not decided'
    winner: str | None  # the framework the verdict calls faster (its colour), None when none is
    decision: str  # faster, equivalent, undecided, none
    ratio: str  # 'TensorFlow / PyTorch throughput 1.20 (95 % CI 1.16–1.24)'
    noise: str  # 'Quiet: fresh processes vary ±0.7 % (margin ±5 %) · no interference'
    noisy: bool  # the noise or other processes limit what the verdict can say
    detail: str  # pairs, why it stopped, parameters
    notes: tuple[str, ...]  # what each side's mode covers, what eager means


def card_texts(section: ComparisonSection) -> list[CardText]:
    """One card per comparison, in the summary's order."""
    return [card_text(comp, section) for comp in section.comparisons]


def card_text(comp: Verdict, section: ComparisonSection) -> CardText:
    """The card of one comparison (``section`` gives the session's noise floor)."""
    parts = verdict_parts(comp)
    noise, noisy = noise_state(comp, section)
    config = " · ".join(value or "-" for value in comp.config)
    return CardText(config, parts.headline, parts.winner, parts.decision, ratio_text(comp),
                    noise, noisy, parts.detail, tuple(parts.notes))


def ratio_text(comp: Verdict) -> str:
    """'TensorFlow / PyTorch throughput 1.20 (95 % CI 1.16–1.24)', or why there is none."""
    if comp.ratio is None:
        return "TensorFlow / PyTorch throughput: not measured"
    text = f"TensorFlow / PyTorch throughput {comp.ratio:#.3g}"
    if comp.ci95:
        text += f" (95 % CI {comp.ci95[0]:#.3g}–{comp.ci95[1]:#.3g})"
    return text


def noise_state(comp: Verdict, section: ComparisonSection) -> tuple[str, bool]:
    """The noise and interference state in words, and whether it limits the verdict."""
    parts, noisy = [], False
    pairs, margin = comp.pairs, comp.margin
    if pairs is not None and pairs.noise_floor is not None:
        noisy = pairs.noise_floor > margin
        word = "Noisy" if noisy else "Quiet"
        bound = f" ({'over' if noisy else 'within'} the ±{margin:.0%} margin)"
        parts.append(f"{word}: fresh processes vary ±{pairs.noise_floor:.1%}{bound}")
    interfered = pairs.left_out.get(INTERFERENCE, 0) if pairs else 0
    if interfered and pairs:
        noisy = True
        parts.append(f"{interfered} of {pairs.pairs_run} pairs left out: other "
                     "processes were busy")
    elif pairs is not None:
        parts.append("no interference from other processes")
    if comp.reason and comp.reason not in comp.verdict:  # else the detail says it
        parts.append(comp.reason)
    if section.noise_floor is not None:
        parts.append(f"this machine's noise floor ±{section.noise_floor.spread:.1%}")
    return " · ".join(parts) or "Noise not measured (one process per side)", noisy
