"""``fwprof recover``: sessions that were not saved because fwprof was killed, crashed or could
not write, and finished sessions the app has not saved yet, kept in the recovery folder.

    fwprof recover                       list them (newest first)
    fwprof recover ID                    print its results so far
    fwprof recover ID -o FILE.fwprof     save it as a snapshot, then remove it from the folder
    fwprof recover --discard ID          delete it
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from fwprof.cli.saving import check_writable
from fwprof.outputs.snapshot import save_snapshot
from fwprof.outputs.summary import build_summary
from fwprof.outputs.text import render_summary
from fwprof.snapshot import SnapshotError
from fwprof.snapshot.recovery import RecoverableSession, discard, list_recoverable, recover
from fwprof.snapshot.recovery_files import RecoveryError, recovery_dir
from fwprof.usage import UsageError


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "recover", help="list or restore sessions fwprof could not save (killed, crashed, disk full)",
        description=f"Sessions are autosaved to {recovery_dir()} while they run "
                    "(FWPROF_RECOVERY_DIR overrides it).")
    parser.add_argument("session", nargs="?", metavar="ID", help="a session id from the list")
    parser.add_argument("-o", "--output", metavar="FILE.fwprof", help="save the session here")
    parser.add_argument("--keep", action="store_true", help="with -o: keep it in the recovery folder")
    parser.add_argument("--discard", action="store_true", help="delete the session")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.session is None:
        if args.output or args.discard or args.keep:
            raise UsageError("give the ID of a session (list them: fwprof recover)")
        return _list(args.json)
    try:
        if args.discard:
            if args.output:
                raise UsageError("--discard and -o exclude each other")
            discard(args.session)
            print(f"Discarded {args.session}")
            return 0
        output = Path(args.output) if args.output else None
        if output is not None:
            check_writable(output)
        record = recover(args.session)
        if output is None:
            summary = build_summary(record)
            print(json.dumps(summary.to_json(), indent=2, default=str) if args.json
                  else render_summary(summary))
            return 0
        save_snapshot(record, output)
    except (RecoveryError, SnapshotError) as exc:
        raise UsageError(str(exc)) from exc
    if not args.keep:
        discard(args.session)
    ended = sum(run.status in ("ok", "skipped") for run in record.runs)
    print(f"Recovered {args.session}: {len(record.runs)} runs ({ended} complete) saved to {output}")
    return 0


def _list(as_json: bool) -> int:
    sessions = list_recoverable()
    if as_json:
        print(json.dumps([_entry_dict(entry) for entry in sessions], indent=2))
        return 0
    if not sessions:
        print(f"No sessions to recover in {recovery_dir()}")
        return 0
    rows = [("ID", "started", "status", "runs ended", "size", "what")]
    rows += [_row(entry) for entry in sessions]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join([*(cell.ljust(width) for cell, width in zip(row, widths, strict=False)), row[-1]]))
    print("\nRestore one: fwprof recover ID -o FILE.fwprof   Delete one: fwprof recover --discard ID")
    return 0


def _row(entry: RecoverableSession) -> tuple[str, str, str, str, str, str]:
    meta = entry.meta
    status = entry.state_label if meta else "?"
    runs = f"{meta.runs_ended}/{meta.runs_total}" if meta else "?"
    return (entry.id, meta.created if meta else "?", status, runs, _size(entry.size_bytes),
            meta.label if meta else "(no index file)")


def _entry_dict(entry: RecoverableSession) -> dict[str, Any]:
    meta = entry.meta.to_dict() if entry.meta else None
    return {"id": entry.id, "path": str(entry.path), "size_bytes": entry.size_bytes,
            "modified": entry.modified, "in_progress": entry.in_progress,
            "finished_unsaved": entry.finished_unsaved, "state": entry.state_label, "meta": meta}


def _size(size: int) -> str:
    return f"{size / 2**20:.1f} MiB" if size >= 2**20 else f"{max(size, 1) / 1024:.0f} KiB"
