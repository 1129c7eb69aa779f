"""Settings ▸ Defaults and appearance: theme, the run defaults (pairs, threads) and the folder
sessions are autosaved in. A form over :class:`~ui.base.settings.Preferences`."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ui.base.settings import Preferences
from ui.base.theme import THEME_CHOICES

MAX_PAIRS = 50
MAX_THREADS = 512


class PreferencesForm(QWidget):
    """Edits a :class:`Preferences`; :meth:`preferences` reads the form back."""

    def __init__(self, preferences: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = QComboBox(self)
        for choice, label in THEME_CHOICES.items():
            self.theme.addItem(label.replace("&", ""), choice)
        self.theme.setCurrentIndex(max(0, self.theme.findData(preferences.theme)))
        self.repeats = _spin(1, MAX_PAIRS, preferences.repeats, self)
        self.repeats.setToolTip("Pairs of fresh processes per configuration in a new setup")
        self.threads = _spin(0, MAX_THREADS, preferences.threads, self)
        self.threads.setSpecialValueText("all cores")
        self.threads.setToolTip("Intra-op threads per run in a new setup (0: all cores)")
        self.autosave = QLineEdit(preferences.autosave_dir, self)
        self.autosave.setPlaceholderText("default (the user's state folder)")
        self.autosave.setToolTip("Where running and finished, unsaved sessions are autosaved "
                                 "(fwprof recover and the recovery bar look there)")
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self._browse)
        folder = QHBoxLayout()
        folder.addWidget(self.autosave, 1)
        folder.addWidget(browse)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Theme", self.theme)
        form.addRow("Default pairs", self.repeats)
        form.addRow("Default threads", self.threads)
        form.addRow("Autosave folder", folder)

    def preferences(self) -> Preferences:
        """What the form shows."""
        return Preferences(theme=str(self.theme.currentData()), repeats=self.repeats.value(),
                           threads=self.threads.value(), autosave_dir=self.autosave.text().strip())

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Autosave folder", self.autosave.text())
        if folder:
            self.autosave.setText(folder)


def _spin(low: int, high: int, value: int, parent: QWidget) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setRange(low, high)
    spin.setValue(value)
    return spin
