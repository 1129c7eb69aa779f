"""The distributed scenario's HTML section: the scaling table and the launches that failed."""

from __future__ import annotations

from fwprof.render.svg import esc
from fwprof.render.tables import data_table
from fwprof.scenarios.distributed.cells import FIRST_NUMBER, HEADERS, failed_launches, scaling_rows
from fwprof.scenarios.distributed.section import DistributedSection

NOTE = ("Global batch split over the workers; a node's cores split evenly over its workers. Speedup: "
        "throughput over the smallest world size's; efficiency: speedup over the growth of the cores "
        "or GPUs used; comm: step time minus the compute-only step (share of the step).")


def scaling_section(section: DistributedSection) -> str:
    """The section; empty when the session ran no distributed launch."""
    entries = section.scaling
    if not entries:
        return ""
    rows = [[esc(cell) for cell in row] for row in scaling_rows(entries)]
    failed = "".join(f"<li>{esc(line)}</li>" for line in failed_launches(entries))
    problems = f"<h3>Launches that did not complete</h3><ul>{failed}</ul>" if failed else ""
    return (f'<section><h2>Scaling</h2><p class="note">{esc(NOTE)}</p>'
            f"{data_table(HEADERS, rows, numeric_from=FIRST_NUMBER)}{problems}</section>")
