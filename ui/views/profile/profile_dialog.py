"""Run ▸ Profile Script…: one or more scripts (or ``-m`` modules) to run one after the other,
or, with two or more, to compare (:mod:`ui.views.profile.compare_options`).

The list on the left holds the scripts; the form edits the selected one. Every edit is checked
(after a short pause) with the same checks as ``fwprof profile`` and the first problem is shown
inline; **Profile** is enabled only when every script passes. :meth:`ProfileDialog.plan` gives
the checked :class:`~ui.views.profile.script_entries.ScriptPlan`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from fwprof.config import ConfigError
from ui.base.theme import Theme, current_theme
from ui.views.profile.compare_options import CompareOptions
from ui.views.profile.script_entries import ScriptEntry, ScriptPlan, plan_of

CHECK_DELAY_MS = 250
RUN_IN_ORDER = "<b>Scripts</b> (run in this order)"
EACH_AGAINST_FIRST = "<b>Scripts</b> (each against the first)"


class ProfileDialog(QDialog):
    """Choose scripts to profile (see the module docstring)."""

    def __init__(self, python: str, interpreters: list[str], cwd: str = "",
                 sample_rate_hz: float = 10.0, theme: Theme | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Profile Script")
        self.theme = theme or current_theme()
        self.default_python, self.default_cwd = python, cwd
        self.entries: list[ScriptEntry] = []
        self._plan: ScriptPlan | None = None
        self._loading = False
        self._build(interpreters, sample_rate_hz)
        self.check_timer = QTimer(self)
        self.check_timer.setSingleShot(True)
        self.check_timer.setInterval(CHECK_DELAY_MS)
        self.check_timer.timeout.connect(self.validate)
        self.add_entry()
        self.resize(860, 420)

    # --- building -------------------------------------------------------------------------
    def _build(self, interpreters: list[str], rate: float) -> None:
        self.script_list = QListWidget(self)
        self.script_list.setMaximumWidth(220)
        self.script_list.currentRowChanged.connect(self._load_entry)
        self.add_button = QPushButton("&Add Script", self)
        self.remove_button = QPushButton("Re&move", self)
        self.add_button.clicked.connect(lambda: self.add_entry())
        self.remove_button.clicked.connect(self.remove_entry)
        left = QVBoxLayout()
        self.list_label = QLabel(RUN_IN_ORDER, self)
        left.addWidget(self.list_label)
        left.addWidget(self.script_list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        left.addLayout(buttons)
        body = QHBoxLayout()
        body.addLayout(left)
        right = QVBoxLayout()
        right.addLayout(self._build_form(interpreters, rate))
        right.addStretch(1)
        body.addLayout(right, 1)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setStyleSheet(f"color: {self.theme.bad};")
        self.box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.profile_button = self.box.addButton("&Profile",
                                                 QDialogButtonBox.ButtonRole.AcceptRole)
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        self.compare = CompareOptions(self)
        self.compare.changed.connect(self.check_soon)
        self.compare.set_available(False)
        column = QVBoxLayout(self)
        column.addLayout(body, 1)
        column.addWidget(self.compare)
        column.addWidget(self.message)
        column.addWidget(self.box)

    def _build_form(self, interpreters: list[str], rate: float) -> QFormLayout:
        self.target = QLineEdit(self)
        self.target.setPlaceholderText("train.py")
        self.browse_script = QPushButton("Browse…", self)
        self.browse_script.clicked.connect(self._browse_script)
        self.as_module = QCheckBox("Run a module (python -m)", self)
        self.args = QLineEdit(self)
        self.args.setPlaceholderText("--epochs 2 --batch-size 32")
        self.cwd = QLineEdit(self)
        self.cwd.setPlaceholderText(self.default_cwd or "fwprof's folder")
        self.browse_cwd = QPushButton("Browse…", self)
        self.browse_cwd.clicked.connect(self._browse_cwd)
        self.python = QComboBox(self)
        self.python.setEditable(True)
        self.python.addItems(list(dict.fromkeys([self.default_python, *interpreters])))
        self.env = QPlainTextEdit(self)
        self.env.setPlaceholderText("NAME=VALUE, one a line")
        self.env.setMaximumHeight(90)
        self.rate = QDoubleSpinBox(self)
        self.rate.setRange(1.0, 100.0)
        self.rate.setDecimals(0)
        self.rate.setSuffix(" Hz")
        self.rate.setValue(rate)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.target_label = QLabel("&Script:", self)
        self.target_label.setBuddy(self.target)
        form.addRow(self.target_label, _row(self.target, self.browse_script))
        form.addRow("", self.as_module)
        form.addRow("&Arguments:", self.args)
        form.addRow("&Working directory:", _row(self.cwd, self.browse_cwd))
        form.addRow("&Interpreter:", self.python)
        form.addRow("&Environment:", self.env)
        form.addRow("Sample &rate:", self.rate)
        for signal in (self.target.textChanged, self.args.textChanged, self.cwd.textChanged,
                       self.python.currentTextChanged, self.env.textChanged):
            signal.connect(self._store_entry)
        self.as_module.toggled.connect(self._store_entry)
        return form

    # --- entries --------------------------------------------------------------------------
    def add_entry(self, entry: ScriptEntry | None = None) -> None:
        """Add a script to the list (a blank one on the dialog's defaults) and select it."""
        entry = entry or ScriptEntry(python=self.default_python, cwd=self.default_cwd)
        self.entries.append(entry)
        self.script_list.addItem(entry.title)
        self.script_list.setCurrentRow(len(self.entries) - 1)
        self.target.setFocus()
        self.compare.set_available(len(self.entries) > 1)
        self.check_soon()

    def remove_entry(self) -> None:
        """Remove the selected script (the last one cannot be removed)."""
        row = self.script_list.currentRow()
        if len(self.entries) <= 1 or row < 0:
            return
        del self.entries[row]
        self.script_list.takeItem(row)
        self.compare.set_available(len(self.entries) > 1)
        self.check_soon()

    def current_entry(self) -> ScriptEntry:
        """The script the form shows."""
        return self.entries[max(0, self.script_list.currentRow())]

    def _load_entry(self, row: int) -> None:
        if not 0 <= row < len(self.entries):
            return
        entry = self.entries[row]
        self._loading = True
        self.target.setText(entry.target)
        self.as_module.setChecked(entry.as_module)
        self.args.setText(entry.args)
        self.cwd.setText(entry.cwd)
        self.python.setCurrentText(entry.python)
        self.env.setPlainText(entry.env)
        self._loading = False
        self._show_kind(entry.as_module)
        self.remove_button.setEnabled(len(self.entries) > 1)

    def _store_entry(self) -> None:
        if self._loading:
            return
        row = self.script_list.currentRow()
        if not 0 <= row < len(self.entries):
            return
        entry = self.entries[row]
        entry.target, entry.as_module = self.target.text(), self.as_module.isChecked()
        entry.args, entry.cwd = self.args.text(), self.cwd.text()
        entry.python, entry.env = self.python.currentText(), self.env.toPlainText()
        self.script_list.item(row).setText(entry.title)
        self._show_kind(entry.as_module)
        self.check_soon()

    def _show_kind(self, as_module: bool) -> None:
        self.target_label.setText("&Module:" if as_module else "&Script:")
        self.target.setPlaceholderText("mypackage.train" if as_module else "train.py")
        self.browse_script.setEnabled(not as_module)

    # --- checking -------------------------------------------------------------------------
    def check_soon(self) -> None:
        """Check again after a short pause (every keystroke would compile the script)."""
        comparing = self.compare.policy() is not None
        self.profile_button.setText("Com&pare" if comparing else "&Profile")
        self.list_label.setText(EACH_AGAINST_FIRST if comparing else RUN_IN_ORDER)
        self.profile_button.setEnabled(False)
        self.check_timer.start()

    def validate(self) -> bool:
        """Check every script now; shows the first problem and enables Profile if none."""
        self.check_timer.stop()
        try:
            self._plan = plan_of(self.entries, self.rate.value(), self.compare.policy())
        except ConfigError as exc:
            self._plan = None
            self.message.setText(f"⚠ {exc}")
        else:
            self.message.clear()
        self.profile_button.setEnabled(self._plan is not None)
        return self._plan is not None

    def plan(self) -> ScriptPlan | None:
        """The checked scripts (None until they pass)."""
        return self._plan

    def accept(self) -> None:
        """Profile only what passes the checks (files may have changed since)."""
        if self.validate():
            super().accept()

    # --- browsing -------------------------------------------------------------------------
    def _browse_script(self) -> None:
        start = self.cwd.text() or self.default_cwd
        path, _ = QFileDialog.getOpenFileName(self, "Choose a Python script", start,
                                              "Python scripts (*.py *.pyw);;All files (*)")
        if path:
            self.target.setText(path)

    def _browse_cwd(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Working directory",
                                                self.cwd.text() or self.default_cwd)
        if path:
            self.cwd.setText(path)


def _row(field: QWidget, button: QPushButton) -> QWidget:
    row = QWidget()
    row.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(field, 1)
    layout.addWidget(button)
    return row

