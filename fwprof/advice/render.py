"""The recommendations as text (CLI) from the summary's ``recommendations`` list."""

from __future__ import annotations

import textwrap
from typing import Any

WIDTH = 100


def render_recommendations(findings: list[dict[str, Any]]) -> list[str]:
    """A numbered list: the title, then the evidence and what to try, wrapped; [] when none."""
    if not findings:
        return []
    lines = ["Recommendations:"]
    for number, finding in enumerate(findings, 1):
        mark = "!" if finding.get("severity") == "warning" else "+"
        lines.append(f" {number:>2}. [{mark}] {finding.get('title')}  ({finding.get('rule')})")
        lines += _wrapped("evidence: ", str(finding.get("evidence", "")))
        lines += _wrapped("try: ", str(finding.get("advice", "")))
    lines.append("([!] the measurement may mislead as it stands; [+] something could run faster)")
    return lines


def _wrapped(head: str, text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent="       " + head,
                         subsequent_indent="       " + " " * len(head))
