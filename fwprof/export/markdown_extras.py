"""Markdown for the session notes: the recommendations and the development effort."""

from __future__ import annotations

from collections.abc import Sequence

from fwprof.advice.base import Finding
from fwprof.effort.source import ModelSource, model_sources
from fwprof.effort.table import effort_rows
from fwprof.render.fmt import framework_label
from fwprof.render.markdown import escape


def recommendation_lines(findings: Sequence[Finding]) -> list[str]:
    """A bullet per finding: title, evidence and what to try."""
    if not findings:
        return []
    lines = ["", "**Recommendations**", ""]
    for finding in findings:
        mark = "check" if finding.severity == "warning" else "tip"
        lines.append(f"- **{escape(finding.title)}** ({mark}, `{finding.rule}`): "
                     f"{escape(finding.evidence)}. Try: {escape(finding.advice)}")
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
