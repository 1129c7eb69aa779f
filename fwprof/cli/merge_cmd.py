"""``fwprof merge``: per-node snapshots of a multi-node run combined into one session view."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fwprof.outputs.snapshot import save_snapshot
from fwprof.outputs.summary import build_summary
from fwprof.outputs.text import render_summary
from fwprof.scenarios.distributed.merge import MergeError, merge_records
from fwprof.snapshot import SnapshotError, load_snapshot
from fwprof.usage import UsageError


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "merge", help="combine per-node snapshots into one (runs labelled by node)",
        description="Concatenate the runs of several snapshots, labelled by node, on the first "
                    "snapshot's clock (aligned by the wall-clock time each session recorded).",
    )
    parser.add_argument("snapshots", nargs="+", metavar="FILE.fwprof")
    parser.add_argument("-o", "--output", required=True, metavar="MERGED.fwprof")
    parser.add_argument("--labels", default="", help="comma list of node labels, one per snapshot "
                        "(default: node<rank> of distributed sessions, else host names)")
    parser.add_argument("--quiet", action="store_true", help="print only where the file went")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    output = Path(args.output)
    if output.resolve() in {Path(p).resolve() for p in args.snapshots}:
        raise UsageError("the output must not be one of the snapshots being merged")
    try:
        records = [load_snapshot(path) for path in args.snapshots]
    except SnapshotError as exc:
        raise UsageError(str(exc)) from exc
    labels = [name.strip() for name in args.labels.split(",") if name.strip()] or None
    try:
        merged = merge_records(records, labels)
        save_snapshot(merged, output)
    except MergeError as exc:
        raise UsageError(str(exc)) from exc
    except SnapshotError as exc:
        print(f"fwprof: {exc}", file=sys.stderr)
        return 1
    if not args.quiet:
        print(render_summary(build_summary(merged)))
        print()
    for node in merged.environment["nodes"]:
        offset = node["clock_offset_s"]
        shift = "not aligned" if offset is None else f"clock offset {offset:+.3f} s"
        print(f"{node['label']}: {node['created']} ({shift}; {node['clock_anchor']})")
    print(f"Merged {len(records)} snapshots ({len(merged.runs)} runs) into {output}")
    return 0
