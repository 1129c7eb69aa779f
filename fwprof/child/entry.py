"""What every child entry point does around its work: die with fwprof, parse ``--event-fd``
and one JSON argument, and report any failure as an ``error`` event (exit status 1)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from fwprof.child.emitter import EventEmitter
from fwprof.child.parent_watch import die_with_parent

#: The work: given the JSON argument and the emitter, returns the exit status (None: 0).
ChildWork = Callable[[str, EventEmitter], "int | None"]


def run_entry(prog: str, payload: str, work: ChildWork, argv: list[str] | None = None,
              error_prefix: str = "") -> int:
    """Parse ``--event-fd N --<payload> JSON``, run ``work``; every exception (KeyboardInterrupt
    included) becomes an ``error`` event and exit status 1."""
    die_with_parent()
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument("--event-fd", type=int, required=True)
    parser.add_argument(f"--{payload}", required=True, help="as JSON")
    args = parser.parse_args(argv)
    emitter = EventEmitter(args.event_fd)
    try:
        return work(getattr(args, payload), emitter) or 0
    except BaseException as exc:  # report everything, then fail
        emitter.emit_exception(exc, prefix=error_prefix)
        return 1
