"""Convergence studies without frameworks: plan, data, schedule, curves, parity, summary, text."""

from __future__ import annotations

import argparse

import numpy as np
import pytest
from converge_records import PLAN, converge_record

from fwprof.cli.main import build_parser
from fwprof.cli.run_cmd import base_config
from fwprof.config import ConfigError, SessionConfig
from fwprof.outputs.snapshot import save_snapshot
from fwprof.outputs.summary import build_summary
from fwprof.outputs.text import render_summary
from fwprof.scenarios.converge.args import config_from_args, is_converge_task
from fwprof.scenarios.converge.config import CONVERGE_KEY, ConvergeConfig, TrainPlan
from fwprof.scenarios.converge.data import batch_order, load_digits_split, model_inputs, order_digest
from fwprof.scenarios.converge.plan import is_converge_run, plan_converge_runs
from fwprof.scenarios.converge.schedule import learning_rate
from fwprof.scenarios.converge.section import ConvergeSection
from fwprof.scenarios.converge.summary import converge_summary
from fwprof.scenarios.converge.table import render_converge
from fwprof.snapshot import load_snapshot
from fwprof.usage import UsageError


def test_the_plan_splits_the_digits_into_full_batches() -> None:
    plan = TrainPlan(epochs=10, batch_size=32)
    assert (plan.train_size, plan.test_size) == (1437, 360)
    assert plan.steps_per_epoch == 44 and plan.total_steps == 440 and plan.eval_interval == 11
    with pytest.raises(ConfigError, match="target accuracy"):
        TrainPlan(target=1.5).validate()
    with pytest.raises(ConfigError, match="schedule"):
        TrainPlan(lr_schedule="step").validate()
    with pytest.raises(ConfigError, match="batch size"):
        TrainPlan(batch_size=5000).validate()


def test_the_held_out_split_is_fixed_and_disjoint() -> None:
    first, again = load_digits_split(PLAN), load_digits_split(PLAN)
    assert first.x_train.shape == (1437, 8, 8, 1) and first.x_test.shape == (360, 8, 8, 1)
    assert np.array_equal(first.y_test, again.y_test) and np.array_equal(first.x_train, again.x_train)
    assert first.x_train.min() >= 0.0 and first.x_train.max() <= 1.0
    other = load_digits_split(TrainPlan(split_seed=1))
    assert not np.array_equal(first.y_test, other.y_test)
    assert set(np.unique(first.y_test)) == set(range(10))
    assert model_inputs(first.x_test, "mlp").shape == (360, 64)
    assert model_inputs(first.x_test, "cnn").shape == (360, 8, 8, 1)


def test_the_batch_order_comes_from_the_seed_and_covers_each_epoch_once() -> None:
    order = batch_order(PLAN, seed=7)
    assert order.shape == (PLAN.total_steps, PLAN.batch_size)
    assert np.array_equal(order, batch_order(PLAN, seed=7))
    assert order_digest(order) == order_digest(batch_order(PLAN, seed=7))
    assert order_digest(order) != order_digest(batch_order(PLAN, seed=8))
    epoch = order[: PLAN.steps_per_epoch].ravel()
    assert len(set(epoch.tolist())) == epoch.size and epoch.max() < PLAN.train_size


def test_learning_rate_schedules() -> None:
    assert learning_rate("constant", 1e-3, 50, 100) == 1e-3
    assert learning_rate("cosine", 1e-3, 0, 100) == pytest.approx(1e-3)
    assert learning_rate("cosine", 1e-3, 50, 100) == pytest.approx(5e-4)
    assert learning_rate("cosine", 1e-3, 100, 100) == pytest.approx(0.0)
    with pytest.raises(ValueError):
        learning_rate("linear", 1e-3, 0, 10)


def test_runs_alternate_frameworks_per_seed_in_their_idiomatic_modes() -> None:
    config = ConvergeConfig(SessionConfig(workloads=("mlp", "cnn"), repeats=3, seed=10), PLAN)
    runs = plan_converge_runs(config)
    assert len(runs) == 12 and all(is_converge_run(r) for r in runs)
    assert [(r.run_spec.framework, r.run_spec.seed) for r in runs[:4]] == [
        ("torch", 10), ("tensorflow", 10), ("torch", 10), ("tensorflow", 10)]
    assert runs[4].run_spec.framework == "tensorflow" and runs[4].run_spec.seed == 11
    assert {r.run_spec.mode for r in runs if r.run_spec.framework == "torch"} == {"eager"}
    assert {r.run_spec.mode for r in runs if r.run_spec.framework == "tensorflow"} == {"graph"}
    assert runs[0].info[CONVERGE_KEY]["epochs"] == PLAN.epochs
    assert runs[0].run_spec.steps == PLAN.total_steps and runs[0].run_spec.batch_size == 32
    one_mode = ConvergeConfig(SessionConfig(repeats=3), PLAN, mode="eager")
    assert {r.run_spec.mode for r in plan_converge_runs(one_mode)} == {"eager"}


@pytest.mark.parametrize(("change", "message"), [
    ({"session": SessionConfig(workloads=("lstm",))}, "no 8x8 digits variant"),
    ({"session": SessionConfig(device="cuda")}, "CPU"),
    ({"mode": "turbo"}, "unknown mode"),
])
def test_bad_configurations_name_the_value(change: dict[str, object], message: str) -> None:
    values: dict[str, object] = {"session": SessionConfig(), "plan": PLAN, **change}
    with pytest.raises(ConfigError, match=message):
        ConvergeConfig(**values).validate()  # type: ignore[arg-type]


