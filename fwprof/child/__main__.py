"""Child entry point: ``python -m fwprof.child --event-fd N --spec JSON``."""

from __future__ import annotations

import argparse
import json
import sys

from fwprof.child.backend import load_backend
from fwprof.child.emitter import EventEmitter
from fwprof.child.loop import run_child
from fwprof.child.parent_watch import die_with_parent
from fwprof.config import RunSpec


def main(argv: list[str] | None = None) -> int:
    die_with_parent()
    parser = argparse.ArgumentParser(prog="fwprof-child")
    parser.add_argument("--event-fd", type=int, required=True)
    parser.add_argument("--spec", required=True, help="RunSpec as JSON")
    args = parser.parse_args(argv)
    emitter = EventEmitter(args.event_fd)
    try:
        spec = RunSpec.from_dict(json.loads(args.spec))
        run_child(spec, load_backend(spec.framework), emitter)
    except BaseException as exc:  # report everything, including KeyboardInterrupt, then fail
        emitter.emit_exception(exc)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
