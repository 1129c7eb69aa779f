"""The Profile Script dialog's comparison option: the scripts alternate, repeated until decided.

Checked, the scripts run as ``fwprof profile --compare`` runs them
(:class:`fwprof.scenarios.profile.compare_session.ScriptCompareSession`): fresh processes in
alternating rounds, at least *runs of each* rounds, more while the verdict is undecided, up to
*at most*, with differences within the margin called no meaningful difference. The fields
mirror ``--repeats``, ``--max-repeats`` and ``--margin`` and start at their defaults.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from fwprof.config import SessionConfig
from fwprof.stats.pair_policy import PairPolicy

DEFAULTS = SessionConfig()
MOST_RUNS = 1000


class CompareOptions(QWidget):
    """A checkbox and the pairs fields; :meth:`policy` is None unless comparing."""

    #: The choice or a field changed.
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox("&Compare these scripts: alternate and repeat until decided", self)
        self.enabled.setToolTip("Each script runs as fresh processes in alternating rounds "
                                "(A B, B A, ...); the Results tab says which is faster and how sure "
                                "(as fwprof profile --compare)")
        self.repeats = _count(self, DEFAULTS.repeats, "Rounds run before deciding (--repeats)")
        self.max_repeats = _count(self, DEFAULTS.max_repeats,
                                  "More rounds while undecided, up to this many (--max-repeats)")
        self.margin = QDoubleSpinBox(self)
        self.margin.setRange(0.5, 50.0)
        self.margin.setDecimals(1)
        self.margin.setPrefix("±")
        self.margin.setSuffix(" %")
        self.margin.setValue(DEFAULTS.margin * 100)
        self.margin.setToolTip("Differences within this are 'no meaningful difference' (--margin)")
        self._lay_out()
        self.enabled.toggled.connect(self._show_fields)
        self.enabled.toggled.connect(self.changed)
        for field in (self.repeats, self.max_repeats, self.margin):
            field.valueChanged.connect(self.changed)
        self._show_fields(False)

    def _lay_out(self) -> None:
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.enabled)
        row.addSpacing(12)
        self._labels = []
        for text, field in (("R&uns of each:", self.repeats), ("a&t most:", self.max_repeats),
                            ("mar&gin:", self.margin)):
            label = QLabel(text, self)
            label.setBuddy(field)
            self._labels.append(label)
            row.addWidget(label)
            row.addWidget(field)
        row.addStretch(1)

    def set_available(self, available: bool) -> None:
        """Two or more scripts: the option may be chosen; fewer: it is off and greyed out."""
        self.enabled.setEnabled(available)
        if not available:
            self.enabled.setChecked(False)
        self._show_fields(self.enabled.isChecked())

    def policy(self) -> PairPolicy | None:
        """The pairs policy when comparing (at most never below runs of each), else None."""
        if not self.enabled.isChecked():
            return None
        repeats = self.repeats.value()
        return PairPolicy(min_pairs=repeats, max_pairs=max(repeats, self.max_repeats.value()),
                          margin=self.margin.value() / 100.0)

    def _show_fields(self, on: bool) -> None:
        for widget in (self.repeats, self.max_repeats, self.margin, *self._labels):
            widget.setEnabled(on)


def _count(parent: QWidget, value: int, tip: str) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(1, MOST_RUNS)
    box.setValue(value)
    box.setToolTip(tip)
    return box
