"""HTML: memory and GPU activity per run (framework allocator next to process memory; NVML GPM
next to GPU busy %), with the reason wherever a figure could not be measured."""

from __future__ import annotations

from typing import Any

from fwprof.render.svg import esc
from fwprof.render.tables import data_table
from fwprof.report.run_resources import has_figures, resource_cells, resource_headers, resource_notes


def run_resources_section(rows: list[dict[str, Any]]) -> str:
    """The table of :func:`fwprof.report.run_resources.run_resources` ('' when it is empty)."""
    if not rows:
        return ""
    notes = "".join(f'<p class="note">{esc(note)}</p>' for note in resource_notes(rows))
    if not any(has_figures(row) for row in rows):
        return f"<section><h2>Memory and GPU activity</h2>{notes}</section>"
    with_gpu = any(row.get("gpu") is not None for row in rows)
    cells = [[esc(cell) for cell in resource_cells(row, with_gpu)] for row in rows]
    return ('<section><h2>Memory and GPU activity</h2><p class="note">Per run: peak resident memory '
            "of the process tree and the GPU memory NVML counts for it, next to the framework "
            "allocator's peak allocated and reserved memory (read after every block of measured "
            "steps); where a GPU was sampled, its busy % next to what the SMs did (NVML GPM: SMs "
            "active, occupancy, tensor cores, DRAM bandwidth), means over the measure phase.</p>"
            f"{data_table(resource_headers(with_gpu), cells, numeric_from=1)}{notes}</section>")
