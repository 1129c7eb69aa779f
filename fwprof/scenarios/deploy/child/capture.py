"""Capturing what an export complains about: Python warnings, log records and native output.

Converters warn in three ways: ``warnings.warn`` (torch's tracer), the ``logging`` module
(tf2onnx, torch.onnx) and C++ writing to file descriptor 2 (TensorFlow's MLIR converter).
:class:`WarningCapture` records all three around a block; the native output is passed on to
the real stderr afterwards, so it still reaches the run's log tail.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import tempfile
import warnings
from types import TracebackType
from typing import IO

#: Native output lines that count as warnings (TF's ``W0000 ...`` log lines, ``WARNING:``).
_WARNING_LINE = re.compile(r"(?i)\bwarn(ing)?\b|^W\d{4} ")
MAX_WARNINGS = 50
MAX_CHARS = 500


class _ListHandler(logging.Handler):
    def __init__(self, sink: list[str]) -> None:
        super().__init__(logging.WARNING)
        self._sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self._sink.append(f"{record.levelname} {record.name}: {record.getMessage()}")


class WarningCapture:
    """Context manager; afterwards :attr:`warnings` holds unique messages, oldest first."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.count = 0
        self._found: list[str] = []
        self._handler = _ListHandler(self._found)
        self._catcher = warnings.catch_warnings(record=True)
        self._caught: list[warnings.WarningMessage] = []
        self._saved_fd: int | None = None
        self._sink: IO[bytes] | None = None

    def __enter__(self) -> WarningCapture:
        logging.getLogger().addHandler(self._handler)
        caught = self._catcher.__enter__()
        self._caught = caught if caught is not None else []
        warnings.simplefilter("always")
        self._redirect_stderr()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        native = self._restore_stderr()
        self._catcher.__exit__(kind, exc, tb)
        logging.getLogger().removeHandler(self._handler)
        messages = [f"{w.category.__name__}: {w.message}" for w in self._caught]
        messages += self._found
        messages += [line.strip() for line in native.splitlines() if _WARNING_LINE.search(line)]
        self.count = len(messages)
        unique = list(dict.fromkeys(" ".join(m.split())[:MAX_CHARS] for m in messages if m.strip()))
        self.warnings = unique[:MAX_WARNINGS]

    def _redirect_stderr(self) -> None:
        sys.stderr.flush()
        self._sink = tempfile.TemporaryFile()  # noqa: SIM115 - closed in _restore_stderr
        self._saved_fd = os.dup(2)
        os.dup2(self._sink.fileno(), 2)

    def _restore_stderr(self) -> str:
        if self._saved_fd is None or self._sink is None:
            return ""
        sys.stderr.flush()
        os.dup2(self._saved_fd, 2)
        os.close(self._saved_fd)
        self._sink.seek(0)
        native = self._sink.read().decode(errors="replace")
        self._sink.close()
        self._saved_fd = self._sink = None
        sys.stderr.write(native)
        sys.stderr.flush()
        return native
