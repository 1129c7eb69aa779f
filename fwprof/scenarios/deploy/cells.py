"""The deploy table's cells as plain text, shared by the text table, the HTML and Markdown
sections (which escape them) and the app's Deploy tab.

Each takes a typed :class:`~fwprof.scenarios.deploy.section.FormatRow` (or one of its figures)
and the dash its view shows for a missing figure: ``-`` in the text table and the app,
``–`` in the HTML and Markdown exports.
"""

from __future__ import annotations

from fwprof.numbers import sig
from fwprof.scenarios.deploy.section import FormatRow, Throughput

#: The text table's and the app's mark for a missing figure.
MISSING = "-"


def size_text(value: float | None, missing: str = MISSING) -> str:
    """Bytes as ``812 KiB`` or ``1.04 MiB``."""
    if not isinstance(value, (int, float)):
        return missing
    if value < 2**20:
        return f"{value / 2**10:.0f} KiB"
    return f"{value / 2**20:.3g} MiB"


def figure(value: float | None, missing: str = MISSING) -> str:
    """Three significant figures (``0.05``, ``1.5``)."""
    return f"{value:.3g}" if isinstance(value, (int, float)) else missing


def diff_text(value: float | None, missing: str = MISSING) -> str:
    """A parity difference: ``2.0e-07``."""
    return f"{value:.1e}" if isinstance(value, (int, float)) else missing


def latency_figures(row: FormatRow) -> tuple[float | None, float | None, float | None]:
    """p50, p90 and p99 of the queries at batch 1, in ms (None each without latency)."""
    latency = row.latency_ms
    return (None, None, None) if latency is None else (latency.p50, latency.p90, latency.p99)


def throughput_text(tput: Throughput | None, cutoff: float = 1000, missing: str = MISSING) -> str:
    """``57,281 [56,016-58,619] @128``: thousands separated from ``cutoff`` up."""
    if tput is None:
        return missing
    median, low, high = (sig(v, cutoff=cutoff, missing=missing) for v in (tput.median, tput.low, tput.high))
    at = f" @{tput.batch_size}" if tput.batch_size else ""
    return f"{median} [{low}-{high}]{at}"


def short_error(error: object, limit: int = 400) -> str:
    """An error on one line, cut to ``limit`` characters (converters' messages run long)."""
    flat = " ".join(str(error).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def failed_where(row: FormatRow) -> str:
    """`` at load`` for a format that failed or stopped at a stage, else nothing."""
    return f" at {row.failed_stage}" if row.failed_stage else ""


def problems(rows: tuple[FormatRow, ...] | list[FormatRow]) -> list[FormatRow]:
    """The formats that did not complete, in table order."""
    return [row for row in rows if not row.ok]
