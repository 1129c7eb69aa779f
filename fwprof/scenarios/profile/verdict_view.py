"""The scripts' verdict (summary key ``script_comparison``) as text, HTML and Markdown.

Each entry compares one script with the first: its verdict line (who is slower, by how much,
with the 95 % interval, or why not decided), the pairs it rests on and each script's steady
rates per run. The detail line is the built-in comparison's (:func:`detail_text`).
"""

from __future__ import annotations

import math
from typing import Any

from fwprof.render.fmt import DASH, sig
from fwprof.render.markdown import escape, table_line
from fwprof.render.svg import esc
from fwprof.render.tables import data_table
from fwprof.report.sections import Verdict
from fwprof.report.verdict_lines import detail_text

HEADING = "Verdict (steady-state steps/s at the median step, each script against the first"
HTML_HEADERS = ("scripts", "verdict", "steps/s [interval] (per run)", "pairs and noise")
MARKDOWN_HEADER = list(HTML_HEADERS)


def verdict_lines(summary: dict[str, Any]) -> list[str]:
    """A heading, then per compared script its verdict line and detail; none without entries."""
    entries = summary.get("script_comparison") or []
    if not entries:
        return []
    margin = entries[0].get("margin")
    heading = HEADING + (f", margin ±{margin:.0%})" if isinstance(margin, (int, float)) else ")")
    lines = ["", heading + ":"]
    for entry in entries:
        lines.append(f"  {pair_name(entry)}: {entry.get('verdict')}")
        detail = _detail(entry)
        if detail:
            lines.append(f"      {detail}")
        lines.append(f"      steps/s [interval] (per run): {rates_text(entry)}")
    return lines


def verdict_html(summary: dict[str, Any]) -> str:
    """A ``<section>`` with one row per compared script; empty without entries."""
    entries = summary.get("script_comparison") or []
    if not entries:
        return ""
    rows = [[esc(pair_name(e)), f"<strong>{esc(e.get('verdict'))}</strong>", esc(rates_text(e)),
             esc(_detail(e))] for e in entries]
    return f"<section><h2>Verdict</h2>{data_table(HTML_HEADERS, rows)}</section>"


def verdict_markdown(summary: dict[str, Any]) -> list[str]:
    """A blank line and the verdict table; no lines without entries."""
    entries = summary.get("script_comparison") or []
    if not entries:
        return []
    rows = [[escape(pair_name(e)), escape(str(e.get("verdict"))), escape(rates_text(e)),
             escape(_detail(e))] for e in entries]
    return ["", table_line(MARKDOWN_HEADER), table_line(["---"] * 4), *(table_line(r) for r in rows)]


def headline(entry: dict[str, Any]) -> str:
    """The verdict line of one entry, for a view's label."""
    return f"{pair_name(entry)}: {entry.get('verdict')}"


def pair_name(entry: dict[str, Any]) -> str:
    """'b.py vs a.py'."""
    return f"{entry.get('script')} vs {entry.get('baseline')}"


def rates_text(entry: dict[str, Any]) -> str:
    """'a.py 512 [498-530] (512, 498, 530); b.py ...': each script's steady rate over its runs
    with its interval, then per run (a dash for a run without steady steps)."""
    rates, summary = entry.get("rates") or {}, entry.get("rate") or {}
    parts = []
    for label, values in rates.items():
        if not isinstance(values, list):
            continue
        overall = summary.get(label) if isinstance(summary, dict) else None
        mean = _overall(overall) if isinstance(overall, dict) else ""
        parts.append(f"{label} {mean}(" + ", ".join(_rate(v) for v in values) + ")")
    return "; ".join(parts)


def _overall(rate: dict[str, Any]) -> str:
    ci = rate.get("ci95")
    interval = f" [{_rate(ci[0])}-{_rate(ci[1])}]" if isinstance(ci, list) and len(ci) == 2 else ""
    return f"{_rate(rate.get('steps_per_s'))}{interval} "


def _rate(value: Any) -> str:
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        return DASH
    return sig(value)


def _detail(entry: dict[str, Any]) -> str:
    """The built-in comparison's detail line (pairs, what stopped them, the spread) of an entry."""
    return detail_text(Verdict.from_json(entry))
