"""Exported PNGs of the plots carry a legend and are drawn at least at twice their size on
screen, with the DPI to match."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage
from ui_fakes import finished_record

from fwprof.config import SessionConfig
from fwprof.outputs.snapshot import save_snapshot
from ui.app.main_window import MainWindow
from ui.controllers.host import Tab
from ui.widgets.plot_export import MIN_SCALE, LegendEntry, with_legend, with_note

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the core tests' record builders
from export_records import synthetic_session


@pytest.fixture
def loaded(tmp_path: Path, make_window: Callable[..., MainWindow], qtbot: Any) -> MainWindow:
    """A window showing a synthetic two-framework snapshot."""
    window = make_window()
    window.resize(1200, 800)
    window.files.open_snapshot(save_snapshot(synthetic_session(), tmp_path / "s.fwprof"))
    qtbot.waitUntil(lambda: window.document is not None, timeout=10_000)
    return window


def _colours_in_rows(image: QImage, rows: range) -> set[str]:
    return {image.pixelColor(x, y).name() for y in rows for x in range(0, image.width(), 2)}


@pytest.mark.parametrize("which", ["timeline", "charts"])
def test_png_export_has_a_legend_and_twice_the_pixels(loaded: MainWindow, tmp_path: Path,
                                                       which: str) -> None:
    png = tmp_path / f"{which}.png"
    assert loaded.exports.export_image(which, png)
    items = loaded.exports.plot_items(which)
    logical_width = max(item.sceneBoundingRect().width() for item in items)
    image = QImage(str(png))
    assert image.width() >= MIN_SCALE * logical_width - 2
    assert image.dotsPerMeterX() >= round(96 * MIN_SCALE / 0.0254) - 1  # 192 dpi or more
    legend = loaded.exports.legend(which)
    assert [entry.label for entry in legend] == ["PyTorch", "TensorFlow"]
    strip = _colours_in_rows(image, range(0, 40))  # the legend strip above the plots
    theme = loaded.theme
    assert {theme.colour_name("torch"), theme.colour_name("tensorflow")} <= strip


def test_the_legend_strip_sits_above_an_unchanged_image(qtbot: Any) -> None:
    plots = QImage(100, 50, QImage.Format.Format_ARGB32)
    plots.fill(QColor("#00ff00"))
    sheet = with_legend(plots, [LegendEntry("PyTorch", "#ee4c2c")], 2.0)
    assert sheet.width() == 100 and sheet.height() > 50
    assert sheet.pixelColor(50, sheet.height() - 1).name() == "#00ff00"
    assert "#ee4c2c" in _colours_in_rows(sheet, range(sheet.height() - 50))
    assert with_legend(plots, [], 2.0) is plots


def test_the_key_of_numbered_bars_is_written_under_the_exported_charts(
        make_window: Callable[..., MainWindow], qtbot: Any, tmp_path: Path) -> None:
    config = SessionConfig(workloads=("mlp", "cnn", "lstm"), tasks=("train", "infer"),
                           modes=("eager", "graph"), repeats=1, max_repeats=1, steps=30, warmup=1)
    window = make_window()
    window.resize(1024, 700)
    window.files.open_snapshot(save_snapshot(finished_record(config), tmp_path / "many.fwprof"))
    qtbot.waitUntil(lambda: window.document is not None, timeout=10_000)
    window.select_tab(Tab.RESULTS)
    charts = window.results.charts
    qtbot.waitUntil(lambda: bool(charts.key_text), timeout=5000)  # too narrow for the names
    png = tmp_path / "charts.png"
    assert window.exports.export_image("charts", png)
    image = QImage(str(png))
    plots = window.exports.plot_items("charts")[0].sceneBoundingRect()
    assert image.height() > MIN_SCALE * plots.height() + 60  # legend above, key below
    bottom = _colours_in_rows(image, range(image.height() - 30, image.height()))
    assert len(bottom) > 2  # text, not an empty strip


def test_a_note_is_wrapped_under_the_image(qtbot: Any) -> None:
    plots = QImage(200, 50, QImage.Format.Format_ARGB32)
    plots.fill(QColor("#00ff00"))
    sheet = with_note(plots, "1 mlp train eager · 2 mlp train graph · " * 5, 2.0)
    assert sheet.width() == 200 and sheet.height() > 50 + 3 * 20  # several wrapped lines
    assert sheet.pixelColor(100, 10).name() == "#00ff00"
    assert with_note(plots, "", 2.0) is plots
