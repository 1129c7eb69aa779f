"""The Code tab: each built-in workload's PyTorch and TensorFlow implementation side by side,
highlighted, with lines of code and tokens counted from the source files fwprof ships.

The sources come from :func:`fwprof.effort.source.model_sources` (``ast`` over the ``.py``
files: no framework is imported); tests pass a fake ``load``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QStandardItem
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSplitter, QVBoxLayout, QWidget

from fwprof.catalog import FRAMEWORK_LABELS, FRAMEWORKS
from fwprof.effort.source import ModelSource, model_sources
from ui.base.theme import Theme, current_theme
from ui.widgets.python_highlighter import PythonHighlighter
from ui.widgets.sortable_table import SortableTable, cell

HEADERS = ("Workload", *(f"{FRAMEWORK_LABELS[f]} {what}" for f in FRAMEWORKS for what in ("lines", "tokens")),
           "Ratio TF / PyTorch tokens")
NOTE = ("Lines holding code and their Python tokens, counted in fwprof's own source with ast and "
        "tokenize (blank lines, comments and docstrings left out). A model's count covers its builder "
        "and the functions it calls; PyTorch's Keras-style initialisation, shared by every model, is "
        "not counted.")


class CodePane(QWidget):
    """One framework's source: a heading with its counts, then the highlighted code."""

    def __init__(self, framework: str, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.framework = framework
        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.editor = QPlainTextEdit(self)
        self.editor.setReadOnly(True)
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.editor.setFont(font)
        self.highlighter = PythonHighlighter(self.editor.document(), theme)
        self.theme = theme
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.editor, 1)

    def show_source(self, source: ModelSource | None) -> None:
        """The source and its counts (a note when this framework has none)."""
        colour = self.theme.frameworks.get(self.framework, self.theme.text)
        name = FRAMEWORK_LABELS.get(self.framework, self.framework)
        if source is None:
            self.heading.setText(f"<b style='color:{colour}'>{name}</b>: not available")
            self.editor.setPlainText("")
            return
        functions = ", ".join(source.functions)
        self.heading.setText(
            f"<b style='color:{colour}'>{name}</b> · <b>{source.count.lines}</b> lines · "
            f"<b>{source.count.tokens}</b> tokens · <span style='color:{self.theme.muted}'>"
            f"{source.path}: {functions}</span>")
        self.editor.setPlainText(source.source)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.highlighter.set_theme(theme)


class CodeView(QWidget):
    """A table of counts per workload; the selected workload's two implementations below."""

    def __init__(self, theme: Theme | None = None,
                 load: Callable[[], list[ModelSource]] = model_sources,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme or current_theme()
        self.sources: dict[tuple[str, str], ModelSource] = {}
        self.workloads: list[str] = []
        self.table = SortableTable(HEADERS, self)
        self.table.setSortingEnabled(False)
        self.note = QLabel(NOTE, self)
        self.note.setWordWrap(True)
        self.panes = {fw: CodePane(fw, self.theme, self) for fw in FRAMEWORKS}
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        for pane in self.panes.values():
            splitter.addWidget(pane)
        splitter.setSizes([10_000] * len(self.panes))  # equal halves
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.table)
        layout.addWidget(self.note)
        layout.addWidget(splitter, 1)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _: self.select(current.row()))
        self._load(load)

    def _load(self, load: Callable[[], list[ModelSource]]) -> None:
        try:
            found = load()
        except (OSError, SyntaxError) as exc:  # e.g. a bundle without the .py files
            self.note.setText(f"The workloads' source could not be read: {exc}")
            found = []
        self.sources = {(s.workload, s.framework): s for s in found}
        self.workloads = list(dict.fromkeys(s.workload for s in found))
        self.table.set_rows([self._row(w) for w in self.workloads], visible_rows=len(self.workloads) or 1)
        if self.workloads:
            self.table.selectRow(0)
            self.select(0)

    def _row(self, workload: str) -> list[QStandardItem]:
        items = [cell(workload)]
        for framework in FRAMEWORKS:
            source = self.sources.get((workload, framework))
            for value in (None, None) if source is None else (source.count.lines, source.count.tokens):
                items.append(cell("-" if value is None else str(value), value or 0, align_right=True))
        torch, tf = self.sources.get((workload, "torch")), self.sources.get((workload, "tensorflow"))
        ratio = tf.count.tokens / torch.count.tokens if torch and tf and torch.count.tokens else None
        items.append(cell("-" if ratio is None else f"{ratio:.2f}", ratio or 0.0, align_right=True))
        return items

    def select(self, row: int) -> None:
        """Show workload number ``row`` (in table order) in both panes."""
        if not 0 <= row < len(self.workloads):
            return
        workload = self.workloads[row]
        for framework, pane in self.panes.items():
            pane.show_source(self.sources.get((workload, framework)))

    def apply_theme(self, theme: Theme) -> None:
        """Recolour the highlighting and headings."""
        self.theme = theme
        for pane in self.panes.values():
            pane.apply_theme(theme)
        current = self.table.currentIndex().row()
        self.select(current if current >= 0 else 0)
