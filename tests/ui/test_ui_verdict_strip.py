"""The verdict first: cards for every comparison at the top of the Results tab, readable from
1024x700 up and with a large font; the theme choice Light / Dark / System."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from fwprof.outputs.summary import SummaryDocument, build_summary
from fwprof.report.sections import ComparisonSection, NoiseFloor, Verdict
from fwprof.report.verdict_parts import verdict_parts
from fwprof.snapshot.io import load_snapshot
from ui.base.theme import DARK, LIGHT, apply_palette, current_theme
from ui.views.results.results_view import ResultsView
from ui.views.results.verdict_cards_text import card_texts, noise_state

SNAPSHOT = Path(__file__).resolve().parents[1] / "data" / "v3-compare.fwprof"


@pytest.fixture(scope="module")
def summary() -> SummaryDocument:
    return build_summary(load_snapshot(SNAPSHOT))


@pytest.fixture
def large_font(qapp: QApplication) -> Iterator[QFont]:
    """The application font 1.5x larger for one test."""
    before = QFont(qapp.font())
    font = QFont(before)
    font.setPointSizeF(before.pointSizeF() * 1.5)
    qapp.setFont(font)
    yield font
    qapp.setFont(before)


def _view(qtbot: Any, width: int, height: int) -> ResultsView:
    view = ResultsView(LIGHT)
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    return view


def test_the_strip_shows_every_decision_and_ratio_interval(qtbot: Any,
                                                           summary: SummaryDocument) -> None:
    view = _view(qtbot, 1200, 800)
    view.show_summary(summary)
    cards = view.verdict_strip.cards
    comparisons = summary.comparison.comparisons
    assert len(cards) == len(comparisons) == 2
    for card, comp in zip(cards, comparisons, strict=True):
        parts = verdict_parts(comp)
        assert card.headline.text() == parts.headline
        assert card.detail.text() == parts.detail
        assert card.notes.text() == "\n".join(parts.notes)
        assert comp.ci95 is not None and comp.ratio is not None
        low, high = comp.ci95
        assert f"{comp.ratio:#.3g} (95 % CI {low:#.3g}–{high:#.3g})" in card.ratio.text()
        assert card.config.text() == f"{comp.workload} · {comp.task} · {comp.mode} · cpu"
        assert card.noise.text().startswith("Quiet: fresh processes vary ±")
        assert "no interference from other processes" in card.noise.text()
    assert [c.headline.text() for c in cards] == ["TensorFlow 1.20× faster",
                                                  "PyTorch 7.70× faster"]
    assert LIGHT.frameworks["tensorflow"] in cards[0].styleSheet()
    assert LIGHT.frameworks["torch"] in cards[1].styleSheet()
    view.show_summary(None)
    assert view.verdict_strip.cards == [] and not view.verdict_strip.isVisible()


def test_noise_and_interference_are_said_in_words() -> None:
    comp = Verdict.from_json({"noise_floor": 0.08, "margin": 0.05, "pairs_run": 4,
                              "left_out": {"interference": 2}})
    text, noisy = noise_state(comp, ComparisonSection(noise_floor=NoiseFloor(0.031, 6)))
    assert noisy
    assert text == ("Noisy: fresh processes vary ±8.0% (over the ±5% margin) · 2 of 4 pairs left "
                    "out: other processes were busy · this machine's noise floor ±3.1%")
    assert noise_state(Verdict.from_json({}), ComparisonSection()) == (
        "Noise not measured (one process per side)", False)
    undecided = Verdict.from_json({"decision": "undecided", "verdict": "not decided: too few pairs",
                                   "ratio": 1.0})
    assert card_texts(ComparisonSection(comparisons=(undecided,)))[0].headline == "Not decided"


def _inside(widget: QWidget, area: QWidget) -> bool:
    top_left = widget.mapTo(area, QPoint(0, 0))
    return area.rect().contains(QRect(top_left, widget.size()))


def test_at_1024x700_the_verdict_is_in_view_and_the_charts_have_height(
        qtbot: Any, make_window: Any) -> None:
    window = make_window()
    window.resize(1024, 700)
    window.files.open_snapshot(SNAPSHOT)
    qtbot.waitUntil(lambda: window.document is not None, timeout=10_000)
    view = window.results
    qtbot.waitUntil(lambda: len(view.verdict_strip.cards) == 2, timeout=5000)
    QApplication.processEvents()
    assert window.width() <= 1024 and window.height() <= 700
    for card in view.verdict_strip.cards:
        assert card.isVisible() and card.height() > 0
        assert _inside(card, view.page.viewport()), (card.geometry(), view.size())
        for label in card.labels:
            if label.isVisible():
                assert label.height() >= label.heightForWidth(label.width())
    assert view.charts.height() > 0
    assert view.charts.isVisibleTo(view)
    for plot in view.charts.plots:
        assert plot.geometry().height() > 0


def test_a_font_one_and_a_half_times_larger_wraps_instead_of_cutting(
        qtbot: Any, large_font: QFont, summary: dict[str, Any]) -> None:
    view = _view(qtbot, 760, 560)
    view.show_summary(summary)
    QApplication.processEvents()
    for card in view.verdict_strip.cards:
        assert card.headline.font().pointSizeF() >= large_font.pointSizeF()
        for label in card.labels:
            if not label.isVisible():
                continue
            fits = label.sizeHint().width() <= label.width()
            assert fits or label.wordWrap()
            assert label.height() >= label.heightForWidth(label.width()), label.text()
    assert view.charts.height() > 0
    assert view.minimumSizeHint().width() < 500  # the title wraps: the window can stay narrow


def test_switching_theme_changes_the_palette_and_is_remembered(
        qtbot: Any, make_window: Any, settings: Any) -> None:
    window = make_window()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        assert settings.theme_choice() == "system" and window.themes.actions["system"].isChecked()
        window.themes.choose("dark")
        assert app.palette().color(QPalette.ColorRole.Window).name() == DARK.window
        assert window.theme is DARK
        assert settings.qsettings.value("view/theme") == "dark"
        assert window.themes.actions["dark"].isChecked()
        window.themes.choose("light")
        assert app.palette().color(QPalette.ColorRole.Window).name() == LIGHT.window
        assert settings.theme_choice() == "light"
        titles = [a.text() for a in window.themes.menu.actions()]
        assert titles == ["&System", "&Light", "&Dark"]
        assert window.themes.menu.menuAction() in _view_menu_actions(window)
    finally:
        apply_palette(app, current_theme())


def _view_menu_actions(window: Any) -> list[Any]:
    for entry in window.menuBar().actions():
        if entry.text() == "&View":
            return list(entry.menu().actions())
    return []
