"""``fwprof compare`` at operator level when both sessions were traced (``--trace``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_runner import fwprof
from export_records import synthetic_session

from fwprof.diff import compare_sessions
from fwprof.diff.render import render_text, to_json
from fwprof.results import SessionRecord


def _traced(ops: dict[str, list[tuple[str, float, int]]]) -> SessionRecord:
    """Both frameworks' runs, each with a trace of 2 steps holding ``ops`` (name, total ms, calls)."""
    record = synthetic_session()
    for run in record.runs:
        run.events.append({"k": "trace", "t": 1.0, "v": 1, "steps": 2, "files": [], "notes": [],
                           "time_kind": "self CPU time", "operators_note": "",
                           "operators": [{"name": n, "time_ms": ms, "calls": c}
                                         for n, ms, c in ops[run.run_spec.framework]]})
    return record


BASE = {"torch": [("aten::addmm", 4.0, 4), ("aten::add_", 1.0, 2)],
        "tensorflow": [("MatMul", 6.0, 4), ("ResourceApplyAdam", 2.0, 4)]}
NEW = {"torch": [("aten::addmm", 2.0, 4), ("aten::add_", 1.0, 2), ("aten::relu", 0.5, 2)],
       "tensorflow": [("MatMul", 6.2, 4), ("ResourceApplyAdam", 2.0, 4)]}


def test_the_operators_that_moved_most_come_first() -> None:
    comparison = compare_sessions(_traced(BASE), _traced(NEW))
    torch_match = next(m for m in comparison.matches if m.key[0] == "torch")
    ops = torch_match.operators
    assert ops is not None and torch_match.operators_note == ""
    assert [row.name for row in ops.rows] == ["aten::addmm", "aten::relu", "aten::add_"]
    addmm, relu, add = ops.rows
    assert (addmm.base_ms, addmm.new_ms, addmm.delta_ms, addmm.relative) == (2.0, 1.0, -1.0, -0.5)
    assert (relu.base_ms, relu.new_ms, relu.relative) == (0.0, 0.25, None)  # new on this side
    assert add.delta_ms == 0.0 and addmm.category == "matmul/conv"
    assert (ops.base_total_ms, ops.new_total_ms) == (2.5, 1.75)


def test_text_and_json() -> None:
    base, new = _traced(BASE), _traced(NEW)
    comparison = compare_sessions(base, new)
    text = render_text(comparison, "a.fwprof", "b.fwprof", base, new)
    assert "Top operator changes, ms per traced step (r001 vs r001; self CPU time" in text
    addmm_line = next(line for line in text.splitlines() if "aten::addmm" in line)
    assert addmm_line.split() == ["aten::addmm", "matmul/conv", "2", "1", "-1", "-50.0", "%"]
    assert "all operators 2.5 -> 1.75" in text
    document: dict[str, Any] = json.loads(json.dumps(to_json(comparison, "a", "b", base, new)))
    torch_json = next(m for m in document["matches"] if m["framework"] == "torch")
    assert torch_json["operators"]["top"][0] == {
        "name": "aten::addmm", "category": "matmul/conv", "base_ms_per_step": 2.0,
        "new_ms_per_step": 1.0, "delta_ms_per_step": -1.0, "relative": -0.5}
    assert torch_json["operators_note"] is None


def test_one_side_traced_says_so_and_none_traced_says_nothing() -> None:
    untraced = synthetic_session()
    comparison = compare_sessions(untraced, _traced(NEW))
    assert all(m.operators is None for m in comparison.matches)
    assert all("the baseline has no traced run" in m.operators_note for m in comparison.matches)
    plain = compare_sessions(untraced, synthetic_session())
    assert all(m.operators is None and m.operators_note == "" for m in plain.matches)
    assert "operator" not in render_text(plain, "a", "b", untraced, untraced)


@pytest.mark.slow
def test_two_traced_sessions_compared_by_the_cli(tmp_path: Path) -> None:
    snapshots = []
    for name in ("a", "b"):
        snapshots.append(str(tmp_path / f"{name}.fwprof"))
        result = fwprof("run", "--framework", "torch", "--workload", "mlp", "--mode", "eager", "--repeats",
                        "1", "--steps", "10", "--warmup", "2", "--trace", "2", "--quiet", "-o", snapshots[-1])
        assert result.returncode == 0, result.stderr[-2000:]
    text = fwprof("compare", *snapshots)
    assert text.returncode in (0, 1), text.stderr
    assert "Top operator changes, ms per traced step" in text.stdout and "aten::" in text.stdout
    as_json = fwprof("compare", *snapshots, "--json")
    [match] = json.loads(as_json.stdout)["matches"]
    top = match["operators"]["top"]
    operators = match["operators"]
    assert operators["base_total_ms_per_step"] > 0 and operators["new_total_ms_per_step"] > 0
    assert any(op["name"].startswith("aten::") and op["base_ms_per_step"] > 0 for op in top)
    changes = [abs(op["delta_ms_per_step"]) for op in top]
    assert changes == sorted(changes, reverse=True)
