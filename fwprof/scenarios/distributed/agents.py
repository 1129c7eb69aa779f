"""Starting a group's ranks: ``torchrun`` for PyTorch, one process per worker for TensorFlow.

An agent owns the processes of one launch. :meth:`Agent.poll` says when the group has ended
(its exit status) and :meth:`Agent.stop` ends every process of it. Ranks find the launcher's
event socket through :data:`~fwprof.scenarios.distributed.channel.SOCKET_ENV`.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
from collections.abc import Mapping
from typing import Protocol

from fwprof.launch.process_tree import kill_tree
from fwprof.protocol import PARENT_PID_ENV
from fwprof.scenarios.distributed.channel import SOCKET_ENV
from fwprof.scenarios.distributed.group import GroupSpec

WORKER_MODULE = "fwprof.scenarios.distributed.worker"


class Agent(Protocol):
    """The processes of one launch; ``name`` says what exits with the status :meth:`poll` gives."""

    name: str

    def poll(self) -> int | None:
        """None while the group runs; else its exit status (the first failure's, if any)."""
        ...

    def stop(self) -> None:
        """End every process of the group (SIGTERM, then SIGKILL)."""
        ...

    def describe(self) -> dict[str, object]:
        """How the group was started, for the run's record."""
        ...


def free_ports(count: int, host: str = "127.0.0.1") -> list[int]:
    """``count`` distinct ports that were free a moment ago (bound together, then released)."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind((host, 0))
            sockets.append(sock)
        return [int(s.getsockname()[1]) for s in sockets]
    finally:
        for sock in sockets:
            sock.close()


def start_agent(group: GroupSpec, socket_path: str, env: Mapping[str, str] | None = None,
                python: str = sys.executable) -> Agent:
    """Start the group's ranks the framework's standard way."""
    base = dict(os.environ if env is None else env)
    base[SOCKET_ENV] = socket_path
    if group.framework == "torch":
        return TorchrunAgent(group, base, python)
    return TensorFlowAgent(group, base, python)


class TorchrunAgent:
    """``python -m torch.distributed.run`` (torchrun) with a static rendezvous, no restarts.

    torchrun ends the other ranks when one fails and exits non-zero; its workers start in
    sessions of their own, so :meth:`stop` ends the agent's whole process tree by parent links.
    """

    name = "torchrun"

    def __init__(self, group: GroupSpec, env: dict[str, str], python: str) -> None:
        self.port = group.port or free_ports(1)[0]
        self.argv = torchrun_argv(group, self.port, python)
        self._proc = subprocess.Popen(self.argv, env=env, stdin=subprocess.DEVNULL)

    def poll(self) -> int | None:
        return self._proc.poll()

    def stop(self) -> None:
        kill_tree(self._proc.pid)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._proc.wait(timeout=5)

    def describe(self) -> dict[str, object]:
        return {"launcher": "torchrun", "agent_pid": self._proc.pid, "master_port": self.port,
                "argv": self.argv}


def torchrun_argv(group: GroupSpec, port: int, python: str = sys.executable) -> list[str]:
    """The torchrun command line of a launch (rank 0's node hosts the rendezvous)."""
    return [
        python, "-m", "torch.distributed.run", f"--nproc-per-node={group.workers}",
        f"--nnodes={group.nnodes}", f"--node-rank={group.node_rank}",
        f"--master-addr={group.hosts[0]}", f"--master-port={port}", "--max-restarts=0",
        "--monitor-interval=0.1", "--module", WORKER_MODULE, "--group", group.to_json(),
    ]


class TensorFlowAgent:
    """One process per worker, each with its ``TF_CONFIG`` (MultiWorkerMirroredStrategy).

    The first worker that exits non-zero fails the group: :meth:`poll` returns its status and
    the caller stops the others (they would wait for it in a collective forever).
    """

    name = "a TensorFlow worker"

    def __init__(self, group: GroupSpec, env: dict[str, str], python: str) -> None:
        self.addresses = worker_addresses(group)
        self._procs: list[subprocess.Popen[bytes]] = []
        for local in range(group.workers):
            rank = group.node_rank * group.workers + local
            worker_env = {**env, **tf_worker_env(group, self.addresses, rank, local)}
            argv = [python, "-m", WORKER_MODULE, "--group", group.to_json()]
            self._procs.append(subprocess.Popen(argv, env=worker_env, stdin=subprocess.DEVNULL))

    def poll(self) -> int | None:
        codes = [proc.poll() for proc in self._procs]
        failed = [code for code in codes if code not in (None, 0)]
        if failed:
            return failed[0]
        return None if None in codes else 0

    def stop(self) -> None:
        for proc in self._procs:
            kill_tree(proc.pid, grace_s=1.0)
        for proc in self._procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)

    def describe(self) -> dict[str, object]:
        return {"launcher": "fwprof", "worker_pids": [p.pid for p in self._procs],
                "cluster": self.addresses}


def worker_addresses(group: GroupSpec) -> list[str]:
    """``host:port`` of every TensorFlow worker of the world, by global rank.

    On one node the ports are chosen free on 127.0.0.1; with a fixed port block, worker ``g``
    listens on ``port + 1 + g`` of its node (the block's first port is PyTorch's rendezvous).
    """
    if not group.port:
        return [f"127.0.0.1:{port}" for port in free_ports(group.world_size)]
    return [f"{group.hosts[g // group.workers]}:{group.port + 1 + g}" for g in range(group.world_size)]


def tf_worker_env(group: GroupSpec, addresses: list[str], rank: int, local_rank: int) -> dict[str, str]:
    """The variables one TensorFlow worker starts with (its parent is this launcher)."""
    tf_config = {"cluster": {"worker": addresses}, "task": {"type": "worker", "index": rank}}
    return {
        "TF_CONFIG": json.dumps(tf_config), "RANK": str(rank), "LOCAL_RANK": str(local_rank),
        "WORLD_SIZE": str(group.world_size), "LOCAL_WORLD_SIZE": str(group.workers),
        PARENT_PID_ENV: str(os.getpid()),
    }
