"""Keeping a CLI session safe: the autosave while it runs, the snapshot when it ends.

The session is autosaved to the recovery folder as it runs. When it is over and saved (or, with
no ``-o``, printed), the autosave is deleted; if saving fails (no space left, a read-only
folder), the autosave is kept and the user is told how to get it back with ``fwprof recover``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from fwprof.cli.common import json_plain, stop_on_interrupt
from fwprof.launch.autosave import SessionAutosave
from fwprof.outputs.snapshot import save_snapshot
from fwprof.outputs.summary import build_summary
from fwprof.outputs.text import render_summary
from fwprof.results import SessionRecord
from fwprof.snapshot import SnapshotError
from fwprof.snapshot.recovery_files import RecoveryError
from fwprof.usage import UsageError


def start_autosave() -> SessionAutosave | None:
    """An autosave in the recovery folder, or None (with a warning) if that folder is unusable."""
    autosave = SessionAutosave()
    try:
        autosave.check()
    except RecoveryError as exc:
        print(f"fwprof: warning: {exc}; this session is not autosaved", file=sys.stderr)
        return None
    return autosave


def save_results(record: SessionRecord, output: Path | None, autosave: SessionAutosave | None) -> int:
    """Save to ``output`` if given; 0, or 1 after telling the user why and how to recover."""
    if autosave is not None and autosave.error:
        print(f"fwprof: warning: the last autosave failed: {autosave.error}", file=sys.stderr)
    if output is not None:
        try:
            save_snapshot(record, output)
        except SnapshotError as exc:
            print(f"fwprof: {exc}", file=sys.stderr)
            if autosave is not None and not autosave.error:
                print(f"fwprof: nothing is lost: the session is kept in {autosave.folder}; save it with\n"
                      f"  fwprof recover {autosave.id} -o OTHER.fwprof", file=sys.stderr)
            return 1
    if autosave is not None:
        autosave.discard()
    return 0


class _Session(Protocol):
    autosave: SessionAutosave | None

    def run(self) -> SessionRecord: ...

    def stop(self) -> None: ...


SessionFactory = Callable[[tuple[Any, ...], "SessionAutosave | None"], _Session]


def run_and_report(args: argparse.Namespace, make_session: SessionFactory,
                   observers: tuple[Any, ...]) -> int:
    """Run a session (autosaved, Ctrl-C stops it), save ``-o``, print the table or ``--json``.

    Returns 0; 1 when saving failed; 3 when a run failed or none ran (the table is printed
    and the snapshot saved all the same); 130 when the session was stopped.
    """
    output = Path(args.output) if args.output else None
    if output is not None:
        check_writable(output)
    session = make_session(() if args.quiet else observers, start_autosave())
    record = run_save_print(session, output, args.json)
    if record is None:
        return 1
    if record.status != "finished":
        return 130
    return RUNS_FELL_SHORT if runs_fell_short(record) else 0


def run_save_print(session: _Session, output: Path | None, as_json: bool) -> SessionRecord | None:
    """Run ``session`` (Ctrl-C stops it), save its record to ``output`` when given (then drop
    the autosave), print the text report or the summary as JSON, and where it was saved.
    None when saving failed (the user was told why and how to recover)."""
    with stop_on_interrupt(session):
        record = session.run()
    summary = build_summary(record)
    if save_results(record, output, session.autosave):
        return None
    print(json.dumps(summary.to_json(), indent=2, default=json_plain) if as_json else render_summary(summary))
    if output is not None and not as_json:
        print(f"\nSaved {output}")
    return record


#: Exit status of a session in which a run failed or nothing ran.
RUNS_FELL_SHORT = 3


def runs_fell_short(record: SessionRecord) -> bool:
    """True when a run failed or no run succeeded (every run skipped, or none planned)."""
    statuses = [run.status for run in record.runs]
    return "failed" in statuses or "ok" not in statuses


def check_writable(path: Path) -> None:
    """Fail before running anything if the snapshot could not be written."""
    folder = path.resolve().parent
    if path.is_dir():
        raise UsageError(f"output {path} is a directory")
    if not folder.is_dir():
        raise UsageError(f"output folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise UsageError(f"output folder {folder} is not writable")
