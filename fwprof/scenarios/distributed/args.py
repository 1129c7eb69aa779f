"""``fwprof run --task distributed``: its options, its config from them, and its progress lines."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from fwprof.catalog import DISTRIBUTED_TASK
from fwprof.config import available_cores
from fwprof.launch.observer import SessionObserver
from fwprof.results import RunResult
from fwprof.scenarios.base import BaseConfig
from fwprof.scenarios.distributed.config import COLLECTIVES, DistributedConfig
from fwprof.scenarios.distributed.group import GROUP_KEY, GroupSpec
from fwprof.usage import UsageError, comma_list, validated


def add_distributed_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``--task distributed`` (see docs/distributed.md)."""
    group = parser.add_argument_group(
        "distributed (--task distributed)",
        "data-parallel training: PyTorch DDP via torchrun, TensorFlow MultiWorkerMirroredStrategy; "
        "--batch-size is the global batch, --threads the cores split over a node's workers; "
        "--mode does not apply (DDP runs eager, TensorFlow's loop in tf.function)",
    )
    group.add_argument("--workers", default=None, help="comma list of workers per node (default 1,2)")
    group.add_argument("--collective", default="auto", help=f"TensorFlow's: {', '.join(COLLECTIVES)}")
    group.add_argument("--nodes", default="", help="multi-node: every node's address, in node-rank order")
    group.add_argument("--node-rank", type=int, default=0, help="multi-node: this node's rank")
    group.add_argument("--port", type=int, default=0,
                       help="first port of the block the launches use (default: free loopback ports)")
    group.add_argument("--probe-steps", type=int, default=0,
                       help="compute-only steps per rank (default: min(steps, 50))")


def is_distributed_task(args: argparse.Namespace) -> bool:
    """Whether the command asks for the distributed scenario; UsageError for bad mixes."""
    tasks = comma_list(args.task)
    if DISTRIBUTED_TASK not in tasks:
        if args.workers is not None:
            raise UsageError("--workers needs --task distributed")
        return False
    if len(tasks) > 1:
        raise UsageError("--task distributed runs on its own; run other tasks separately")
    return True


def config_from_args(args: argparse.Namespace, base: BaseConfig) -> DistributedConfig:
    """The validated configuration (``base`` reads the shared options); UsageError names a bad value."""
    config = DistributedConfig(
        session=base(args, {"task": "train", "mode": "eager"}), workers=_counts(args.workers or "1,2"),
        collective=args.collective.strip().lower(), nodes=comma_list(args.nodes),
        node_rank=args.node_rank, port=args.port, probe_steps=args.probe_steps,
    )
    return validated(config)


class LaunchNotes(SessionObserver):
    """A line on stderr as each launch starts: worker count, threads and batch per worker."""

    def __init__(self, stream: TextIO = sys.stderr) -> None:
        self._stream = stream

    def run_started(self, run: RunResult) -> None:
        group = GroupSpec.from_dict(run.info[GROUP_KEY])
        workers = f"{group.world_size} worker{'s' if group.world_size > 1 else ''}"
        busy = group.workers * group.threads
        over = f"; {busy} threads on {available_cores()} cores" if busy > available_cores() else ""
        self._stream.write(
            f"fwprof: {run.run_id}: {group.framework} {group.workload} on {workers} "
            f"x {group.threads} thread(s), global batch {group.global_batch} "
            f"({group.per_worker_batch} per worker){over}\n"
        )
        self._stream.flush()


def _counts(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(name) for name in comma_list(text))
    except ValueError as exc:
        raise UsageError(f"--workers {text!r} is not a comma list of whole numbers") from exc
