"""``fwprof compare BASELINE.fwprof NEW.fwprof [--threshold PCT] [--json]``.

Exit status: 1 when a throughput regressed by more than the threshold (default 5 %) and the
95 % CI of the change lies below 0; 0 otherwise; 2 for bad input (one message).
"""

from __future__ import annotations

import argparse
import json

from fwprof.diff import DEFAULT_THRESHOLD_PERCENT, compare_sessions
from fwprof.diff.render import render_text, to_json
from fwprof.results import SessionRecord
from fwprof.snapshot import SnapshotError, load_snapshot
from fwprof.snapshot.io import finite_json
from fwprof.usage import UsageError

EXIT_REGRESSION = 1


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the subcommand."""
    parser = subparsers.add_parser(
        "compare", help="compare two snapshots; exit 1 on a significant throughput regression")
    parser.add_argument("baseline", metavar="BASELINE.fwprof")
    parser.add_argument("new", metavar="NEW.fwprof")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD_PERCENT, metavar="PCT",
                        help="throughput drop in %% that counts as a regression "
                             f"(default {DEFAULT_THRESHOLD_PERCENT:g})")
    parser.add_argument("--json", action="store_true", help="print the comparison as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run the subcommand; returns the exit status."""
    if not 0 <= args.threshold < 100:
        raise UsageError(f"threshold {args.threshold:g} is out of range; give a percentage from 0 to 99")
    base, new = _load(args.baseline), _load(args.new)
    comparison = compare_sessions(base, new, args.threshold)
    if not comparison.matches:
        raise UsageError(f"{args.baseline} and {args.new} have no configuration in common "
                         "(runs match on framework, workload, task, mode and device)")
    if args.json:
        document = finite_json(to_json(comparison, args.baseline, args.new, base, new))
        print(json.dumps(document, indent=2, allow_nan=False))
    else:
        print(render_text(comparison, args.baseline, args.new, base, new))
    return EXIT_REGRESSION if comparison.regressions else 0


def _load(path: str) -> SessionRecord:
    try:
        return load_snapshot(path)
    except SnapshotError as exc:
        raise UsageError(str(exc)) from exc
