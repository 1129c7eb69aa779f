"""The reference models as workloads of the harness: sizes, sequence length and mixed precision.

Real runs (fresh child processes, real torch and TensorFlow): a train and an infer run of every
tiny reference model in both frameworks, and bf16 training; they pass, count the published
number of parameters in both frameworks and record the precision set. Then how sizes enter the
keys (runs of different sizes never pair) and every view, the options' validation, the CLI's
messages and ``fwprof list``, and the GPU preset.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from cli_runner import fwprof
from export_records import synthetic_run

from fwprof.catalog import REFERENCE_WORKLOADS, WORKLOADS, workload_label
from fwprof.config import ConfigError, RunSpec, SessionConfig
from fwprof.export.csv_tables import summary_csv
from fwprof.export.markdown_table import render_markdown
from fwprof.outputs.summary import build_summary
from fwprof.outputs.text import render_summary
from fwprof.presets import GPU, QUICK, apply_preset
from fwprof.results import RunResult, SessionRecord
from fwprof.scenarios.compare.html import runs_table, summary_table
from fwprof.scenarios.registry import builtin_session
from fwprof.workloads.reference.counts import parameter_count

#: Short real runs: one process per framework and configuration, a few steps, no measuring rules.
SHORT = {"repeats": 1, "max_repeats": 1, "steps": 3, "warmup": 1, "min_time_s": 0.0,
         "warmup_max_s": 0.0, "sample_rate_hz": 100.0, "busy_measure_rate_hz": 0.0, "size": "tiny"}


def _run(config: SessionConfig) -> SessionRecord:
    record = builtin_session(config).run()
    failed = [(run.run_spec.label, run.error) for run in record.runs if run.status != "ok"]
    assert not failed, failed
    return record


@pytest.fixture(scope="module")
def fp32_record() -> SessionRecord:
    """Every tiny reference model, train and infer, graph mode (TorchScript / tf.function)."""
    return _run(SessionConfig(workloads=REFERENCE_WORKLOADS, tasks=("train", "infer"),
                              modes=("graph",), **SHORT))


@pytest.fixture(scope="module")
def bf16_record() -> SessionRecord:
    """GPT-2 tiny in bf16, sequence shortened to 16: autocast / mixed_bfloat16, eager and
    compiled (torch.compile of the whole step, autocast inside; XLA)."""
    return _run(SessionConfig(workloads=("gpt2-small",), modes=("eager", "compiled"),
                              precision="bf16", seq_len=16, **SHORT))


def _by(record: SessionRecord, mode: str = "graph") -> dict[tuple[str, str, str], RunResult]:
    return {(r.run_spec.framework, r.run_spec.workload, r.run_spec.task): r for r in record.runs
            if r.run_spec.mode == mode}


@pytest.mark.slow
def test_every_tiny_model_trains_and_infers_in_both_frameworks(fp32_record: SessionRecord) -> None:
    runs = _by(fp32_record)
    assert len(runs) == 16
    for (_, name, _), run in runs.items():
        assert run.run_spec.size == "tiny" and run.step_durations.size >= 3
        assert run.info["model_parameters"] == parameter_count(name, "tiny"), run.run_spec.label
        assert run.info["precision"] == "fp32" and run.info["tf32"] is False
    assert runs[("torch", "resnet50", "train")].info["autocast"] is None
    assert runs[("tensorflow", "resnet50", "train")].info["policy"] == "float32"


@pytest.mark.slow
def test_bf16_is_set_and_recorded_the_same_on_both_sides(bf16_record: SessionRecord) -> None:
    for mode in ("eager", "compiled"):
        runs = _by(bf16_record, mode)
        torch_run, tf_run = (runs[(fw, "gpt2-small", "train")] for fw in ("torch", "tensorflow"))
        assert torch_run.info["precision"] == tf_run.info["precision"] == "bf16"
        assert torch_run.info["autocast"] == "torch.bfloat16" and torch_run.info["grad_scaler"] is False
        assert tf_run.info["policy"] == "mixed_bfloat16" and tf_run.info["loss_scale_optimizer"] is False
        assert torch_run.info["tf32"] is False and tf_run.info["tf32"] is False
        for run in (torch_run, tf_run):
            assert run.run_spec.seq_len == 16 and run.run_spec.batch_size == 4
            assert run.info["model_parameters"] == parameter_count("gpt2-small", "tiny")
    compiled = _by(bf16_record, "compiled")[("torch", "gpt2-small", "train")].counters
    assert compiled["whole_step_compiled"] == 1 and compiled["unsupported"] == 0


@pytest.mark.slow
def test_views_show_the_size_precision_and_parameters(fp32_record: SessionRecord,
                                                      bf16_record: SessionRecord) -> None:
    document = build_summary(fp32_record)
    summary = document.to_json()
    assert {c["workload"] for c in summary["comparisons"]} == {f"{n}/tiny" for n in REFERENCE_WORKLOADS}
    assert all(c["decision"] != "none" or "differ" not in c["verdict"] for c in summary["comparisons"])
    group = next(g for g in summary["groups"] if g["workload"] == "resnet50/tiny")
    assert (group["model"], group["size"], group["precision"]) == ("resnet50", "tiny", "fp32")
    assert group["parameters"] == parameter_count("resnet50", "tiny")
    row = next(line for line in render_summary(document).splitlines() if "resnet50/tiny" in line)
    assert "fp32" in row and "131k" in row
    bf16 = build_summary(bf16_record)
    rows = [line for line in render_summary(bf16).splitlines()
            if line.startswith("gpt2-small/tiny/seq16 ") and " bf16 " in line]
    assert len(rows) == 4 and all("170k" in row for row in rows)  # eager, compiled x 2 frameworks
    assert "| gpt2-small/tiny/seq16 train eager (cpu) | bf16 | 170k |" in render_markdown(bf16)


def _sized_record() -> SessionRecord:
    """resnet50 at two sizes in one record (as a merge of two sessions would hold)."""
    rng = np.random.default_rng(0)
    runs = []
    for index, (size, framework) in enumerate((s, f) for s in ("tiny", "small")
                                              for f in ("torch", "tensorflow")):
        spec = RunSpec(framework, "resnet50", "train", "graph", size=size).resolved()
        run = synthetic_run(f"r{index}", spec, 1000.0 + 10 * index, 5.0, 0.01, rng)
        run.info["model_parameters"] = parameter_count("resnet50", size)
        runs.append(run)
    return SessionRecord(config=SessionConfig(workloads=("resnet50",)), runs=runs,
                         environment={"cores_available": 2})


def test_runs_of_different_sizes_never_pair_and_every_view_names_the_size() -> None:
    document = build_summary(_sized_record())
    comparisons = {c["workload"]: c for c in document.to_json()["comparisons"]}
    assert set(comparisons) == {"resnet50/tiny", "resnet50/small"}
    for size in ("tiny", "small"):
        count = parameter_count("resnet50", size)
        assert comparisons[f"resnet50/{size}"]["parameters"] == {"torch": count, "tensorflow": count}
        assert comparisons[f"resnet50/{size}"]["size"] == size
    html = summary_table(document.comparison) + runs_table(document.comparison)
    assert "resnet50/small" in html and "6.0M" in html and "131k" in html and "fp32" in html
    csv_lines = summary_csv(document.comparison).splitlines()
    assert csv_lines[0].endswith("model,size,seq_len,precision,parameters")
    assert any(line.endswith("resnet50,small,,fp32,5995140") for line in csv_lines)


def test_size_and_seq_len_enter_labels_keys_and_default_batches() -> None:
    tiny = RunSpec("torch", "resnet50", "train", "graph", size="tiny").resolved()
    full = RunSpec("torch", "resnet50", "train", "graph", size="full").resolved()
    assert (tiny.batch_size, full.batch_size) == (4, 32) and tiny.config_key != full.config_key
    assert tiny.label == "torch resnet50/tiny train graph #1"
    assert workload_label("gpt2-small", "full", 512) == "gpt2-small/full/seq512"
    mlp = RunSpec("torch", "mlp", "train", "graph", size="tiny").resolved()
    assert (mlp.size, mlp.workload_label, mlp.batch_size) == ("full", "mlp", 128)
    assert all(WORKLOADS[name].sizes == ("tiny", "small", "full") for name in REFERENCE_WORKLOADS)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"workloads": ("resnet50",), "seq_len": 16}, "sequence length 16 applies to bert-base and "
                                                      "gpt2-small only, not resnet50"),
        ({"workloads": ("gpt2-small", "mlp"), "seq_len": 16}, "not mlp"),
        ({"workloads": ("gpt2-small",), "size": "tiny", "seq_len": 65},
         "sequence length 65 is out of range for gpt2-small tiny (1-64)"),
        ({"size": "huge"}, "unknown size 'huge'"),
        ({"precision": "fp8"}, "unknown precision 'fp8'"),
        ({"precision": "fp16"}, "fp16 needs --device cuda"),
        ({"workloads": ("resnet50",), "tasks": ("deploy",)}, "--task deploy runs the built-in"),
    ],
)
def test_bad_sizes_sequences_and_precisions_are_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        SessionConfig(**changes).validate()


def test_sessions_saved_before_sizes_read_with_the_defaults() -> None:
    old = {k: v for k, v in SessionConfig().to_dict().items() if k not in ("size", "seq_len")}
    config = SessionConfig.from_dict(old)
    assert (config.size, config.seq_len) == ("small", 0)
    spec = RunSpec.from_dict({"framework": "torch", "workload": "mlp", "task": "train", "mode": "eager"})
    assert spec.workload_label == "mlp" and spec.seq_len == 0


def test_gpu_preset_sets_the_reference_models_full_bf16_on_cuda() -> None:
    config = apply_preset("GPU", SessionConfig(threads=3, precision="tf32"))
    assert config.workloads == REFERENCE_WORKLOADS and config.device == "cuda"
    assert (config.size, config.precision, config.threads) == ("full", "bf16", 3)
    assert config.channels_last  # PyTorch's images NHWC, as TensorFlow's
    assert {"graph", "compiled"} <= set(config.modes) and config.min_time_s == GPU.min_time_s == 2.0
    config.validate()
    quick = apply_preset("Quick", config)
    assert (quick.device, quick.precision, quick.size) == ("cuda", "fp32", QUICK.size)


def test_torch_resnet50_runs_channels_last() -> None:
    torch = pytest.importorskip("torch")
    from fwprof.child.torch_workload import build_torch_workload

    spec = RunSpec("torch", "resnet50", "train", "eager", size="tiny", channels_last=True).resolved()
    work = build_torch_workload(spec, torch.device("cpu"))
    assert work.channels_last and work.next_batch()[0].is_contiguous(memory_format=torch.channels_last)
    conv = work.model.conv1.weight
    assert conv.is_contiguous(memory_format=torch.channels_last) and not conv.is_contiguous()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workload", "vit-b16", "--size", "tiny", "--seq-len", "16"],
         "fwprof: error: sequence length 16 applies to bert-base and gpt2-small only, not vit-b16"),
        (["--workload", "bert-base", "--size", "tiny", "--seq-len", "100"],
         "fwprof: error: sequence length 100 is out of range for bert-base tiny (1-64)"),
        (["--workload", "resnet50", "--precision", "fp16"], "fwprof: error: fp16 needs --device cuda"),
    ],
)
def test_cli_refuses_with_one_message_and_status_2(args: list[str], message: str) -> None:
    result = fwprof("run", *args, timeout=120)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1, result.stderr


def test_list_shows_each_model_with_its_sizes_and_parameters() -> None:
    result = fwprof("list", "--json", timeout=120)
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout)
    assert listing["sizes"]["resnet50"]["full"] == {"parameters": 25_557_032, "batch_size": 32}
    assert "stresses" in listing["workloads"]["gpt2-small"]
    text = fwprof("list", timeout=120).stdout
    assert "tiny 131k (batch 4) · small 6.0M (batch 8) · full 25.6M (batch 32)" in text
