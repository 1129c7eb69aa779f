"""Entry point of a deploy stage's child process."""

from __future__ import annotations

import argparse
import json
import sys
import traceback

from fwprof.child.emitter import EventEmitter
from fwprof.child.parent_watch import die_with_parent
from fwprof.deploy.catalog import UNAVAILABLE_KEY
from fwprof.deploy.child.stages import run_stage
from fwprof.deploy.formats.base import Unavailable
from fwprof.deploy.spec import DeploySpec


def main(argv: list[str] | None = None) -> int:
    """Run the stage named by ``--spec``; report every failure as an ``error`` event."""
    die_with_parent()
    parser = argparse.ArgumentParser(prog="fwprof-deploy-child")
    parser.add_argument("--event-fd", type=int, required=True)
    parser.add_argument("--spec", required=True, help="DeploySpec as JSON")
    args = parser.parse_args(argv)
    emitter = EventEmitter(args.event_fd)
    try:
        run_stage(DeploySpec.from_dict(json.loads(args.spec)), emitter)
    except Unavailable as exc:
        emitter.emit("info", info={UNAVAILABLE_KEY: str(exc)})
        emitter.emit("error", message=f"unavailable: {exc}", traceback=traceback.format_exc(limit=20))
        return 1
    except BaseException as exc:  # report everything, including KeyboardInterrupt, then fail
        emitter.emit_exception(exc)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
