"""The offer to recover a session an earlier fwprof could not save: a sentence and
Recover / Discard / Later (see :mod:`ui.controllers.recovery_prompt`, which drives it)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ui.base.theme import Theme

if TYPE_CHECKING:
    from fwprof.snapshot.recovery import RecoverableSession


def describe(entry: RecoverableSession) -> str:
    """'mlp train … (interrupted; started 2026-11-26 09:58, 3 of 8 runs ended, 1.2 MiB)'."""
    meta = entry.meta
    size = (f"{entry.size_bytes / 2**20:.1f} MiB" if entry.size_bytes >= 2**20
            else f"{max(entry.size_bytes, 1) / 1024:.0f} KiB")
    if meta is None:
        when = datetime.fromtimestamp(entry.modified).strftime("%Y-%m-%d %H:%M")
        return f"session {entry.id} ({entry.state_label}; autosaved {when}, {size})"
    try:
        started = datetime.fromisoformat(meta.created).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        started = meta.created
    return (f"{_escape(meta.label or entry.id)} ({entry.state_label}; started {started}, "
            f"{meta.runs_ended} of {meta.runs_total} runs ended, {size})")


def headline(entry: RecoverableSession) -> str:
    """What happened to it, in bold: finished but not saved, or cut short."""
    if entry.finished_unsaved:
        return f"<b>A {entry.ended_as} session was not saved</b>"
    return "<b>fwprof ended before saving a session</b>"


class RecoveryBar(QFrame):
    """The inline offer: a sentence and Recover / Discard / Later."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.recover_button = QPushButton("Recover", self)
        self.recover_button.setToolTip("Open it here as an unsaved session")
        self.discard_button = QPushButton("Discard", self)
        self.discard_button.setToolTip("Delete its autosave")
        self.later_button = QPushButton("Later", self)
        self.later_button.setToolTip("Ask again next time fwprof starts")
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self.label, 1)
        for button in (self.recover_button, self.discard_button, self.later_button):
            row.addWidget(button)
        self.apply_theme(theme)
        self.hide()

    def set_busy(self, busy: bool) -> None:
        """Disable the buttons while a recovery or discard is in progress."""
        for button in (self.recover_button, self.discard_button, self.later_button):
            button.setEnabled(not busy)

    def apply_theme(self, theme: Theme) -> None:
        """Recolour for ``theme``."""
        self.setStyleSheet(
            f"RecoveryBar {{ border: 1px solid {theme.warn}; border-left: 4px solid {theme.warn};"
            f" border-radius: 3px; background: {theme.base}; }}")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
