"""File ▸ Export: every session format written from a loaded snapshot, and plot images."""

from __future__ import annotations

import csv
import json
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog

from fwprof.outputs.snapshot import save_snapshot
from fwprof.trace.payload import CHROME_FORMAT, TRACE_EVENT, pack_file
from ui.app.main_window import MainWindow
from ui.controllers.export_controller import CHOICES

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the core tests' record builders
from export_records import check_html, check_trace_schema, synthetic_session


@pytest.fixture
def loaded(tmp_path: Path, make_window: Callable[..., MainWindow], qtbot: Any) -> MainWindow:
    """A window showing a synthetic two-framework snapshot."""
    window = make_window()
    path = save_snapshot(synthetic_session(), tmp_path / "synthetic.fwprof")
    window.files.open_snapshot(path)
    qtbot.waitUntil(lambda: window.document is not None, timeout=10_000)
    return window


def answer_save_dialog(monkeypatch: pytest.MonkeyPatch, path: Path, chosen: str = "") -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kwargs: (str(path), chosen)))


def check_file(fmt: str, path: Path) -> None:
    """The exported file parses as its format."""
    text = path.read_text(encoding="utf-8")
    if fmt == "html":
        check_html(text)
        assert "<svg" in text
    elif fmt == "chrome-trace":
        assert check_trace_schema(json.loads(text))
    elif fmt == "csv":
        rows = list(csv.reader(text.splitlines()))
        assert len(rows) > 10 and len({len(row) for row in rows}) == 1
        for companion in ("summary", "steps"):
            assert list(path.parent.glob(f"*{companion}*.csv")), companion
    elif fmt == "markdown":
        assert "| " in text and "PyTorch" in text
    elif fmt == "json":
        assert json.loads(text)["schema"].startswith("fwprof.summary/")


def test_the_export_menu_sits_in_the_file_menu(loaded: MainWindow) -> None:
    file_menu = loaded.menuBar().actions()[0].menu()
    assert loaded.exports.menu.menuAction() in file_menu.actions()
    texts = [a.text().replace("&", "") for a in loaded.exports.menu.actions() if a.text()]
    assert texts[:5] == ["HTML Report…", "Chrome Trace…", "CSV…", "Markdown…", "JSON Summary…"]
    assert all(action.isEnabled() for action in loaded.exports.actions.values())


@pytest.mark.parametrize("choice", CHOICES, ids=[c.format for c in CHOICES])
def test_each_format_writes_a_parseable_file(loaded: MainWindow, qtbot: Any, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             choice: Any) -> None:
    target = tmp_path / "out" / f"session{choice.suffix}"
    target.parent.mkdir()
    answer_save_dialog(monkeypatch, target)
    loaded.exports.actions[choice.format].trigger()
    qtbot.waitUntil(lambda: "Exported" in loaded.statusBar().currentMessage(), timeout=20_000)
    assert target.exists()
    check_file(choice.format, target)
    assert not loaded.messages.isVisible()


def test_framework_traces_are_offered_only_for_traced_runs_and_written_to_a_folder(
        loaded: MainWindow, make_window: Callable[..., MainWindow], qtbot: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    loaded.exports.update_actions()
    assert not loaded.exports.framework_traces.isEnabled()  # nothing was profiled
    record = synthetic_session()
    trace = json.dumps({"traceEvents": [{"name": "aten::addmm", "ph": "X", "ts": 1, "dur": 5}]})
    record.runs[0].events.append({"k": TRACE_EVENT, "steps": 2, "files": [
        pack_file(trace.encode(), "torch_trace.json", CHROME_FORMAT)]})
    window = make_window()
    window.files.open_snapshot(save_snapshot(record, tmp_path / "traced.fwprof"))
    qtbot.waitUntil(lambda: window.document is not None, timeout=10_000)
    window.exports.update_actions()
    assert window.exports.framework_traces.isEnabled()
    folder = tmp_path / "traced-traces"
    answer_save_dialog(monkeypatch, folder)
    window.exports.framework_traces.trigger()
    qtbot.waitUntil(lambda: "Exported" in window.statusBar().currentMessage(), timeout=20_000)
    [written] = [path for path in folder.rglob("*") if path.is_file()]
    assert json.loads(written.read_text()) == json.loads(trace)


def test_an_export_that_fails_is_shown_in_the_message_bar(loaded: MainWindow, qtbot: Any,
                                                          tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    loaded.exports.export_to("markdown", blocker / "inside" / "table.md")
    qtbot.waitUntil(lambda: loaded.messages.isVisible(), timeout=10_000)
    assert loaded.messages.text().startswith("Could not export table.md:")


def test_nothing_to_export_without_a_session(make_window: Callable[..., MainWindow]) -> None:
    window = make_window()
    window.exports.update_actions()
    assert not any(action.isEnabled() for action in window.exports.actions.values())
    window.exports.export_dialog(CHOICES[0])
    assert window.messages.text().startswith("Nothing to export yet")


@pytest.mark.parametrize("which", ["timeline", "charts"])
def test_plot_images_are_valid_png_and_svg(loaded: MainWindow, tmp_path: Path, which: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    png, svg = tmp_path / f"{which}.png", tmp_path / f"{which}.svg"
    assert loaded.exports.export_image(which, png)
    image = QImage(str(png))
    assert not image.isNull() and image.width() > 200 and image.height() > 100
    answer_save_dialog(monkeypatch, tmp_path / which, "SVG image (*.svg)")  # suffix from filter
    action = loaded.exports.timeline_image if which == "timeline" else loaded.exports.charts_image
    action.trigger()
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg") and len(list(root.iter())) > 20
    assert not loaded.messages.isVisible()
