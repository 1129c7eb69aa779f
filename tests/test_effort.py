"""Development effort: lines and tokens of the workloads' source; start-up cost per configuration."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from export_records import synthetic_session

from fwprof.effort.source import TRAIN_STEP, count_code, model_sources
from fwprof.effort.startup import startup_rows
from fwprof.effort.table import effort_rows, render_effort, render_startup
from fwprof.results import PhaseSpan

SNIPPET = '''
def build(width: int = 4) -> list[int]:
    """A docstring
    over two lines."""
    # a comment

    values = [width, 2]  # trailing comment
    return values
'''


def test_counts_leave_out_blank_lines_comments_and_docstrings() -> None:
    count = count_code(SNIPPET)
    assert count.lines == 3
    # def build ( width : int = 4 ) -> list [ int ] :  |  values = [ width , 2 ]  |  return values
    assert count.tokens == 15 + 7 + 2
    assert count_code(textwrap.indent(SNIPPET, "    ")) == count


def test_every_workload_has_both_implementations_with_counts() -> None:
    sources = model_sources()
    found = {(s.workload, s.framework) for s in sources}
    for workload in ("mlp", "cnn", "lstm", "transformer", TRAIN_STEP):
        assert {(workload, "torch"), (workload, "tensorflow")} <= found
    for source in sources:
        assert source.count.lines > 3 and source.count.tokens > source.count.lines
        assert source.source.startswith("def ") and source.path.startswith("fwprof/")
    by_key = {(s.workload, s.framework): s for s in sources}
    assert by_key[("mlp", "torch")].functions == ("_mlp",)
    assert by_key[("transformer", "torch")].functions == ("_transformer", "_encoder_block")
    assert "_position_embedding" in by_key[("transformer", "tensorflow")].functions
    assert "nn.Linear" in by_key[("mlp", "torch")].source
    assert "layers.Dense" in by_key[("mlp", "tensorflow")].source
    rows = effort_rows(sources)
    assert [r["workload"] for r in rows][:4] == ["mlp", "cnn", "lstm", "transformer"]
    assert render_effort(rows)[0].startswith("workload")


def test_reading_the_source_imports_no_framework() -> None:
    code = ("import sys; from fwprof.effort.source import model_sources; model_sources(); "
            "print(sorted(m for m in ('torch', 'tensorflow', 'keras') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "[]"


def test_startup_rows_estimate_compile_time_from_the_first_step() -> None:
    record = synthetic_session(repeats=2)
    for run in record.runs:
        measure = run.phase("measure")
        assert measure is not None
        first = next(p for p in run.phases if p.name == "first_step")
        run.phases[run.phases.index(first)] = PhaseSpan("first_step", first.start, first.start + 1.5)
        run.counters = {"traces": 2, "retraces": 1} if run.run_spec.framework == "tensorflow" else {}
    rows = {r["framework"]: r for r in startup_rows(record.runs)}
    assert set(rows) == {"torch", "tensorflow"}
    torch_row = rows["torch"]
    step = float(np.median(record.runs[0].step_durations))
    assert torch_row["first_step_s"] == pytest.approx(1.5)
    assert torch_row["compile_s"] == pytest.approx(1.5 - step, rel=0.05)
    assert torch_row["time_to_first_step_s"] == pytest.approx(
        torch_row["import_s"] + torch_row["build_s"] + 1.5, rel=0.05)
    assert rows["tensorflow"]["counters"] == {"traces": 2, "retraces": 1}
    text = render_startup(list(rows.values()))
    assert text[0].startswith("Start-up cost")
    assert any("TensorFlow" in line and " 1 " in line for line in text)
    assert render_startup([]) == []
