"""``fwprof`` entry point: ``main() -> int``."""

from __future__ import annotations

import argparse
import sys

from fwprof.cli import (
    compare_cmd,
    completion_cmd,
    export_cmd,
    gui_cmd,
    list_cmd,
    merge_cmd,
    profile_cmd,
    recover_cmd,
    run_cmd,
    show_cmd,
)
from fwprof.cli.help_format import show_defaults
from fwprof.usage import EXIT_USAGE, UsageError
from fwprof.version import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fwprof",
        description="Compare TensorFlow and PyTorch on this machine, fairly and repeatably.",
    )
    parser.add_argument("--version", action="version", version=f"fwprof {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (gui_cmd, list_cmd, run_cmd, show_cmd, export_cmd, compare_cmd, profile_cmd,
                   recover_cmd, merge_cmd, completion_cmd):
        module.add_parser(subparsers)
    show_defaults(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return gui_cmd.launch_gui([])
        return int(args.handler(args))
    except UsageError as exc:
        print(f"fwprof: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
