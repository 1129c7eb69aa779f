"""The run queue: every planned run with its status, phase, progress and elapsed time."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from fwprof.results import RunResult
from ui.base.run_info import framework_of, planned_steps
from ui.base.theme import PHASE_LABELS, Theme, current_theme
from ui.widgets.progress_delegate import ProgressDelegate
from ui.widgets.table_copy import CopyableTableView

COLUMNS = ("#", "Run", "Status", "Progress", "Phase", "Elapsed")
PROGRESS_COLUMN = 3
STATUS_TEXT = {"pending": "waiting", "running": "running", "ok": "done", "failed": "failed",
               "stopped": "stopped", "skipped": "skipped"}
Index = QModelIndex | QPersistentModelIndex
#: The Phase column of a running run that counts steps outside any phase.
STEPPING = "steps"
#: The statuses of a run that ran to its end (its result is in, good or bad).
FINISHED = ("ok", "failed")


@dataclass
class QueueRow:
    """What the queue shows of one run."""

    run_id: str
    label: str
    framework: str
    steps_total: int
    status: str = "pending"
    phase: str = ""
    steps_done: int = 0
    started: float | None = None  # monotonic
    ended: float | None = None
    error: str | None = None

    def elapsed(self, now: float) -> float | None:
        """Seconds the run took (so far)."""
        if self.started is None:
            return None
        return (self.ended if self.ended is not None else now) - self.started


def row_from_run(run: RunResult) -> QueueRow:
    """A queue row reflecting the run as it is."""
    return QueueRow(run.run_id, run.spec.label, framework_of(run), planned_steps(run),
                    run.status, "", len(run.steps), run.started_at, run.ended_at, run.error)


class RunQueueModel(QAbstractTableModel):
    """Rows of :class:`QueueRow`; the view's timer calls :meth:`tick` for live figures."""

    def __init__(self, theme: Theme, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.theme = theme
        self.rows: list[QueueRow] = []
        self._clock = clock
        self._index: dict[str, int] = {}
        self._open_phases: dict[str, list[str]] = {}  # per run, innermost last

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column, index.row())
        if role == Qt.ItemDataRole.UserRole and column == PROGRESS_COLUMN:
            return (row.steps_done, row.steps_total, row.status)
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return self.theme.framework_colour(row.framework)
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            return QColor(self._status_colour(row.status))
        if role == Qt.ItemDataRole.FontRole and row.status == "running":
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.error or row.label
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, row: QueueRow, column: int, number: int) -> str:
        if column == 0:
            return str(number + 1)
        if column == 1:
            return row.label
        if column == 2:
            return STATUS_TEXT.get(row.status, row.status)
        if column == PROGRESS_COLUMN:
            return f"{row.steps_done}/{row.steps_total}" if row.steps_total else str(row.steps_done)
        if column == 4:
            return _phase_text(row)
        elapsed = row.elapsed(self._clock())
        return "" if elapsed is None else f"{elapsed:.1f} s"

    def _status_colour(self, status: str) -> str:
        theme = self.theme
        return {"ok": theme.good, "failed": theme.bad, "running": theme.accent,
                "stopped": theme.warn, "skipped": theme.warn}.get(status, theme.muted)

    # --- updates --------------------------------------------------------------------------
    def set_runs(self, runs: list[RunResult]) -> None:
        """Show these runs (replacing any previous queue)."""
        self.beginResetModel()
        self.rows = [row_from_run(run) for run in runs]
        self._index = {row.run_id: i for i, row in enumerate(self.rows)}
        # Pairs added mid-run (the same session) keep the running run's phase.
        self._open_phases = {row.run_id: self._open_phases[row.run_id] for row in self.rows
                             if row.status == "running" and self._open_phases.get(row.run_id)}
        for row in self.rows:
            if row.run_id in self._open_phases:
                row.phase = self._open_phases[row.run_id][-1]
        self.endResetModel()

    def update_run(self, run: RunResult) -> None:
        """A run started or finished: refresh its status, times and error."""
        row = self.row(run.run_id)
        if row is None:
            return
        fresh = row_from_run(run)
        fresh.phase = "" if run.status != "running" else row.phase
        fresh.steps_done = max(row.steps_done, fresh.steps_done)
        if run.status == "ok" and fresh.steps_total:
            fresh.steps_done = fresh.steps_total
        self.rows[self._index[run.run_id]] = fresh
        self._changed(run.run_id)

    def set_phase(self, run_id: str, phase: str) -> None:
        """The run entered ``phase`` (inside the phases still open: a script's may nest)."""
        row = self.row(run_id)
        if row is not None:
            self._open_phases.setdefault(run_id, []).append(phase)
            row.phase = phase
            self._changed(run_id)

    def end_phase(self, run_id: str, phase: str) -> None:
        """The run left ``phase``: the phase around it shows again, or none (a script's own
        code after ``import torch``, whose steps then show as such)."""
        row, open_phases = self.row(run_id), self._open_phases.get(run_id, [])
        if row is None or phase not in open_phases:
            return
        del open_phases[len(open_phases) - 1 - open_phases[::-1].index(phase)]
        row.phase = open_phases[-1] if open_phases else ""
        self._changed(run_id)

    def tick(self, steps_done: Callable[[str], int]) -> None:
        """Refresh progress and elapsed time of running rows."""
        for row in self.rows:
            if row.status == "running":
                row.steps_done = steps_done(row.run_id)
                self._changed(row.run_id)

    def row(self, run_id: str) -> QueueRow | None:
        """The row of a run."""
        index = self._index.get(run_id)
        return None if index is None else self.rows[index]

    def counts(self) -> dict[str, int]:
        """How many rows have each status."""
        found: dict[str, int] = {}
        for row in self.rows:
            found[row.status] = found.get(row.status, 0) + 1
        return found

    def _changed(self, run_id: str) -> None:
        number = self._index[run_id]
        self.dataChanged.emit(self.index(number, 0), self.index(number, len(COLUMNS) - 1))


