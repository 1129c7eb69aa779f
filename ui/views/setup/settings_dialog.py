"""The Settings dialog: which Python interpreter runs workloads and scripts (and the sections
the window adds: see :meth:`SettingsDialog.add_section`).

Lists the interpreters found (see :func:`fwprof.launch.interpreter.candidate_interpreters`), takes a typed
or browsed path, and probes the one shown off the GUI thread: its Python and framework versions,
and what will not work with it. The window saves the choice (QSettings) when it is accepted.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fwprof.launch.interpreter import InterpreterInfo, probe_interpreter
from ui.base.theme import Theme, current_theme
from ui.base.threads import run_in_background

PROBE_DELAY_MS = 300  # wait for typing to pause before probing


class SettingsDialog(QDialog):
    """Edits the interpreter choice; :attr:`probed` fires with each finished probe."""

    probed = Signal(object)  # InterpreterInfo of the path shown

    def __init__(self, current: str, candidates: list[str],
                 probe: Callable[[str], InterpreterInfo] = probe_interpreter,
                 theme: Theme | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("fwprof Settings")
        self.theme = theme or current_theme()
        self._probe = probe
        self._results: dict[str, InterpreterInfo] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PROBE_DELAY_MS)
        self._timer.timeout.connect(self._probe_shown)
        self.interpreter = QComboBox(self)
        self.interpreter.setEditable(True)
        self.interpreter.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.interpreter.setMinimumContentsLength(40)
        self.interpreter.addItems(list(dict.fromkeys([p for p in (current, *candidates) if p])))
        self.interpreter.setCurrentText(current)
        self.interpreter.setToolTip("The Python that runs workloads and scripts; it needs "
                                    "PyTorch and/or TensorFlow, and numpy")
        self.status = QLabel("Checking…", self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._build_layout()
        self.interpreter.currentTextChanged.connect(lambda _text: self._timer.start())
        self._probe_shown()

    def _build_layout(self) -> None:
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.interpreter, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Python interpreter", row)
        form.addRow("", self.status)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        hint = QLabel("Workloads and scripts run in their own processes on this interpreter "
                      "(a virtual environment with torch and tensorflow, for example); fwprof "
                      "itself is put on its import path.", self)
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {self.theme.muted}")
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(hint)
        column.addWidget(buttons)
        self._column = column

    def add_section(self, title: str, widget: QWidget) -> None:
        """Another group of settings, above the buttons (the window adds its preferences);
        a dialog already open is shown again at the size that fits it."""
        was_open = self.isVisible()
        if was_open:
            self.hide()  # a shown window keeps its size; shown anew it fits its contents
        box = QGroupBox(title, self)
        QVBoxLayout(box).addWidget(widget)
        box.setMinimumHeight(box.sizeHint().height())  # never squeezed by the labels above
        self._column.insertWidget(self._column.count() - 1, box)
        if was_open:
            self.adjustSize()
            self.open()

    def _fit_height(self) -> None:
        """Grow to fit what changed (a shown dialog keeps its size when a label gets longer)."""
        hint = self.sizeHint()
        if hint.height() > self.height() or hint.width() > self.width():
            self.resize(max(hint.width(), self.width()), max(hint.height(), self.height()))

    def chosen_path(self) -> str:
        """The interpreter path as shown."""
        return self.interpreter.currentText().strip()

    def result_for_shown(self) -> InterpreterInfo | None:
        """The probe of the path shown, once it has finished."""
        return self._results.get(self.chosen_path())

    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, "Choose a Python interpreter",
                                                    self.chosen_path() or "/usr/bin")
        if path:
            self.interpreter.setCurrentText(path)

    def _probe_shown(self) -> None:
        path = self.chosen_path()
        if path in self._results:
            self._show(self._results[path])
            return
        self.status.setText("Checking…")
        run_in_background(lambda: self._probe(path), self._probe_finished,
                          lambda reason: self._probe_finished(InterpreterInfo(path, error=reason)),
                          self)

    def _probe_finished(self, info: InterpreterInfo) -> None:
        self._results[info.path] = info
        if info.path == self.chosen_path():
            self._show(info)
        self.probed.emit(info)

    def _show(self, info: InterpreterInfo) -> None:
        lines = [html.escape(info.summary()) if info.usable else ""]
        lines += [f"<span style='color:{self.theme.bad}'>{html.escape(problem)}</span>"
                  for problem in info.problems()]
        self.status.setText("<br>".join(line for line in lines if line))
        QTimer.singleShot(0, self._fit_height)
