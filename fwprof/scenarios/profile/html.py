"""Script profiling's HTML section: one row per script run (``fwprof profile``)."""

from __future__ import annotations

from typing import Any

from fwprof.render.fmt import DASH, mebibytes, seconds, sig
from fwprof.render.svg import esc
from fwprof.render.tables import data_table, error_cell, status_badge
from fwprof.scenarios.profile.step_clock import step_clock_note

SCRIPT_HEADERS = ("run", "command", "status", "train steps", "steps/s", "p50 ms", "p99 ms",
                  "first step", "eval / predict", "peak RSS", "error")


def other_steps_cell(script: dict[str, Any]) -> str:
    """``eval 9 (28 /s) · predict 2 (35 /s)``: steps counted apart from training; a dash if none."""
    others = script.get("other_steps") or {}
    return " · ".join(f"{kind} {figures.get('steps')} ({sig(figures.get('steps_per_s'))} /s)"
                      for kind, figures in others.items()) or DASH


def scripts_table(summary: dict[str, Any]) -> str:
    """Script runs: command, steps per second, step times, errors; empty without script runs."""
    rows = []
    for script in summary.get("scripts") or []:
        steps = script.get("step_ms") or {}
        command = " ".join(str(a) for a in script.get("argv") or []) or str(script.get("label", ""))
        rows.append([
            esc(script.get("run_id")), f"<code>{esc(command)}</code>",
            status_badge(str(script.get("status"))),
            esc(script.get("steps", DASH)), esc(sig(script.get("steps_per_s"))), esc(sig(steps.get("p50"))),
            esc(sig(steps.get("p99"))), esc(seconds(script.get("first_step_s"))),
            esc(other_steps_cell(script)),
            esc(mebibytes((script.get("resources") or {}).get("rss_bytes_peak"))),
            error_cell(script.get("error")),
        ])
    if not rows:
        return ""
    table = data_table(SCRIPT_HEADERS, rows, numeric_from=3, numeric_to=10)
    note = step_clock_note(summary.get("scripts") or [])
    note_html = f'<p class="note">{esc(note)}</p>' if note else ""
    return f"<section><h2>Scripts</h2>{table}{note_html}</section>"
