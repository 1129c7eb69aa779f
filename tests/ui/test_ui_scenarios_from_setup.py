"""Every scenario of ``fwprof run`` from the setup panel: the panel's arguments are the CLI's,
the core's registry plans them, and a real tiny run of each lands in its own tab."""

from __future__ import annotations

import importlib.util
import os
from dataclasses import replace
from typing import Any

import pytest

from fwprof.cli.run_plan import check_arguments, config_argv, plan_arguments, scenario_forms
from fwprof.config import SessionConfig
from fwprof.presets import PRESETS
from ui.app.main_window import MainWindow, Services
from ui.base.settings import AppSettings
from ui.controllers.host import Tab
from ui.views.setup.setup_panel import SetupPanel

HAS_TORCH = importlib.util.find_spec("torch") is not None
#: The smallest settings the CLI tests use: one framework, one repeat, a few steps, 2 threads.
TINY = SessionConfig(workloads=("mlp",), frameworks=("torch",), tasks=("train",), modes=("eager",),
                     repeats=1, max_repeats=1, steps=10, warmup=2, threads=2, min_time_s=0.0,
                     warmup_max_s=0.0, size="tiny")


def _panel(qtbot: Any) -> SetupPanel:
    panel = SetupPanel()
    qtbot.addWidget(panel)
    panel.set_scenarios(scenario_forms())
    return panel


@pytest.mark.parametrize("name", list(PRESETS))
def test_the_shared_options_round_trip_through_the_cli_arguments(name: str) -> None:
    config = replace(PRESETS[name], interop_threads=1, seed=7, deploy_queries=50)
    assert check_arguments(config_argv(config)) == config


def test_the_panel_offers_every_scenario_fwprof_run_starts_with_its_own_options(qtbot: Any) -> None:
    panel = _panel(qtbot)
    offered = [panel.scenario.itemData(i) for i in range(panel.scenario.count())]
    assert offered == ["compare", "distributed", "deploy", "converge"]
    assert not panel.scenario_box.isVisible()
    panel.choose_scenario("converge")
    assert panel.scenario_box.isVisibleTo(panel) and not panel.tasks_row.isEnabled()
    assert set(panel.scenario_options["converge"].editors) >= {"epochs", "target", "lr"}
    assert set(panel.scenario_options["distributed"].editors) >= {"workers", "probe_steps"}
    assert "deploy_format" in panel.scenario_options["deploy"].editors


def test_each_scenario_becomes_the_arguments_the_cli_takes(qtbot: Any) -> None:
    panel = _panel(qtbot)
    panel.set_config(TINY)
    panel.choose_scenario("converge")
    panel.scenario_options["converge"].set_value("epochs", 2)
    scenario, args = plan_arguments(panel.run_arguments())
    assert scenario is not None and scenario.name == "converge" and args.epochs == 2
    panel.choose_scenario("distributed")
    panel.scenario_options["distributed"].set_value("workers", "1,2")
    config = check_arguments(panel.run_arguments())
    assert config.workers == (1, 2) and config.session.threads == 2
    panel.choose_scenario("deploy")
    panel.scenario_options["deploy"].set_value("deploy_format", ["torchscript"])
    assert plan_arguments(panel.run_arguments())[0] is None  # deploy joins the built-in session
    deploy = check_arguments(panel.run_arguments())
    assert deploy.tasks == ("deploy",) and deploy.deploy_formats == ("torchscript",)


def test_a_bad_scenario_setting_is_shown_in_the_plan_and_blocks_run(qtbot: Any) -> None:
    panel = _panel(qtbot)
    panel.set_config(replace(TINY, modes=("eager", "compiled")))
    panel.choose_scenario("converge")
    assert "give one --mode" in (panel.plan_error() or "")
    assert "Cannot run" in panel.plan_label.text()
    panel.checks["modes"]["compiled"].setChecked(False)
    assert panel.plan_error() is None
    assert "<b>1 run</b> planned · Convergence" in panel.plan_label.text()  # 1 seed, PyTorch


