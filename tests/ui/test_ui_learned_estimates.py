"""Time estimates learn from this machine's past runs: a real run's measured time becomes the
next estimate of the same configuration, also in a window started afterwards."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from ui_fakes import finished_record

from fwprof.config import SessionConfig
from fwprof.launch.plan import plan_runs
from fwprof.results import StepLog
from ui.app.main_window import MainWindow, Services
from ui.base.learned_durations import KEEP, LearnedDurations, duration_key
from ui.base.settings import AppSettings
from ui.views.setup.estimate import format_duration, run_seconds, session_seconds

TORCH_ONLY = SessionConfig(workloads=("mlp",), tasks=("train",), modes=("eager",),
                           frameworks=("torch",), repeats=1, max_repeats=1, steps=30, warmup=2)


def _real_window(qtbot: Any, settings: AppSettings) -> MainWindow:
    window = MainWindow(Services(settings=settings))
    qtbot.addWidget(window)
    window.show()
    window.finish_startup()
    qtbot.waitUntil(lambda: window.ready, timeout=30_000)
    return window


def test_the_second_estimate_is_the_first_real_run_s_measured_time(
        qtbot: Any, settings: AppSettings, private_recovery_folder: Path) -> None:
    window = _real_window(qtbot, settings)
    window.setup.set_config(TORCH_ONLY)
    spec = plan_runs(window.setup.config())[0]
    built_in = run_seconds(spec)
    assert session_seconds([spec], window.durations.store) == built_in  # nothing learned yet
    with qtbot.waitSignal(window.worker.stopped_running, timeout=120_000):
        window.commands.run.trigger()
    qtbot.waitUntil(lambda: window.document is not None, timeout=30_000)
    run = window.document.record.runs[0]
    assert run.status == "ok"
    wall = run.ended_at - run.started_at
    learned = session_seconds([spec], window.durations.store)
    assert learned != built_in and learned == pytest.approx(wall, rel=0.25)
    assert format_duration(learned) in window.setup.plan_label.text()
    stored = json.loads(settings.durations_path().read_text())["runs"]
    assert list(stored) == [duration_key(spec)]
    window.close()
    again = _real_window(qtbot, settings)  # the next start of the app remembers it
    assert session_seconds([spec], again.durations.store) == pytest.approx(learned)


def test_only_successful_runs_teach_and_only_the_last_few_count(tmp_path: Path) -> None:
    record = finished_record(replace(TORCH_ONLY, repeats=1))
    run = record.runs[0]
    store = LearnedDurations(tmp_path / "d.json")
    failed = replace(run, status="failed")
    assert not store.record(failed) and store.measured(run.spec) is None
    for slowdown in range(1, KEEP + 3):
        slower = replace(run, steps=StepLog(run.step_ends, run.step_durations * slowdown))
        assert store.record(slower)
    median_step = store.measured(run.spec).step_s
    expected = float(np.median(run.step_durations)) * np.median(np.arange(3, KEEP + 3))
    assert median_step == pytest.approx(expected)


def test_an_unreadable_memory_starts_again(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text("{not json")
    store = LearnedDurations(path)
    run = finished_record(TORCH_ONLY).runs[0]
    assert store.measured(run.spec) is None and store.record(run)
    assert LearnedDurations(path).measured(run.spec) is not None
