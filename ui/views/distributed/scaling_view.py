"""The Scaling tab: what ``--task distributed`` measured.

The scaling table (one row per framework, workload and world size: samples/s with its CI,
speedup and efficiency against the smallest world size, step, compute-only and communication
times, imbalance, CPU %), the per-rank table (each rank's step, compute-only step, their
difference, CPU % and peak RSS) and the launches that did not complete. The cells are the ones
the text report, HTML and Markdown show (:mod:`fwprof.scenarios.distributed.cells`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QStandardItem
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from fwprof.scenarios.distributed import cells
from fwprof.scenarios.distributed.html import NOTE
from fwprof.scenarios.distributed.section import ScalingEntry
from ui.base.theme import Theme, current_theme
from ui.widgets.sortable_table import SortableTable, cell

if TYPE_CHECKING:
    from fwprof.outputs.document import SummaryDocument

NOISY = "*"  # a narrow mark (the title says what it means), so the table fits a narrower window
FRAMEWORK_COLUMN = cells.HEADERS.index("framework")
RANK_FRAMEWORK_COLUMN = cells.RANK_HEADERS.index("framework")
_NUMBER = re.compile(r"-?[\d,]*\.?\d+(?:e[-+]?\d+)?")


class ScalingView(QScrollArea):
    """Shows the distributed section of a summary document (see module docstring)."""

    def __init__(self, theme: Theme | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme or current_theme()
        self.summary: SummaryDocument | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(8, 6, 8, 6)
        column.setSpacing(4)
        self.title = _label(body)
        self.table = SortableTable(cells.HEADERS, body)
        self.ranks_title = _label(body)
        self.ranks = SortableTable(cells.RANK_HEADERS, body)
        self.failed = _label(body)
        for widget in (self.title, self.table, self.ranks_title, self.ranks, self.failed):
            column.addWidget(widget)
        column.addStretch(1)
        self.setWidget(body)
        self.show_summary(None)

    def show_summary(self, summary: SummaryDocument | None) -> None:
        """Fill the tables from a summary document (None: nothing yet)."""
        self.summary = summary
        entries = () if summary is None else summary.distributed.scaling
        frameworks = [entry.framework for entry in entries for _ in entry.points]
        rows = cells.scaling_rows(entries, noisy_mark=NOISY)
        self.table.set_rows([self._items(row, cells.FIRST_NUMBER, FRAMEWORK_COLUMN, framework)
                             for row, framework in zip(rows, frameworks, strict=True)],
                            visible_rows=len(rows))
        rank_frameworks = [entry.framework for entry in entries for point in entry.points
                           for _ in point.ranks]
        ranks = cells.rank_rows(entries)
        self.ranks.set_rows([self._items(row, cells.RANK_FIRST_NUMBER, RANK_FRAMEWORK_COLUMN, framework)
                             for row, framework in zip(ranks, rank_frameworks, strict=True)],
                            visible_rows=len(ranks))
        self._show_title(entries, len(rows))
        self.table.setVisible(bool(rows))
        self.ranks_title.setVisible(bool(ranks))
        self.ranks.setVisible(bool(ranks))
        self._show_unfinished(entries)

    def _show_unfinished(self, entries: Sequence[ScalingEntry]) -> None:
        """Failed launches in the error colour; stopped ones apart (a stop is not a failure)."""
        blocks = [(cells.failed_launches(_runs_where(entries, stopped=False)), self.theme.bad,
                   "Launches that did not complete"),
                  (cells.failed_launches(_runs_where(entries, stopped=True)), self.theme.warn,
                   "Stopped before the end")]
        parts = [f"<span style='color:{colour}'><b>{title}</b><br>"
                 + "<br>".join(_escape(line) for line in lines) + "</span>"
                 for lines, colour, title in blocks if lines]
        self.failed.setVisible(bool(parts))
        self.failed.setText("<br>".join(parts))

    def _items(self, row: list[str], first_number: int, framework_column: int,
               framework: str) -> list[QStandardItem]:
        items = [cell(text, number_key(text) if i >= first_number else None, align_right=i >= first_number)
                 for i, text in enumerate(row)]
        items[framework_column].setForeground(QBrush(self.theme.framework_colour(framework)))
        return items

    def _show_title(self, entries: Sequence[ScalingEntry], rows: int) -> None:
        theme = self.theme
        if not entries:
            self.title.setText(f"<span style='color:{theme.muted}'>No distributed runs in this "
                               "session: run the scaling study with <b>fwprof run --task distributed "
                               "--workers 1,2</b>.</span>")
            self.ranks_title.setText("")
            return
        launches = sum(len(entry.runs) for entry in entries)
        self.title.setText(f"<b>Data-parallel scaling</b> · {rows} world sizes of {len(entries)} "
                           f"configuration{'s' if len(entries) != 1 else ''} · {launches} launches<br>"
                           f"<span style='color:{theme.muted}'>{_escape(NOTE)} {NOISY} noisy: a "
                           "launch's step times vary (IQR/median &gt; 10 %).</span>")
        self.ranks_title.setText("<b>Per rank</b> · the median over the launches; comm = step "
                                 "− compute-only step")

    def apply_theme(self, theme: Theme) -> None:
        """Recolour (the rows are rebuilt)."""
        self.theme = theme
        self.show_summary(self.summary)


def number_key(text: str) -> float | str:
    """A numeric cell's sort key: its first number (``1,234 [..]`` -> 1234.0); the text when
    it has none (a dash, "failed")."""
    found = _NUMBER.search(text)
    if found is None:
        return text
    try:
        return float(found.group().replace(",", ""))
    except ValueError:
        return text


def _runs_where(entries: Sequence[ScalingEntry], stopped: bool) -> list[ScalingEntry]:
    """The entries with only their stopped runs (``stopped``), or only the others."""
    return [replace(entry, runs=tuple(run for run in entry.runs if (run.status == "stopped") == stopped))
            for entry in entries]


def _label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
