"""Child entry point: ``python -m fwprof.child --event-fd N --spec JSON``."""

from __future__ import annotations

import json
import sys

from fwprof.child.backend import load_backend
from fwprof.child.emitter import EventEmitter
from fwprof.child.entry import run_entry
from fwprof.child.loop import run_child
from fwprof.config import RunSpec


def main(argv: list[str] | None = None) -> int:
    """Run the built-in run named by ``--spec`` (a RunSpec as JSON)."""
    return run_entry("fwprof-child", "spec", _run, argv)


def _run(spec_json: str, emitter: EventEmitter) -> None:
    spec = RunSpec.from_dict(json.loads(spec_json))
    run_child(spec, load_backend(spec.framework), emitter)


if __name__ == "__main__":
    sys.exit(main())
