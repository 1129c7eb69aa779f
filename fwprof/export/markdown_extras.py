"""Markdown for the convergence table, the recommendations and the development effort.

``escape`` is the markdown table module's (passed in, so this module does not import it back).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fwprof.effort.source import ModelSource, model_sources
from fwprof.effort.table import effort_rows
from fwprof.export.fmt import DASH, framework_label, is_number

Escape = Callable[[str], str]


def converge_lines(summary: dict[str, Any], escape: Escape) -> list[str]:
    """One table row per (workload, framework) of a convergence study, then each parity verdict."""
    entries = summary.get("converge") or []
    if not entries:
        return []
    header = ["workload", "framework", "mode", "seeds", "final accuracy [min–max]", "steps to target",
              "time to target", "reached"]
    lines = ["", _row(header), _row(["---"] * 3 + ["---:"] * 5)]
    for entry in entries:
        for framework, fig in (entry.get("frameworks") or {}).items():
            final = fig.get("final_accuracy") or {}
            steps, seconds = fig.get("steps_to_target"), fig.get("time_to_target_s")
            lines.append(_row([
                escape(str(entry.get("workload"))), framework_label(framework), escape(str(fig.get("mode"))),
                f"{fig.get('runs_ok')}/{fig.get('runs')}",
                f"{_pct(final.get('mean'))} [{_pct(final.get('min'))}–{_pct(final.get('max'))}]",
                f"{steps:.0f}" if is_number(steps) else DASH,
                f"{seconds:.2f} s" if is_number(seconds) else DASH,
                f"{fig.get('reached')}/{fig.get('runs_ok')}",
            ]))
    lines.append("")
    for entry in entries:
        parity = entry.get("parity") or {}
        lines.append(f"- Parity, {escape(str(entry.get('workload')))} (target {entry.get('target', 0):.0%}): "
                     f"{escape(str(parity.get('text') or 'needs both frameworks'))}")
    return lines


def recommendation_lines(summary: dict[str, Any], escape: Escape) -> list[str]:
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


def effort_lines(escape: Escape, sources: list[ModelSource] | None = None) -> list[str]:
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


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _pct(value: Any) -> str:
    return f"{value:.1%}" if is_number(value) else DASH
