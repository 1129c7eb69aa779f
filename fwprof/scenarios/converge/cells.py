"""The convergence table's cells and parity wording as plain text, for the text report, the
HTML and Markdown views (which escape them) and the app's Convergence tab.

One row per (workload, device) and framework, from the typed ``converge`` entries of the
summary (:class:`fwprof.scenarios.converge.section.ConvergeEntry`, built by
:func:`fwprof.scenarios.converge.summary.converge_summary`). Each view picks its dash (the text
report and the app write ``-``, the exports ``–``) and how it joins the range.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from fwprof.render.fmt import DASH, framework_label, is_number
from fwprof.scenarios.converge.section import ConvergeEntry, FrameworkFigures

#: What a study with one framework says instead of a parity verdict.
NEEDS_BOTH = "needs both frameworks"


@dataclass(frozen=True)
class FrameworkCells:
    """One framework's figures of one (workload, device), formatted: accuracies in percent,
    steps whole, seconds with two decimals and a unit; ``dash`` where there is no figure."""

    workload: str
    framework: str
    mode: str
    seeds: str
    final: str
    low: str
    high: str
    steps: str
    time: str
    reached: str
    training: str


def framework_figures(
        entries: Sequence[ConvergeEntry]) -> Iterator[tuple[ConvergeEntry, str, FrameworkFigures]]:
    """Every (entry, framework, figures), entries first, frameworks in the entry's order."""
    for entry in entries:
        for framework, figures in entry.frameworks.items():
            yield entry, framework, figures


def framework_cells(entry: ConvergeEntry, framework: str, figures: FrameworkFigures,
                    dash: str = DASH) -> FrameworkCells:
    """The cells of one framework's row: seeds completed of seeds run, the mean final accuracy
    and its lowest and highest seed, the median steps and seconds to the target, the seeds
    that reached it of those completed, the median training seconds."""
    final = figures.final_accuracy
    return FrameworkCells(
        workload=entry.workload, framework=framework_label(framework), mode=figures.mode,
        seeds=f"{figures.runs_ok}/{figures.runs}",
        final=percent(None if final is None else final.mean, dash),
        low=percent(None if final is None else final.min, dash),
        high=percent(None if final is None else final.max, dash),
        steps=f"{figures.steps_to_target:.0f}" if is_number(figures.steps_to_target) else dash,
        time=seconds(figures.time_to_target_s, dash),
        reached=f"{figures.reached}/{figures.runs_ok}",
        training=seconds(figures.train_s, dash),
    )


def percent(value: float | None, dash: str = DASH) -> str:
    """``97.9%``; ``dash`` for no value."""
    return f"{value:.1%}" if is_number(value) else dash


def seconds(value: float | None, dash: str = DASH, unit: str = " s") -> str:
    """``0.15 s``; ``dash`` for no value."""
    return f"{value:.2f}{unit}" if is_number(value) else dash


def verdict(entry: ConvergeEntry) -> str:
    """``parity``, ``diverged`` or ``inconclusive`` (also without both frameworks)."""
    return (entry.parity.verdict if entry.parity is not None else "") or "inconclusive"


def parity_text(entry: ConvergeEntry) -> str:
    """The verdict's sentence (``parity: the curves agree ...``), or :data:`NEEDS_BOTH`."""
    return (entry.parity.text if entry.parity is not None else "") or NEEDS_BOTH


def checks(entry: ConvergeEntry, with_counts: bool = False) -> list[str]:
    """``same batch order: yes`` and ``equal trainable parameters: yes``, each where it could
    be told; ``with_counts`` adds the parameter counts (``(85,002)``)."""
    found = []
    if entry.same_batch_order is not None:
        found.append(f"same batch order: {'yes' if entry.same_batch_order else 'NO'}")
    if entry.same_parameters is not None:
        counts = f" ({', '.join(f'{c:,}' for c in entry.parameter_counts)})" if with_counts else ""
        found.append(f"equal trainable parameters: {'yes' if entry.same_parameters else 'NO'}{counts}")
    return found
