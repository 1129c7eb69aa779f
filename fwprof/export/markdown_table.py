"""Markdown: the session's tables, ready to paste into an issue or PR.

A line about the machine comes first, then each scenario's lines in registry order (the
comparison's per-configuration table and failed runs, script runs, the scaling table, the
deployment table, the convergence table), then the recommendations and, when a scenario with
runs asks for it (``with_phases``: the comparison, the convergence study), the development
effort. A session with nothing to show gets the comparison's (empty) table. Every text cell
is escaped (``|``, ``\\``, backticks, ``*``, ``_``, ``<``, newlines), so odd error messages
cannot break the table.
"""

from __future__ import annotations

from pathlib import Path

from fwprof.export.base import write_text
from fwprof.export.markdown_extras import effort_lines, recommendation_lines
from fwprof.outputs.summary import SummaryDocument, build_summary
from fwprof.render.markdown import escape
from fwprof.report.table import environment_line
from fwprof.results import SessionRecord
from fwprof.scenarios.compare.markdown import comparison_table

__all__ = ["escape", "render_markdown", "write_markdown"]


def write_markdown(record: SessionRecord, path: Path) -> list[Path]:
    """Write the markdown table to ``path``."""
    return [write_text(path, render_markdown(build_summary(record)))]


def render_markdown(summary: SummaryDocument) -> str:
    """The whole markdown text for a summary document."""
    lines = [f"**fwprof** {escape(summary.created or '')}: "
             f"{escape(environment_line(summary.environment))}", ""]
    sections = [line for scenario, section in summary.each() for line in scenario.markdown(section)]
    lines += sections or comparison_table(summary.comparison)
    lines += recommendation_lines(summary.recommendations)
    if any(scenario.with_phases for scenario in summary.present()):
        lines += effort_lines()
    return "\n".join(lines) + "\n"
