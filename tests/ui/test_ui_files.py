"""Opening, saving and comparing snapshots from the window; bad files are explained."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from ui_fakes import finished_record

from fwprof.config import SessionConfig
from fwprof.outputs.snapshot import save_snapshot
from fwprof.results import StepLog
from fwprof.snapshot import load_snapshot
from ui.controllers.host import Tab

CONFIG = SessionConfig(modes=("eager",), repeats=1, max_repeats=1, steps=50, warmup=1)


def _snapshot(path: Path, slowdown: float = 1.0) -> Path:
    record = finished_record(CONFIG)
    if slowdown != 1.0:
        for run in record.runs:
            if run.spec.framework == "tensorflow":
                run.steps = StepLog(run.step_ends, run.step_durations * slowdown)
    return save_snapshot(record, path)


def _wait_for_message(qtbot: Any, window: Any) -> str:
    qtbot.waitUntil(lambda: window.messages.isVisible(), timeout=5000)
    return window.messages.text()


def test_an_unreadable_snapshot_shows_the_reason(qtbot: Any, make_window: Any,
                                                 tmp_path: Path) -> None:
    window = make_window()
    bad = tmp_path / "broken.fwprof"
    bad.write_text("this is not a snapshot")
    window.files.open_snapshot(bad)
    text = _wait_for_message(qtbot, window)
    assert "Could not open broken.fwprof" in text and "not a gzip-compressed" in text
    assert window.messages.level == "error" and window.document is None


def test_a_missing_file_shows_the_reason(qtbot: Any, make_window: Any, tmp_path: Path) -> None:
    window = make_window()
    window.files.open_snapshot(tmp_path / "nowhere.fwprof")
    assert "No such file" in _wait_for_message(qtbot, window)


def test_opening_a_snapshot_fills_every_view(qtbot: Any, make_window: Any,
                                             tmp_path: Path) -> None:
    path = _snapshot(tmp_path / "one.fwprof")
    window = make_window()
    window.files.open_snapshot(path)
    qtbot.waitUntil(lambda: window.document is not None, timeout=5000)
    assert window.tabs.currentIndex() == Tab.RESULTS
    assert window.windowTitle() == "fwprof — one.fwprof"
    assert window.results.comparisons.proxy.rowCount() == 1
    assert [r.status for r in window.queue.model.rows] == ["ok", "ok"]
    assert window.timeline.layers[""].frameworks() == ["torch", "tensorflow"]
    assert window.settings.recent_files() == [str(path.resolve())]
    assert window.recent_menu.actions()[0].text() == "&1 one.fwprof"


def test_save_writes_a_snapshot_that_loads_back(qtbot: Any, make_window: Any,
                                                tmp_path: Path) -> None:
    window = make_window()
    window.setup.set_config(CONFIG)
    with qtbot.waitSignal(window.worker.stopped_running, timeout=10_000):
        window.commands.run.trigger()
    qtbot.waitUntil(lambda: window.document is not None)
    target = tmp_path / "saved.fwprof"
    window.files.save_to(target)
    qtbot.waitUntil(lambda: window.windowTitle() == "fwprof — saved.fwprof", timeout=5000)
    loaded = load_snapshot(target)
    assert [run.status for run in loaded.runs] == ["ok", "ok"]
    assert np.array_equal(loaded.runs[0].step_durations,
                          window.document.record.runs[0].step_durations)


def test_a_failed_save_is_explained(qtbot: Any, make_window: Any, tmp_path: Path) -> None:
    window = make_window()
    window.files.open_snapshot(_snapshot(tmp_path / "one.fwprof"))
    qtbot.waitUntil(lambda: window.document is not None, timeout=5000)
    window.files.save_to(tmp_path / "no-such-folder" / "x.fwprof")
    assert "Could not save" in _wait_for_message(qtbot, window)


def test_two_snapshots_compare_with_overlaid_timelines_and_deltas(
        qtbot: Any, make_window: Any, tmp_path: Path) -> None:
    first = _snapshot(tmp_path / "a.fwprof")
    second = _snapshot(tmp_path / "b.fwprof", slowdown=2.0)
    window = make_window()
    window.files.compare_snapshots(first, second)
    qtbot.waitUntil(lambda: window.tabs.isTabVisible(Tab.COMPARE), timeout=5000)
    assert window.tabs.currentIndex() == Tab.COMPARE
    compare = window.compare
    qtbot.waitUntil(lambda: compare.comparison is not None, timeout=30_000)
    changes = {row.framework: row.change for row in compare.rows}
    assert abs(changes["torch"]) < 0.01
    assert -0.55 < changes["tensorflow"] < -0.45
    model = compare.table.proxy
    assert model.rowCount() == len(compare.rows) == 2 and "%" in model.index(1, 3).data()
    assert set(compare.timeline.layers) == {"", "B"}
    assert compare.timeline.curves[("B", "tensorflow", "throughput")].getData()[0] is not None
    assert "a.fwprof" in compare.title.text() and "b.fwprof" in compare.title.text()


def test_compare_reports_an_unreadable_second_file(qtbot: Any, make_window: Any,
                                                   tmp_path: Path) -> None:
    first = _snapshot(tmp_path / "a.fwprof")
    bad = tmp_path / "b.fwprof"
    bad.write_bytes(b"\x1f\x8b garbage")
    window = make_window()
    window.files.compare_snapshots(first, bad)
    assert "damaged or truncated" in _wait_for_message(qtbot, window)
    assert not window.tabs.isTabVisible(Tab.COMPARE)
