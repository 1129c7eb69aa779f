"""``fwprof show``: the table or JSON of a saved snapshot."""

from __future__ import annotations

import argparse
import json

from fwprof.outputs.summary import build_summary
from fwprof.outputs.text import render_summary
from fwprof.snapshot import SnapshotError, load_snapshot
from fwprof.usage import UsageError


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("show", help="print the results of a saved snapshot")
    parser.add_argument("snapshot", metavar="FILE.fwprof")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        record = load_snapshot(args.snapshot)
    except SnapshotError as exc:
        raise UsageError(str(exc)) from exc
    summary = build_summary(record)
    print(json.dumps(summary.to_json(), indent=2) if args.json else render_summary(summary))
    return 0
