"""Two snapshots side by side: a throughput delta table and their timelines overlaid."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from fwprof.catalog import FRAMEWORK_LABELS
from fwprof.results import SessionRecord
from ui.base.theme import Theme, current_theme
from ui.views.diff.compare_rows import DeltaRow, delta_rows
from ui.views.timeline.live_buffer import batch_from_record
from ui.views.times import local_time
from ui.widgets.sortable_table import SortableTable, cell

if TYPE_CHECKING:
    from fwprof.outputs.document import SummaryDocument

HEADERS = ("Framework", "Workload", "Task", "Mode", "Device", "A samples/s", "B samples/s",
           "Change B vs A")
NOISE_PERCENT = 5.0  # smaller changes are shown without colour


class CompareView(QWidget):
    """Delta table on top, the two sessions' timelines (A solid, B dashed) below."""

    def __init__(self, theme: Theme | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from ui.views.timeline.timeline_view import TimelineView

        self.theme = theme or current_theme()
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.table = SortableTable(HEADERS, self)
        self.timeline = TimelineView(None, self.theme, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        layout.addWidget(self.timeline, 1)
        self.rows: list[DeltaRow] = []

    def show_pair(self, a: tuple[Path, SessionRecord, SummaryDocument],
                  b: tuple[Path, SessionRecord, SummaryDocument]) -> None:
        """Compare two loaded snapshots: (path, record, summary) each."""
        (path_a, record_a, summary_a), (path_b, record_b, summary_b) = a, b
        self.title.setText(
            f"<b>A</b> (solid lines) {path_a.name}, recorded {local_time(record_a.created)}"
            f"&nbsp;&nbsp;&nbsp;&nbsp;<b>B</b> (dashed lines) {path_b.name}, recorded "
            f"{local_time(record_b.created)}"
        )
        self.rows = delta_rows(summary_a.comparison, summary_b.comparison)
        self.table.set_rows([self._items(row) for row in self.rows])
        self.timeline.clear()
        self.timeline.layer_note = "solid: A, dashed: B (each from its own start)"
        self.timeline.show_batch(batch_from_record(record_a))
        self.timeline.show_batch(batch_from_record(record_b), layer="B")
        self.timeline.apply_theme(self.theme)

    def _items(self, row: DeltaRow) -> list[Any]:
        framework = row.key[0]
        name = cell(FRAMEWORK_LABELS.get(framework, framework))
        name.setForeground(QBrush(self.theme.framework_colour(framework)))
        items = [name, *(cell(part) for part in row.key[1:])]
        for value in (row.a, row.b):
            items.append(cell("-" if value is None else f"{value:,.0f}",
                              -1.0 if value is None else value, align_right=True))
        change = row.change_percent
        text = "not in both" if change is None else f"{change:+.1f} %"
        delta = cell(text, -1e9 if change is None else change, align_right=True)
        if change is not None and abs(change) >= NOISE_PERCENT:
            delta.setForeground(QBrush(QColor(self.theme.good if change > 0 else self.theme.bad)))
        items.append(delta)
        return items

    def apply_theme(self, theme: Theme) -> None:
        """Recolour the timeline (the table is recoloured on the next comparison)."""
        self.theme = theme
        self.timeline.apply_theme(theme)
