"""``fwprof export SNAPSHOT --format FORMAT [-o PATH]``: write a session for other tools.

Without ``-o`` the file goes next to the snapshot with the format's suffix
(``run.fwprof`` -> ``run.html``); ``-o -`` writes a single-file format to standard output.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from fwprof.cli.saving import check_writable
from fwprof.export import FORMATS, ExportError, export
from fwprof.results import SessionRecord
from fwprof.snapshot import SnapshotError, load_snapshot
from fwprof.usage import UsageError


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the subcommand."""
    formats = ", ".join(f"{name} ({fmt.description})" for name, fmt in FORMATS.items())
    parser = subparsers.add_parser("export", help="write a snapshot as a trace, CSV, HTML, markdown or JSON",
                                   description=f"Formats: {formats}.")
    parser.add_argument("snapshot", metavar="SNAPSHOT.fwprof")
    parser.add_argument("-f", "--format", required=True, choices=list(FORMATS), metavar="FORMAT",
                        help=f"one of {', '.join(FORMATS)}")
    parser.add_argument("-o", "--output", metavar="PATH",
                        help="where to write (default: next to the snapshot; '-' for stdout)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run the subcommand; returns the exit status."""
    fmt = FORMATS[args.format]
    try:
        record = load_snapshot(args.snapshot)
    except SnapshotError as exc:
        raise UsageError(str(exc)) from exc
    if args.output == "-":
        if not fmt.single_file:
            raise UsageError(f"format {fmt.name} writes several files; give -o PATH")
        return _to_stdout(record, fmt.name)
    output = Path(args.output) if args.output else _default_path(Path(args.snapshot), fmt.suffix)
    if not fmt.folder:  # a folder format writes into PATH, which may exist
        check_writable(output)
    try:
        written = export(record, fmt.name, output)
    except ExportError as exc:
        raise UsageError(str(exc)) from exc
    for path in written:
        print(f"Wrote {path}")
    return 0


def _default_path(snapshot: Path, suffix: str) -> Path:
    name = snapshot.name.removesuffix(".fwprof") if snapshot.name.endswith(".fwprof") else snapshot.stem
    return snapshot.with_name(name + suffix)


def _to_stdout(record: SessionRecord, format_name: str) -> int:
    with tempfile.TemporaryDirectory(prefix="fwprof-export-") as folder:
        path = Path(folder) / "out"
        try:
            export(record, format_name, path)
        except ExportError as exc:
            raise UsageError(str(exc)) from exc
        sys.stdout.write(path.read_text(encoding="utf-8"))
    return 0
