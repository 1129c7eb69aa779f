"""The recommendations as text (CLI)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from fwprof.advice.base import Finding

WIDTH = 100


def render_recommendations(findings: Sequence[Finding]) -> list[str]:
    """A numbered list: the title, then the evidence and what to try, wrapped; [] when none."""
    if not findings:
        return []
    lines = ["Recommendations:"]
    for number, finding in enumerate(findings, 1):
        mark = "!" if finding.severity == "warning" else "+"
        lines.append(f" {number:>2}. [{mark}] {finding.title}  ({finding.rule})")
        lines += _wrapped("evidence: ", finding.evidence)
        lines += _wrapped("try: ", finding.advice)
    lines.append("([!] the measurement may mislead as it stands; [+] something could run faster)")
    return lines


def _wrapped(head: str, text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent="       " + head,
                         subsequent_indent="       " + " " * len(head))
