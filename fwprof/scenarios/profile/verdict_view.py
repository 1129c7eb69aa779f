"""The scripts' verdict (summary key ``script_comparison``) as text, HTML and Markdown.

Each entry compares one script with the first: its verdict line (who is slower, by how much,
with the 95 % interval, or why not decided), the pairs it rests on and each script's steady
rates per run. The detail line is the built-in comparison's (:func:`detail_text`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from fwprof.render.fmt import DASH, sig
from fwprof.render.markdown import escape, table_line
from fwprof.render.svg import esc
from fwprof.render.tables import data_table
from fwprof.report.verdict_lines import detail_text
from fwprof.scenarios.profile.section import RateEstimate, ScriptVerdict

HEADING = "Verdict (steady-state steps/s at the median step, each script against the first"
HTML_HEADERS = ("scripts", "verdict", "steps/s [interval] (per run)", "pairs and noise")
MARKDOWN_HEADER = list(HTML_HEADERS)


def verdict_lines(entries: Sequence[ScriptVerdict]) -> list[str]:
    """A heading, then per compared script its verdict line and detail; none without entries."""
    if not entries:
        return []
    margin = entries[0].margin
    heading = HEADING + (f", margin ±{margin:.0%})" if isinstance(margin, (int, float)) else ")")
    lines = ["", heading + ":"]
    for entry in entries:
        lines.append(f"  {headline(entry)}")
        detail = detail_text(entry.as_verdict())
        if detail:
            lines.append(f"      {detail}")
        lines.append(f"      steps/s [interval] (per run): {rates_text(entry)}")
    return lines


def verdict_rows(entries: Sequence[ScriptVerdict]) -> list[list[str]]:
    """The verdict table's cells as plain text (HTML and Markdown escape them): pair, verdict,
    rates, detail."""
    return [[e.pair_name, e.verdict, rates_text(e), detail_text(e.as_verdict())] for e in entries]


def verdict_html(entries: Sequence[ScriptVerdict]) -> str:
    """A ``<section>`` with one row per compared script; empty without entries."""
    if not entries:
        return ""
    rows = [[esc(pair), f"<strong>{esc(verdict)}</strong>", esc(rates), esc(detail)]
            for pair, verdict, rates, detail in verdict_rows(entries)]
    return f"<section><h2>Verdict</h2>{data_table(HTML_HEADERS, rows)}</section>"


def verdict_markdown(entries: Sequence[ScriptVerdict]) -> list[str]:
    """A blank line and the verdict table; no lines without entries."""
    if not entries:
        return []
    rows = [[escape(cell) for cell in row] for row in verdict_rows(entries)]
    return ["", table_line(MARKDOWN_HEADER), table_line(["---"] * 4), *(table_line(r) for r in rows)]


def headline(entry: ScriptVerdict) -> str:
    """The verdict line of one entry, for a view's label."""
    return f"{entry.pair_name}: {entry.verdict}"


def rates_text(entry: ScriptVerdict) -> str:
    """'a.py 512 [498-530] (512, 498, 530); b.py ...': each script's steady rate over its runs
    with its interval, then per run (a dash for a run without steady steps)."""
    parts = []
    for label, values in entry.rates.items():
        overall = entry.rate.get(label)
        mean = "" if overall is None else _overall(overall)
        parts.append(f"{label} {mean}(" + ", ".join(_rate(v) for v in values) + ")")
    return "; ".join(parts)


def _overall(rate: RateEstimate) -> str:
    ci = rate.ci95
    interval = "" if ci is None else f" [{_rate(ci[0])}-{_rate(ci[1])}]"
    return f"{_rate(rate.steps_per_s)}{interval} "


def _rate(value: Any) -> str:
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        return DASH
    return sig(value)
