"""Plain aligned text columns for the CLI's tables (text left, numbers right)."""

from __future__ import annotations

from collections.abc import Sequence


def aligned(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric_from: int) -> list[str]:
    """Header, a rule and the rows; columns from ``numeric_from`` on are right-aligned."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if i >= numeric_from else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=False))).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *map(line, rows)]