def test_new_shared_fields_reach_the_config(qtbot: Any) -> None:
    panel = _panel(qtbot)
    panel.set_config(TINY)
    panel.interop.setValue(1)
    panel.seed.setValue(42)
    panel.channels_last.setChecked(True)
    config = panel.config()
    assert (config.interop_threads, config.seed, config.channels_last) == (1, 42, True)
    panel.set_config(replace(TINY, seed=3))
    assert panel.seed.value() == 3 and not panel.channels_last.isChecked()


def test_the_gpu_list_comes_from_nvml_and_is_disabled_with_the_reason(qtbot: Any) -> None:
    panel = _panel(qtbot)
    panel.set_gpu(False, "NVML could not start: no driver")
    assert not panel.gpu.isEnabled() and "no driver" in panel.gpu.currentText()
    assert panel.gpu_index() is None
    panel.set_gpu(True, None, [{"index": 0, "name": "H200"}, {"index": 1, "name": "H200"}])
    assert not panel.gpu.isEnabled()  # CPU chosen
    panel.device.setCurrentIndex(panel.device.findData("cuda"))
    panel.gpu.setCurrentIndex(1)
    assert panel.gpu.isEnabled() and panel.gpu_index() == 1
    assert [panel.gpu.itemText(i) for i in range(2)] == ["0: H200", "1: H200"]


# --- real runs through the window -------------------------------------------------------------
def _window(qtbot: Any, settings: AppSettings) -> MainWindow:
    window = MainWindow(Services(settings=settings, gpu_probe=lambda: {"available": False,
                                                                      "reason": "test"}))
    qtbot.addWidget(window)
    window.show()
    window.finish_startup()
    qtbot.waitUntil(lambda: window.ready, timeout=30_000)
    window.setup.set_config(TINY)
    return window


def _run(qtbot: Any, window: MainWindow, timeout_ms: int = 120_000) -> None:
    assert window.setup.plan_error() is None, window.setup.plan_error()
    with qtbot.waitSignal(window.worker.stopped_running, timeout=timeout_ms):
        window.commands.run.trigger()
    qtbot.waitUntil(lambda: window.document is not None, timeout=30_000)


needs_torch = pytest.mark.skipif(not HAS_TORCH, reason="torch is not installed")


@pytest.mark.slow
@needs_torch
def test_convergence_from_the_panel_lands_in_the_convergence_tab(
        qtbot: Any, settings: AppSettings, private_recovery_folder: Any) -> None:
    pytest.importorskip("sklearn")
    window = _window(qtbot, settings)
    window.setup.choose_scenario("converge")
    window.setup.scenario_options["converge"].set_value("epochs", 1)
    _run(qtbot, window)
    record = window.document.record  # type: ignore[union-attr]
    assert [run.scenario for run in record.runs] == ["converge"]
    assert [run.status for run in record.runs] == ["ok"], record.runs[0].error
    view: Any = window.convergence_pane.content
    assert view.table.proxy.rowCount() == 1 and "No convergence study" not in view.title.text()
    assert window.tabs.currentIndex() == Tab.CONVERGENCE


@pytest.mark.slow
@needs_torch
def test_distributed_from_the_panel_lands_in_the_scaling_tab(
        qtbot: Any, settings: AppSettings, private_recovery_folder: Any) -> None:
    window = _window(qtbot, settings)
    window.setup.choose_scenario("distributed")
    window.setup.scenario_options["distributed"].set_value("workers", "1")
    assert "<b>1 run</b> planned" in window.setup.plan_label.text()
    _run(qtbot, window)
    record = window.document.record  # type: ignore[union-attr]
    assert [run.scenario for run in record.runs] == ["distributed"]
    assert [run.status for run in record.runs] == ["ok"], record.runs[0].error
    view: Any = window.scaling_pane.content
    assert view.table.proxy.rowCount() == 1 and window.tabs.isTabVisible(Tab.SCALING)
    assert window.tabs.currentIndex() == Tab.SCALING


