"""Script profiling's HTML section: one row per script run (``fwprof profile``)."""

from __future__ import annotations

from collections.abc import Sequence

from fwprof.render.svg import esc
from fwprof.render.tables import data_table, error_cell, status_badge
from fwprof.scenarios.profile.cells import script_cells
from fwprof.scenarios.profile.section import ScriptRow
from fwprof.scenarios.profile.step_clock import step_clock_note

SCRIPT_HEADERS = ("run", "command", "status", "train steps", "steps/s", "p50 ms", "p99 ms",
                  "first step", "eval / predict", "peak RSS", "error")


def scripts_table(scripts: Sequence[ScriptRow]) -> str:
    """Script runs: command, steps per second, step times, errors; empty without script runs."""
    rows = []
    for script in scripts:
        cells = script_cells(script)
        rows.append([
            esc(cells.run_id), f"<code>{esc(cells.command)}</code>", status_badge(cells.status),
            esc(cells.steps), esc(cells.steps_per_s), esc(cells.p50_ms), esc(cells.p99_ms),
            esc(cells.first_step), esc(cells.other_steps), esc(cells.peak_rss),
            error_cell(cells.error),
        ])
    if not rows:
        return ""
    table = data_table(SCRIPT_HEADERS, rows, numeric_from=3, numeric_to=10)
    note = step_clock_note(scripts)
    note_html = f'<p class="note">{esc(note)}</p>' if note else ""
    return f"<section><h2>Scripts</h2>{table}{note_html}</section>"
