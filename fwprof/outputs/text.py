"""The text report that ``fwprof run`` and ``fwprof show`` print: the environment line, each
scenario's section that has something to show, then the session notes."""

from __future__ import annotations

from fwprof.advice.render import render_recommendations
from fwprof.effort.table import render_startup
from fwprof.outputs.document import SummaryDocument
from fwprof.report.operators import render_operators
from fwprof.report.run_resources import render_run_resources
from fwprof.report.table import environment_line, render_comparison


def render_summary(summary: SummaryDocument) -> str:
    """Environment line, every scenario's section (blank lines between), the session notes.

    A session with nothing to show prints the comparison's (empty) table and its notes.
    """
    sections = [(scenario, lines) for scenario, section in summary.each()
                if (lines := scenario.text(section))]
    blocks = [lines for _, lines in sections] or [render_comparison(summary.comparison)]
    notes = not sections or any(scenario.with_session_notes for scenario, _ in sections)
    parts = [environment_line(summary.environment), ""]
    for index, block in enumerate(blocks):
        parts += ([""] if index else []) + block
    return "\n".join(parts + (session_notes(summary) if notes else []))


def session_notes(summary: SummaryDocument) -> list[str]:
    """The start-up cost table, the recommendations, the top operators of traced runs and the
    memory and GPU activity per run, each after a blank line (if any)."""
    lines: list[str] = []
    for block in (render_startup(summary.startup),
                  render_recommendations(summary.recommendations),
                  render_operators(summary.operators),
                  render_run_resources(summary.run_resources)):
        lines += ["", *block] if block else []
    return lines
