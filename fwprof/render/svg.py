"""Small inline-SVG charts for the HTML report: line charts over time and bar charts with CIs.

Pure string building, no dependencies: every text passes through :func:`esc`, numbers are
written with a few decimals, and long series are decimated (min and max per pixel column)
so a 10-minute session stays a few hundred points per line.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from fwprof.numbers import sig

FloatArray = npt.NDArray[np.float64]
Formatter = Callable[[float], str]

WIDTH = 1080
FONT = 11
AXIS_COLOR, GRID_COLOR, TEXT_COLOR, MUTED_COLOR = "#9aa1ab", "#e6e8ec", "#1f2328", "#6b7280"


def esc(text: object) -> str:
    """Text safe in HTML/SVG content and attribute values."""
    return html.escape(str(text), quote=True)


@dataclass(frozen=True)
class Line:
    """One polyline: x and y arrays (NaN breaks the line), colour and hover title."""

    xs: FloatArray
    ys: FloatArray
    color: str
    title: str
    dashed: bool = False


@dataclass(frozen=True)
class Band:
    """A shaded x-range behind a line chart (a run), labelled at the top when it fits."""

    x0: float
    x1: float
    label: str
    color: str
    title: str = ""
    short_label: str = ""


@dataclass(frozen=True)
class Bar:
    """One bar with an optional 95 % CI whisker."""

    label: str
    value: float
    low: float | None
    high: float | None
    color: str
    title: str = ""


@dataclass(frozen=True)
class BarGroup:
    """Bars drawn together under one heading (a configuration)."""

    heading: str
    bars: Sequence[Bar]
    note: str = ""


@dataclass
class Frame:
    """Pixel geometry of a plot area and the data ranges mapped onto it."""

    x_range: tuple[float, float]
    y_range: tuple[float, float]
    width: int = WIDTH
    height: int = 200
    left: int = 64
    right: int = 16
    top: int = 22
    bottom: int = 40
    parts: list[str] = field(default_factory=list)

    def px(self, x: float) -> float:
        """Pixel column of data value ``x``."""
        lo, hi = self.x_range
        return self.left + (x - lo) / (hi - lo) * (self.width - self.left - self.right)

    def py(self, y: float) -> float:
        """Pixel row of data value ``y`` (0 at the bottom of the plot area)."""
        lo, hi = self.y_range
        return self.height - self.bottom - (y - lo) / (hi - lo) * (self.height - self.top - self.bottom)


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (steps of 1, 2 or 5 times a power of ten)."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo]
    raw = (hi - lo) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    return [round(first + i * step, 12) for i in range(int((hi - first) / step + 1e-9) + 1)]


def compact(value: float) -> str:
    """Axis labels: ``0``, ``2.5``, ``1.2k``, ``35k``, ``1.5M``."""
    magnitude = abs(value)
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if magnitude >= limit:
            return f"{value / limit:.3g}{suffix}"
    return f"{value:.3g}"


def decimate(xs: FloatArray, ys: FloatArray, buckets: int) -> tuple[FloatArray, FloatArray]:
    """At most about ``2 * buckets`` points keeping each bucket's minimum and maximum."""
    if xs.size <= 2 * buckets:
        return xs, ys
    ids = np.minimum((np.arange(xs.size) * buckets) // xs.size, buckets - 1)
    keep: list[int] = []
    for bucket in np.split(np.arange(xs.size), np.flatnonzero(np.diff(ids)) + 1):
        values = ys[bucket]
        if not np.isfinite(values).any():
            keep.append(int(bucket[0]))
            continue
        pair = sorted({int(bucket[np.nanargmin(values)]), int(bucket[np.nanargmax(values)])})
        keep += pair
    index = np.array(keep)
    return xs[index], ys[index]


def line_chart(lines: Sequence[Line], bands: Sequence[Band], x_range: tuple[float, float],
               y_label: str, y_format: Formatter = compact, height: int = 200,
               x_label: str = "seconds since the session began") -> str:
    """An SVG line chart; the y axis starts at 0 and ends at a round number above the data."""
    peak = max((float(np.nanmax(line.ys)) for line in lines if np.isfinite(line.ys).any()), default=1.0)
    ticks = nice_ticks(0.0, peak * 1.05 if peak > 0 else 1.0)
    top = ticks[-1] if ticks[-1] >= peak else ticks[-1] + (ticks[1] - ticks[0] if len(ticks) > 1 else 1)
    frame = Frame(x_range, (0.0, top), height=height)
    _bands(frame, bands)
    _y_axis(frame, [*ticks, top] if top not in ticks else ticks, y_format, y_label)
    _x_axis(frame, x_label)
    for line in lines:
        _polyline(frame, line)
    return _svg(frame, f"{y_label} over time")


def bar_chart(groups: Sequence[BarGroup], x_label: str, x_format: Formatter = compact) -> str:
    """Horizontal bars grouped by heading, each with a CI whisker and its value at the end."""
    bar_h, gap, heading_h = 18, 6, 22
    rows = sum(len(g.bars) for g in groups)
    height = 16 + len(groups) * (heading_h + 10) + rows * (bar_h + gap) + 40
    peak = max((b.high if b.high is not None else b.value for g in groups for b in g.bars
                if math.isfinite(b.high if b.high is not None else b.value)), default=1.0)
    ticks = nice_ticks(0.0, peak * 1.08 if peak > 0 else 1.0)
    frame = Frame((0.0, max(ticks[-1], peak * 1.08)), (0.0, 1.0), height=height, left=150,
                  right=120, top=16, bottom=40)
    _x_ticks(frame, ticks, x_format, x_label)
    y = float(frame.top)
    for group in groups:
        frame.parts.append(_text(8, y + 14, group.heading, weight="600", size=12))
        if group.note:
            frame.parts.append(_text(frame.width - 8, y + 14, group.note, anchor="end",
                                     color=MUTED_COLOR))
        y += heading_h
        for bar in group.bars:
            _bar(frame, bar, y, bar_h)
            y += bar_h + gap
        y += 10
    return _svg(frame, f"{x_label} by configuration")


def stacked_bars(rows: Sequence[tuple[str, Sequence[tuple[str, float, str]]]], x_label: str) -> str:
    """One horizontal bar per row made of (segment name, length, colour) pieces."""
    bar_h, gap = 16, 6
    height = 12 + len(rows) * (bar_h + gap) + 40
    total = max((sum(v for _, v, _ in parts if math.isfinite(v)) for _, parts in rows), default=1.0)
    ticks = nice_ticks(0.0, total if total > 0 else 1.0)
    frame = Frame((0.0, max(ticks[-1], total)), (0.0, 1.0), height=height, left=250, right=24,
                  top=12, bottom=40)
    _x_ticks(frame, ticks, compact, x_label)
    y = float(frame.top)
    for label, parts in rows:
        frame.parts.append(_text(frame.left - 8, y + bar_h - 4, label, anchor="end"))
        x = 0.0
        for name, value, color in parts:
            if not math.isfinite(value) or value <= 0:
                continue
            x0, x1 = frame.px(x), frame.px(x + value)
            frame.parts.append(
                f'<rect x="{x0:.1f}" y="{y:.1f}" width="{max(x1 - x0, 0.5):.1f}" height="{bar_h}" '
                f'fill="{esc(color)}"><title>{esc(label)}: {esc(name)} {value:.3g} s</title></rect>')
            x += value
        y += bar_h + gap
    return _svg(frame, x_label)


def span_rows(rows: Sequence[tuple[str, Sequence[tuple[float, float]], str]], x_label: str) -> str:
    """A time line with one row per ``(label, [(start, end), ...], colour)`` (a Gantt chart)."""
    bar_h, gap = 14, 6
    height = 12 + len(rows) * (bar_h + gap) + 40
    last = max((end for _, spans, _ in rows for _, end in spans if math.isfinite(end)), default=1.0)
    ticks = nice_ticks(0.0, last if last > 0 else 1.0)
    frame = Frame((0.0, max(ticks[-1], last)), (0.0, 1.0), height=height, left=250, right=24,
                  top=12, bottom=40)
    _x_ticks(frame, ticks, compact, x_label)
    y = float(frame.top)
    for label, spans, color in rows:
        frame.parts.append(_text(frame.left - 8, y + bar_h - 3, label, anchor="end"))
        for start, end in spans:
            x0, x1 = frame.px(start), frame.px(end)
            frame.parts.append(
                f'<rect x="{x0:.1f}" y="{y:.1f}" width="{max(x1 - x0, 1.0):.1f}" height="{bar_h}" '
                f'fill="{esc(color)}"><title>{esc(label)}: {start:.3g} to {end:.3g} s '
                f'({end - start:.3g} s)</title></rect>')
        y += bar_h + gap
    return _svg(frame, x_label)


def _svg(frame: Frame, title: str) -> str:
    body = "".join(frame.parts)
    return (f'<svg class="chart" viewBox="0 0 {frame.width} {frame.height}" role="img" '
            f'font-size="{FONT}"><title>{esc(title)}</title>{body}</svg>')


def _text(x: float, y: float, text: str, anchor: str = "start", color: str = TEXT_COLOR,
          size: int = FONT, weight: str = "400") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{color}" '
            f'font-size="{size}" font-weight="{weight}">{esc(text)}</text>')


