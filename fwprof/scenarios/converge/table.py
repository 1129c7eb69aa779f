"""The text table of the ``converge`` section: what ``fwprof run --task converge`` prints."""

from __future__ import annotations

from collections.abc import Sequence

from fwprof.catalog import FRAMEWORK_LABELS
from fwprof.report.columns import aligned
from fwprof.scenarios.converge.cells import checks, framework_cells, framework_figures, parity_text, seconds
from fwprof.scenarios.converge.section import ConvergeEntry, FrameworkFigures

HEADERS = ("workload", "framework", "mode", "seeds", "final accuracy [min-max]", "steps to target",
           "time to target", "reached", "training s")


def render_converge(entries: Sequence[ConvergeEntry]) -> list[str]:
    """Lines for every (workload, device): settings, one row per framework, parity; [] if none."""
    if not entries:
        return []
    first = entries[0]
    lines = [f"Time to accuracy on scikit-learn's digits ({first.train_size} training images, "
             f"{first.test_size} held out): batch {first.batch_size}, {first.epochs} epochs "
             f"({first.steps} steps), Adam lr {first.learning_rate:g} {first.lr_schedule}, "
             f"target {first.target:.0%}"]
    rows = [_row(entry, fw, fig) for entry, fw, fig in framework_figures(entries)]
    lines += aligned(HEADERS, rows, numeric_from=3)
    lines.append("(time to target: seconds of training steps until the first evaluation at or above "
                 "the target, evaluations excluded; medians over seeds)")
    for entry in entries:
        lines += _parity_lines(entry)
    return lines


def _row(entry: ConvergeEntry, framework: str, fig: FrameworkFigures) -> list[str]:
    cells = framework_cells(entry, framework, fig, dash="-")
    final_text = "-" if fig.final_accuracy is None else f"{cells.final} [{cells.low}-{cells.high}]"
    return [cells.workload, cells.framework, cells.mode, cells.seeds, final_text, cells.steps, cells.time,
            cells.reached, seconds(fig.train_s, "-", unit="")]


def _parity_lines(entry: ConvergeEntry) -> list[str]:
    lines = [f"Parity ({entry.workload}, {entry.device}): {parity_text(entry)}"]
    found = checks(entry, with_counts=True)
    lines += ["  " + "; ".join(found)] if found else []
    for framework, figures in entry.frameworks.items():
        if figures.failed:
            errors = "; ".join(figures.errors) or "no steps"
            lines.append(f"  {FRAMEWORK_LABELS.get(framework, framework)}: {figures.failed} run(s) did not "
                         f"complete: {errors}")
    return lines
