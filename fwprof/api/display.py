"""Rich display of sessions and runs in Jupyter (``_repr_html_``): a runs table, the verdicts
and the HTML report's timeline charts (inline SVG from :mod:`fwprof.render`), nothing fetched."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from fwprof.export.html_timelines import timeline_charts
from fwprof.render.charts import figure
from fwprof.render.fmt import sig
from fwprof.render.svg import esc
from fwprof.render.tables import data_table, framework_cell, status_badge
from fwprof.results import SessionRecord
from fwprof.specs.script import ScriptSessionConfig

if TYPE_CHECKING:
    from fwprof.api.model import Run, Session

#: Scoped to the display's own ``div``, so a notebook's styles stay as they are.
STYLE = """<style>
.fwprof-api svg.chart { width: 100%; max-width: 1080px; height: auto; display: block; }
.fwprof-api figcaption, .fwprof-api .note { color: #6b7280; font-size: 12px; }
.fwprof-api .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; }
.fwprof-api .badge.ok { color: #1a7f37; } .fwprof-api .badge.bad { color: #c62828; }
.fwprof-api .badge.warn { color: #9a6700; }
</style>"""


def session_html(session: Session) -> str:
    """The session: what and when, its verdicts, its runs and their timelines."""
    title = (f"fwprof session {esc(session.created or '')} · {esc(session.status)} · "
             f"{len(session.runs)} run{'s' if len(session.runs) != 1 else ''}")
    verdicts = "".join(f"<li>{esc(v.text)}</li>" for v in session.verdicts if v.text)
    parts = [STYLE, f"<h3>{title}</h3>", f"<ul>{verdicts}</ul>" if verdicts else "",
             runs_table(session.runs), charts_html(session.record)]
    return f'<div class="fwprof-api">{"".join(parts)}</div>'


def run_html(run: Run) -> str:
    """One run: its row of the runs table and its own timelines."""
    record = SessionRecord(config=ScriptSessionConfig(), runs=[run.result])
    parts = [STYLE, f"<h3>{esc(run.run_id)} {esc(run.label)}</h3>", runs_table([run]),
             charts_html(record)]
    return f'<div class="fwprof-api">{"".join(parts)}</div>'


def runs_table(runs: list[Run] | tuple[Run, ...]) -> str:
    """Run id, label, framework, scenario, status, step count and median step time."""
    rows = [[esc(run.run_id), esc(run.label), framework_cell(run.framework), esc(run.scenario),
             status_badge(run.status), str(run.step_count), _median_ms(run)] for run in runs]
    return data_table(["run", "label", "framework", "scenario", "status", "steps",
                       "median step ms"], rows, numeric_from=5)


def charts_html(record: SessionRecord) -> str:
    """The report's timelines (throughput or step rate, CPU, memory, GPU busy) as figures."""
    return "".join(f"<h4>{esc(chart.title)}</h4>{figure(chart)}" for chart in timeline_charts(record))


def _median_ms(run: Run) -> str:
    durations = run.result.step_durations
    return sig(float(np.median(durations)) * 1e3) if durations.size else "–"
