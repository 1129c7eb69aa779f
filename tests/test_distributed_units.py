"""Distributed runs without frameworks: configuration, plan, agents' commands, the event channel,
the group aggregator, scaling figures, the table and the command line's errors."""

from __future__ import annotations

import json
import os
import threading
from typing import Any

import pytest
from test_distributed_records import distributed_record

from fwprof import protocol
from fwprof.cli.main import main
from fwprof.config import ConfigError, SessionConfig
from fwprof.outputs.summary import build_summary
from fwprof.outputs.text import render_summary
from fwprof.scenarios.distributed.agents import free_ports, tf_worker_env, torchrun_argv, worker_addresses
from fwprof.scenarios.distributed.aggregate import RANK_PHASES, GroupAggregator
from fwprof.scenarios.distributed.channel import EventServer, connect_emitter
from fwprof.scenarios.distributed.config import DistributedConfig
from fwprof.scenarios.distributed.group import GroupSpec, RankContext, plan_groups
from fwprof.scenarios.distributed.launcher import group_error
from fwprof.scenarios.distributed.report import render_scaling
from fwprof.scenarios.distributed.scaling import scaling_summary
from fwprof.scenarios.distributed.worker import inject_fault


def config(**changes: Any) -> DistributedConfig:
    session = SessionConfig(workloads=("mlp",), repeats=changes.pop("repeats", 1),
                            threads=changes.pop("threads", 4), batch_size=changes.pop("batch_size", 0))
    return DistributedConfig(session, **changes)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"workers": (3,)}, "global batch 128 of mlp does not split evenly over 3 workers"),
        ({"workers": (1, 1)}, "listed twice"),
        ({"workers": (0,)}, "worker count 0 is out of range"),
        ({"collective": "mpi"}, "unknown collective 'mpi'"),
        ({"nodes": ("a", "b")}, "needs --port"),
        ({"nodes": ("a", "b"), "port": 29500, "node_rank": 2}, "node rank 2 is outside 0-1"),
        ({"nodes": ("a", "b"), "port": 29500, "workers": (1, 2), "batch_size": 6},
         "does not split evenly over 4 workers"),
        ({"nodes": ("a", "b"), "port": 65530}, "leaves too few ports"),
    ],
)
def test_bad_configurations_are_named(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        config(**changes).validate()


def test_plan_splits_cores_and_batch_and_alternates_frameworks() -> None:
    groups = plan_groups(config(workers=(1, 2, 4), repeats=2))
    assert [(g.framework, g.workers) for g in groups[:6]] == [
        ("torch", 1), ("tensorflow", 1), ("torch", 2), ("tensorflow", 2), ("torch", 4), ("tensorflow", 4)]
    assert groups[6].framework == "tensorflow"  # the order flips on the second repeat
    assert [(g.threads, g.per_worker_batch) for g in groups[:6:2]] == [(4, 128), (2, 64), (1, 32)]
    assert {g.port for g in groups} == {0}
    spec = groups[2].rank_spec()
    assert (spec.batch_size, spec.threads, spec.mode) == (64, 2, "eager")
    assert groups[3].run_spec().batch_size == 128 and groups[3].mode == "graph"
    assert GroupSpec.from_json(groups[3].to_json()) == groups[3]


def test_fixed_ports_give_every_launch_its_own_block() -> None:
    groups = plan_groups(config(workers=(1, 2), nodes=("10.0.0.1", "10.0.0.2"), port=29500, node_rank=1))
    assert [g.port for g in groups] == [29500, 29505, 29510, 29515]  # 1 + 2 workers x 2 nodes
    group = groups[2]  # torch, 2 workers per node
    argv = torchrun_argv(group, group.port)
    assert "--nproc-per-node=2" in argv and "--nnodes=2" in argv and "--node-rank=1" in argv
    assert "--master-addr=10.0.0.1" in argv and "--master-port=29510" in argv
    assert "--max-restarts=0" in argv
    assert argv[argv.index("--module") + 1] == "fwprof.scenarios.distributed.worker"
    tf_group = groups[3]
    addresses = worker_addresses(tf_group)
    assert addresses == ["10.0.0.1:29516", "10.0.0.1:29517", "10.0.0.2:29518", "10.0.0.2:29519"]
    env = tf_worker_env(tf_group, addresses, rank=3, local_rank=1)
    assert json.loads(env["TF_CONFIG"]) == {"cluster": {"worker": addresses},
                                            "task": {"type": "worker", "index": 3}}
    assert (env["RANK"], env["LOCAL_RANK"], env["WORLD_SIZE"]) == ("3", "1", "4")
    assert not any(name.startswith("NCCL_") for name in env)


def test_single_node_ports_are_free_loopback_ports() -> None:
    group = plan_groups(config(workers=(3,), batch_size=96))[1]
    addresses = worker_addresses(group)
    assert len(set(addresses)) == 3 and all(a.startswith("127.0.0.1:") for a in addresses)
    assert len(set(free_ports(4))) == 4


def test_rank_context_reads_torchrun_variables_and_shards() -> None:
    ctx = RankContext.from_env({"RANK": "3", "LOCAL_RANK": "1", "WORLD_SIZE": "4"})
    assert (ctx.rank, ctx.local_rank, ctx.world_size) == (3, 1, 4)
    assert ctx.shard(128) == slice(96, 128)


def test_fault_injection_names_one_rank() -> None:
    inject_fault(0, {"FWPROF_FAIL_RANK": "1"})
    inject_fault(1, {})
    with pytest.raises(RuntimeError, match="fault injected by FWPROF_FAIL_RANK=1"):
        inject_fault(1, {"FWPROF_FAIL_RANK": "1"})


def test_each_rank_has_its_own_connection_and_closing_is_seen() -> None:
    with EventServer() as server:
        assert oct(os.stat(os.path.dirname(server.path)).st_mode & 0o777) == "0o700"

        def rank(number: int) -> None:
            emitter = connect_emitter(server.path)
            emitter.emit("hello", rank=number)
            emitter.emit("steps", end=[1.0] * 200, dur=[0.5] * 200)  # long lines arrive whole
            emitter.close()

        threads = [threading.Thread(target=rank, args=(n,)) for n in range(3)]
        for thread in threads:
            thread.start()
        events: list[tuple[int, protocol.Event]] = []
        closed: list[int] = []
        for _ in range(100):
            delivery = server.poll(0.05)
            events += delivery.events
            closed += delivery.closed
            if len(closed) == 3:
                break
        for thread in threads:
            thread.join()
    by_conn: dict[int, list[str]] = {}
    for conn, event in events:
        by_conn.setdefault(conn, []).append(event["k"])
    assert sorted(closed) == sorted(by_conn) and len(by_conn) == 3
    assert all(kinds == ["hello", "steps"] for kinds in by_conn.values())


class Sink:
    def __init__(self) -> None:
        self.events: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, kind: str, **fields: Any) -> None:
        self.events.append((kind, fields))

    def kinds(self) -> list[str]:
        return [k for k, _ in self.events]


