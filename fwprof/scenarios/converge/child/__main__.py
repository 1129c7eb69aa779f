"""Child entry point: ``python -m fwprof.scenarios.converge.child --event-fd N --spec JSON --plan JSON``."""

from __future__ import annotations

import argparse
import json
import sys
import traceback

from fwprof.child.backend import load_backend
from fwprof.child.emitter import EventEmitter
from fwprof.child.parent_watch import die_with_parent
from fwprof.config import RunSpec
from fwprof.scenarios.converge.child.loop import make_trainer, run_training
from fwprof.scenarios.converge.config import TrainPlan


def main(argv: list[str] | None = None) -> int:
    """Train as the spec and plan say; report every failure as an ``error`` event."""
    die_with_parent()
    parser = argparse.ArgumentParser(prog="fwprof-converge-child")
    parser.add_argument("--event-fd", type=int, required=True)
    parser.add_argument("--spec", required=True, help="RunSpec as JSON")
    parser.add_argument("--plan", required=True, help="TrainPlan as JSON")
    args = parser.parse_args(argv)
    emitter = EventEmitter(args.event_fd)
    try:
        spec = RunSpec.from_dict(json.loads(args.spec))
        plan = TrainPlan.from_dict(json.loads(args.plan))
        run_training(spec, plan, load_backend(spec.framework), make_trainer, emitter)
    except BaseException as exc:  # report everything, including KeyboardInterrupt, then fail
        emitter.emit("error", message=f"{type(exc).__name__}: {exc}",
                     traceback=traceback.format_exc(limit=20))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
