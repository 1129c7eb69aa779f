"""An axis whose tick labels read like the tables: 12,000 rather than 12000."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg


class ReadableAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph is untyped
    """Thousands separators on large values; pyqtgraph's own labels otherwise."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        if values and max(abs(v * scale) for v in values) >= 10_000:
            return [f"{v * scale:,.0f}" for v in values]
        return list(super().tickStrings(values, scale, spacing))


def left_axis() -> dict[str, Any]:
    """``axisItems`` for a plot with a readable left axis."""
    return {"left": ReadableAxis("left")}
