"""The script's live stdout and stderr: a bounded, read-only text pane fed from a timer.

Reader threads of the script's child process call :meth:`ConsoleBuffer.append` for each line,
at whatever rate the script prints; :class:`ConsolePane` drains the buffer every
:data:`DRAIN_MS` and appends everything new in one edit, so there is never a Qt signal per line.
Both are bounded: the buffer keeps the newest :data:`MAX_LINES` lines between drains, the pane
the newest :data:`MAX_LINES` blocks.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QFont, QFontDatabase, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from fwprof.results import RunResult
from ui.base.theme import Theme, current_theme

MAX_LINES = 5_000
DRAIN_MS = 100
MAX_LINE_CHARS = 2_000
#: Streams of fwprof's own lines: a script starts, ends, or ends having failed.
START, NOTE, FAILED = "start", "note", "failed"
#: Marks the characters of stderr lines (to paint them as errors once their script failed).
STDERR_MARK = QTextFormat.Property.UserProperty


class ConsoleBuffer:
    """Thread-safe, bounded queue of ``(stream, text)`` lines (see the module docstring)."""

    def __init__(self, max_lines: int = MAX_LINES) -> None:
        self._lock = threading.Lock()
        self._lines: deque[tuple[str, str]] = deque(maxlen=max_lines)
        self.dropped = 0  # lines that were pushed out before a drain

    def append(self, stream: str, text: str) -> None:
        """Add one line, with or without its line break (any thread)."""
        with self._lock:
            if len(self._lines) == self._lines.maxlen:
                self.dropped += 1
            self._lines.append((stream, text.rstrip("\r\n")[:MAX_LINE_CHARS]))

    def on_output(self, run: RunResult, stream: str, line: str) -> None:
        """A :data:`fwprof.scenarios.profile.session.OutputHandler` (each script's start is a
        :meth:`ConsolePane.note`, so lines need no prefix)."""
        self.append(stream, line)

    def drain(self) -> list[tuple[str, str]]:
        """Everything since the last drain, oldest first."""
        with self._lock:
            lines = list(self._lines)
            self._lines.clear()
        return lines


class ConsolePane(QPlainTextEdit):
    """Read-only view of a :class:`ConsoleBuffer`. stderr lines look like stdout (libraries log
    information there: TensorFlow's start-up lines are not errors) until their script fails;
    then they, and the line saying so, turn to the error colour."""

    def __init__(self, buffer: ConsoleBuffer | None = None, theme: Theme | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buffer = buffer or ConsoleBuffer()
        self.theme = theme or current_theme()
        self.setReadOnly(True)
        self.setMaximumBlockCount(MAX_LINES)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setUndoRedoEnabled(False)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setPlaceholderText("The output of profiled scripts appears here.")
        self.timer = QTimer(self)
        self.timer.setInterval(DRAIN_MS)
        self.timer.timeout.connect(self.drain)
        self._formats = self._make_formats()
        self._run_start: QTextCursor | None = None  # where the running script's output begins

    def _make_formats(self) -> dict[str, QTextCharFormat]:
        plain, stderr, note, failed = (QTextCharFormat() for _ in range(4))
        stderr.setProperty(STDERR_MARK, True)
        note.setForeground(QColor(self.theme.muted))
        for own in (note, failed):
            own.setFontItalic(True)
            own.setFontWeight(QFont.Weight.Normal)
        failed.setForeground(QColor(self.theme.bad))
        return {"stdout": plain, "stderr": stderr, NOTE: note, START: note, FAILED: failed}

    def start(self) -> None:
        """Follow the buffer until :meth:`stop`."""
        self.timer.start()

    def stop(self) -> None:
        """Stop following (the last lines are drained first)."""
        self.timer.stop()
        self.drain()

    def clear_output(self) -> None:
        """Forget what is shown and what is waiting."""
        self.buffer.drain()
        self.clear()

    def note(self, text: str) -> None:
        """A line of fwprof's own (a script starts or ends), in a muted italic."""
        self._append([("note", text)])

    def drain(self) -> int:
        """Append everything buffered in one edit; returns the number of lines."""
        lines = self.buffer.drain()
        if lines:
            self._append(lines)
        return len(lines)

    def _append(self, lines: list[tuple[str, str]]) -> None:
        bar = self.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 2
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.beginEditBlock()
        first = self.document().isEmpty()
        for stream, run in _runs_of(lines):
            text = "\n".join(run)
            if stream == FAILED:
                self._paint_stderr_as_errors()
            cursor.insertText(text if first else "\n" + text,
                              self._formats.get(stream, self._formats["stdout"]))
            if stream == START:
                self._run_start = QTextCursor(cursor.block())  # the note's line; follows trimming
            first = False
        cursor.endEditBlock()
        if at_end:
            bar.setValue(bar.maximum())

    def _paint_stderr_as_errors(self) -> None:
        """The failed script's stderr lines (since its start note) in the error colour."""
        start = self._run_start.position() if self._run_start is not None else 0
        block = self.document().findBlock(start)
        error = QTextCharFormat()
        error.setForeground(QColor(self.theme.bad))
        while block.isValid():
            if _first_char_format(block).hasProperty(STDERR_MARK):
                painter = QTextCursor(block)
                painter.movePosition(QTextCursor.MoveOperation.EndOfBlock,
                                     QTextCursor.MoveMode.KeepAnchor)
                painter.mergeCharFormat(error)
            block = block.next()

    def apply_theme(self, theme: Theme) -> None:
        """New colours for lines that arrive from now on."""
        self.theme = theme
        self._formats = self._make_formats()


def _runs_of(lines: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """Consecutive lines of one stream grouped, so each group is one insertion."""
    groups: list[tuple[str, list[str]]] = []
    for stream, text in lines:
        if groups and groups[-1][0] == stream:
            groups[-1][1].append(text)
        else:
            groups.append((stream, [text]))
    return groups


def _first_char_format(block: Any) -> QTextCharFormat:
    """The format of a block's first character (its line's stream)."""
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)
    return cursor.charFormat()
