"""``fwprof merge``: per-node snapshots combined on one clock, and two real local "nodes"."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from cli_runner import ROOT, fwprof
from test_distributed_records import distributed_record

from fwprof.cli.main import main
from fwprof.outputs.snapshot import save_snapshot
from fwprof.outputs.summary import build_summary
from fwprof.results import SessionRecord
from fwprof.scenarios.distributed.merge import MergeError, clock_anchor, default_labels, merge_records
from fwprof.snapshot import load_snapshot

WALL = 1.8e9


def two_nodes() -> tuple[SessionRecord, SessionRecord]:
    # Node 1's monotonic clock started long before node 0's; its session began 2 s later.
    return (distributed_record(t0=500.0, wall=WALL, node_rank=0),
            distributed_record(t0=9000.0, wall=WALL + 2.0, node_rank=1))


def test_runs_are_concatenated_on_the_first_nodes_clock() -> None:
    node0, node1 = two_nodes()
    merged = merge_records([node0, node1])
    assert [r.run_id for r in merged.runs] == [f"node{n}/r00{i}" for n in (0, 1) for i in (1, 2)]
    assert {r.info["node"] for r in merged.runs} == {"node0", "node1"}
    offsets = [node["clock_offset_s"] for node in merged.environment["nodes"]]
    assert offsets == [0.0, pytest.approx(2.0 - 8500.0)]
    first0, first1 = merged.runs[0], merged.runs[2]
    assert first0.started_at == node0.runs[0].started_at  # the reference is unchanged
    assert first1.started_at == pytest.approx(first0.started_at + 2.0)  # same plan, 2 s later
    original = node1.runs[0]
    assert np.allclose(first1.step_ends, original.step_ends - 8498.0)
    assert np.array_equal(first1.step_durations, original.step_durations)
    assert first1.phases[0].start == pytest.approx(original.phases[0].start - 8498.0)
    assert first1.events[0]["t"] == pytest.approx(original.events[0]["t"] - 8498.0)
    shifted, before = first1.series["process_series"]["t"], original.series["process_series"]["t"]
    assert shifted[0] == pytest.approx(before[0] - 8498.0)
    rank = first1.info["ranks"][0]
    assert rank["step_end"][0] == pytest.approx(original.info["ranks"][0]["step_end"][0] - 8498.0)
    assert rank["phases"]["measure"][0] == pytest.approx(first1.phases[0].start)
    assert original.info.get("node") is None  # the inputs are not modified


def test_every_node_environment_is_kept_and_the_summary_lists_both() -> None:
    merged = merge_records(list(two_nodes()), labels=["a", "b"])
    nodes = merged.environment["nodes"]
    assert [n["label"] for n in nodes] == ["a", "b"] and nodes[1]["clock_anchor"] == "recorded"
    assert nodes[1]["environment"]["distributed"]["node_rank"] == 1
    (entry,) = build_summary(merged).to_json()["scaling"]
    assert [p["runs_ok"] for p in entry["points"]] == [2, 2]
    assert {run["node"] for run in entry["runs"]} == {"a", "b"}


def test_labels_and_anchors_fall_back_sensibly() -> None:
    node0, node1 = two_nodes()
    assert default_labels([node0, node1]) == ["node0", "node1"]
    node1.environment["distributed"]["node_rank"] = 0
    assert default_labels([node0, node1]) == ["box#1", "box#2"]
    del node1.environment["clock"]
    wall, mono = clock_anchor(node1)  # type: ignore[misc]
    assert mono == node1.runs[0].started_at and wall == pytest.approx(1.8e9, abs=1e8)
    with pytest.raises(MergeError, match="at least two"):
        merge_records([node0])
    with pytest.raises(MergeError, match="one distinct label"):
        merge_records([node0, node1], labels=["x", "x"])


def test_merge_command_writes_a_snapshot_that_show_reads(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    paths = [save_snapshot(record, tmp_path / f"n{i}.fwprof") for i, record in enumerate(two_nodes())]
    out = tmp_path / "merged.fwprof"
    assert main(["merge", *map(str, paths), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Scaling" in printed and "node1: " in printed and "clock offset -8498.000 s" in printed
    assert len(load_snapshot(out).runs) == 4
    assert main(["merge", str(paths[0]), str(paths[1]), "-o", str(paths[0])]) == 2
    assert main(["merge", str(paths[0]), str(tmp_path / "missing.fwprof"), "-o", str(out)]) == 2


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_two_local_nodes_run_one_group_and_merge(tmp_path: Path) -> None:
    """Two fwprof sessions on this machine act as two nodes of one torchrun group."""
    port = _free_port()
    common = ["run", "--task", "distributed", "--framework", "torch", "--workload", "mlp",
              "--workers", "1", "--threads", "1", "--steps", "20", "--warmup", "3", "--repeats", "1",
              "--nodes", "127.0.0.1,127.0.0.1", "--port", str(port), "--quiet"]
    nodes = [subprocess.Popen([sys.executable, "-m", "fwprof", *common, "--node-rank", str(rank),
                               "-o", str(tmp_path / f"n{rank}.fwprof")], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for rank in (0, 1)]
    outputs = [node.communicate(timeout=240) for node in nodes]
    assert [node.returncode for node in nodes] == [0, 0], outputs
    merged_path = tmp_path / "merged.fwprof"
    result = fwprof("merge", str(tmp_path / "n0.fwprof"), str(tmp_path / "n1.fwprof"), "-o", str(merged_path),
                    timeout=60)
    assert result.returncode == 0, result.stderr
    merged = load_snapshot(merged_path)
    assert [r.status for r in merged.runs] == ["ok", "ok"], [r.error for r in merged.runs]
    offsets = [n["clock_offset_s"] for n in merged.environment["nodes"]]
    assert abs(offsets[1]) < 0.5  # one machine, one monotonic clock: the anchors agree
    (entry,) = build_summary(merged).to_json()["scaling"]
    assert entry["nodes"] == 2 and [p["world_size"] for p in entry["points"]] == [2]
    assert {(r["node_rank"], r["rank"]) for r in entry["points"][0]["ranks"]} == {(0, 0), (1, 1)}
