"""Script profiling's Markdown: command, status, steps/s and step times of each script run."""

from __future__ import annotations

from collections.abc import Sequence

from fwprof.render.markdown import escape, table_line
from fwprof.scenarios.profile.cells import script_cells
from fwprof.scenarios.profile.section import ScriptRow
from fwprof.scenarios.profile.step_clock import step_clock_note

HEADER = ["script", "status", "train steps", "steps/s", "p50 / p99 ms", "first step s",
          "eval / predict"]


def script_table(scripts: Sequence[ScriptRow]) -> list[str]:
    """A blank line, then the table of script runs; no lines without script runs."""
    if not scripts:
        return []
    rows = []
    for script in scripts:
        cells = script_cells(script)
        rows.append([escape(cells.command), escape(cells.status), cells.steps, cells.steps_per_s,
                     f"{cells.p50_ms} / {cells.p99_ms}", cells.first_step_s,
                     escape(cells.other_steps)])
    align = ["---", "---"] + ["---:"] * 5
    note = step_clock_note(scripts)
    return ["", table_line(HEADER), table_line(align), *(table_line(row) for row in rows),
            *(["", escape(note)] if note else [])]
