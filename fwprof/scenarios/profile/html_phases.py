"""Script profiling's phases in the HTML report: when each phase of each script run ran.

A script's phases are its imports of the frameworks (``import torch``), the Keras loops
(``fit``, ``evaluate``, ``predict``) and its own ``with fwprof.phase(...)`` blocks. Each run
gets one row per phase name on a time line from its start (a phase repeated in a loop is one
row with a bar per time), and a table of how often each ran and for how long in all.
"""

from __future__ import annotations

from collections.abc import Sequence

from fwprof.render.charts import OTHER_COLOR, PHASE_COLORS
from fwprof.render.fmt import sig
from fwprof.render.svg import esc, span_rows
from fwprof.render.tables import data_table
from fwprof.scenarios.profile.section import ScriptRow

#: Colours of the script's own phases, in the order they first appear.
PALETTE = ("#2f6fde", "#d9a400", "#1a9c5b", "#a66bd3", "#e0663a", "#17a2b8", "#c2185b")
#: At most this many rows in the chart (the table lists every phase).
MAX_ROWS = 40
HEADERS = ("run", "phase", "times", "total s", "first start s", "longest s")


def phases_section(scripts: Sequence[ScriptRow]) -> str:
    """The section, or "" when no script run has a finished phase."""
    grouped = _grouped(scripts)
    if not grouped:
        return ""
    colors = _colors([name for _, name, _ in grouped])
    rows = [(f"{run_id} {name}", spans, colors[name]) for run_id, name, spans in grouped]
    chart = span_rows(rows[:MAX_ROWS], "seconds since the script started")
    more = len(rows) - MAX_ROWS
    note = f'<p class="note">{more} more phases in the table below.</p>' if more > 0 else ""
    table = data_table(HEADERS, [_table_row(run_id, name, spans) for run_id, name, spans in grouped],
                       numeric_from=2)
    caption = ("each phase of each script run (imports of the frameworks, Keras loops, "
               "fwprof.phase blocks); hover a bar for its times")
    return (f"<section><h2>Script phases</h2><figure>{chart}<figcaption>{esc(caption)}</figcaption>"
            f"</figure>{note}{table}</section>")


def _grouped(scripts: Sequence[ScriptRow]) -> list[tuple[str, str, list[tuple[float, float]]]]:
    """``(run id, phase name, [(start, end), ...])`` in order of first appearance."""
    grouped: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for script in scripts:
        for phase in script.phases:
            start, duration = phase.start_s, phase.duration_s
            if start is None or duration is None:
                continue
            key = (script.run_id, phase.name)
            grouped.setdefault(key, []).append((float(start), float(start) + float(duration)))
    return [(run_id, name, spans) for (run_id, name), spans in grouped.items()]


def _colors(names: list[str]) -> dict[str, str]:
    colors: dict[str, str] = {}
    for name in names:
        if name not in colors:
            own = sum(1 for known in colors if not known.startswith("import "))
            colors[name] = (PHASE_COLORS.get("import", OTHER_COLOR) if name.startswith("import ")
                            else PALETTE[own % len(PALETTE)])
    return colors


def _table_row(run_id: str, name: str, spans: list[tuple[float, float]]) -> list[str]:
    durations = [end - start for start, end in spans]
    return [esc(run_id), esc(name), str(len(spans)), esc(sig(sum(durations))),
            esc(sig(spans[0][0])), esc(sig(max(durations)))]
