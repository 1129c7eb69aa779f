"""Number formatting shared by every report, export and view."""

from __future__ import annotations

from typing import Any


def sig(value: Any, cutoff: float = 1000, missing: str | None = None) -> str:
    """Three significant figures; from ``cutoff`` up, the whole number with thousands separators.

    ``sig(0.012345)`` -> ``0.0123``, ``sig(123.45)`` -> ``123``, ``sig(12345.6)`` -> ``12,346``.
    With ``missing`` given, a value that is not an int or float is shown as ``missing``.
    """
    if missing is not None and not isinstance(value, (int, float)):
        return missing
    return f"{value:,.0f}" if value >= cutoff else f"{value:.3g}"