def feed_phases(agg: GroupAggregator, conn: int, t0: float) -> None:
    for i, name in enumerate(RANK_PHASES):
        agg.feed(conn, {"k": "phase_start", "t": t0 + i, "phase": name})
        if name == "measure":
            agg.feed(conn, {"k": "steps", "t": t0 + i, "end": [t0 + i + 0.1, t0 + i + 0.2],
                            "dur": [0.1 + conn / 100, 0.1]})
        if name == "compute_probe":
            agg.feed(conn, {"k": "steps", "t": t0 + i, "end": [t0 + i + 0.05], "dur": [0.05]})
        agg.feed(conn, {"k": "phase_end", "t": t0 + i + 0.5, "phase": name})


def test_aggregator_reports_group_phases_and_the_slowest_rank_per_step() -> None:
    sink = Sink()
    agg = GroupAggregator(sink, local_ranks=2)
    for conn in (1, 2):
        agg.feed(conn, {"k": "hello", "t": 0.0, "rank": conn - 1, "local_rank": conn - 1, "pid": 10 + conn})
    agg.feed(1, {"k": "info", "t": 0.0, "info": {"framework": "torch"}})
    feed_phases(agg, 1, 100.0)
    assert sink.kinds() == ["info", "phase_start"]  # rank 1 has not ended the import yet
    feed_phases(agg, 2, 100.2)
    for conn in (1, 2):
        agg.feed(conn, {"k": "done", "t": 200.0})
    starts = [f for k, f in sink.events if k == "phase_start"]
    ends = [f for k, f in sink.events if k == "phase_end"]
    assert [f["phase"] for f in starts] == list(RANK_PHASES) == [f["phase"] for f in ends]
    assert starts[0]["t"] == 100.0 and ends[0]["t"] == 100.7
    assert all(s["t"] >= e["t"] for s, e in zip(starts[1:], ends, strict=False))  # one at a time
    (steps,) = [f for k, f in sink.events if k == "steps"]
    assert steps["dur"] == pytest.approx([0.12, 0.1]) and steps["end"][0] == pytest.approx(104.3)
    summaries = agg.rank_summaries()
    assert [r["compute_dur"] for r in summaries] == [[0.05], [0.05]] and agg.finished
    assert [r["pid"] for r in summaries] == [11, 12] and agg.failure is None


def test_first_failing_rank_is_named_and_a_closed_channel_counts_as_failure() -> None:
    sink = Sink()
    agg = GroupAggregator(sink, local_ranks=3)
    for conn in (1, 2, 3):
        agg.feed(conn, {"k": "hello", "t": 0.0, "rank": conn - 1, "local_rank": conn - 1})
        agg.feed(conn, {"k": "phase_start", "t": 1.0, "phase": "warmup"})
    agg.closed(3)  # rank 2 vanished (SIGKILL) ...
    agg.feed(2, {"k": "error", "t": 2.0, "message": "RuntimeError: boom"})  # ... before rank 1 failed
    agg.closed(1)
    assert agg.failure is not None and agg.failure.rank == 2
    assert "ended without finishing in phase 'warmup'" in agg.failure.message
    assert [r["status"] for r in agg.rank_summaries()] == ["failed"] * 3 and not agg.finished


