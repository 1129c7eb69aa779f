"""HTML tables of the report: data tables of already-escaped cells, key/value tables, and the
small cells they share (a framework's swatch, a status badge, a value as short text)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from fwprof.render.charts import framework_color
from fwprof.render.fmt import DASH, framework_label
from fwprof.render.svg import esc


def data_table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric_from: int = 99,
               numeric_to: int = 99) -> str:
    """A table whose cells are already-escaped HTML; columns in [from, to) align right."""
    def cls(i: int) -> str:
        return ' class="num"' if numeric_from <= i < numeric_to else ""

    head = "".join(f"<th{cls(i)}>{esc(h)}</th>" for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f"<td{cls(i)}>{c}</td>" for i, c in enumerate(row)) + "</tr>"
                   for row in rows)
    empty = f'<tr><td colspan="{len(headers)}" class="note">none</td></tr>' if not rows else ""
    return (f'<div class="scroll"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}{empty}</tbody></table></div>")


def kv_table(items: Iterable[tuple[str, Any]]) -> str:
    """A two-column table: each key, then its value as short text."""
    rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(plain(v))}</td></tr>" for k, v in items)
    return f'<table class="kv"><tbody>{rows}</tbody></table>'


def framework_cell(framework: str) -> str:
    """A framework's colour swatch and name."""
    return (f'<span class="nowrap"><span class="swatch" style="background:{framework_color(framework)}">'
            f"</span>{esc(framework_label(framework))}</span>")


#: Badge class of each run status: failures red, runs that did not run to the end by choice
#: or circumstance (stopped by the user, skipped) amber.
BADGE_CLASSES = {"ok": "ok", "failed": "bad", "stopped": "warn", "skipped": "warn"}


def status_badge(status: str) -> str:
    """A run's status as a badge: green ``ok``, red ``failed``, amber otherwise (stopped, skipped)."""
    return f'<span class="badge {BADGE_CLASSES.get(status, "warn")}">{esc(status)}</span>'


def error_cell(error: Any) -> str:
    """An error message in red (empty when there is none)."""
    return f'<span class="error">{esc(error or "")}</span>'


def plain(value: Any) -> str:
    """A value as short text: strings as they are, None as a dash, others as compact JSON."""
    if value is None:
        return DASH
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {plain(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "; ".join(plain(v) for v in value)
    return json.dumps(value, default=str)