def _bands(frame: Frame, bands: Sequence[Band]) -> None:
    bottom = frame.height - frame.bottom
    for band in bands:
        x0, x1 = frame.px(band.x0), frame.px(band.x1)
        frame.parts.append(
            f'<rect x="{x0:.1f}" y="{frame.top}" width="{max(x1 - x0, 0.5):.1f}" '
            f'height="{bottom - frame.top}" fill="{esc(band.color)}" fill-opacity="0.07">'
            f'<title>{esc(band.title or band.label)}</title></rect>')
        label = next((text for text in (band.label, band.short_label)
                      if text and x1 - x0 > 6 * len(text) + 8), "")
        if label:
            frame.parts.append(_text((x0 + x1) / 2, frame.top - 6, label, anchor="middle",
                                     color=MUTED_COLOR, size=10))


def _y_axis(frame: Frame, ticks: Sequence[float], fmt: Formatter, label: str) -> None:
    x0, x1 = frame.left, frame.width - frame.right
    for tick in ticks:
        y = frame.py(tick)
        frame.parts.append(f'<line x1="{x0}" x2="{x1}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID_COLOR}"/>')
        frame.parts.append(_text(x0 - 6, y + 4, fmt(tick), anchor="end", color=MUTED_COLOR))
    mid = (frame.top + frame.height - frame.bottom) / 2
    frame.parts.append(
        f'<text transform="translate(14 {mid:.1f}) rotate(-90)" text-anchor="middle" '
        f'fill="{MUTED_COLOR}" font-size="{FONT}">{esc(label)}</text>')


