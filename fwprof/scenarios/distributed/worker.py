"""One rank of a distributed launch: ``python -m fwprof.scenarios.distributed.worker --group JSON``.

Started by ``torchrun`` (PyTorch) or by the launcher (TensorFlow), with ``RANK``,
``LOCAL_RANK`` and ``WORLD_SIZE`` set either way. The rank connects to the launcher's event
socket before anything else, then goes through the phases of a built-in run plus
``compute_probe``: steps of the same model on the same shard *without* the gradient
all-reduce, timed after the measured steps, so step time minus compute-only time estimates
the communication cost per step.

Fault injection (for tests and for trying out failure handling): ``FWPROF_FAIL_RANK=R`` makes
rank R raise an error as its warm-up starts, while the other ranks wait for it in an
all-reduce; ``FWPROF_FAIL_RANK=R:kill`` makes it kill itself with SIGKILL instead.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import traceback

from fwprof.child.emitter import EventEmitter, StepRecorder
from fwprof.child.loop import measure_steps
from fwprof.child.parent_watch import die_with_parent
from fwprof.protocol import PARENT_PID_ENV
from fwprof.scenarios.distributed.channel import SOCKET_ENV, connect_emitter
from fwprof.scenarios.distributed.group import GroupSpec, RankContext
from fwprof.scenarios.distributed.rank import RankBackend, load_rank_backend

FAIL_RANK_ENV = "FWPROF_FAIL_RANK"
#: Untimed compute-only steps before the timed ones (TensorFlow traces the function on the first).
PROBE_WARMUP_STEPS = 2


def main(argv: list[str] | None = None) -> int:
    _die_with_parent()
    parser = argparse.ArgumentParser(prog="fwprof-distributed-worker")
    parser.add_argument("--group", required=True, help="GroupSpec as JSON")
    args = parser.parse_args(argv)
    ctx = RankContext.from_env()
    emitter = connect_emitter(os.environ[SOCKET_ENV])
    try:
        group = GroupSpec.from_json(args.group)
        run_rank(group, ctx, load_rank_backend(group.framework), emitter)
    except BaseException as exc:  # report everything, then leave at once
        emitter.emit("error", message=f"{type(exc).__name__}: {exc}",
                     traceback=traceback.format_exc(limit=20))
        emitter.close()
        # A framework blocked in a collective may never let a normal exit finish.
        os._exit(1)
    return 0


def run_rank(group: GroupSpec, ctx: RankContext, backend: RankBackend, emitter: EventEmitter) -> None:
    """Every phase of one rank, reported as events on its channel."""
    spec = group.rank_spec()
    emitter.emit("hello", pid=os.getpid(), rank=ctx.rank, local_rank=ctx.local_rank,
                 framework=spec.framework, python=sys.version.split()[0])
    with emitter.phase("import"):
        info = backend.configure(spec, group, ctx)
    emitter.emit("info", info=info)
    with emitter.phase("build"):
        steps = backend.build(spec, group, ctx)
    with emitter.phase("first_step"):
        steps.step()
    with emitter.phase("warmup"):
        inject_fault(ctx.rank)
        for _ in range(spec.warmup):
            steps.step()
    with emitter.phase("measure"):
        measure_steps(steps.step, spec.steps, StepRecorder(emitter))
    with emitter.phase("compute_probe"):
        for _ in range(PROBE_WARMUP_STEPS):
            steps.compute_step()
        measure_steps(steps.compute_step, group.probe_steps, StepRecorder(emitter))
    emitter.emit("counters", values=backend.counters())
    backend.close()
    emitter.emit("done")


def inject_fault(rank: int, env: dict[str, str] | None = None) -> None:
    """Fail this rank if ``FWPROF_FAIL_RANK`` names it (see the module docstring)."""
    value = (os.environ if env is None else env).get(FAIL_RANK_ENV, "")
    target, _, how = value.partition(":")
    if target.strip() != str(rank):
        return
    if how == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    raise RuntimeError(f"fault injected by {FAIL_RANK_ENV}={value}")


def _die_with_parent() -> None:
    """Die with the process that started this rank (the launcher, or torchrun's agent)."""
    parent = os.environ.pop(PARENT_PID_ENV, "") or str(os.getppid())
    die_with_parent({PARENT_PID_ENV: parent})


if __name__ == "__main__":
    sys.exit(main())
