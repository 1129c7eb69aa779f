"""The distributed scenario's Markdown: the scaling table and the launches that failed."""

from __future__ import annotations

from fwprof.render.markdown import escape, table_line
from fwprof.scenarios.distributed.cells import FIRST_NUMBER, HEADERS, failed_launches, scaling_rows
from fwprof.scenarios.distributed.section import DistributedSection


def scaling_lines(section: DistributedSection) -> list[str]:
    """A blank line, the table, then each failed launch; no lines without distributed launches.

    Text cells are escaped; the figures are formatted numbers, as in the comparison's table.
    """
    entries = section.scaling
    if not entries:
        return []
    align = ["---"] * FIRST_NUMBER + ["---:"] * (len(HEADERS) - FIRST_NUMBER)
    lines = ["", table_line(list(HEADERS)), table_line(align)]
    lines += [table_line([escape(c) for c in row[:FIRST_NUMBER]] + row[FIRST_NUMBER:])
              for row in scaling_rows(entries)]
    failed = failed_launches(entries)
    if failed:
        lines += ["", "Launches that did not complete:", ""] + [f"- {escape(line)}" for line in failed]
    return lines
