"""The HTML report's recommendations, start-up cost and development-effort sections."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fwprof.advice.base import Finding
from fwprof.effort.source import ModelSource, model_sources
from fwprof.effort.table import STARTUP_HEADERS, effort_rows, startup_cells
from fwprof.render.svg import esc
from fwprof.render.tables import data_table

EFFORT_HEADERS = ("workload", "PyTorch lines", "PyTorch tokens", "TensorFlow lines", "TensorFlow tokens",
                  "PyTorch functions", "TensorFlow functions")


def recommendations_section(findings: Sequence[Finding]) -> str:
    """Each finding as a card: title, evidence and what to try ("" when there is none)."""
    if not findings:
        return ""
    cards = "".join(_card(f) for f in findings)
    return f'<section><h2>Recommendations</h2><div class="cards">{cards}</div></section>'


def _card(finding: Finding) -> str:
    warning = finding.severity == "warning"
    badge = '<span class="badge warn">check</span>' if warning else '<span class="badge ok">tip</span>'
    color = "#9a6700" if warning else "#1a7f37"
    return (f'<div class="card" style="border-left-color:{color}">'
            f'<div class="card-title">{esc(finding.rule)} · {esc(finding.scope or "session")}</div>'
            f'<div class="card-verdict" style="font-size:15px">{badge} {esc(finding.title)}</div>'
            f'<div class="card-detail"><b>Evidence:</b> {esc(finding.evidence)}</div>'
            f'<div class="card-detail"><b>Try:</b> {esc(finding.advice)}</div></div>')


def startup_section(rows: list[dict[str, Any]]) -> str:
    """The start-up cost table ("" without rows)."""
    if not rows:
        return ""
    cells = [[esc(c) for c in startup_cells(row)] for row in rows]
    note = ("Medians over repeats, in seconds. To 1st step: import + build + first step. Compile/trace: "
            "the first step minus a median step (tracing, compilation, first-call allocations); "
            "cold/warm: torch.compile's Inductor cache.")
    return (f"<section><h2>Start-up cost</h2>{data_table(STARTUP_HEADERS, cells, numeric_from=4)}"
            f'<p class="small">{esc(note)}</p></section>')


def effort_section(sources: list[ModelSource] | None = None) -> str:
    """Lines of code and tokens of each built-in model's implementation in each framework."""
    try:
        found = model_sources() if sources is None else sources
    except (OSError, SyntaxError) as exc:
        return f'<section><h2>Development effort</h2><p class="note">{esc(exc)}</p></section>'
    rows = []
    for row in effort_rows(found):
        torch, tf = row.get("torch") or {}, row.get("tensorflow") or {}
        rows.append([esc(row["workload"]), *(esc(side.get(k, "–")) for side in (torch, tf)
                                             for k in ("lines", "tokens")),
                     esc(", ".join(torch.get("functions") or [])), esc(", ".join(tf.get("functions") or []))])
    note = ("Counted in the source fwprof ships (fwprof/workloads/*_models.py, the child backends' train "
            "steps): lines holding code and their Python tokens; blank lines, comments and docstrings "
            "left out. A model's count covers its builder and the functions it calls.")
    table = data_table(EFFORT_HEADERS, rows, numeric_from=1, numeric_to=5)
    return (f"<section><h2>Development effort</h2>{table}"
            f'<p class="small">{esc(note)}</p></section>')
