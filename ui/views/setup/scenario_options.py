"""A scenario's own options of ``fwprof run`` as a form: one field per option, built from the
core's description (:class:`fwprof.cli.run_plan.FormField`), read back as that command's
arguments. Nothing here knows a scenario."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

if TYPE_CHECKING:
    from fwprof.cli.run_plan import FormField, ScenarioForm


class ScenarioOptions(QWidget):
    """The fields of one :class:`ScenarioForm`; :attr:`changed` on every edit."""

    changed = Signal()

    def __init__(self, form: ScenarioForm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.readers: dict[str, Callable[[], list[str]]] = {}
        self.editors: dict[str, QWidget] = {}
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if form.description:
            about = QLabel(form.description, self)
            about.setWordWrap(True)
            about.setProperty("muted", True)
            layout.addRow(about)
        for field in form.fields:
            editor, read = self._editor(field)
            editor.setToolTip(field.help)
            self.editors[field.dest] = editor
            self.readers[field.dest] = read
            layout.addRow(_label(field), editor)

    def arguments(self) -> list[str]:
        """The options as ``fwprof run`` takes them (fields left at their default are left out)."""
        return [part for read in self.readers.values() for part in read()]

    def set_arguments(self, args: list[str]) -> None:
        """Show the options ``args`` gives (``fwprof run``'s form, as :meth:`arguments` makes
        it); the others go back to their defaults. Values that do not fit are left out."""
        for field in self.form.fields:
            given = field.flag in args
            if field.kind == "flag":
                self.set_value(field.dest, given)
                continue
            index = args.index(field.flag) + 1 if given else -1
            text = args[index] if 0 < index < len(args) else None
            with contextlib.suppress(ValueError, TypeError):
                self.set_value(field.dest, _typed(field, text))

    def set_value(self, dest: str, value: Any) -> None:
        """Set one field (a test's or a preset's shortcut): a number, text, a bool or names."""
        editor = self.editors[dest]
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, (QSpinBox, QDoubleSpinBox)):
            editor.setValue(value)
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value))
        else:
            for name, check in _choice_checks(editor).items():
                check.setChecked(name in value)

    # --- one editor per kind --------------------------------------------------------------
    def _editor(self, field: FormField) -> tuple[QWidget, Callable[[], list[str]]]:
        make = {"int": self._int, "float": self._float, "flag": self._flag,
                "choices": self._choices}.get(field.kind, self._text)
        return make(field)

    def _int(self, field: FormField) -> tuple[QWidget, Callable[[], list[str]]]:
        spin = QSpinBox(self)
        spin.setRange(0, 1_000_000)
        spin.setValue(int(field.default or 0))
        spin.valueChanged.connect(self.changed)
        return spin, lambda: _given(field, spin.value())

    def _float(self, field: FormField) -> tuple[QWidget, Callable[[], list[str]]]:
        spin = QDoubleSpinBox(self)
        spin.setDecimals(4)
        spin.setRange(0.0, 1_000_000.0)
        spin.setSingleStep(0.01 if float(field.default or 0) < 1 else 1.0)
        spin.setValue(float(field.default or 0.0))
        spin.valueChanged.connect(self.changed)
        return spin, lambda: _given(field, spin.value())

    def _flag(self, field: FormField) -> tuple[QWidget, Callable[[], list[str]]]:
        check = QCheckBox(self)
        check.setChecked(bool(field.default))
        check.toggled.connect(self.changed)
        return check, lambda: [field.flag] if check.isChecked() else []

    def _text(self, field: FormField) -> tuple[QWidget, Callable[[], list[str]]]:
        edit = QLineEdit(self)
        edit.setText("" if field.default is None else str(field.default))
        edit.setPlaceholderText(_placeholder(field.help))
        edit.textChanged.connect(self.changed)
        return edit, lambda: _given(field, edit.text().strip())

    def _choices(self, field: FormField) -> tuple[QWidget, Callable[[], list[str]]]:
        """One checkbox per name; none checked means the option's default (every one)."""
        holder = QWidget(self)
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, name in enumerate(field.choices):
            check = QCheckBox(name, holder)
            check.setObjectName(name)
            check.toggled.connect(self.changed)
            grid.addWidget(check, index // 2, index % 2)

        def read() -> list[str]:
            chosen = [name for name, check in _choice_checks(holder).items() if check.isChecked()]
            return [field.flag, ",".join(chosen)] if chosen else []

        return holder, read


def _typed(field: FormField, text: str | None) -> Any:
    """A field's value from its argument text (None: its default)."""
    if field.kind == "choices":
        return [] if text is None else text.split(",")
    if text is None:
        return field.default if field.default is not None else ""
    return {"int": int, "float": float}.get(field.kind, str)(text)


def _choice_checks(holder: QWidget) -> dict[str, QCheckBox]:
    return {check.objectName(): check for check in holder.findChildren(QCheckBox)}


def _given(field: FormField, value: Any) -> list[str]:
    if value == field.default or (value in ("", 0) and field.default is None):
        return []
    text = f"{value:.12g}" if isinstance(value, float) else str(value)
    return [field.flag, text]


def _label(field: FormField) -> str:
    """``lr_schedule`` -> "LR schedule", ``eval_every`` -> "Eval every"."""
    words = [word.upper() if len(word) <= 2 else word for word in field.dest.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _placeholder(help_text: str) -> str:
    """A text field's hint: its help's first clause (``comma list of ... (default 1,2)``)."""
    return help_text.split(";")[0][:60]
