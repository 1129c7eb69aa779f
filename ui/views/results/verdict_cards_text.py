"""What a verdict card says, from the summary's ``comparisons``; no Qt.

The decision's words are the core's (:func:`fwprof.report.verdict_parts.verdict_parts`), the
same as the HTML report's cards; this adds the ratio with its interval and the noise and
interference state in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


def card_texts(summary: dict[str, Any]) -> list[CardText]:
    """One card per entry of the summary's ``comparisons``, in its order."""
    return [card_text(comp, summary) for comp in summary.get("comparisons") or []]


def card_text(comp: dict[str, Any], summary: dict[str, Any]) -> CardText:
    """The card of one ``comparisons`` entry (``summary`` gives the session's noise floor)."""
    parts = verdict_parts(comp)
    noise, noisy = noise_state(comp, summary)
    config = " · ".join(str(comp.get(k) or "-") for k in ("workload", "task", "mode", "device"))
    return CardText(config, parts.headline, parts.winner, parts.decision, ratio_text(comp),
                    noise, noisy, parts.detail, tuple(parts.notes))


def ratio_text(comp: dict[str, Any]) -> str:
    """'TensorFlow / PyTorch throughput 1.20 (95 % CI 1.16–1.24)', or why there is none."""
    ratio, ci = comp.get("ratio"), comp.get("ci95")
    if not isinstance(ratio, (int, float)):
        return "TensorFlow / PyTorch throughput: not measured"
    text = f"TensorFlow / PyTorch throughput {ratio:#.3g}"
    if ci and len(ci) == 2:
        text += f" (95 % CI {float(ci[0]):#.3g}–{float(ci[1]):#.3g})"
    return text


def noise_state(comp: dict[str, Any], summary: dict[str, Any]) -> tuple[str, bool]:
    """The noise and interference state in words, and whether it limits the verdict."""
    parts, noisy = [], False
    floor, margin = comp.get("noise_floor"), comp.get("margin")
    if isinstance(floor, (int, float)):
        noisy = isinstance(margin, (int, float)) and floor > margin
        word = "Noisy" if noisy else "Quiet"
        bound = f" ({'over' if noisy else 'within'} the ±{margin:.0%} margin)" if isinstance(
            margin, (int, float)) else ""
        parts.append(f"{word}: fresh processes vary ±{floor:.1%}{bound}")
    interfered = (comp.get("left_out") or {}).get(INTERFERENCE, 0)
    if interfered:
        noisy = True
        parts.append(f"{interfered} of {comp.get('pairs_run', '?')} pairs left out: other "
                     "processes were busy")
    elif isinstance(comp.get("pairs_run"), int):
        parts.append("no interference from other processes")
    reason = comp.get("reason")
    if reason and str(reason) not in str(comp.get("verdict") or ""):  # else the detail says it
        parts.append(str(reason))
    spread = (summary.get("noise_floor") or {}).get("spread")
    if isinstance(spread, (int, float)):
        parts.append(f"this machine's noise floor ±{spread:.1%}")
    return " · ".join(parts) or "Noise not measured (one process per side)", noisy
