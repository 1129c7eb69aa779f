"""The top-operators tables of traced runs (``fwprof run --trace``), side by side per framework."""

from __future__ import annotations

from typing import Any

from fwprof.catalog import FRAMEWORK_LABELS, FRAMEWORKS
from fwprof.report.columns import aligned
from fwprof.trace.categories import CATEGORIES

#: Operators listed per framework in the text table.
TEXT_TOP_N = 8


def section_frameworks(section: dict[str, Any]) -> list[str]:
    """The frameworks of one configuration's section, in the usual order."""
    sides = section.get("frameworks") or {}
    return [fw for fw in FRAMEWORKS if fw in sides] + [fw for fw in sides if fw not in FRAMEWORKS]


def category_rows(section: dict[str, Any]) -> list[list[str]]:
    """One row per category: its name, then ms per step for each framework ('-' where none)."""
    sides = section.get("frameworks") or {}
    rows = []
    frameworks = section_frameworks(section)
    for category in CATEGORIES:
        cells = [ms_text((sides[fw].get("categories") or {}).get(category)) for fw in frameworks]
        rows.append([category, *cells])
    return rows


def top_rows(section: dict[str, Any], top_n: int) -> list[list[str]]:
    """Rank, then per framework: operator, ms per step, category (blank past its list)."""
    sides = section.get("frameworks") or {}
    tops = [(sides[fw].get("top") or [])[:top_n] for fw in section_frameworks(section)]
    rows = []
    for rank in range(max((len(t) for t in tops), default=0)):
        cells = [str(rank + 1)]
        for top in tops:
            op = top[rank] if rank < len(top) else None
            cells += ([str(op["name"]), ms_text(op.get("ms_per_step")), str(op.get("category", ""))]
                      if op else ["", "", ""])
        rows.append(cells)
    return rows


def render_operators(sections: list[dict[str, Any]], top_n: int = TEXT_TOP_N) -> list[str]:
    """The CLI's lines: per traced configuration, ms per step by category and the top operators."""
    if not sections:
        return []
    lines = ["Top operators (framework profilers, after the measure phase; ms per traced step):"]
    for section in sections:
        frameworks = section_frameworks(section)
        labels = [FRAMEWORK_LABELS.get(fw, fw) for fw in frameworks]
        lines += ["", f"  {section.get('config', '?')}"]
        lines += ["  " + line for line in aligned(["category", *labels], category_rows(section), 1)]
        headers = ["#"]
        for label in labels:
            headers += [f"{label} operator", "ms", "category"]
        rows = top_rows(section, top_n)
        if rows:
            lines += [""] + ["  " + line for line in aligned(headers, rows, 99)]
        lines += ["  " + note for note in section_notes(section)]
    return lines


def section_notes(section: dict[str, Any]) -> list[str]:
    """Per framework of one section: its notes, then what its times mean ("Label: ...")."""
    notes = []
    for fw in section_frameworks(section):
        side, label = section["frameworks"][fw], FRAMEWORK_LABELS.get(fw, fw)
        notes += [f"{label}: {text}" for text in [side.get("note"), *(side.get("notes") or [])]
                  if text]
        if side.get("time_kind"):
            notes.append(f"{label} times: {side['time_kind']}")
    return notes


def ms_text(value: Any) -> str:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return "-"
    return f"{value:.3g}" if value >= 0.001 else "<0.001"
