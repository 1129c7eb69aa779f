"""The scripts table's cells as plain text, for the HTML and Markdown views (which escape them).

One :class:`ScriptCells` per script run, from its typed row
(:class:`fwprof.scenarios.profile.section.ScriptRow`); each view picks the cells its table
shows. The app's table (``ui/views/results/scripts_table.py``) sorts by numbers, so it reads the
row's figures itself and shares only the command and the step-clock words.
"""

from __future__ import annotations

from dataclasses import dataclass

from fwprof.render.fmt import DASH, mebibytes, seconds, sig
from fwprof.scenarios.profile.section import ScriptRow


@dataclass(frozen=True)
class ScriptCells:
    """One script run's cells: what ran, how it ended, its training and other steps."""

    run_id: str
    command: str
    status: str
    steps: str
    steps_per_s: str
    p50_ms: str
    p99_ms: str
    #: The first step as a duration (``850 ms``, ``1.24 s``), and as a number of seconds.
    first_step: str
    first_step_s: str
    other_steps: str
    peak_rss: str
    error: str | None


def script_cells(script: ScriptRow) -> ScriptCells:
    """The cells of one script run."""
    ms = script.step_ms
    return ScriptCells(
        run_id=script.run_id, command=script.command, status=script.status,
        steps=str(script.steps), steps_per_s=sig(script.steps_per_s),
        p50_ms=sig(None if ms is None else ms.p50), p99_ms=sig(None if ms is None else ms.p99),
        first_step=seconds(script.first_step_s), first_step_s=sig(script.first_step_s),
        other_steps=other_steps_cell(script), peak_rss=mebibytes(script.peak_rss_bytes),
        error=script.error,
    )


def other_steps_cell(script: ScriptRow) -> str:
    """``eval 9 (28 /s) · predict 2 (35 /s)``: steps counted apart from training; a dash if none."""
    return " · ".join(f"{kind} {figures.steps} ({sig(figures.steps_per_s)} /s)"
                      for kind, figures in script.other_steps.items()) or DASH
