"""The convergence study's Markdown: a row per (workload, framework), then each parity verdict."""

from __future__ import annotations

from fwprof.render.markdown import escape, table_line
from fwprof.scenarios.converge.cells import framework_cells, framework_figures, parity_text
from fwprof.scenarios.converge.section import ConvergeSection

HEADER = ["workload", "framework", "mode", "seeds", "final accuracy [min–max]", "steps to target",
          "time to target", "reached"]


def converge_lines(section: ConvergeSection) -> list[str]:
    """A blank line, the table and the parity bullets; no lines without a convergence study."""
    entries = section.entries
    if not entries:
        return []
    lines = ["", table_line(HEADER), table_line(["---"] * 3 + ["---:"] * 5)]
    for entry, framework, fig in framework_figures(entries):
        cells = framework_cells(entry, framework, fig)
        lines.append(table_line([
            escape(cells.workload), cells.framework, escape(cells.mode), cells.seeds,
            f"{cells.final} [{cells.low}–{cells.high}]", cells.steps, cells.time, cells.reached,
        ]))
    lines.append("")
    for entry in entries:
        lines.append(f"- Parity, {escape(entry.workload)} (target {entry.target:.0%}): "
                     f"{escape(parity_text(entry))}")
    return lines