def test_equal_training_gives_parity_with_every_figure() -> None:
    (entry,) = converge_summary(converge_record().runs)
    assert entry.workload == "mlp" and entry.target == 0.95
    assert entry.same_batch_order is True and entry.same_parameters is True
    for framework in ("torch", "tensorflow"):
        figures = entry.frameworks[framework]
        assert figures.runs_ok == 3 and figures.reached == 3
        assert figures.final_accuracy is not None and 0.96 < figures.final_accuracy.mean < 0.99
        assert figures.steps_to_target is not None and figures.steps_to_target > 0
        assert figures.time_to_target_s is not None and figures.time_to_target_s > 0
        assert len(figures.curve.mean) == len(figures.curve.step) > 10
        assert all(lo <= m <= hi for lo, m, hi in zip(figures.curve.low, figures.curve.mean,
                                                       figures.curve.high, strict=True))
    assert entry.parity is not None and entry.parity.verdict == "parity", entry.parity


def test_a_lower_final_accuracy_is_a_parity_problem() -> None:
    record = converge_record(finals={"torch": 0.975, "tensorflow": 0.92})
    (entry,) = converge_summary(record.runs)
    assert entry.parity is not None and entry.parity.verdict == "diverged"
    assert any("final accuracy differs" in r for r in entry.parity.reasons)
    assert entry.frameworks["tensorflow"].reached == 0


def test_slower_learning_is_a_parity_problem_even_at_equal_final_accuracy() -> None:
    record = converge_record(rates={"torch": 10.0, "tensorflow": 45.0})
    (entry,) = converge_summary(record.runs)
    assert entry.parity is not None and entry.parity.verdict == "diverged"
    assert any("steps to 95%" in r or "curves are" in r for r in entry.parity.reasons)


def test_two_seeds_are_inconclusive_and_a_different_batch_order_is_flagged() -> None:
    (entry,) = converge_summary(converge_record(seeds=2).runs)
    assert entry.parity is not None and entry.parity.verdict == "inconclusive"
    (other,) = converge_summary(converge_record(same_order=False).runs)
    assert other.same_batch_order is False and other.parity is not None and other.parity.verdict == "diverged"


def test_a_target_can_be_asked_of_a_recorded_session() -> None:
    (entry,) = converge_summary(converge_record().runs, target=0.999)
    assert entry.target == 0.999
    assert all(f.reached == 0 and f.time_to_target_s is None for f in entry.frameworks.values())


def test_the_text_table_and_the_summary_of_a_convergence_session(tmp_path: object) -> None:
    record = converge_record()
    document = build_summary(record)
    summary = document.to_json()
    assert summary["groups"] == [] and summary["runs"] == [] and len(summary["converge"]) == 1
    assert {row["task"] for row in summary["startup"]} == {"converge"}
    text = render_summary(document)
    assert "Time to accuracy" in text and "Parity (mlp, cpu): parity" in text
    assert "Start-up cost" in text
    assert ConvergeSection.from_json(summary) == document.converge
    lines = render_converge(document.converge.entries)
    assert any(line.startswith("mlp") and "PyTorch" in line and "3/3" in line for line in lines)


def test_a_convergence_snapshot_round_trips(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "c.fwprof"
    record = converge_record()
    save_snapshot(record, path)
    again = load_snapshot(path)
    assert converge_summary(again.runs) == converge_summary(record.runs)


def _args(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(["run", *argv])


def test_the_cli_options_of_the_converge_task() -> None:
    args = _args("--task", "converge", "--workload", "mlp,cnn", "--epochs", "3", "--target", "0.9")
    assert is_converge_task(args)
    config = config_from_args(args, base_config)
    assert config.plan.epochs == 3 and config.plan.target == 0.9 and config.mode == ""
    assert config.plan.batch_size == 32 and config.seeds == (0, 1, 2)
    assert config_from_args(_args("--task", "converge", "--mode", "graph"), base_config).mode == "graph"
    with pytest.raises(UsageError, match="one --mode"):
        config_from_args(_args("--task", "converge", "--mode", "eager,compiled"), base_config)
    with pytest.raises(UsageError, match="on its own"):
        is_converge_task(_args("--task", "converge,train"))
    with pytest.raises(UsageError, match="digits variant"):
        config_from_args(_args("--task", "converge", "--workload", "lstm"), base_config)
    assert not is_converge_task(_args("--task", "train"))


def test_html_and_markdown_exports_show_the_study() -> None:
    from export_records import check_html

    from fwprof.export.html_report import render_html
    from fwprof.export.markdown_table import render_markdown

    record = converge_record()
    page = render_html(record, "digits")
    check_html(page)
    assert "Time to accuracy: TensorFlow vs PyTorch" in page and "<h2>Time to accuracy</h2>" in page
    section = page[page.index("<h2>Time to accuracy</h2>"):page.index("<h2>Start-up cost</h2>")]
    assert section.count('<svg class="chart"') == 2 and section.count("<polygon") == 4
    assert "Development effort" in page and "seeds, one fresh process each" in page
    text = render_markdown(build_summary(record))
    assert "| mlp | PyTorch | eager | 3/3 |" in text and "- Parity, mlp (target 95%): parity" in text
    assert "configuration" not in text and "- mlp: PyTorch " in text
