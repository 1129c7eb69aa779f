"""HTML: the top-operators section of traced runs (``fwprof run --trace``)."""

from __future__ import annotations

from typing import Any

from fwprof.catalog import FRAMEWORK_LABELS
from fwprof.render.svg import esc
from fwprof.render.tables import data_table
from fwprof.report.operators import category_rows, section_frameworks, top_rows

#: Operators listed per framework in the report.
HTML_TOP_N = 10


def operators_section(sections: list[dict[str, Any]]) -> str:
    """Per traced configuration: ms per step by category and the top operators, side by side."""
    if not sections:
        return ""
    parts = ['<section><h2>Top operators</h2><p class="note">From each framework\'s own profiler, '
             "over a few steps after the measure phase (measured times never include it); "
             "milliseconds per traced step.</p>"]
    for section in sections:
        frameworks = section_frameworks(section)
        labels = [FRAMEWORK_LABELS.get(fw, fw) for fw in frameworks]
        parts.append(f"<h3>{esc(section.get('config', '?'))}</h3>")
        cat_rows = [[esc(cell) for cell in row] for row in category_rows(section)]
        parts.append(data_table(["category", *labels], cat_rows, numeric_from=1))
        headers = ["#"]
        for label in labels:
            headers += [f"{label} operator", "ms", "category"]
        rows = [[esc(cell) for cell in row] for row in top_rows(section, HTML_TOP_N)]
        if rows:
            parts.append(data_table(headers, rows))
        notes = []
        for fw, label in zip(frameworks, labels, strict=True):
            side = section["frameworks"][fw]
            notes += [f"{label}: {text}" for text in [side.get("note"), *(side.get("notes") or [])] if text]
            if side.get("time_kind"):
                notes.append(f"{label} times: {side['time_kind']}")
        parts += [f'<p class="note">{esc(note)}</p>' for note in notes]
    return "".join(parts) + "</section>"
