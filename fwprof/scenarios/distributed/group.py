"""One launch of a group of ranks (:class:`GroupSpec`), a rank's place in it, and the plan.

A :class:`GroupSpec` travels as JSON from fwprof to the launcher and on to every rank, so each
side derives the same per-rank settings from it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from fwprof.catalog import BUILTIN_SIZE, is_reference
from fwprof.config import RunSpec
from fwprof.scenarios.distributed.config import FRAMEWORK_MODES, DistributedConfig

#: Key of a run's ``info`` holding its launch's :class:`GroupSpec` as a dict.
GROUP_KEY = "distributed"


@dataclass(frozen=True)
class GroupSpec:
    """Everything the launcher and the ranks of one launch need.

    ``workers``: ranks on this node; the world is ``workers * len(hosts)`` ranks, node by node.
    ``port``: 0 lets the launcher pick free loopback ports; otherwise the launch's port block
    starts there (rendezvous port, then one port per TensorFlow worker, by global rank).
    """

    framework: str
    workload: str
    workers: int
    global_batch: int
    threads: int
    interop_threads: int
    steps: int
    warmup: int
    probe_steps: int
    device: str = "cpu"
    precision: str = "fp32"
    seed: int = 0
    repeat: int = 0
    collective: str = "auto"
    hosts: tuple[str, ...] = ("127.0.0.1",)
    node_rank: int = 0
    port: int = 0
    size: str = "full"  # reference models: their size (built-in workloads have one)
    seq_len: int = 0
    channels_last: bool = False

    @property
    def nnodes(self) -> int:
        return len(self.hosts)

    @property
    def world_size(self) -> int:
        return self.workers * self.nnodes

    @property
    def per_worker_batch(self) -> int:
        return self.global_batch // self.world_size

    @property
    def mode(self) -> str:
        return FRAMEWORK_MODES[self.framework]

    def rank_spec(self) -> RunSpec:
        """What one rank runs: the per-worker batch on the per-worker threads."""
        return RunSpec(
            framework=self.framework, workload=self.workload, task="train", mode=self.mode,
            device=self.device, batch_size=self.per_worker_batch, steps=self.steps,
            warmup=self.warmup, threads=self.threads, interop_threads=self.interop_threads,
            precision=self.precision, seed=self.seed, repeat=self.repeat, size=self.size,
            seq_len=self.seq_len, channels_last=self.channels_last,
        )

    def run_spec(self) -> RunSpec:
        """The group's run as fwprof records it: the global batch, threads per worker."""
        return replace(self.rank_spec(), batch_size=self.global_batch)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GroupSpec:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["hosts"] = tuple(values.get("hosts", ("127.0.0.1",)))
        return cls(**values)

    @classmethod
    def from_json(cls, text: str) -> GroupSpec:
        return cls.from_dict(json.loads(text))


@dataclass(frozen=True)
class RankContext:
    """A rank's place in the group, from the variables ``torchrun`` sets (fwprof sets the same
    ones for TensorFlow workers)."""

    rank: int
    local_rank: int
    world_size: int

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> RankContext:
        environ = os.environ if env is None else env
        return cls(int(environ.get("RANK", "0")), int(environ.get("LOCAL_RANK", "0")),
                   int(environ.get("WORLD_SIZE", "1")))

    def shard(self, count: int) -> slice:
        """This rank's part of ``count`` samples split evenly over the world."""
        size = count // self.world_size
        return slice(self.rank * size, (self.rank + 1) * size)


def plan_groups(config: DistributedConfig) -> list[GroupSpec]:
    """Every launch in run order: repeats outermost, then workload, worker count, framework.

    Frameworks alternate within a cell and flip their order on odd repeats (A B, B A), as
    ordinary comparisons do. With a fixed ``port`` each launch gets its own block of ports,
    so a port still in TIME_WAIT from the previous launch is never reused.
    """
    session = config.session
    groups: list[GroupSpec] = []
    for repeat in range(session.repeats):
        order = session.frameworks if repeat % 2 == 0 else tuple(reversed(session.frameworks))
        for workload in session.workloads:
            for workers in config.workers:
                for framework in order:
                    port = config.port + len(groups) * config.port_block if config.port else 0
                    groups.append(_group(config, framework, workload, workers, repeat, port))
    return groups


def _group(config: DistributedConfig, framework: str, workload: str, workers: int, repeat: int,
           port: int) -> GroupSpec:
    session = config.session
    return GroupSpec(
        framework=framework, workload=workload, workers=workers,
        global_batch=config.global_batch(workload),
        threads=config.threads_per_worker(workers),
        interop_threads=config.interop_per_worker(workers), steps=session.steps,
        warmup=session.warmup, probe_steps=config.resolved_probe_steps, device=session.device,
        precision=session.precision, seed=session.seed, repeat=repeat,
        collective=config.collective, hosts=config.hosts, node_rank=config.node_rank, port=port,
        size=session.size if is_reference(workload) else BUILTIN_SIZE, seq_len=session.seq_len,
        channels_last=session.channels_last,
    )
