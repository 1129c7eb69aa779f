"""Saving a session as a snapshot, with its summary document for other readers."""

from __future__ import annotations

from pathlib import Path

from fwprof.outputs.summary import build_summary
from fwprof.results import SessionRecord
from fwprof.snapshot.io import write_snapshot
from fwprof.snapshot.redact import Redactor


def save_snapshot(record: SessionRecord, path: str | Path, redactor: Redactor | None = None) -> Path:
    """Write the session to ``path`` atomically; secrets redacted (pass ``redactor`` to choose how).
    Raises :class:`fwprof.snapshot.SnapshotError` when it cannot be written."""
    return write_snapshot(record, path, build_summary(record).to_json(), redactor)
