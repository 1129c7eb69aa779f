"""A session's autosave: written to the recovery folder as it runs, for when fwprof dies.

:class:`RunQueue` calls :meth:`SessionAutosave.begin` when the session starts,
:meth:`~SessionAutosave.run_started` and :meth:`~SessionAutosave.tick` from its own thread
while a run is in progress (a save when it starts, then every
``interval_s``, default 4 s, so at most about that much is lost if fwprof is killed),
:meth:`~SessionAutosave.run_ended` after each run and :meth:`~SessionAutosave.end` when the
session is over. The autosave stays in the recovery folder until the owner calls
:meth:`~SessionAutosave.discard` (the CLI does once the session is saved or printed; the GUI
once the user has saved or discarded it); if fwprof dies first, ``fwprof recover`` finds it.
The GUI calls :meth:`~SessionAutosave.keep_unsaved` when a session with results ended: its
index then says "finished, not saved" rather than "interrupted".
Failures to autosave never stop a session: they are kept in :attr:`SessionAutosave.error`.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import psutil

from fwprof.protocol import now
from fwprof.results import ENDED_STATUSES, RunResult, SessionRecord
from fwprof.sampling.sampler import RunSampler
from fwprof.snapshot.autosave import AutosaveWriter, SessionState, WriteReport
from fwprof.snapshot.codec import document_header, session_redactor
from fwprof.snapshot.recovery import remove_files
from fwprof.snapshot.recovery_files import (
    STATE_UNSAVED,
    RecoveryError,
    RecoveryMeta,
    ensure_folder,
    new_session_id,
    recovery_dir,
    snapshot_file,
    write_meta,
)
from fwprof.snapshot.redact import Redactor

logger = logging.getLogger(__name__)

DEFAULT_INTERVAL_S = 4.0


class SessionAutosave:
    """Autosaves one session into ``folder`` (default: the recovery folder)."""

    def __init__(self, folder: Path | None = None, interval_s: float = DEFAULT_INTERVAL_S) -> None:
        self.folder = recovery_dir() if folder is None else folder
        self.interval_s = interval_s
        #: The session's id in the recovery folder (``fwprof recover ID``).
        self.id = new_session_id()
        self._writer: AutosaveWriter | None = None
        self._redactor = Redactor()
        self._last_save = -math.inf
        self._meta: RecoveryMeta | None = None
        self._error: str | None = None

    @property
    def path(self) -> Path:
        """The autosave file."""
        return snapshot_file(self.folder, self.id)

    @property
    def error(self) -> str | None:
        """Why the last autosave failed (None when it succeeded)."""
        return self._error or (self._writer.error if self._writer else None)

    @property
    def reports(self) -> list[WriteReport]:
        """Size and cost of each autosave so far."""
        return [] if self._writer is None else list(self._writer.reports)

    def check(self) -> None:
        """Create the recovery folder now; RecoveryError (for the user) if it cannot be used."""
        ensure_folder(self.folder)

    def begin(self, record: SessionRecord) -> None:
        """The session started: write its first autosave."""
        try:
            self.check()
        except RecoveryError as exc:
            self._error = str(exc)
            return
        self._redactor = session_redactor(record)
        self._meta = _meta(self.id, record)
        self._writer = AutosaveWriter(self.path, on_written=self._written)
        self.save(record)

    def run_started(self, record: SessionRecord, running: RunResult, sampler: RunSampler | None) -> None:
        """A run started: save now, so a recovery shows which run was cut short."""
        self.save(record, running, sampler)

    def tick(self, record: SessionRecord, running: RunResult, sampler: RunSampler | None) -> None:
        """Called often while ``running`` runs; saves when ``interval_s`` has passed."""
        if now() - self._last_save >= self.interval_s:
            self.save(record, running, sampler)

    def run_ended(self, record: SessionRecord) -> None:
        """A run ended: save now (and to disk for good: fsync)."""
        self.save(record, durable=True)

    def end(self, record: SessionRecord) -> None:
        """The session is over: write its final state and wait for the writer."""
        self.save(record, durable=True)
        if self._writer is not None:
            self._writer.close()

    def save(self, record: SessionRecord, running: RunResult | None = None,
             sampler: RunSampler | None = None, durable: bool = False) -> None:
        """Capture the session now (call from the session's thread); written in the background."""
        if self._writer is None:
            return
        self._last_save = now()
        try:
            state = capture(record, self._redactor, running, sampler, durable)
        except Exception as exc:  # a bug here must not end the session: report it, go on
            logger.exception("fwprof: autosave capture failed")
            self._error = f"autosave failed: {type(exc).__name__}: {exc}"
            return
        self._writer.submit(state)

    def keep_unsaved(self) -> None:
        """After :meth:`end`: mark the autosave as a finished session not saved yet (it stays in
        the recovery folder until :meth:`discard`, ``fwprof recover`` lists it as such)."""
        if self._writer is not None:
            self._writer.close()
        if self._meta is None:
            return
        self._meta = replace(self._meta, state=STATE_UNSAVED, updated=_now_iso())
        try:
            write_meta(self.folder, self._meta)
        except RecoveryError as exc:
            self._error = str(exc)

    def discard(self) -> None:
        """Delete the autosave (the session was saved elsewhere, or is not wanted)."""
        if self._writer is not None:
            self._writer.close()
        with contextlib.suppress(OSError):
            remove_files(self.folder, self.id)

    def _written(self, report: WriteReport) -> None:
        self._error = None
        if self._meta is None:
            return
        state = report.state
        self._meta = replace(self._meta, updated=_now_iso(), status=str(state.header["status"]),
                             runs_ended=sum(state.ended), runs_total=len(state.ended))
        try:
            write_meta(self.folder, self._meta)
        except RecoveryError as exc:
            self._error = str(exc)


def capture(record: SessionRecord, redactor: Redactor, running: RunResult | None = None,
            sampler: RunSampler | None = None, durable: bool = False) -> SessionState:
    """What an autosave writes, copied now: ended runs as they are, the others detached."""
    runs, ended = [], []
    live_index = None
    for index, run in enumerate(record.runs):
        final = run.status in ENDED_STATUSES and run is not running
        runs.append(run if final else run.detached())
        ended.append(final)
        if run is running:
            live_index = index
    return SessionState(
        header=document_header(record, redactor), runs=tuple(runs), ended=tuple(ended),
        redactor=redactor, live_index=live_index,
        live_series=sampler.to_dict if sampler is not None and live_index is not None else None,
        durable=durable,
    )


def _meta(session_id: str, record: SessionRecord) -> RecoveryMeta:
    kind = str(record.config.to_dict().get("kind", "comparison"))  # e.g. "scripts"
    label = ", ".join(dict.fromkeys(_run_label(run) for run in record.runs))
    started = psutil.Process(os.getpid()).create_time()
    return RecoveryMeta(
        id=session_id, kind=kind, label=label[:200],
        created=record.created or _now_iso(), updated=_now_iso(), status=record.status,
        runs_total=len(record.runs), runs_ended=0, pid=os.getpid(), pid_started=started,
    )


def _run_label(run: RunResult) -> str:
    """The run's label without its repeat number (``torch mlp train eager``, ``train.py``)."""
    label = str(getattr(run.spec, "label", run.run_id))
    return label.rsplit(" #", 1)[0]


def _now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
