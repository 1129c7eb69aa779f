"""Number formatting shared by the human-readable exports (markdown, HTML, compare)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from fwprof.catalog import FRAMEWORK_LABELS

DASH = "–"


def is_number(value: Any) -> bool:
    """A finite int or float (bools are not numbers here)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def sig(value: Any, digits: int = 3) -> str:
    """``digits`` significant figures, thousands separated above 1000; a dash when missing."""
    if not is_number(value):
        return DASH
    if abs(value) >= 10 ** digits:
        return f"{value:,.0f}"
    return f"{value:.{digits}g}"


def throughput_ci(tput: Mapping[str, Any] | None) -> str:
    """``57,281 [20,016–93,619]`` from a JSON throughput entry (``median``, ``ci95``)."""
    if not tput:
        return DASH
    return value_ci(tput.get("median"), tput.get("ci95"))


def value_ci(median: float | None, ci95: Sequence[float | None] | None) -> str:
    """``57,281 [20,016–93,619]`` from a value and its interval."""
    if median is None:
        return DASH
    low, high = (ci95 or (None, None))[:2]
    return f"{sig(median)} [{sig(low)}–{sig(high)}]"


def ratio_ci(value: Any, ci: Any) -> str:
    """``0.18 [0.10–0.51]`` for a ratio and its 95 % CI."""
    if not is_number(value):
        return DASH
    low, high = (ci or (None, None))[:2]
    text = f"{value:.2f}"
    return f"{text} [{low:.2f}–{high:.2f}]" if is_number(low) and is_number(high) else text


def mebibytes(value: Any) -> str:
    """Bytes as ``317 MiB`` (or GiB above 10 GiB)."""
    if not is_number(value):
        return DASH
    if value >= 10 * 2**30:
        return f"{value / 2**30:.1f} GiB"
    return f"{value / 2**20:.0f} MiB"


def seconds(value: Any) -> str:
    """A duration: ``850 ms`` below a second, else ``1.24 s``."""
    if not is_number(value):
        return DASH
    return f"{value * 1e3:.3g} ms" if value < 1 else f"{value:.3g} s"


def framework_label(name: str) -> str:
    """``torch`` -> ``PyTorch``; unknown names as they are."""
    return FRAMEWORK_LABELS.get(name, name)


def config_name(entry: Mapping[str, Any]) -> str:
    """``mlp train eager (cpu)`` from a JSON entry with those keys (typed rows have
    ``config_name``)."""
    return f"{entry.get('workload')} {entry.get('task')} {entry.get('mode')} ({entry.get('device')})"