def test_scaling_figures_from_rank_data() -> None:
    record = distributed_record(("torch", "tensorflow"))
    document = build_summary(record)
    torch_entry = next(e for e in document.to_json()["scaling"] if e["framework"] == "torch")
    one, two = torch_entry["points"]
    assert (one["world_size"], two["world_size"]) == (1, 2)
    assert one["speedup"] == 1.0 and one["efficiency"] == 1.0
    assert two["speedup"] == pytest.approx(10 / 12.12, rel=1e-3)  # slowest rank: 12 ms * 1.01
    assert two["efficiency"] == pytest.approx(two["speedup"])  # 2 x 1 thread = 1 x 2 threads
    assert two["comm_ms"] == pytest.approx(((12 - 10) + (12.12 - 11)) / 2)
    assert two["imbalance_pct"] == pytest.approx(1 / 10.5 * 100)
    assert [r["cpu_percent_mean"] for r in two["ranks"]] == [50.0, 50.0]
    assert torch_entry["chart"]["world_size"] == [1, 2] and torch_entry["chart"]["ideal"][1] == pytest.approx(
        one["throughput"]["median"])
    text = render_summary(document)
    assert "Scaling" in text and "Per rank" in text and "PyTorch" in text and "TensorFlow" in text
    assert "Verdict" not in text  # no ordinary comparison in this session


def test_gpu_efficiency_counts_gpus_and_failed_launches_are_listed() -> None:
    record = distributed_record()
    for run in record.runs:
        run.info["distributed"]["device"] = "cuda"
    record.runs[1].status, record.runs[1].error = "failed", "rank 1 failed: RuntimeError: boom"
    (entry,) = scaling_summary(record.runs, cores=2)
    assert entry.points[1].throughput is None and entry.points[1].runs_ok == 0
    record.runs[1].status = "ok"
    (entry,) = scaling_summary(record.runs, cores=2)
    assert entry.points[1].speedup is not None
    assert entry.points[1].efficiency == pytest.approx(entry.points[1].speedup / 2)
    record.runs[1].status = "failed"
    lines = render_scaling(scaling_summary(record.runs, cores=2))
    assert any("rank 1 failed: RuntimeError: boom" in line for line in lines)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "1,2"], "--workers needs --task distributed"),
        (["--task", "distributed,train"], "runs on its own"),
        (["--task", "distributed", "--workers", "1,x"], "not a comma list"),
        (["--task", "distributed", "--workers", "3"], "does not split evenly over 3 workers"),
        (["--task", "distributed", "--collective", "mpi"], "unknown collective"),
    ],
)
def test_command_line_errors(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", *args]) == 2
    assert message in capsys.readouterr().err


def test_group_errors_say_what_went_wrong() -> None:
    agg = GroupAggregator(Sink(), local_ranks=2)
    agg.feed(1, {"k": "hello", "t": 0.0, "rank": 0, "local_rank": 0})
    message = group_error(agg, 1, "torchrun")
    assert message is not None and message.startswith("torchrun exited with status 1")
    assert "local rank(s) [1] never connected" in message
    assert group_error(agg, 0) == "local rank(s) [1] never reported"
    agg.feed(2, {"k": "hello", "t": 0.0, "rank": 1, "local_rank": 1})
    for conn in (1, 2):
        agg.feed(conn, {"k": "done", "t": 1.0})
    assert group_error(agg, 0) is None


def test_reference_models_plan_at_their_size_and_batch_in_any_precision() -> None:
    session = SessionConfig(workloads=("resnet50", "mlp"), size="tiny", precision="bf16", threads=4,
                            repeats=1, channels_last=True)
    study = DistributedConfig(session, workers=(1, 2))
    study.validate()
    groups = plan_groups(study)
    resnet = [g for g in groups if g.workload == "resnet50"]
    assert {g.size for g in resnet} == {"tiny"}
    assert {g.size for g in groups if g.workload == "mlp"} == {"full"}
    tiny_batch = SessionConfig(workloads=("resnet50",), size="tiny").run_template(
        "torch", "resnet50", "train", "eager").resolved().batch_size
    assert {g.global_batch for g in resnet} == {tiny_batch}
    spec = resnet[-1].rank_spec()
    assert (spec.size, spec.precision, spec.channels_last) == ("tiny", "bf16", True)
    assert resnet[-1].run_spec().workload_label == "resnet50/tiny"
    assert GroupSpec.from_dict({k: v for k, v in resnet[0].__dict__.items() if k != "size"}).size == "full"


def test_distributed_refuses_a_pipeline() -> None:
    with pytest.raises(ConfigError, match="from memory, not --data pipeline"):
        DistributedConfig(SessionConfig(workloads=("resnet50",), data="pipeline"), workers=(1,)).validate()
