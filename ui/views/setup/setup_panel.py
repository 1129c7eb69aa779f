"""The run setup: which matrix to run and how, presets, and the planned runs with an estimate."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fwprof.catalog import (
    CUSTOM_WORKLOAD,
    FRAMEWORK_LABELS,
    FRAMEWORKS,
    MODE_MEANINGS,
    MODES,
    PIPELINE_WORKLOADS,
    PRECISIONS,
    SIZES,
    TASKS,
    WORKLOADS,
)
from fwprof.config import MAX_TRACE_STEPS, ConfigError, SessionConfig, default_threads
from fwprof.launch.interpreter import InterpreterInfo
from fwprof.launch.plan import plan_runs
from ui.base.learned_durations import LearnedDurations
from ui.base.theme import Theme, current_theme
from ui.views.setup.estimate import format_duration, session_seconds
from ui.views.setup.presets import PRESETS, apply_preset
from ui.views.setup.scenario_picker import COMPARE, ScenarioPicker, planned_count

if TYPE_CHECKING:
    from fwprof.cli.run_plan import ScenarioForm

TASK_LABELS = {"train": "train (forward, backward, update)", "infer": "infer (forward only)"}


class SetupPanel(QWidget):
    """Edits a :class:`SessionConfig`; emits :attr:`changed` on every edit."""

    changed = Signal()
    model_added = Signal(str)  # a model file the user chose (to remember as recent)
    interpreter_change_requested = Signal()  # the "Change…" link next to the interpreter

    def __init__(self, theme: Theme | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme or current_theme()
        self.checks: dict[str, dict[str, QCheckBox]] = {}
        self._gpu_available = False
        self.learned: LearnedDurations | None = None  # this machine's past runs (estimates)
        self._building = True
        self._base = SessionConfig()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self._presets_box())
        layout.addWidget(self._matrix_box())
        layout.addWidget(self.scenario_box)
        layout.addWidget(self._params_box())
        layout.addWidget(self._plan_box())
        self.machine = QLabel("Checking this machine…", self)
        self.machine.setWordWrap(True)
        self.machine.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.interpreter = QLabel("Python: checking…", self)
        self.interpreter.setWordWrap(True)
        self.interpreter.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.interpreter.linkActivated.connect(lambda _link: self.interpreter_change_requested.emit())
        machine_box = QGroupBox("This machine", self)
        machine_column = QVBoxLayout(machine_box)
        machine_column.addWidget(self.machine)
        machine_column.addWidget(self.interpreter)
        layout.addWidget(machine_box)
        layout.addStretch(1)
        self._building = False
        self.set_config(PRESETS["Quick"])

    # --- building -------------------------------------------------------------------------
    def _presets_box(self) -> QGroupBox:
        box = QGroupBox("Preset", self)
        row = QHBoxLayout(box)
        self.preset_buttons: dict[str, QPushButton] = {}
        hints = {"Quick": "under a minute: mlp, train, graph + eager, 3 pairs",
                 "Full": "every built-in workload, task and mode, 3 pairs or more (long)",
                 "GPU": "ResNet-50, BERT-base, GPT-2 small, ViT-B/16 at full size in bf16 on CUDA"}
        for name in PRESETS:
            hint = hints.get(name, name)
            button = QPushButton(name, box)
            button.setToolTip(hint)
            button.clicked.connect(lambda _=False, n=name: self.choose_preset(n))
            row.addWidget(button)
            self.preset_buttons[name] = button
        return box

    def _matrix_box(self) -> QGroupBox:
        box = QGroupBox("What to run", self)
        form = QFormLayout(box)
        self.scenarios = ScenarioPicker(self)
        self.scenarios.changed.connect(self._scenario_changed)
        self.scenario, self.scenario_box = self.scenarios.combo, self.scenarios.box
        self.scenario_options = self.scenarios.options
        form.addRow("Scenario", self.scenario)
        groups = (
            ("workloads", "Workloads", list(WORKLOADS), lambda n: n,
             lambda n: WORKLOADS[n].description),
            ("frameworks", "Frameworks", list(FRAMEWORKS), FRAMEWORK_LABELS.__getitem__,
             lambda n: FRAMEWORK_LABELS[n]),
            ("tasks", "Tasks", list(TASKS), lambda n: n, TASK_LABELS.__getitem__),
            ("modes", "Modes", list(MODES), lambda n: n, _mode_tooltip),
        )
        for key, title, names, label, tip in groups:
            form.addRow(title, self._check_grid(key, names, label, tip))
        self.tasks_row = self.checks["tasks"]["train"].parentWidget()
        self.size = _combo([(f"{n}" , n) for n in SIZES], "size of ResNet-50, BERT, GPT-2 and ViT "
                           "(tiny for tests and CPUs, full for GPUs); the built-in workloads have one")
        self.precision = _combo([(n, n) for n in PRECISIONS], "fp32 (TF32 off), tf32, or mixed "
                                "precision bf16 / fp16 (fp16: CUDA only), the same in both frameworks")
        self.data = _combo([("in memory", "memory"), ("input pipeline (JPEG files)", "pipeline")],
                           "one fixed batch, or JPEG files decoded by a DataLoader / tf.data with "
                           f"the same workers ({', '.join(PIPELINE_WORKLOADS)})")
        form.addRow("Size", self.size)
        form.addRow("Precision", self.precision)
        form.addRow("Data", self.data)
        form.addRow("My model", self._model_row())
        for combo in (self.size, self.precision, self.data, self.model_file):
            combo.currentIndexChanged.connect(self._edited)
        return box

    def _model_row(self) -> QWidget:
        """A file of the user's own model (torch_model() and keras_model()), with recent ones."""
        holder = QWidget(self)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        self.model_file = _combo([("none: the workloads above", "")], "a Python file defining "
                                 "torch_model() and keras_model(): compared instead of the "
                                 "workloads above (see examples/my_models.py)")
        add = QPushButton("Add my model…", holder)
        add.setToolTip(self.model_file.toolTip())
        add.clicked.connect(self._choose_model)
        row.addWidget(self.model_file, 1)
        row.addWidget(add)
        return holder

    def _check_grid(self, key: str, names: list[str], label: Callable[[str], str],
                    tip: Callable[[str], str]) -> QWidget:
        holder = QWidget(self)
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        self.checks[key] = {}
        for index, name in enumerate(names):
            check = QCheckBox(label(name), holder)
            check.setToolTip(tip(name))
            check.toggled.connect(self._edited)
            if key == "frameworks":
                check.setIcon(_swatch(self.theme.framework_colour(name)))
            grid.addWidget(check, index // 2, index % 2)
            self.checks[key][name] = check
        return holder

    def _params_box(self) -> QGroupBox:
        box = QGroupBox("How", self)
        form = QFormLayout(box)
        self.batch_size = _spin(0, 1 << 16, "workload default", "samples per step")
        self.steps = _spin(1, 1_000_000, None, "measured steps per run")
        self.warmup = _spin(0, 100_000, None, "steps run before measuring (not timed)")
        self.repeats = _spin(1, 100, None, "ABBA pairs of fresh processes (one per framework) "
                             "every configuration runs first")
        self.max_repeats = _spin(1, 100, None, "then add one pair at a time to configurations whose "
                                 "verdict is not decided yet, up to this many pairs (the same as "
                                 "Pairs: a fixed number)")
        self.max_time = _spin(0, 7 * 24 * 3600, "no limit", "stop adding pairs once the session has "
                              "run this long")
        self.max_time.setSuffix(" s")
        self.margin = _double_spin(0.5, 50.0, 1, " %", "differences within this margin are 'no "
                                   "meaningful difference'; a winner needs its whole interval beyond it")
        self.min_time = _double_spin(0.0, 3600.0, 1, " s", "each measure phase runs at least this long "
                                     "(and long enough for 10 resource samples)")
        self.threads = _spin(0, 4096, f"default ({default_threads()})",
                             "intra-op threads, the same for both frameworks (default: every core, "
                             "one fewer on machines with 2-4 cores)")
        self.interop = _spin(0, 4096, "same as threads", "inter-op threads (parallel independent "
                             "operations), the same for both frameworks")
        self.seed = _spin(0, 2**31 - 1, None, "random seed of weights and data in both frameworks "
                          "(convergence: the first seed)")
        self.channels_last = QCheckBox("PyTorch images channels-last (NHWC)")
        self.channels_last.setToolTip("PyTorch cnn and resnet50 in NHWC memory, as TensorFlow's "
                                      "always are")
        self.channels_last.toggled.connect(self._edited)
        self.device, self.rate = _device_combo(), _rate_spin()
        self.gpu = _combo([("none found", -1)], "which GPU the runs use (CUDA_VISIBLE_DEVICES)")
        self.gpu.setEnabled(False)
        self.trace = _spin(0, MAX_TRACE_STEPS, "off",
                           "after measuring, profile this many more steps with the framework's "
                           "own profiler (torch.profiler, TensorFlow's profiler): top operators "
                           "in Results, the traces in the snapshot (File > Export)")
        self.trace.setSuffix(" steps")
        for label, widget in (("Batch size", self.batch_size), ("Steps", self.steps),
                              ("Measure at least", self.min_time), ("Warm-up", self.warmup),
                              ("Pairs", self.repeats), ("Up to", self.max_repeats),
                              ("Time budget", self.max_time), ("Margin", self.margin),
                              ("Threads", self.threads), ("Inter-op threads", self.interop),
                              ("Seed", self.seed), ("Memory format", self.channels_last),
                              ("Device", self.device), ("GPU", self.gpu),
                              ("Sample rate", self.rate), ("Profile", self.trace)):
            form.addRow(label, widget)
        for spin in (self.batch_size, self.steps, self.warmup, self.repeats, self.max_repeats,
                     self.max_time, self.threads, self.trace, self.interop, self.seed):
            spin.valueChanged.connect(self._edited)
        for double in (self.margin, self.min_time):
            double.valueChanged.connect(self._edited)
        self.rate.valueChanged.connect(self._edited)
        self.device.currentIndexChanged.connect(self._edited)
        self.gpu.currentIndexChanged.connect(self._edited)
        self._set_cuda_enabled(False, "checking for a GPU…")
        return box

    def _plan_box(self) -> QGroupBox:
        box = QGroupBox("Plan", self)
        column = QVBoxLayout(box)
        self.plan_label = QLabel(box)
        self.plan_label.setWordWrap(True)
        self.plan_detail = QLabel(box)
        self.plan_detail.setWordWrap(True)
        column.addWidget(self.plan_label)
        column.addWidget(self.plan_detail)
        self.buttons_row = QHBoxLayout()
        column.addLayout(self.buttons_row)
        return box

    # --- public ---------------------------------------------------------------------------
    def config(self) -> SessionConfig:
        """The configuration as edited (not validated)."""
        def chosen(key: str) -> tuple[str, ...]:
            return tuple(n for n, c in self.checks[key].items() if c.isChecked())

        # Settings the panel does not show (precision, warm-up cap, ...) stay as last set.
        return replace(
            self._base,
            frameworks=chosen("frameworks"),
            tasks=chosen("tasks"), modes=chosen("modes"), device=self.device.currentData(),
            batch_size=self.batch_size.value(), steps=self.steps.value(),
            warmup=self.warmup.value(), repeats=self.repeats.value(),
            max_repeats=max(self.max_repeats.value(), self.repeats.value()),
            max_time_s=float(self.max_time.value()), margin=self.margin.value() / 100.0,
            min_time_s=self.min_time.value(),
            threads=self.threads.value(), interop_threads=self.interop.value(),
            seed=self.seed.value(), channels_last=self.channels_last.isChecked(),
            sample_rate_hz=float(self.rate.value()),
            trace_steps=self.trace.value(), size=self.size.currentData(),
            precision=self.precision.currentData(), data=self.data.currentData(),
            **self._model_choice(chosen("workloads")),
        )

    def set_config(self, config: SessionConfig) -> None:
        """Show ``config`` (unknown names are ignored; CUDA falls back to CPU if unavailable)."""
        self._building = True
        self._base = config
        for key in self.checks:
            for name, check in self.checks[key].items():
                check.setChecked(name in getattr(config, key))
        for spin, value in ((self.batch_size, config.batch_size), (self.steps, config.steps),
                            (self.warmup, config.warmup), (self.repeats, config.repeats),
                            (self.max_repeats, config.max_repeats),
                            (self.max_time, round(config.max_time_s)),
                            (self.threads, config.threads), (self.trace, config.trace_steps),
                            (self.interop, config.interop_threads), (self.seed, config.seed)):
            spin.setValue(value)
        self.margin.setValue(config.margin * 100.0)
        self.channels_last.setChecked(config.channels_last)
        self.min_time.setValue(config.min_time_s)
        for combo, value in ((self.size, config.size), (self.precision, config.precision),
                             (self.data, config.data)):
            combo.setCurrentIndex(max(combo.findData(value), 0))
        if config.model_file:
            self.add_model_files([config.model_file])
        self.model_file.setCurrentIndex(max(self.model_file.findData(config.model_file), 0))
        self.rate.setValue(config.sample_rate_hz)
        cuda = config.device == "cuda" and self._gpu_available
        self.device.setCurrentIndex(1 if cuda else 0)
        self._building = False
        self._edited()

    def add_model_files(self, paths: list[str]) -> None:
        """Offer these model files (newest first) after the ones already offered."""
        for path in paths:
            if self.model_file.findData(path) < 0:
                self.model_file.addItem(Path(path).name, path)
                self.model_file.setItemData(self.model_file.count() - 1, path, Qt.ItemDataRole.ToolTipRole)

    def _choose_model(self) -> None:
        start = str(Path(self.model_file.currentData() or Path.cwd()))
        path, _ = QFileDialog.getOpenFileName(self, "Add my model", start, "Python files (*.py)")
        if path:
            self.add_model_files([path])
            self.model_file.setCurrentIndex(self.model_file.findData(path))
            self.model_added.emit(path)

    def _model_choice(self, workloads: tuple[str, ...]) -> dict[str, Any]:
        """The chosen model file runs as the custom workload instead of the checked ones."""
        path = self.model_file.currentData()
        if not path:
            return {"workloads": workloads, "model_file": ""}
        return {"workloads": (CUSTOM_WORKLOAD,), "model_file": path}

    def set_scenarios(self, forms: list[ScenarioForm]) -> None:
        """Offer the scenarios ``fwprof run`` starts (the core's list, with each one's options)."""
        self.scenarios.set_forms(forms)

    def chosen_scenario(self) -> str:
        """The name of the scenario to run (``compare``: the train/infer matrix)."""
        return self.scenarios.chosen()

    def choose_scenario(self, name: str) -> None:
        """Select a scenario by name (ValueError for one not offered)."""
        self.scenarios.choose(name)

    def restore_scenario(self, name: str, args: list[str]) -> None:
        """Choose a remembered scenario with its options (one no longer offered: ignored)."""
        self.scenarios.restore(name, args)

    def scenario_arguments(self) -> list[str]:
        """The chosen scenario's own options as ``fwprof run``'s arguments."""
        return self.scenarios.arguments()

    def run_arguments(self) -> list[str]:
        """The setup as ``fwprof run``'s arguments: the shared options, the scenario as the task
        (the comparison keeps its tasks) and the scenario's own options."""
        from fwprof.cli.run_plan import config_argv

        name = self.chosen_scenario()
        if name == COMPARE:
            return config_argv(self.config())
        return config_argv(self.config(), task=name) + self.scenario_arguments()

    def gpu_index(self) -> int | None:
        """The GPU chosen for CUDA runs (None: CPU, or no GPU to choose)."""
        index = self.gpu.currentData()
        if self.device.currentData() != "cuda" or index is None or index < 0:
            return None
        return int(index)

    def choose_preset(self, name: str) -> None:
        """Apply a named preset to the matrix and step counts."""
        self.set_config(apply_preset(name, self.config()))

    def add_button(self, button: QWidget) -> None:
        """Place a button (Run, Stop) under the plan."""
        self.buttons_row.addWidget(button)

    def set_gpu(self, available: bool, reason: str | None,
                devices: list[dict[str, Any]] | None = None) -> None:
        """Enable CUDA when a GPU was found and list the GPUs (NVML's); otherwise say why not."""
        self._gpu_available = available
        self._set_cuda_enabled(available, reason or "no GPU found")
        self.gpu.blockSignals(True)
        self.gpu.clear()
        for index, device in enumerate((devices or []) if available else []):
            number = device.get("index", index)
            self.gpu.addItem(f"{number}: {device.get('name', 'GPU')}", int(number))
        if self.gpu.count() == 0:
            text = "the first GPU" if available else f"none: {reason or 'no GPU found'}"
            self.gpu.addItem(text, 0 if available else -1)
        self.gpu.setToolTip("which GPU CUDA runs use (CUDA_VISIBLE_DEVICES)" if available
                            else f"not available: {reason or 'no GPU found'}")
        self.gpu.blockSignals(False)
        self._gpu_enabled()

    def set_installed(self, installed: dict[str, str | None]) -> None:
        """Mark frameworks that are not installed (their runs would be skipped)."""
        for name, check in self.checks["frameworks"].items():
            version = installed.get(name)
            suffix = f" {version}" if version else " (not installed in the chosen interpreter)"
            check.setToolTip(f"{FRAMEWORK_LABELS[name]}{suffix}")
            check.setText(FRAMEWORK_LABELS[name] + ("" if version else " (missing)"))

    def set_interpreter(self, info: InterpreterInfo | None) -> None:
        """Show the interpreter runs use, and what will not work with it."""
        if info is None:
            self.interpreter.setText("Python: checking…")
            return
        where = html.escape(info.path or "none chosen")
        version = f" ({html.escape(info.version)})" if info.version else ""
        rows = [f"Runs on <b>{where}</b>{version} · <a href='settings'>Change…</a>"]
        rows += [f"<span style='color:{self.theme.bad}'>{html.escape(p)}</span>"
                 for p in info.problems()]
        self.interpreter.setText("<br>".join(rows))
        self.interpreter.setToolTip(info.summary())

    def set_machine(self, host: dict[str, Any], installed: dict[str, str | None],
                    gpu: dict[str, Any]) -> None:
        """A short description of where the runs will happen."""
        memory = host.get("memory_total_bytes") or 0
        rows = [f"{host.get('cpu_model', '?')}",
                f"{host.get('cores_available', '?')} cores · {memory / 2**30:.0f} GiB memory"]
        for name in FRAMEWORKS:
            rows.append(f"{FRAMEWORK_LABELS[name]} {installed.get(name) or 'not installed'}")
        devices = ", ".join(d.get("name", "?") for d in gpu.get("devices", []))
        rows.append(f"GPU: {devices}" if gpu.get("available") else "GPU: none found")
        self.machine.setText(f"<span style='color:{self.theme.muted}'>"
                             + "<br>".join(rows) + "</span>")

    def set_running(self, running: bool) -> None:
        """Lock the setup while a session runs."""
        for box in self.findChildren(QGroupBox):
            if box.title() not in ("Plan", "This machine"):
                box.setEnabled(not running)

    # --- internals ------------------------------------------------------------------------
    def _set_cuda_enabled(self, enabled: bool, reason: str) -> None:
        item = self.device.model().item(1)  # type: ignore[attr-defined]
        item.setEnabled(enabled)
        item.setText("CUDA" if enabled else "CUDA (not available)")
        item.setToolTip("" if enabled else reason)
        if not enabled and self.device.currentIndex() == 1:
            self.device.setCurrentIndex(0)

    def _gpu_enabled(self) -> None:
        self.gpu.setEnabled(self._gpu_available and self.device.currentData() == "cuda")

    def _scenario_changed(self) -> None:
        name = self.chosen_scenario()
        self.tasks_row.setEnabled(name == COMPARE)
        self.tasks_row.setToolTip("" if name == COMPARE else "the scenario is the task")
        self._edited()

    def _edited(self) -> None:
        if self._building:
            return
        self._gpu_enabled()
        self._update_plan()
        self.changed.emit()

    def use_learned_durations(self, learned: LearnedDurations) -> None:
        """Estimate from this machine's past runs (again, after each session adds some)."""
        self.learned = learned
        self._update_plan()

    def _update_plan(self) -> None:
        if self.chosen_scenario() != COMPARE:
            self._update_scenario_plan()
            return
        config = self.config()
        try:
            config.validate()
        except ConfigError as exc:
            self.plan_label.setText(f"<span style='color:{self.theme.bad}'>Cannot run: {exc}</span>")
            self.plan_detail.setText("")
            return
        specs = plan_runs(config)
        count = len(specs)
        more = ""
        if config.max_repeats > config.repeats and len(config.frameworks) > 1:
            first = session_seconds(specs, self.learned)
            most = session_seconds(plan_runs(replace(config, repeats=config.max_repeats)),
                                   self.learned)
            if config.max_time_s:  # the budget limits added pairs only; the first rounds all run
                most = max(first, min(most, config.max_time_s))
            if most > 1.1 * first:
                more = (f"; up to {format_duration(most).removeprefix('about ')} if verdicts "
                        f"need more pairs (up to {config.max_repeats})")
        self.plan_label.setText(
            f"<b>{count} run{'s' if count != 1 else ''}</b> planned · "
            f"{format_duration(session_seconds(specs, self.learned))}{more}"
        )
        self.plan_detail.setText(
            f"<span style='color:{self.theme.muted}'>{_matrix_text(config)}</span>"
        )

    def _update_scenario_plan(self) -> None:
        """A scenario of its own: the core checks the arguments as ``fwprof run`` would."""
        count, problem = planned_count(self.run_arguments())
        if problem is not None:
            self.plan_label.setText(f"<span style='color:{self.theme.bad}'>Cannot run: "
                                    f"{html.escape(problem)}</span>")
            self.plan_detail.setText("")
            return
        self.plan_label.setText(f"<b>{count} run{'s' if count != 1 else ''}</b> planned · "
                                f"{html.escape(self.scenario.currentText())}")
        self.plan_detail.setText(f"<span style='color:{self.theme.muted}'>"
                                 f"{html.escape(_scenario_matrix_text(self.config()))}</span>")

    def plan_error(self) -> str | None:
        """Why the current setup cannot run (None when it can)."""
        if self.chosen_scenario() != COMPARE:
            return planned_count(self.run_arguments())[1]
        try:
            self.config().validate()
        except ConfigError as exc:
            return str(exc)
        return None


def _matrix_text(config: SessionConfig) -> str:
    parts = [(len(config.workloads), "workload"), (len(config.frameworks), "framework"),
             (len(config.tasks), "task"), (len(config.modes), "mode"),
             (config.repeats, "pair")]
    return " × ".join(f"{n} {word}{'s' if n != 1 else ''}" for n, word in parts)


def _scenario_matrix_text(config: SessionConfig) -> str:
    parts = [(len(config.workloads), "workload"), (len(config.frameworks), "framework"),
             (config.repeats, "repeat")]
    return " × ".join(f"{n} {word}{'s' if n != 1 else ''}" for n, word in parts)


def _device_combo() -> QComboBox:
    combo = QComboBox()
    combo.addItem("CPU", "cpu")
    combo.addItem("CUDA (checking…)", "cuda")
    combo.setToolTip("where the model runs")
    return combo


def _rate_spin() -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(1.0, 100.0)
    spin.setDecimals(0)
    spin.setSuffix(" Hz")
    spin.setToolTip("resource samples per second (CPU, memory, GPU)")
    return spin


def _mode_tooltip(mode: str) -> str:
    meanings = MODE_MEANINGS[mode]
    return "\n".join(f"{FRAMEWORK_LABELS[fw]}: {meanings[fw]}" for fw in FRAMEWORKS)


def _combo(items: list[tuple[str, str]], tip: str) -> QComboBox:
    combo = QComboBox()
    for text, data in items:
        combo.addItem(text, data)
    combo.setToolTip(tip)
    return combo


def _double_spin(low: float, high: float, decimals: int, suffix: str, tip: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(low, high)
    spin.setDecimals(decimals)
    spin.setSuffix(suffix)
    spin.setToolTip(tip)
    return spin


def _spin(low: int, high: int, special: str | None, tip: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setAccelerated(True)
    spin.setToolTip(tip)
    if special:
        spin.setSpecialValueText(special)
    return spin


def _swatch(colour: QColor, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(colour)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(0, 0, size, size, 3, 3)
    painter.end()
    icon = QIcon(pixmap)
    icon.addPixmap(pixmap, QIcon.Mode.Disabled)  # keep the colour while the setup is locked
    return icon
