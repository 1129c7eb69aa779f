"""Sessions that fwprof did not finish saving, and getting them back.

While a session runs, its autosave sits in the recovery folder
(:mod:`fwprof.snapshot.recovery_files`). If fwprof is killed or crashes, or a save fails, the
autosave stays there; the app also keeps the autosave of a session that ended normally until
the user saves or discards it (:attr:`RecoverableSession.finished_unsaved`)::

    for session in list_recoverable():       # newest first
        if not session.in_progress:
            record = recover(session.id)      # a SessionRecord, as load_snapshot gives
            save_snapshot(record, "mine.fwprof")
            discard(session.id)

:func:`recover` marks what the interruption cut short: the run in progress ``failed`` (with the
reason and the time of the last autosave), runs never started ``stopped``, the session
``stopped``. A session whose fwprof is still running (``in_progress``) belongs to it: it is
listed, but :func:`recover` and :func:`discard` refuse it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import psutil

from fwprof.results import RunResult, SessionRecord
from fwprof.snapshot.io import SnapshotError, load_snapshot
from fwprof.snapshot.recovery_files import (
    STATE_UNSAVED,
    RecoveryError,
    RecoveryMeta,
    check_id,
    meta_file,
    read_meta,
    recovery_dir,
    snapshot_file,
)

INTERRUPTED = "fwprof ended during this run (killed or crashed); what it recorded up to {when} was recovered"
NOT_STARTED = "the session ended before this run"


@dataclass(frozen=True)
class RecoverableSession:
    """One autosave in the recovery folder. ``meta`` is None when its index file is unreadable."""

    id: str
    path: Path
    size_bytes: int
    modified: float  # the autosave's modification time (seconds since the epoch)
    meta: RecoveryMeta | None
    in_progress: bool  # the fwprof that writes it is still running

    @property
    def finished_unsaved(self) -> bool:
        """The session ended normally but was not saved (rather than being cut short)."""
        return self.meta is not None and self.meta.state == STATE_UNSAVED

    @property
    def ended_as(self) -> str:
        """How a session that ended normally ended: 'stopped' (by its user) or 'finished'."""
        return "stopped" if self.meta is not None and self.meta.status == "stopped" else "finished"

    @property
    def state_label(self) -> str:
        """'finished, not saved', 'stopped, not saved' or 'interrupted', with
        ' (open in fwprof)' while its owner runs."""
        if self.finished_unsaved:
            return f"{self.ended_as}, not saved" + (" (open in fwprof)" if self.in_progress else "")
        return "in progress" if self.in_progress else "interrupted"


def list_recoverable(folder: Path | None = None) -> list[RecoverableSession]:
    """Every autosave in ``folder`` (default: :func:`recovery_dir`), newest first."""
    root = recovery_dir() if folder is None else folder
    try:
        paths = [p for p in root.glob("*.fwprof") if not p.name.startswith(".")]
    except OSError:
        return []
    found = [entry for entry in (_entry(root, path) for path in paths) if entry is not None]
    return sorted(found, key=lambda entry: entry.modified, reverse=True)


def find(session: str | Path, folder: Path | None = None) -> RecoverableSession:
    """The autosave with this id (or at this path); RecoveryError if there is none."""
    root = recovery_dir() if folder is None else folder
    path = Path(session)
    if path.suffix == ".fwprof" and path.exists():
        root = path.parent
        session = path.stem
    entry = _entry(root, snapshot_file(root, check_id(str(session))))
    if entry is None:
        raise RecoveryError(f"no recoverable session {session} in {root} (list them: fwprof recover)")
    return entry


def recover(session: str | Path, folder: Path | None = None) -> SessionRecord:
    """Load an autosave and mark what was cut short (see the module docstring).

    Raises RecoveryError if there is no such session or it is still in progress, and
    :class:`~fwprof.snapshot.SnapshotError` if the file is damaged.
    """
    entry = _not_in_progress(find(session, folder), "recover")
    record = load_snapshot(entry.path)
    when = entry.meta.updated if entry.meta else _iso(entry.modified)
    mark_interrupted(record, INTERRUPTED.format(when=when))
    record.environment["recovered_from"] = {"id": entry.id, "autosaved": when}
    return record


def discard(session: str | Path, folder: Path | None = None) -> None:
    """Delete an autosave and its index (and temporary files an interrupted write left)."""
    entry = _not_in_progress(find(session, folder), "discard")
    remove_files(entry.path.parent, entry.id)


def remove_files(folder: Path, session_id: str) -> None:
    """Delete a session's autosave files without asking who owns them (the owner's call)."""
    for path in (snapshot_file(folder, session_id), meta_file(folder, session_id),
                 *folder.glob(f".{check_id(session_id)}.*.tmp")):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def mark_interrupted(record: SessionRecord, reason: str) -> None:
    """The run that was running failed with ``reason``; runs not started are stopped."""
    if record.status in ("pending", "running"):
        record.status = "stopped"
    for run in record.runs:
        if run.status == "running":
            run.status, run.error = "failed", reason
            run.ended_at = run.ended_at or _last_time(run)
            for span in run.phases:
                if span.end is None:
                    span.end = run.ended_at
        elif run.status == "pending":
            run.status, run.error = "stopped", NOT_STARTED


def _entry(root: Path, path: Path) -> RecoverableSession | None:
    try:
        info = path.stat()
    except OSError:
        return None
    meta = read_meta(meta_file(root, path.stem))
    if meta is not None and meta.id != path.stem:
        meta = None
    return RecoverableSession(path.stem, path, info.st_size, info.st_mtime, meta, _writer_alive(meta))


def _writer_alive(meta: RecoveryMeta | None) -> bool:
    if meta is None:
        return False
    try:
        return bool(abs(psutil.Process(meta.pid).create_time() - meta.pid_started) < 1.0)
    except psutil.Error:
        return False


def _not_in_progress(entry: RecoverableSession, action: str) -> RecoverableSession:
    if entry.in_progress and entry.meta is not None:
        raise RecoveryError(
            f"session {entry.id} is still in progress in fwprof (pid {entry.meta.pid}); "
            f"cannot {action} it now"
        )
    return entry


def _last_time(run: RunResult) -> float | None:
    """The latest time the run is known to have been alive: last step, sample or phase."""
    times = [t for t in (run.started_at, *(p.start for p in run.phases)) if t is not None]
    if len(run.steps):
        times.append(float(run.step_ends[-1]))
    store = run.series.get("series")
    series_t = store.get("t") if isinstance(store, dict) else None
    if isinstance(series_t, list):
        times.extend(t for t in series_t[-1:] if isinstance(t, (int, float)))
    return max(times) if times else None


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="seconds")


__all__ = [
    "RecoverableSession", "RecoveryError", "SnapshotError", "discard", "find", "list_recoverable",
    "mark_interrupted", "recover", "recovery_dir",
]
