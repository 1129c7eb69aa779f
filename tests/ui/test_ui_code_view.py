"""The Code tab: both implementations side by side, highlighted, with their counts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtGui import QColor

from fwprof.effort.source import CodeCount, ModelSource, model_sources
from ui.base.theme import DARK, LIGHT
from ui.views.code.code_view import CodeView
from ui.widgets.python_highlighter import COLOURS


def _view(qtbot: Any, **options: Any) -> CodeView:
    view = CodeView(LIGHT, **options)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    return view


def test_the_first_workload_shows_both_frameworks_with_their_counts(qtbot: Any) -> None:
    view = _view(qtbot)
    sources = {(s.workload, s.framework): s for s in model_sources()}
    assert view.workloads[:4] == ["mlp", "cnn", "lstm", "transformer"]
    assert view.table.proxy.rowCount() == len(view.workloads)
    torch_pane, tf_pane = view.panes["torch"], view.panes["tensorflow"]
    assert "nn.Linear" in torch_pane.editor.toPlainText()
    assert "layers.Dense" in tf_pane.editor.toPlainText()
    mlp = sources[("mlp", "torch")]
    assert f"<b>{mlp.count.lines}</b> lines" in torch_pane.heading.text()
    assert f"<b>{mlp.count.tokens}</b> tokens" in torch_pane.heading.text()
    assert view.table.proxy.index(0, 1).data() == str(mlp.count.lines)


def test_choosing_a_row_shows_that_workload(qtbot: Any) -> None:
    view = _view(qtbot)
    view.table.selectRow(3)
    qtbot.waitUntil(lambda: "_encoder_block" in view.panes["torch"].editor.toPlainText())
    assert "MultiHeadAttention" in view.panes["tensorflow"].editor.toPlainText()


def test_keywords_strings_and_comments_are_coloured(qtbot: Any) -> None:
    source = ModelSource("toy", "torch", "fwprof/toy.py", ("_toy",),
                         'def _toy():\n    return "text"  # note\n', CodeCount(2, 6))
    view = _view(qtbot, load=lambda: [source])
    document = view.panes["torch"].editor.document()

    def colour_at(line: int, column: int) -> str:
        block = document.findBlockByNumber(line)
        for fmt in block.layout().formats():
            if fmt.start <= column < fmt.start + fmt.length:
                return str(fmt.format.foreground().color().name())
        return ""

    assert colour_at(0, 0) == QColor(COLOURS["keyword"][0]).name()
    assert colour_at(1, 12) == QColor(COLOURS["string"][0]).name()
    assert colour_at(1, 20) == QColor(COLOURS["comment"][0]).name()
    view.apply_theme(DARK)
    assert colour_at(0, 0) == QColor(COLOURS["keyword"][1]).name()
    assert "not available" in view.panes["tensorflow"].heading.text()


def test_missing_sources_leave_a_note(qtbot: Any) -> None:
    def missing() -> list[ModelSource]:
        raise FileNotFoundError("torch_models.py")

    view = _view(qtbot, load=missing)
    assert "could not be read" in view.note.text() and view.table.proxy.rowCount() == 0


def test_the_code_view_imports_no_framework() -> None:
    code = ("import sys, os; os.environ['QT_QPA_PLATFORM'] = 'offscreen'; import ui.views.code.code_view, "
            "ui.views.converge.convergence_view, ui.views.results.recommendations_view; "
            "print(sorted(m for m in ('torch', 'tensorflow', 'keras') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "[]"
