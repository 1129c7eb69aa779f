"""The run setup panel produces the SessionConfig the user sees, and the plan it implies."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fwprof.config import SessionConfig
from fwprof.launch.plan import plan_runs
from ui.views.setup.presets import FULL, QUICK
from ui.views.setup.setup_panel import SetupPanel


def _panel(qtbot: Any) -> SetupPanel:
    panel = SetupPanel()
    qtbot.addWidget(panel)
    return panel


def test_quick_preset_is_the_default_and_plans_three_pairs(qtbot: Any) -> None:
    panel = _panel(qtbot)
    config = panel.config()
    assert config.workloads == ("mlp",) and set(config.modes) == {"eager", "graph"}
    assert config.frameworks == ("torch", "tensorflow") and config.repeats == 3
    assert config.max_repeats == 10 and config.max_time_s == 55.0
    assert len(plan_runs(config)) == 12
    text = panel.plan_label.text()
    assert "<b>12 runs</b>" in text and "about" in text
    assert "if verdicts need more pairs" not in text  # the 55 s budget leaves no room for more
    panel.max_time.setValue(600)
    assert "if verdicts need more pairs (up to 10)" in panel.plan_label.text()


def test_checking_boxes_and_spinning_values_change_the_config(qtbot: Any) -> None:
    panel = _panel(qtbot)
    with qtbot.waitSignal(panel.changed):
        panel.checks["workloads"]["cnn"].setChecked(True)
    panel.checks["modes"]["graph"].setChecked(False)
    panel.checks["tasks"]["infer"].setChecked(True)
    panel.steps.setValue(20)
    panel.warmup.setValue(2)
    panel.repeats.setValue(3)
    panel.threads.setValue(1)
    panel.batch_size.setValue(32)
    panel.rate.setValue(25)
    assert panel.trace.text() == "off"
    panel.trace.setValue(5)
    panel.max_repeats.setValue(6)
    panel.max_time.setValue(120)
    panel.margin.setValue(2.5)
    panel.min_time.setValue(0.5)
    config = panel.config()
    assert config == replace(
        QUICK, workloads=("mlp", "cnn"), tasks=("train", "infer"), modes=("eager",), steps=20,
        warmup=2, repeats=3, max_repeats=6, max_time_s=120.0, margin=0.025, min_time_s=0.5,
        threads=1, batch_size=32, sample_rate_hz=25.0, trace_steps=5,
    )
    assert "24 runs" in panel.plan_label.text()


def test_set_config_round_trips(qtbot: Any) -> None:
    panel = _panel(qtbot)
    wanted = SessionConfig(workloads=("lstm", "transformer"), frameworks=("tensorflow",),
                           tasks=("infer",), modes=("compiled",), steps=7, warmup=0,
                           repeats=2, max_repeats=2, threads=2, sample_rate_hz=50.0, trace_steps=3)
    panel.set_config(wanted)
    assert panel.config() == wanted


def test_full_preset_keeps_where_and_how(qtbot: Any) -> None:
    panel = _panel(qtbot)
    panel.threads.setValue(1)
    panel.rate.setValue(20)
    panel.choose_preset("Full")
    config = panel.config()
    assert config.workloads == FULL.workloads and config.modes == FULL.modes
    assert config.repeats == FULL.repeats and config.threads == 1
    assert config.sample_rate_hz == 20
    panel.choose_preset("Quick")
    assert panel.config().workloads == QUICK.workloads


def test_an_empty_matrix_says_why_it_cannot_run(qtbot: Any) -> None:
    panel = _panel(qtbot)
    panel.checks["frameworks"]["torch"].setChecked(False)
    panel.checks["frameworks"]["tensorflow"].setChecked(False)
    assert "Cannot run: no framework chosen" in panel.plan_label.text()
    assert panel.plan_error() == "no framework chosen"


def test_cuda_is_offered_only_when_a_gpu_was_found(qtbot: Any) -> None:
    panel = _panel(qtbot)
    cuda = panel.device.model().item(1)
    assert not cuda.isEnabled()
    panel.set_gpu(False, "NVML could not start")
    assert not cuda.isEnabled() and cuda.toolTip() == "NVML could not start"
    panel.set_gpu(True, None)
    assert cuda.isEnabled()
    panel.device.setCurrentIndex(1)
    assert panel.config().device == "cuda"
    panel.set_gpu(False, "gone")
    assert panel.config().device == "cpu"


def test_missing_frameworks_are_marked(qtbot: Any) -> None:
    panel = _panel(qtbot)
    panel.set_installed({"torch": "2.13.0", "tensorflow": None})
    assert "missing" in panel.checks["frameworks"]["tensorflow"].text()
    assert "2.13.0" in panel.checks["frameworks"]["torch"].toolTip()


def test_size_precision_data_and_a_model_file_reach_the_config(qtbot: Any, tmp_path: Any) -> None:
    panel = _panel(qtbot)
    assert list(panel.preset_buttons) == ["Quick", "Full", "GPU"]
    panel.checks["workloads"]["resnet50"].setChecked(True)
    panel.size.setCurrentIndex(panel.size.findData("tiny"))
    panel.precision.setCurrentIndex(panel.precision.findData("bf16"))
    panel.data.setCurrentIndex(panel.data.findData("pipeline"))
    config = panel.config()
    assert (config.size, config.precision, config.data) == ("tiny", "bf16", "pipeline")
    assert "resnet50" in config.workloads and not config.model_file
    model = tmp_path / "models.py"
    model.write_text("def torch_model(): ...\ndef keras_model(): ...\n")
    panel.add_model_files([str(model)])
    panel.model_file.setCurrentIndex(panel.model_file.findData(str(model)))
    config = panel.config()
    assert config.workloads == ("custom",) and config.model_file == str(model)
    panel.set_config(replace(config, model_file="", workloads=("mlp",)))
    assert panel.config().model_file == "" and panel.model_file.currentText().startswith("none")


def test_the_gpu_preset_runs_the_reference_models_at_full_size_in_bf16(qtbot: Any) -> None:
    panel = _panel(qtbot)
    panel.choose_preset("GPU")
    config = panel.config()
    assert set(config.workloads) == {"resnet50", "bert-base", "gpt2-small", "vit-b16"}
    assert (config.size, config.precision) == ("full", "bf16")
