"""The scaling table that ``fwprof run --task distributed`` and ``fwprof show`` print, from the
cells the HTML and Markdown views use (:mod:`fwprof.scenarios.distributed.cells`)."""

from __future__ import annotations

from collections.abc import Sequence

from fwprof.scenarios.distributed.cells import (
    FIRST_NUMBER,
    HEADERS,
    RANK_FIRST_NUMBER,
    RANK_HEADERS,
    failed_launches,
    rank_rows,
    scaling_rows,
)
from fwprof.scenarios.distributed.section import ScalingEntry


def render_scaling(entries: Sequence[ScalingEntry]) -> list[str]:
    """Lines of the scaling table, the per-rank table and failed launches (none: no lines)."""
    if not entries:
        return []
    ranks = rank_rows(entries)
    lines = ["Scaling (global batch split over the workers; a node's cores split evenly over its "
             "workers; efficiency = speedup / growth of cores or GPUs used):",
             align(HEADERS, scaling_rows(entries, noisy_mark="*"), FIRST_NUMBER)]
    if any(point.noisy for entry in entries for point in entry.points):
        lines.append("* noisy: a launch's step times vary (IQR/median > 10 %)")
    if ranks:
        lines += ["", "Per rank (comm = step - compute-only step):",
                  align(RANK_HEADERS, ranks, RANK_FIRST_NUMBER)]
    if failed := failed_launches(entries):
        lines += ["", "Launches that did not complete:", *(f"  {line}" for line in failed)]
    return lines


def align(headers: tuple[str, ...], rows: list[list[str]], first_number: int) -> str:
    """Plain aligned columns: text left, numbers right."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: list[str] | tuple[str, ...]) -> str:
        return "  ".join(c.rjust(w) if i >= first_number else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])