@pytest.mark.slow
@needs_torch
def test_deploy_from_the_panel_lands_in_the_deploy_tab(
        qtbot: Any, settings: AppSettings, private_recovery_folder: Any) -> None:
    window = _window(qtbot, settings)
    window.setup.set_config(replace(TINY, deploy_queries=20))
    window.setup.choose_scenario("deploy")
    window.setup.scenario_options["deploy"].set_value("deploy_format", ["torchscript"])
    planned = window.setup.plan_label.text()
    _run(qtbot, window)
    record = window.document.record  # type: ignore[union-attr]
    assert f"<b>{len(record.runs)} runs</b> planned" in planned
    assert {run.scenario for run in record.runs} == {"deploy"}
    assert all(run.status == "ok" for run in record.runs), [r.error for r in record.runs]
    view: Any = window.deploy_pane.content
    assert view.tables and window.tabs.currentIndex() == Tab.DEPLOY


@pytest.mark.slow
@needs_torch
def test_profile_with_trace_from_the_panel_fills_the_operators_tab(
        qtbot: Any, settings: AppSettings, private_recovery_folder: Any) -> None:
    window = _window(qtbot, settings)
    window.setup.trace.setValue(2)
    assert window.setup.run_arguments()[window.setup.run_arguments().index("--trace") + 1] == "2"
    _run(qtbot, window)
    record = window.document.record  # type: ignore[union-attr]
    assert [run.status for run in record.runs] == ["ok"] and record.runs[0].spec.trace_steps == 2
    assert window.tabs.isTabVisible(Tab.OPERATORS)
    assert window.operators.top.proxy.rowCount() > 0


def test_the_chosen_gpu_is_the_only_one_the_session_sees(
        qtbot: Any, settings: AppSettings, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fake session records CUDA_VISIBLE_DEVICES as its runs would inherit it; afterwards the
    app's environment is as before."""
    from ui_fakes import fake_factory

    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "0,1")
    seen: list[str | None] = []
    fakes = fake_factory()

    def factory(config: SessionConfig, observers: Any) -> Any:
        seen.append(os.environ.get("CUDA_VISIBLE_DEVICES"))
        return fakes(config, observers)

    gpus = {"available": True, "reason": None,
            "devices": [{"index": 0, "name": "H200"}, {"index": 1, "name": "H200"}]}
    window = MainWindow(Services(session_factory=factory, settings=settings, gpu_probe=lambda: gpus,
                                 framework_probe=lambda: {"torch": "2", "tensorflow": "2"}))
    qtbot.addWidget(window)
    window.show()
    window.finish_startup()
    qtbot.waitUntil(lambda: window.ready, timeout=10_000)
    window.setup.set_config(replace(TINY, device="cuda"))
    window.setup.gpu.setCurrentIndex(1)
    with qtbot.waitSignal(window.worker.stopped_running, timeout=20_000):
        window.commands.run.trigger()
    assert seen == ["1"] and os.environ["CUDA_VISIBLE_DEVICES"] == "0,1"


def test_the_chosen_scenario_and_its_options_come_back_after_a_restart(
        make_window: Any) -> None:
    window = make_window()
    window.setup.choose_scenario("deploy")
    window.setup.scenario_options["deploy"].set_value("deploy_format", ["onnx"])
    window.setup.scenario_options["deploy"].set_value("queries", 50)
    window.close()
    again = make_window()
    assert again.setup.chosen_scenario() == "deploy"
    assert again.setup.scenario_arguments() == ["--deploy-format", "onnx", "--queries", "50"]
    again.setup.choose_scenario("compare")
    again.close()
    assert make_window().setup.chosen_scenario() == "compare"
