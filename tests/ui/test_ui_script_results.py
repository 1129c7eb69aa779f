"""A script session in the window (a real PyTorch script): the Results tab charts its steps/s,
phases, CPU and memory; the live Phase column leaves 'import torch' once steps count; stderr
reads as output unless the script failed."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QTextCursor

from ui.app.main_window import MainWindow
from ui.views.profile.console_pane import ConsolePane
from ui.views.profile.script_entries import ScriptEntry, plan_of
from ui.views.session.run_queue import STEPPING

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "torch_timed_loop.py"
PHASE_COLUMN = 4


def line_colours(pane: ConsolePane) -> dict[str, str]:
    """Each line of the console and the colour of its first character."""
    found, block = {}, pane.document().begin()
    while block.isValid():
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)
        found[block.text()] = cursor.charFormat().foreground().color().name()
        block = block.next()
    return found


def test_stderr_turns_red_only_when_its_script_fails(qtbot: Any) -> None:
    pane = ConsolePane()
    qtbot.addWidget(pane)
    bad = QColor(pane.theme.bad).name()
    for stream, text in (("start", "▶ a.py"), ("stderr", "I tensorflow: oneDNN is on"),
                         ("note", "■ a.py: ok, exit status 0"), ("start", "▶ b.py"),
                         ("stderr", "Traceback (most recent call last):"), ("stdout", "epoch 1"),
                         ("stderr", "ValueError: boom"), ("failed", "■ b.py: failed, exit status 1")):
        pane.buffer.append(stream, text)
        pane.drain()  # the end arrives in a later drain than the lines, as in a real run
    colours = line_colours(pane)
    assert colours["I tensorflow: oneDNN is on"] != bad
    assert colours["epoch 1"] != bad
    assert colours["Traceback (most recent call last):"] == colours["ValueError: boom"] == bad
    assert colours["■ b.py: failed, exit status 1"] == bad


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="torch is not installed")
def test_a_real_script_session_has_charts_a_live_phase_and_neutral_stderr(
        qtbot: Any, make_window: Callable[..., MainWindow], private_recovery_folder: Any) -> None:
    window = make_window()
    model = window.queue.model

    def phase_text() -> str:
        return str(model.data(model.index(0, PHASE_COLUMN))) if model.rows else ""

    window.script_runs.start(plan_of([ScriptEntry(str(SCRIPT), args="3", cwd=str(SCRIPT.parent))],
                                     10.0))
    qtbot.waitUntil(lambda: bool(model.rows) and model.rows[0].steps_done > 0
                    and phase_text() == STEPPING, timeout=60_000)
    assert model.rows[0].status == "running"  # steps count: the phase is no longer 'import torch'
    qtbot.waitUntil(lambda: not window.worker.is_running() and window.document is not None,
                    timeout=60_000)

    console = line_colours(window.script_runs.console)
    stderr_lines = [text for text in console if text.startswith(("starting", "info:"))]
    assert len(stderr_lines) == 2
    assert all(console[text] != QColor(window.theme.bad).name() for text in stderr_lines)

    (script,) = window.document.summary.profile.scripts  # type: ignore[union-attr]
    assert script.status == "ok" and script.steps > 10
    charts = window.results.script_charts
    assert charts.isVisibleTo(window.results) and not window.results.charts.isVisibleTo(
        window.results)
    assert charts.minimumHeight() >= 300
    rate, phases, cpu, memory = charts.plots
    for plot in (rate, cpu, memory):
        assert plot.listDataItems(), plot.titleLabel.text
    bars = [item for item in phases.items if type(item).__name__ == "BarGraphItem"]
    assert len(bars) >= 2  # import torch, and the span with steps
    assert not any(getattr(p, "_fwprof_placeholder", None) and p._fwprof_placeholder.isVisible()
                   for p in charts.plots)


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="torch is not installed")
def test_a_failed_script_has_its_stderr_shown_as_errors(
        qtbot: Any, make_window: Callable[..., MainWindow], private_recovery_folder: Any) -> None:
    window = make_window()
    window.script_runs.start(plan_of([ScriptEntry(str(SCRIPT), args="0.5 fail",
                                                  cwd=str(SCRIPT.parent))], 10.0))
    qtbot.waitUntil(lambda: not window.worker.is_running() and window.document is not None,
                    timeout=60_000)
    scripts = window.document.summary.profile.scripts  # type: ignore[union-attr]
    assert scripts[0].status == "failed"
    console = line_colours(window.script_runs.console)
    bad = QColor(window.theme.bad).name()
    assert console["starting"] == bad and console["the loop failed on purpose"] == bad
    assert any(text.startswith("■") and colour == bad for text, colour in console.items())


def test_the_phase_column_follows_nested_phases_their_ends_and_steps() -> None:
    from fwprof.config import RunSpec
    from fwprof.results import RunResult
    from ui.base.theme import current_theme
    from ui.views.session.run_queue import RunQueueModel

    model = RunQueueModel(current_theme())
    run = RunResult(run_id="r001", spec=RunSpec("torch", "mlp", "train", "eager"), status="running")
    model.set_runs([run])

    def shown() -> str:
        return str(model.data(model.index(0, PHASE_COLUMN)))

    model.set_phase("r001", "import torch")
    assert shown() == "import torch"
    model.set_phase("r001", "fit")
    model.set_phase("r001", "epoch")
    model.end_phase("r001", "epoch")
    assert shown() == "fit"
    model.set_runs([run, RunResult(run_id="r002", spec=run.spec)])  # a pair added mid-run
    assert shown() == "fit"
    model.end_phase("r001", "fit")
    assert shown() == "import torch"
    model.end_phase("r001", "import torch")
    assert shown() == ""  # no steps yet: the script's own code
    model.tick(lambda run_id: 5)
    assert shown() == STEPPING
