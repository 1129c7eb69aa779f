"""The convergence study's Markdown: a row per (workload, framework), then each parity verdict."""

from __future__ import annotations

from typing import Any

from fwprof.render.fmt import DASH, framework_label, is_number
from fwprof.render.markdown import escape, table_line

HEADER = ["workload", "framework", "mode", "seeds", "final accuracy [min–max]", "steps to target",
          "time to target", "reached"]


def converge_lines(summary: dict[str, Any]) -> list[str]:
    """A blank line, the table and the parity bullets; no lines without a convergence study."""
    entries = summary.get("converge") or []
    if not entries:
        return []
    lines = ["", table_line(HEADER), table_line(["---"] * 3 + ["---:"] * 5)]
    for entry in entries:
        for framework, fig in (entry.get("frameworks") or {}).items():
            final = fig.get("final_accuracy") or {}
            steps, seconds = fig.get("steps_to_target"), fig.get("time_to_target_s")
            lines.append(table_line([
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


def _pct(value: Any) -> str:
    return f"{value:.1%}" if is_number(value) else DASH
