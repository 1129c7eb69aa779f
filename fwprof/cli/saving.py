"""Keeping a CLI session safe: the autosave while it runs, the snapshot when it ends.

The session is autosaved to the recovery folder as it runs. When it is over and saved (or, with
no ``-o``, printed), the autosave is deleted; if saving fails (no space left, a read-only
folder), the autosave is kept and the user is told how to get it back with ``fwprof recover``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fwprof.launch.autosave import SessionAutosave
from fwprof.results import SessionRecord
from fwprof.snapshot import SnapshotError, save_snapshot
from fwprof.snapshot.recovery_files import RecoveryError


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
