"""Script profiling's Markdown: command, status, steps/s and step times of each script run."""

from __future__ import annotations

from typing import Any

from fwprof.render.fmt import DASH, sig
from fwprof.render.markdown import escape, table_line
from fwprof.scenarios.profile.html import other_steps_cell
from fwprof.scenarios.profile.step_clock import step_clock_note

HEADER = ["script", "status", "train steps", "steps/s", "p50 / p99 ms", "first step s",
          "eval / predict"]


def script_table(summary: dict[str, Any]) -> list[str]:
    """A blank line, then the table of script runs; no lines without script runs."""
    scripts = summary.get("scripts") or []
    if not scripts:
        return []
    rows = []
    for script in scripts:
        command = " ".join(str(a) for a in script.get("argv") or []) or str(script.get("label", ""))
        ms = script.get("step_ms") or {}
        rows.append([escape(command), escape(str(script.get("status"))), str(script.get("steps", DASH)),
                     sig(script.get("steps_per_s")), f"{sig(ms.get('p50'))} / {sig(ms.get('p99'))}",
                     sig(script.get("first_step_s")), escape(other_steps_cell(script))])
    align = ["---", "---"] + ["---:"] * 5
    note = step_clock_note(scripts)
    return ["", table_line(HEADER), table_line(align), *(table_line(row) for row in rows),
            *(["", escape(note)] if note else [])]
