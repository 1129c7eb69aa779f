"""What a distributed session runs: the worker counts, the collective, the nodes and ports."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from fwprof.catalog import BUILTIN_WORKLOADS, DISTRIBUTED_TASK, default_batch_size, is_reference
from fwprof.config import ConfigError, SessionConfig, available_cores

#: The data-parallel idiom of each framework runs in this mode (recorded in every run's spec):
#: DDP steps eagerly; MultiWorkerMirroredStrategy's custom loop runs in ``tf.function``.
FRAMEWORK_MODES: dict[str, str] = {"torch": "eager", "tensorflow": "graph"}
#: ``tf.distribute.experimental.CommunicationImplementation`` names (TensorFlow only; PyTorch
#: uses gloo on CPU and nccl on CUDA).
COLLECTIVES: tuple[str, ...] = ("auto", "ring", "nccl")
MAX_WORKERS = 256


@dataclass(frozen=True)
class DistributedConfig:
    """A scaling study: each workload and framework at each worker count.

    ``session`` holds everything shared with ordinary comparisons; its ``batch_size`` is the
    *global* batch (split evenly over all ranks) and its ``threads`` the cores split evenly
    over the workers of a node. ``workers``: ranks per node. ``nodes``: the address of every
    node in node-rank order (empty: this machine only, on 127.0.0.1); ``node_rank``: this
    node's place in it; ``port``: the first port of the block the launches use (0: chosen
    free, single node only). ``probe_steps``: compute-only steps per rank (0: ``min(steps, 50)``).
    """

    session: SessionConfig
    workers: tuple[int, ...] = (1, 2)
    collective: str = "auto"
    nodes: tuple[str, ...] = ()
    node_rank: int = 0
    port: int = 0
    probe_steps: int = 0

    @property
    def nnodes(self) -> int:
        """How many nodes take part (1 without ``nodes``)."""
        return max(1, len(self.nodes))

    @property
    def hosts(self) -> tuple[str, ...]:
        """Node addresses; a single node listens on loopback only."""
        return self.nodes or ("127.0.0.1",)

    @property
    def launches(self) -> int:
        """How many groups the session launches."""
        s = self.session
        return s.repeats * len(s.workloads) * len(self.workers) * len(s.frameworks)

    @property
    def port_block(self) -> int:
        """Ports each launch uses with a fixed ``port``: rendezvous, then one per TF worker."""
        return 1 + max(self.workers, default=1) * self.nnodes

    @property
    def resolved_probe_steps(self) -> int:
        return self.probe_steps or min(self.session.steps, 50)

    def threads_per_worker(self, workers: int) -> int:
        """The node's cores (or ``threads``) split evenly over ``workers``; at least 1."""
        total = self.session.threads or available_cores()
        return max(1, total // workers)

    def interop_per_worker(self, workers: int) -> int:
        """Inter-op threads per worker: ``interop_threads`` split likewise, else the intra-op count."""
        if self.session.interop_threads:
            return max(1, self.session.interop_threads // workers)
        return self.threads_per_worker(workers)

    def global_batch(self, workload: str) -> int:
        """``--batch-size``, else the workload's own batch (a reference model's at its size)."""
        s = self.session
        return s.batch_size or default_batch_size(workload, s.size, s.seq_len)

    def validate(self) -> None:
        """Raise :class:`ConfigError` naming the first bad value."""
        self.session.validate()
        if problem := distributed_scope_problem(self.session):
            raise ConfigError(problem)
        if not self.workers:
            raise ConfigError("no worker count chosen")
        for count in self.workers:
            if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_WORKERS:
                raise ConfigError(f"worker count {count!r} is out of range (1-{MAX_WORKERS})")
        if len(set(self.workers)) != len(self.workers):
            raise ConfigError("a worker count is listed twice")
        if self.collective not in COLLECTIVES:
            raise ConfigError(f"unknown collective {self.collective!r}; choose from {', '.join(COLLECTIVES)}")
        self._validate_nodes()
        self._validate_batches()

    def _validate_nodes(self) -> None:
        if not 0 <= self.node_rank < self.nnodes:
            raise ConfigError(f"node rank {self.node_rank} is outside 0-{self.nnodes - 1}")
        if not 0 <= self.port <= 65535:
            raise ConfigError(f"port {self.port} is out of range (1-65535)")
        if self.nnodes > 1 and not self.port:
            raise ConfigError("a multi-node run needs --port (the same on every node)")
        if self.port and self.port + self.launches * self.port_block > 65535:
            raise ConfigError(f"port {self.port} leaves too few ports for {self.launches} launches "
                              f"of {self.port_block} ports each; choose a lower --port")
        if self.probe_steps < 0:
            raise ConfigError(f"probe steps {self.probe_steps} is negative")

    def _validate_batches(self) -> None:
        for workload in self.session.workloads:
            batch = self.global_batch(workload)
            for count in self.workers:
                world = count * self.nnodes
                if batch % world:
                    raise ConfigError(
                        f"global batch {batch} of {workload} does not split evenly over "
                        f"{world} workers; choose --batch-size divisible by every worker count"
                    )

    def describe(self) -> dict[str, Any]:
        """Plain data for the session's environment (the snapshot keeps it)."""
        return {
            "workers": list(self.workers), "collective": self.collective,
            "nodes": list(self.hosts), "nnodes": self.nnodes, "node_rank": self.node_rank,
            "port": self.port, "probe_steps": self.resolved_probe_steps,
            "modes": dict(FRAMEWORK_MODES),
        }


def session_for_distributed(session: SessionConfig) -> SessionConfig:
    """``session`` as stored with a distributed record: train, in each framework's mode."""
    frameworks = tuple(f for f in session.frameworks if f in FRAMEWORK_MODES)
    modes = tuple(dict.fromkeys(FRAMEWORK_MODES[f] for f in frameworks)) or ("eager",)
    return replace(session, tasks=("train",), modes=modes)


def distributed_scope_problem(session: SessionConfig) -> str | None:
    """Why the scaling study cannot run ``session`` (None when it can): it trains the built-in
    workloads and the reference models (any size and precision) from a batch in memory."""
    unknown = [w for w in session.workloads if w not in BUILTIN_WORKLOADS and not is_reference(w)]
    if unknown:
        return (f"--task {DISTRIBUTED_TASK} trains the built-in workloads and reference models, "
                f"not {', '.join(unknown)}")
    if session.data != "memory":
        return f"--task {DISTRIBUTED_TASK} feeds its batch from memory, not --data {session.data}"
    return None