def _phase_text(row: QueueRow) -> str:
    """The phase a row shows: the open phase, else 'steps' while a running run counts steps
    outside any phase (a script's training loop)."""
    if row.phase:
        return PHASE_LABELS.get(row.phase, row.phase)
    return STEPPING if row.status == "running" and row.steps_done > 0 else ""


class RunQueueView(QWidget):
    """The queue table with a one-line header ('3 of 8 runs done · 1 failed')."""

    def __init__(self, theme: Theme | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RunQueueModel(theme or current_theme())
        self.header = QLabel("Queue", self)
        self.table = CopyableTableView(self)
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(PROGRESS_COLUMN, ProgressDelegate(self.model, self))
        self._configure_table()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 4)
        layout.addWidget(self.header)
        layout.addWidget(self.table)
        self.steps_done: Callable[[str], int] = lambda run_id: 0
        self.timer = QTimer(self)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self.tick)
        self.model.modelReset.connect(self._update_header)
        self.model.dataChanged.connect(self._update_header)
        self._update_header()

    def _configure_table(self) -> None:
        table = self.table
        table.verticalHeader().hide()
        table.setAlternatingRowColors(True)
        table.setSelectionBehavior(CopyableTableView.SelectionBehavior.SelectRows)
        table.setShowGrid(False)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        modes = (QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch,
                 QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Fixed,
                 QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Fixed)
        for column, mode in enumerate(modes):
            header.setSectionResizeMode(column, mode)
        header.resizeSection(PROGRESS_COLUMN, 170)
        header.resizeSection(5, 80)
        table.verticalHeader().setDefaultSectionSize(24)

    def tick(self) -> None:
        """Live progress and elapsed times (timer slot)."""
        self.model.tick(self.steps_done)

    def set_live(self, live: bool) -> None:
        """Start or stop the refresh timer."""
        if live:
            self.timer.start()
        else:
            self.timer.stop()
            self.tick()

    def apply_theme(self, theme: Theme) -> None:
        """Use ``theme``'s colours for statuses and framework marks."""
        self.model.theme = theme
        self.table.viewport().update()
        self._update_header()

    def _update_header(self) -> None:
        counts = self.model.counts()
        total = len(self.model.rows)
        if not total:
            self.header.setText("<b>Queue</b>")
            return
        # Stopped and skipped runs did not run to their end: counted apart, never as finished.
        finished = sum(counts.get(s, 0) for s in FINISHED)
        parts = [f"<b>Queue</b> · {finished} of {total} runs finished"]
        theme = self.model.theme
        for status, colour in (("failed", theme.bad), ("stopped", theme.warn),
                               ("skipped", theme.warn)):
            if counts.get(status):
                parts.append(f"<span style='color:{colour}'>{counts[status]} {status}</span>")
        self.header.setText(" · ".join(parts))
