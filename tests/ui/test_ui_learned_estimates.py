"""Time estimates learn from this machine's past runs: a real run's measured time becomes the
next estimate of the same configuration, also in a window started afterwards."""

from __future__ import annotations

import json
import threading
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
from ui.views.setup.estimate import format_duration, run_seconds, seconds_left, session_seconds

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


def test_the_status_bar_says_how_long_is_left_from_what_was_learned(
        qtbot: Any, make_window: Any) -> None:
    hold = threading.Event()
    window = make_window(hold=hold)
    config = replace(TORCH_ONLY, frameworks=("torch", "tensorflow"))
    window.setup.set_config(config)
    label = window.durations.time_left.label
    window.commands.run.trigger()
    model = window.queue.model
    qtbot.waitUntil(lambda: bool(model.rows) and model.rows[0].phase == "measure", timeout=10_000)
    qtbot.waitUntil(label.isVisible, timeout=5000)
    assert label.text().startswith("about ") and label.text().endswith(" left")
    slow = finished_record(config).runs[1]  # the pending TensorFlow run, as if it took 10 min
    slow.ended_at = slow.started_at + 600.0
    assert window.durations.store.record(slow)
    window.durations.time_left.refresh()
    assert label.text() == "about 10 min left"
    with qtbot.waitSignal(window.worker.stopped_running, timeout=20_000):
        hold.set()
    assert not label.isVisible()


def test_time_left_counts_pending_runs_and_the_rest_of_the_running_one() -> None:
    record = finished_record(TORCH_ONLY)
    run = record.runs[0]
    estimate = run_seconds(run.spec)
    run.status, run.started_at = "pending", None
    assert seconds_left([run], now=100.0) == pytest.approx(estimate)
    run.status, run.started_at = "running", 100.0
    assert seconds_left([run], now=101.0) == pytest.approx(estimate - 1.0)
    assert seconds_left([run], now=100.0 + estimate + 5) == 0.0
    run.status = "ok"
    assert seconds_left([run], now=101.0) == 0.0
