"""Entry point of a deploy stage's child process."""

from __future__ import annotations

import json
import sys
import traceback

from fwprof.child.emitter import EventEmitter
from fwprof.child.entry import run_entry
from fwprof.deploy_formats import UNAVAILABLE_KEY
from fwprof.scenarios.deploy.child.stages import run_stage
from fwprof.scenarios.deploy.formats.base import Unavailable
from fwprof.specs.deploy import DeploySpec


def main(argv: list[str] | None = None) -> int:
    """Run the stage named by ``--spec``; report every failure as an ``error`` event."""
    return run_entry("fwprof-deploy-child", "spec", _run, argv)


def _run(spec_json: str, emitter: EventEmitter) -> int:
    try:
        run_stage(DeploySpec.from_dict(json.loads(spec_json)), emitter)
    except Unavailable as exc:
        emitter.emit("info", info={UNAVAILABLE_KEY: str(exc)})
        emitter.emit("error", message=f"unavailable: {exc}", traceback=traceback.format_exc(limit=20))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
