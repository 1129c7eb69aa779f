"""The app with steps of several kinds: headline and live rate from training steps only."""

from __future__ import annotations

from typing import Any

import numpy as np

from fwprof.outputs.summary import build_summary
from fwprof.results import RunResult, SessionRecord, StepLog
from fwprof.specs.script import ScriptSessionConfig, ScriptSpec
from ui.base.theme import LIGHT
from ui.views.results.results_view import ResultsView
from ui.views.results.scripts_table import SCRIPT_HEADERS, ScriptsTable
from ui.views.timeline.live_buffer import LiveBuffer, batch_from_record


def record_with_kinds() -> SessionRecord:
    run = RunResult(run_id="r001", spec=ScriptSpec(script="fit.py", python="/py", cwd="/w"),
                    status="ok", exit_code=0, started_at=9.0, ended_at=30.0,
                    steps=StepLog(np.array([10.0, 11.0, 12.0]), np.ones(3)),
                    other_steps={"eval": StepLog(np.array([13.0, 14.0]), np.ones(2)),
                                 "predict": StepLog(np.array([15.0]), np.ones(1))},
                    info={"step_sources": ["keras"], "step_source": "auto"})
    return SessionRecord(config=ScriptSessionConfig(), runs=[run], status="finished",
                         created="2026-12-04T00:00:00+00:00")


def test_scripts_table_heads_with_train_steps_and_shows_the_others_apart(qtbot: Any) -> None:
    table = ScriptsTable(LIGHT)
    qtbot.addWidget(table)
    document = build_summary(record_with_kinds())
    table.show_scripts(document.profile.scripts, document.profile.comparisons)
    model = table.table.source
    row = {SCRIPT_HEADERS[col]: model.item(0, col).text() for col in range(model.columnCount())}
    assert row["Train steps"] == "3" and row["Steps/s"] == "1.00"
    assert row["Eval / predict"] == "eval 2 · predict 1"
    assert "eval: 1.0 steps/s" in model.item(0, SCRIPT_HEADERS.index("Eval / predict")).toolTip()


def test_results_view_shows_a_session_with_step_kinds(qtbot: Any) -> None:
    view = ResultsView(LIGHT)
    qtbot.addWidget(view)
    view.show_summary(build_summary(record_with_kinds()), "fit.fwprof")
    assert view.scripts.table.source.rowCount() == 1


def test_live_timeline_takes_training_steps_only() -> None:
    record = record_with_kinds()
    run = record.runs[0]
    buffer = LiveBuffer()
    buffer.session_started(record)
    for kind, ends in (("train", [1.0, 2.0]), ("eval", [3.0, 4.0, 5.0]), (None, [6.0])):
        event = {"v": 1, "k": "steps", "t": ends[-1], "end": ends, "dur": [1.0] * len(ends)}
        if kind:
            event["step_kind"] = kind
        buffer.run_event(run, event)
    assert buffer.steps_done("r001") == 3  # an event without a kind (older fwprof) is training
    assert sum(ends.size for _, ends, _ in buffer.drain().steps) == 3
    assert sum(ends.size for _, ends, _ in batch_from_record(record).steps) == 3
