"""A "no data yet" note inside an empty pyqtgraph plot, instead of bare axes.

An empty plot autoranges to [-0.5, 0.5] (a negative throughput axis) and, squeezed to a small
height, crowds its tick labels on top of each other. :func:`show_placeholder` hides the tick
values and puts a centred note in their place; :func:`hide_placeholder` brings them back. The
note is a child of the plot's view box in pixels, not a data item: it never changes the data
ranges (linked time axes keep following) and ``plot.clear()`` leaves it alone.
"""

from __future__ import annotations

import pyqtgraph as pg

NO_DATA = "no data yet"
_NOTE = "_fwprof_placeholder"  # the attribute a plot keeps its note under


def show_placeholder(plot: pg.PlotItem, text: str = NO_DATA, colour: str = "#6b7280") -> None:
    """Show ``text`` centred in ``plot`` and hide its tick values (idempotent)."""
    note: pg.TextItem | None = getattr(plot, _NOTE, None)
    box = plot.getViewBox()
    if note is None:
        note = pg.TextItem(anchor=(0.5, 0.5))
        note.setParentItem(box)
        note.setZValue(1000)
        setattr(plot, _NOTE, note)
        box.sigResized.connect(lambda _box: _centre(note, box))
    elif note.isVisible() and getattr(note, _NOTE, None) == (text, colour):
        return  # already shown (the live timeline asks ten times a second)
    setattr(note, _NOTE, (text, colour))
    note.setText(text, color=colour)
    _centre(note, box)
    note.show()
    for name in ("left", "bottom"):
        plot.getAxis(name).setStyle(showValues=False)


def _centre(note: pg.TextItem, box: pg.ViewBox) -> None:
    note.setPos(box.boundingRect().center())


def hide_placeholder(plot: pg.PlotItem) -> None:
    """Remove the note and show the tick values again (no-op without a note)."""
    note: pg.TextItem | None = getattr(plot, _NOTE, None)
    if note is None or not note.isVisible():
        return
    note.hide()
    for name in ("left", "bottom"):
        plot.getAxis(name).setStyle(showValues=True)


def has_placeholder(plot: pg.PlotItem) -> bool:
    """Whether ``plot`` shows its note now."""
    note: pg.TextItem | None = getattr(plot, _NOTE, None)
    return note is not None and note.isVisible()


def placeholder_text(plot: pg.PlotItem) -> str:
    """The note's text ("" without one)."""
    return str(getattr(plot, _NOTE).toPlainText()) if has_placeholder(plot) else ""
