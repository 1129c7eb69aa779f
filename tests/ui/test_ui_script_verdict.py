"""The app's scripts table with two scripts side by side shows the scripts' verdict line."""

from __future__ import annotations

from typing import Any

import numpy as np

from fwprof.outputs.document import SummaryDocument
from fwprof.outputs.summary import build_summary
from fwprof.results import RunResult, SessionRecord, StepLog
from fwprof.specs.script import ScriptSessionConfig, ScriptSpec
from ui.base.theme import LIGHT
from ui.views.results.scripts_table import SCRIPT_HEADERS, ScriptsTable


def _run(run_id: str, script: str, step_s: float) -> RunResult:
    durations = np.full(40, step_s)
    return RunResult(run_id=run_id, spec=ScriptSpec(script=script, python="/py", cwd="/w"),
                     status="ok", exit_code=0, steps=StepLog(np.cumsum(durations), durations),
                     info={"step_sources": ["torch"], "step_source": "auto"})


def _show(table: ScriptsTable, document: SummaryDocument) -> None:
    table.show_scripts(document.profile.scripts, document.profile.comparisons)


def test_two_scripts_side_by_side_get_the_verdict_line(qtbot: Any) -> None:
    record = SessionRecord(config=ScriptSessionConfig(), status="finished",
                           runs=[_run("r001", "train_torch.py", 0.01), _run("r002", "train_tf.py", 0.02)])
    summary = build_summary(record)
    table = ScriptsTable(LIGHT)
    qtbot.addWidget(table)
    table.show()
    _show(table, summary)
    [entry] = summary.profile.comparisons
    assert table.verdict.isVisible()
    assert table.verdict.text() == f"train_tf.py vs train_torch.py: {entry.verdict}"
    assert table.verdict.text().startswith("train_tf.py vs train_torch.py: not decided: too few fresh")
    _show(table, build_summary(SessionRecord(config=ScriptSessionConfig(), runs=record.runs[:1])))
    assert not table.verdict.isVisible()


def test_gpu_runs_say_in_the_step_time_tooltips_that_the_table_is_host_side(qtbot: Any) -> None:
    run = _run("r001", "train.py", 0.01)
    run.resources = {"gpu": {"proc_mem_bytes_peak": 2**30}}
    table = ScriptsTable(LIGHT)
    qtbot.addWidget(table)
    _show(table, build_summary(SessionRecord(config=ScriptSessionConfig(), runs=[run])))
    column = SCRIPT_HEADERS.index("Step ms p50")
    assert "host-side" in table.table.source.item(0, column).toolTip()
