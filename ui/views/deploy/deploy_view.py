"""The Deploy tab: what ``--task deploy`` measured, per workload a table of framework x format
(size, export and load time, latency percentiles at batch 1, throughput, parity, status and
reason; formats that could not run are greyed with the reason) and a chart of p50 latency."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QStandardItem
from PySide6.QtWidgets import QHeaderView, QLabel, QScrollArea, QVBoxLayout, QWidget

from fwprof.scenarios.deploy.section import DeploySection
from ui.base.theme import Theme, current_theme, swatch_html
from ui.views.deploy.deploy_chart import DeployChart
from ui.views.deploy.deploy_rows import DEPLOY_HEADERS, DeployRow, deploy_rows
from ui.widgets.sortable_table import SortableTable, cell

if TYPE_CHECKING:
    from fwprof.outputs.document import SummaryDocument

CHART_HEIGHT = 300
STATUS_COLUMN = DEPLOY_HEADERS.index("Status")


class DeployView(QScrollArea):
    """Shows the deploy section of a summary document (see module docstring)."""

    def __init__(self, theme: Theme | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme or current_theme()
        self.summary: SummaryDocument | None = None
        self.tables: dict[str, SortableTable] = {}
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget(self)
        self.column = QVBoxLayout(body)
        self.column.setContentsMargins(8, 6, 8, 6)
        self.column.setSpacing(4)
        self.title = QLabel(body)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.tables_box = QWidget(body)
        self.tables_layout = QVBoxLayout(self.tables_box)
        self.tables_layout.setContentsMargins(0, 0, 0, 0)
        self.legend = QLabel(body)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.chart = DeployChart(self.theme, body)
        self.chart.setMinimumHeight(CHART_HEIGHT)
        for widget in (self.title, self.tables_box, self.legend):
            self.column.addWidget(widget)
        self.column.addWidget(self.chart, 1)
        self.setWidget(body)
        self.show_summary(None)

    def show_summary(self, summary: SummaryDocument | None) -> None:
        """Fill the tables and charts from a summary document (None: nothing yet)."""
        self.summary = summary
        rows = deploy_rows(DeploySection() if summary is None else summary.deploy)
        self._clear_tables()
        for workload, entries in rows.items():
            heading = QLabel(f"<b>{_escape(workload)}</b>", self.tables_box)
            heading.setContentsMargins(0, 6, 0, 0)
            table = self._table(entries)
            self.tables_layout.addWidget(heading)
            self.tables_layout.addWidget(table)
            self.tables[workload] = table
        self._show_title(rows)
        self.legend.setVisible(bool(rows))
        self.chart.setVisible(bool(rows))
        self.chart.show_rows(rows)

    def _table(self, entries: list[DeployRow]) -> SortableTable:
        """Every row visible (the page scrolls, not the table); the reason column takes the
        width that is left and elides, its full text in the tooltip."""
        table = SortableTable(DEPLOY_HEADERS, self.tables_box)
        table.horizontalHeader().setSectionResizeMode(len(DEPLOY_HEADERS) - 1,
                                                      QHeaderView.ResizeMode.Stretch)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.set_rows([self._items(row) for row in entries], visible_rows=len(entries))
        # room for a horizontal scroll bar, which a narrow window needs
        table.setFixedHeight(table.maximumHeight() + table.horizontalScrollBar().sizeHint().height())
        return table

    def _clear_tables(self) -> None:
        while self.tables_layout.count():
            item = self.tables_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.tables = {}

    def _items(self, row: DeployRow) -> list[QStandardItem]:
        items = [cell(c.text, c.sort, align_right=c.numeric) for c in row.cells]
        theme = self.theme
        if row.status == "unavailable":
            for item in items:
                item.setForeground(QBrush(QColor(theme.muted)))
        else:
            items[0].setForeground(QBrush(theme.framework_colour(row.framework)))
            status = {"ok": theme.good, "failed": theme.bad}.get(row.status, theme.warn)
            items[STATUS_COLUMN].setForeground(QBrush(QColor(status)))
        if row.full_reason:
            for item in (items[STATUS_COLUMN], items[-1]):
                item.setToolTip(row.full_reason[:4000])
        return items

    def _show_title(self, rows: dict[str, list[DeployRow]]) -> None:
        theme = self.theme
        if not rows:
            self.title.setText(f"<span style='color:{theme.muted}'>No deployment runs in this "
                               "session: run with the <b>deploy</b> task (fwprof run --task "
                               "deploy).</span>")
            return
        entries = [row for workload in rows.values() for row in workload]
        ok = sum(row.status == "ok" for row in entries)
        self.title.setText(
            f"<b>Deployment formats</b> · {ok} of {len(entries)} formats ok · export, load in a "
            "fresh process, latency at batch 1, throughput at the batch after @; max |diff| "
            "against the eager model. Hover a status or reason for the full error.")
        frameworks = dict.fromkeys((row.framework, row.framework_label) for row in entries)
        self.legend.setText("&nbsp;&nbsp;".join(
            swatch_html(theme.frameworks.get(name, theme.muted), label)
            for name, label in frameworks))

    def apply_theme(self, theme: Theme) -> None:
        """Recolour (the tables are rebuilt)."""
        self.theme = theme
        self.chart.theme = theme
        self.show_summary(self.summary)



def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
