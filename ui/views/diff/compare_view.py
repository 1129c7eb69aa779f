"""Two snapshots side by side: each change with its interval and significance, as
``fwprof compare`` reports it, and the two sessions' timelines overlaid."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QResizeEvent, QShowEvent, QStandardItem
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fwprof.diff import Comparison, compare_sessions
from fwprof.diff.render import environment_changes, verdict_text
from fwprof.results import SessionRecord
from ui.base.theme import Theme, current_theme
from ui.base.threads import run_in_background
from ui.views.diff.change_rows import (
    HEADERS,
    METRICS,
    ChangeRow,
    change_rows,
    no_match_text,
    unmatched_text,
)
from ui.views.timeline.live_buffer import batch_from_record
from ui.views.times import local_time
from ui.widgets.sortable_table import SortableTable, cell

Loaded = tuple[Path, SessionRecord, object]  # the third: the summary (not used here)


class CompareView(QWidget):
    """Title, notes and the table of changes on top, the timelines (A solid, B dashed) below.

    Every label wraps and the table scrolls, so the tab never asks for more width than a
    1024-pixel screen has; a splitter gives the table its rows (up to half the height) and the
    timelines the rest, which scroll when that is less than they need (large fonts).
    """

    computed = Signal()  # the changes of the pair shown are in the table

    def __init__(self, theme: Theme | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from ui.views.timeline.timeline_view import TimelineView

        self.theme = theme or current_theme()
        self.title, self.notice, self.verdict = (self._label() for _ in range(3))
        self.metric_choice = QComboBox(self)
        for name, label in METRICS.items():
            self.metric_choice.addItem(label, name)
        self.metric_choice.currentIndexChanged.connect(lambda _index: self._fill_table())
        self.table = SortableTable(HEADERS, self)
        self.table.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        table_box = QWidget(self)
        table_column = QVBoxLayout(table_box)
        table_column.setContentsMargins(0, 0, 0, 0)
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel("Metric:", table_box))
        chooser.addWidget(self.metric_choice)
        chooser.addStretch(1)
        table_column.addLayout(chooser)
        table_column.addWidget(self.table, 1)
        self.timeline = TimelineView(None, self.theme, self)
        self.timeline.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        timelines = QScrollArea(self)  # below its minimum (large fonts) it scrolls
        timelines.setWidget(self.timeline)
        timelines.setWidgetResizable(True)
        timelines.setFrameShape(QScrollArea.Shape.NoFrame)
        timelines.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(table_box)
        self.splitter.addWidget(timelines)
        self.splitter.setStretchFactor(1, 1)
        self._share_pending = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        for label in (self.title, self.notice, self.verdict):
            layout.addWidget(label)
        layout.addWidget(self.splitter, 1)
        self.comparison: Comparison | None = None  # None while it is being computed
        self._records: tuple[SessionRecord, SessionRecord]  # set with the comparison
        self._generation = 0  # which show_pair a finished computation belongs to
        self.rows: list[ChangeRow] = []

    def _label(self) -> QLabel:
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        return label

    def show_pair(self, a: Loaded, b: Loaded) -> None:
        """Compare two loaded snapshots: (path, record, summary) each; A is the baseline."""
        (path_a, record_a, _), (path_b, record_b, _) = a, b
        self.title.setText(
            f"<b>A</b> (baseline, solid lines): {_escape(path_a.name)}, recorded "
            f"{local_time(record_a.created)}, {len(record_a.runs)} runs<br><b>B</b> (new, "
            f"dashed lines): {_escape(path_b.name)}, recorded {local_time(record_b.created)}, "
            f"{len(record_b.runs)} runs")
        self.comparison, self.rows, self._records = None, [], (record_a, record_b)
        self._generation += 1
        generation = self._generation
        self.table.set_rows([])
        self.verdict.hide()
        self.notice.setText(f"<span style='color:{self.theme.muted}'>Computing each change's "
                            "interval (bootstrap over runs and steps)…</span>")
        self.notice.show()
        # Seconds for a full matrix of long runs: off the GUI thread.
        run_in_background(lambda: compare_sessions(record_a, record_b),
                          lambda comparison: self._show_comparison(generation, comparison),
                          self._failed, self)
        self.timeline.clear()
        self.timeline.layer_note = "solid: A, dashed: B (each from its own start)"
        self.timeline.show_batch(batch_from_record(record_a))
        self.timeline.show_batch(batch_from_record(record_b), layer="B")
        self.timeline.apply_theme(self.theme)

    def _show_comparison(self, generation: int, comparison: Comparison) -> None:
        if generation != self._generation:
            return  # another pair was chosen meanwhile
        self.comparison = comparison
        self._show_notes(comparison, *self._records)
        self._fill_table()
        self.splitter.widget(0).setVisible(bool(comparison.matches))
        self._share_pending = True
        self._share_height()
        self.computed.emit()

    def _failed(self, reason: str) -> None:
        self.notice.setText(f"<span style='color:{self.theme.bad}'>Could not compare the "
                            f"snapshots: {_escape(reason)}</span>")
        self.notice.show()

    def _fill_table(self) -> None:
        """The chosen metric's row of every configuration both snapshots have."""
        if self.comparison is None:
            return
        self.rows = change_rows(self.comparison, str(self.metric_choice.currentData()))
        self.table.set_rows([self._items(row) for row in self.rows], visible_rows=12)
        self.table.setMinimumHeight(0)
        self.table.setMaximumHeight(16_777_215)  # set_rows fixes it; the splitter shares it

    def _share_height(self) -> None:
        """Give the table the rows it has (up to half the height), the timelines the rest;
        once per comparison, when the tab has its size (later the user's split stays)."""
        total = self.splitter.height()
        if not self._share_pending or not self.isVisible() or total < 100:
            return
        self._share_pending = False
        rows = max(1, min(len(self.rows), 12))
        wanted = (self.table.horizontalHeader().height() + rows * self.table.rowHeight(0)
                  + self.table.horizontalScrollBar().sizeHint().height() + 8
                  + self.metric_choice.sizeHint().height()) if self.rows else 0
        table = min(wanted, total // 2)
        self.splitter.setSizes([table, total - table])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._share_height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._share_height()

    def _show_notes(self, comparison: Comparison, a: SessionRecord, b: SessionRecord) -> None:
        nothing = no_match_text(comparison)
        notes = [nothing] if nothing else []
        notes += [unmatched_text(comparison)] if unmatched_text(comparison) else []
        notes += [f"Note: {change}" for change in environment_changes(a, b)]
        colour = self.theme.warn if nothing else self.theme.muted
        self.notice.setText("<br>".join(f"<span style='color:{colour}'>{_escape(n)}</span>"
                                        for n in notes))
        self.notice.setVisible(bool(notes))
        self.verdict.setText("" if nothing else f"<b>{_escape(verdict_text(comparison))}</b>")
        self.verdict.setVisible(not nothing)

    def _items(self, row: ChangeRow) -> list[QStandardItem]:
        name = cell(row.configuration.removesuffix(" (cpu)"))
        name.setToolTip(row.configuration)
        name.setForeground(QBrush(self.theme.framework_colour(row.framework)))
        base, new, change, ci, mark = row.cells
        items = [name, *(cell(text, align_right=True) for text in (base, new))]
        items.append(cell(change, -1e9 if row.change is None else row.change, align_right=True))
        items += [cell(ci, align_right=True), cell(mark)]
        colour = {"better": self.theme.good, "worse": self.theme.bad,
                  "regression": self.theme.bad, "not significant": self.theme.muted}.get(row.tone)
        if colour:
            for item in items[3:]:
                item.setForeground(QBrush(QColor(colour)))
        return items

    def apply_theme(self, theme: Theme) -> None:
        """Recolour the timeline, the notes and the table."""
        self.theme = theme
        self.timeline.apply_theme(theme)
        if self.comparison is not None:
            self._show_notes(self.comparison, *self._records)
            self._fill_table()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