def _x_axis(frame: Frame, label: str) -> None:
    lo, hi = frame.x_range
    _x_ticks(frame, nice_ticks(lo, hi, 8), compact, label)


def _x_ticks(frame: Frame, ticks: Sequence[float], fmt: Formatter, label: str) -> None:
    base = frame.height - frame.bottom
    frame.parts.append(f'<line x1="{frame.left}" x2="{frame.width - frame.right}" y1="{base}" '
                       f'y2="{base}" stroke="{AXIS_COLOR}"/>')
    for tick in ticks:
        x = frame.px(tick)
        frame.parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{base}" y2="{base + 4}" '
                           f'stroke="{AXIS_COLOR}"/>')
        frame.parts.append(_text(x, base + 16, fmt(tick), anchor="middle", color=MUTED_COLOR))
    frame.parts.append(_text(frame.width - frame.right, base + 30, label, anchor="end",
                             color=MUTED_COLOR))


def _polyline(frame: Frame, line: Line) -> None:
    xs, ys = decimate(line.xs, line.ys, (frame.width - frame.left - frame.right) // 2)
    dash = ' stroke-dasharray="4 3"' if line.dashed else ""
    for segment in _finite_runs(xs, ys):
        if len(segment) == 1:
            (x, y), = segment
            frame.parts.append(f'<circle cx="{frame.px(x):.1f}" cy="{frame.py(y):.1f}" r="2.5" '
                               f'fill="{esc(line.color)}"><title>{esc(line.title)}</title></circle>')
            continue
        points = " ".join(f"{frame.px(x):.1f},{frame.py(y):.1f}" for x, y in segment)
        frame.parts.append(
            f'<polyline points="{points}" fill="none" stroke="{esc(line.color)}" stroke-width="1.6" '
            f'stroke-linejoin="round"{dash}><title>{esc(line.title)}</title></polyline>')


def _finite_runs(xs: FloatArray, ys: FloatArray) -> list[list[tuple[float, float]]]:
    segments: list[list[tuple[float, float]]] = [[]]
    for x, y in zip(xs.tolist(), ys.tolist(), strict=True):
        if math.isfinite(x) and math.isfinite(y):
            segments[-1].append((x, y))
        elif segments[-1]:
            segments.append([])
    return [s for s in segments if s]


def _bar(frame: Frame, bar: Bar, y: float, h: int) -> None:
    x0 = frame.px(0.0)
    x1 = frame.px(bar.value) if math.isfinite(bar.value) else x0
    frame.parts.append(_text(frame.left - 8, y + h - 5, bar.label, anchor="end"))
    frame.parts.append(f'<rect x="{x0:.1f}" y="{y:.1f}" width="{max(x1 - x0, 0.5):.1f}" height="{h}" '
                       f'rx="2" fill="{esc(bar.color)}"><title>{esc(bar.title or bar.label)}</title></rect>')
    end = x1
    if bar.low is not None and bar.high is not None and math.isfinite(bar.low) and math.isfinite(bar.high):
        lo, hi, mid = frame.px(bar.low), frame.px(bar.high), y + h / 2
        frame.parts.append(
            f'<path d="M{lo:.1f} {mid:.1f}H{hi:.1f}M{lo:.1f} {y + 3:.1f}V{y + h - 3:.1f}'
            f'M{hi:.1f} {y + 3:.1f}V{y + h - 3:.1f}" stroke="{TEXT_COLOR}" stroke-width="1.3" fill="none"/>')
        end = max(end, hi)
    frame.parts.append(_text(end + 6, y + h - 5, sig(bar.value), color=TEXT_COLOR))
