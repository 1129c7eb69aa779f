"""Markdown for the session notes: the recommendations and the development effort."""

from __future__ import annotations

from typing import Any

from fwprof.effort.source import ModelSource, model_sources
from fwprof.effort.table import effort_rows
from fwprof.render.fmt import framework_label
from fwprof.render.markdown import escape


def recommendation_lines(summary: dict[str, Any]) -> list[str]:
    """A bullet per finding: title, evidence and what to try."""
    findings = summary.get("recommendations") or []
    if not findings:
        return []
    lines = ["", "**Recommendations**", ""]
    for finding in findings:
        mark = "check" if finding.get("severity") == "warning" else "tip"
        lines.append(f"- **{escape(str(finding.get('title')))}** ({mark}, `{finding.get('rule')}`): "
                     f"{escape(str(finding.get('evidence')))}. Try: {escape(str(finding.get('advice')))}")
    return lines


def effort_lines(sources: list[ModelSource] | None = None) -> list[str]:
    """Lines of code and tokens per built-in model and framework, one bullet per workload."""
    try:
        rows = effort_rows(model_sources() if sources is None else sources)
    except (OSError, SyntaxError):
        return []
    lines = ["", "**Development effort** (lines holding code / Python tokens of each model's builder)", ""]
    for row in rows:
        parts = [f"{framework_label(fw)} {row[fw]['lines']} / {row[fw]['tokens']}"
                 for fw in ("torch", "tensorflow") if fw in row]
        lines.append(f"- {escape(str(row['workload']))}: " + " · ".join(parts))
    return lines
