"""``fwprof run --task converge`` for real: mlp on the digits, both frameworks, three seeds."""

from __future__ import annotations

import re

import pytest
from cli_runner import fwprof

from fwprof.advice.base import AdviceContext
from fwprof.advice.converge import TargetRule
from fwprof.export.html_report import render_html
from fwprof.outputs.summary import build_summary
from fwprof.results import SessionRecord
from fwprof.scenarios.converge.summary import converge_summary
from fwprof.snapshot import load_snapshot

pytestmark = pytest.mark.slow
pytest.importorskip("torch")
pytest.importorskip("tensorflow")
pytest.importorskip("sklearn")


@pytest.fixture(scope="module")
def converged(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, SessionRecord]:
    snapshot = tmp_path_factory.mktemp("converge") / "mlp.fwprof"
    result = fwprof("run", "--task", "converge", "--workload", "mlp", "--epochs", "4", "--repeats", "3",
                    "--threads", "2", "--quiet", "-o", str(snapshot), timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout, load_snapshot(snapshot)


def test_both_frameworks_reach_the_target_on_the_same_batches(converged: tuple[str, SessionRecord]) -> None:
    _, record = converged
    (entry,) = build_summary(record).to_json()["converge"]
    assert entry["same_batch_order"] is True and entry["same_parameters"] is True
    for framework in ("torch", "tensorflow"):
        figures = entry["frameworks"][framework]
        assert figures["runs_ok"] == 3 and figures["reached"] == 3, figures
        assert 0.94 < figures["final_accuracy"]["mean"] <= 1.0
        assert figures["time_to_target_s"] > 0 and figures["steps_to_target"] > 0
        assert len(figures["curve"]["step"]) == entry["steps"] // entry["eval_every"] + 1
    assert entry["parity"]["verdict"] == "parity", entry["parity"]


def test_the_cli_prints_the_table_parity_and_startup_cost(converged: tuple[str, SessionRecord]) -> None:
    stdout, _ = converged
    assert re.search(r"^mlp\s+PyTorch\s+eager\s+3/3\s+\d+\.\d%", stdout, re.M), stdout
    assert re.search(r"^mlp\s+TensorFlow\s+graph\s+3/3\s+\d+\.\d%", stdout, re.M), stdout
    assert "Parity (mlp, cpu): parity" in stdout and "same batch order: yes" in stdout
    assert "Start-up cost" in stdout and re.search(r"^mlp\s+converge\s+graph\s+TensorFlow", stdout, re.M)


def test_the_html_report_draws_both_curves(converged: tuple[str, SessionRecord]) -> None:
    page = render_html(converged[1], "mlp")
    section = page[page.index("<h2>Time to accuracy</h2>"):]
    assert section.count('<svg class="chart"') >= 2 and "Development effort" in page
    assert section.count("<polyline") >= 4 and "PyTorch" in section and "TensorFlow" in section


def test_a_target_out_of_reach_is_recommended_against(converged: tuple[str, SessionRecord]) -> None:
    findings = TargetRule().check(AdviceContext(converge=converge_summary(converged[1].runs, target=0.999)))
    assert {f.title for f in findings} == {"PyTorch reached 100% in 0 of 3 seed(s)",
                                           "TensorFlow reached 100% in 0 of 3 seed(s)"}
