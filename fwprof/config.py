"""Configuration values: what one run does, and what a whole session runs.

Plain frozen dataclasses that serialise to and from JSON dicts; validation gives one clear
message naming the bad value (:class:`ConfigError`).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from fwprof.catalog import (
    BUILTIN_SIZE,
    BUILTIN_WORKLOADS,
    CUSTOM_WORKLOAD,
    DATA_SOURCES,
    DEPLOY_TASK,
    DEVICES,
    FRAMEWORKS,
    MIXED_PRECISIONS,
    MODES,
    PIPELINE_WORKLOADS,
    PRECISIONS,
    SEQUENCE_MODELS,
    SIZES,
    TASKS,
    WORKLOADS,
    default_batch_size,
    is_reference,
    workload_label,
)
from fwprof.deploy_formats import DEFAULT_QUERIES, deploy_settings_problem
from fwprof.workloads.reference.sizes import model_config

#: The largest seed every framework accepts (NumPy and TensorFlow take 32-bit seeds).
MAX_SEED = 2**32 - 1
#: The most steps ``--trace`` profiles (traces grow with every step).
MAX_TRACE_STEPS = 100
#: The longest minimum measure time or warm-up cap a run accepts, in seconds.
MAX_PHASE_S = 3600.0
#: Why fp16 is refused on a CPU (measured: ResNet-50 small, train, one thread, tf.function and
#: TorchScript).
FP16_ON_CPU = ("fp16 needs --device cuda: on a CPU, half-precision kernels are slow fallbacks, "
               "and unequally so (ResNet-50 small, one thread: 28 s a train step in PyTorch, 12 s "
               "in TensorFlow, 0.1-0.3 s in bf16); choose bf16 on a CPU")


class ConfigError(ValueError):
    """A configuration value is invalid; the message names it."""


def available_cores() -> int:
    """Cores this process may run on (affinity-aware)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


#: Machines with at most this many cores leave one to fwprof and the system by default.
SMALL_MACHINE_CORES = 4


def default_threads(cores: int | None = None) -> int:
    """Intra-op threads when none are asked for: every core, but one core fewer on machines
    with 2-4 cores, where fwprof's sampler and any other process would otherwise take a core
    from a thread the run waits for (measured on the 2-core VM: docs/deciding.md)."""
    cores = available_cores() if cores is None else cores
    return cores - 1 if 2 <= cores <= SMALL_MACHINE_CORES else max(cores, 1)


@dataclass(frozen=True)
class RunSpec:
    """Everything one child process needs to run one (framework, workload, task, mode)."""

    framework: str
    workload: str
    task: str
    mode: str
    device: str = "cpu"
    batch_size: int = 0  # 0: the workload's default
    steps: int = 100
    warmup: int = 10
    threads: int = 0  # 0: all available cores
    interop_threads: int = 0  # 0: same as threads
    precision: str = "fp32"
    seed: int = 0
    repeat: int = 0
    channels_last: bool = False
    compile_cache_dir: str = ""  # Inductor cache shared by a session: first run cold, later warm
    trace_steps: int = 0  # > 0: profile this many steps with the framework's profiler after measure
    #: The measure phase runs at least ``steps`` steps and at least this many seconds.
    min_time_s: float = 0.0
    #: > 0: after ``warmup`` steps, warm up on until step times are stable, at most this long.
    warmup_max_s: float = 0.0
    #: The reference model's size (:data:`fwprof.catalog.SIZES`); built-in workloads have one
    #: size and ignore it (resolved to ``full``).
    size: str = "small"
    #: > 0: a shorter sequence for bert-base or gpt2-small (0: the size's own).
    seq_len: int = 0
    #: Where batches come from (:data:`fwprof.catalog.DATA_SOURCES`); ``pipeline`` reads the
    #: session's JPEGs in ``data_dir`` with ``loader_workers`` workers (0: the default).
    data: str = "memory"
    loader_workers: int = 0
    data_dir: str = ""  # filled by the session
    #: Workload ``custom``: the user's model file, and what the probe found of its input.
    model_file: str = ""
    model_input: tuple[int, ...] = ()
    model_classes: int = 0

    def resolved(self) -> RunSpec:
        """The same spec with defaults (0) replaced by concrete values."""
        threads = self.threads or default_threads()
        size = self.size if is_reference(self.workload) else BUILTIN_SIZE
        return replace(
            self,
            size=size, loader_workers=self.loader_workers or default_loader_workers(threads),
            batch_size=self.batch_size or default_batch_size(self.workload, size, self.seq_len),
            threads=threads,
            interop_threads=self.interop_threads or threads,
        )

    @property
    def workload_label(self) -> str:
        """The workload as views show it, with a reference model's size: ``resnet50/tiny``."""
        return workload_label(self.workload, self.size, self.seq_len, self.model_file, self.data)

    @property
    def label(self) -> str:
        """A short human name, e.g. ``torch mlp train eager #1``, ``torch resnet50/tiny ...``."""
        return f"{self.framework} {self.workload_label} {self.task} {self.mode} #{self.repeat + 1}"

    @property
    def config_key(self) -> tuple[str, str, str, str]:
        """What a comparison pairs frameworks on: (workload label, task, mode, device); the label
        holds a reference model's size, so runs of different sizes never pair."""
        return (self.workload_label, self.task, self.mode, self.device)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunSpec:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if isinstance(values.get("model_input"), list):
            values["model_input"] = tuple(values["model_input"])
        return cls(**values)

    def validate(self) -> None:
        """Raise :class:`ConfigError` naming the first bad value."""
        _check_choice("framework", self.framework, FRAMEWORKS)
        _check_choice("workload", self.workload, (*WORKLOADS, CUSTOM_WORKLOAD))
        _check_inputs(self.workload, self.data, self.model_file)
        _check_range("loader workers", self.loader_workers, 0, 256, allow_default=True)
        _check_choice("task", self.task, TASKS)
        _check_choice("mode", self.mode, MODES)
        _check_choice("device", self.device, DEVICES)
        _check_choice("precision", self.precision, PRECISIONS)
        _check_choice("size", self.size, SIZES)
        _check_seq_len(self.workload, self.size, self.seq_len)
        if self.precision == "fp16" and self.device == "cpu":
            raise ConfigError(FP16_ON_CPU)
        _check_range("batch size", self.batch_size, 0, 1 << 20, allow_default=True)
        _check_range("steps", self.steps, 1, 10_000_000)
        _check_range("warm-up steps", self.warmup, 0, 10_000_000)
        _check_range("threads", self.threads, 0, 4096, allow_default=True)
        _check_range("inter-op threads", self.interop_threads, 0, 4096, allow_default=True)
        _check_range("seed", self.seed, 0, MAX_SEED)
        _check_range("trace steps", self.trace_steps, 0, MAX_TRACE_STEPS)
        _check_seconds("minimum measure time", self.min_time_s, MAX_PHASE_S)
        _check_seconds("longest warm-up", self.warmup_max_s, MAX_PHASE_S)


@dataclass(frozen=True)
class PhaseTimeouts:
    """Seconds each phase of a child may take before the run is failed and the child killed."""

    import_s: float = 180.0
    build_s: float = 180.0
    first_step_s: float = 900.0  # includes tracing and compilation
    warmup_s: float = 600.0
    measure_s: float = 1800.0
    startup_s: float = 60.0  # process start until the first event

    def for_phase(self, phase: str | None) -> float:
        if phase is None:
            return self.startup_s
        return float(asdict(self).get(f"{phase}_s", self.measure_s))


@dataclass(frozen=True)
class SessionConfig:
    """A whole comparison: the matrix to run and how."""

    workloads: tuple[str, ...] = ("mlp",)
    frameworks: tuple[str, ...] = FRAMEWORKS
    tasks: tuple[str, ...] = ("train",)
    modes: tuple[str, ...] = ("graph", "eager")
    device: str = "cpu"
    batch_size: int = 0
    steps: int = 100
    warmup: int = 10
    #: ABBA pairs (fresh processes per framework) every configuration runs first.
    repeats: int = 3
    #: Pairs are added to an undecided configuration up to this many (= ``repeats``: fixed).
    max_repeats: int = 10
    #: Adding pairs stops once the session has run this long (0: no limit), in seconds.
    max_time_s: float = 600.0
    #: Equivalence margin of the verdicts: smaller differences are "no meaningful difference".
    margin: float = 0.05
    #: Each measure phase runs at least this long (and long enough for 10 resource samples).
    min_time_s: float = 1.0
    #: Warm-up continues until step times are stable, at most this long (0: fixed warm-up).
    warmup_max_s: float = 5.0
    #: Runs during which other processes competed for their cores, or used more than this share
    #: of the machine, are left out of verdicts (:mod:`fwprof.report.interference`).
    interference_share: float = 0.75
    threads: int = 0
    interop_threads: int = 0
    precision: str = "fp32"
    seed: int = 0
    channels_last: bool = False
    sample_rate_hz: float = 10.0
    #: While a CPU run whose threads fill every core is measured, sample this fast instead
    #: (0: keep ``sample_rate_hz``); see :mod:`fwprof.launch.pacing`.
    busy_measure_rate_hz: float = 1.0
    timeouts: PhaseTimeouts = field(default_factory=PhaseTimeouts)
    deploy_formats: tuple[str, ...] = ()  # task 'deploy': these formats only (empty: every one)
    deploy_queries: int = DEFAULT_QUERIES  # task 'deploy': single-stream queries at batch 1
    trace_steps: int = 0  # > 0: each built-in run also profiles this many steps (``--trace``)
    #: The reference models' size (built-in workloads have one size and ignore it).
    size: str = "small"
    #: > 0: a shorter sequence for bert-base and gpt2-small (0: the size's own).
    seq_len: int = 0
    data: str = "memory"  # or "pipeline": JPEGs through each framework's input pipeline
    loader_workers: int = 0  # 0: the default (:func:`default_loader_workers`)
    #: ``workloads == ("custom",)``: the user's model file and what its probe found.
    model_file: str = ""
    model_input: tuple[int, ...] = ()
    model_classes: int = 0

    def validate(self) -> None:
        """Raise :class:`ConfigError` naming the first bad value."""
        for name, values, allowed in (
            ("workload", self.workloads, (*WORKLOADS, CUSTOM_WORKLOAD)),
            ("framework", self.frameworks, FRAMEWORKS),
            ("task", self.tasks, (*TASKS, DEPLOY_TASK)),
            ("mode", self.modes, MODES),
        ):
            if not values:
                raise ConfigError(f"no {name} chosen")
            for value in values:
                _check_choice(name, value, allowed)
        _check_range("repeats", self.repeats, 1, 1000)
        _check_range("most repeats", self.max_repeats, 1, 1000)
        _check_seconds("time budget", self.max_time_s, 7 * 24 * 3600.0)
        _check_seconds("minimum measure time", self.min_time_s, MAX_PHASE_S)
        _check_seconds("longest warm-up", self.warmup_max_s, MAX_PHASE_S)
        if not 0.0 < self.margin < 1.0:
            raise ConfigError(f"margin {self.margin!r} is outside 0-1 (0.05 = 5 %)")
        if not 0.0 < self.interference_share <= 1.0:
            raise ConfigError(f"interference share {self.interference_share!r} is outside 0-1")
        if not 1.0 <= self.sample_rate_hz <= 100.0:
            raise ConfigError(f"sample rate {self.sample_rate_hz} Hz is outside 1-100 Hz")
        if self.busy_measure_rate_hz != 0 and not 1.0 <= self.busy_measure_rate_hz <= 100.0:
            raise ConfigError(f"busy measure sample rate {self.busy_measure_rate_hz} Hz is "
                              "outside 1-100 Hz (0: keep the sample rate)")
        if DEPLOY_TASK in self.tasks and (problem := deploy_settings_problem(
                self.deploy_formats, self.deploy_queries, self.device)
                or builtin_scope_problem(self, f"--task {DEPLOY_TASK}")):
            raise ConfigError(problem)
        for workload in self.workloads:  # size, sequence length, precision and the rest
            self.run_template("torch", workload, "train", "eager").validate()

    def run_template(self, framework: str, workload: str, task: str, mode: str) -> RunSpec:
        """The RunSpec for one cell of the matrix (repeat 0)."""
        return RunSpec(
            framework=framework, workload=workload, task=task, mode=mode, device=self.device,
            batch_size=self.batch_size, steps=self.steps, warmup=self.warmup,
            threads=self.threads, interop_threads=self.interop_threads,
            precision=self.precision, seed=self.seed, channels_last=self.channels_last,
            trace_steps=self.trace_steps, min_time_s=self.min_time_s, warmup_max_s=self.warmup_max_s,
            size=self.size, seq_len=self.seq_len, data=self.data, loader_workers=self.loader_workers,
            model_file=self.model_file, model_input=self.model_input, model_classes=self.model_classes,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionConfig:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for key in ("workloads", "frameworks", "tasks", "modes", "deploy_formats", "model_input"):
            if key in values:
                values[key] = tuple(values[key])
        if isinstance(values.get("timeouts"), dict):
            values["timeouts"] = PhaseTimeouts(**values["timeouts"])
        for name, before in _BEFORE_ADAPTIVE.items():  # sessions saved before these existed
            values.setdefault(name, values.get("repeats", 3) if name == "max_repeats" else before)
        return cls(**values)


#: What a session saved before adaptive pairs and steady-state measuring did.
_BEFORE_ADAPTIVE: dict[str, Any] = {"max_repeats": None, "min_time_s": 0.0, "warmup_max_s": 0.0}


def builtin_scope_problem(config: SessionConfig, scenario: str) -> str | None:
    """Why ``scenario`` (deploy), which runs the built-in workloads in
    fp32 or tf32 only, cannot run ``config`` (None when it can)."""
    reference = [w for w in config.workloads if w not in BUILTIN_WORKLOADS]
    if reference:
        return (f"{scenario} runs the built-in workloads ({', '.join(BUILTIN_WORKLOADS)}), "
                f"not {', '.join(reference)}")
    if config.precision in MIXED_PRECISIONS:
        return f"{scenario} runs in fp32 or tf32, not {config.precision}"
    if config.data != "memory":
        return f"{scenario} feeds its batch from memory, not --data {config.data}"
    return None


def default_loader_workers(threads: int, cores: int | None = None) -> int:
    """Input-pipeline workers when none are asked for: the cores the run's threads leave
    free, 1 to 4 (both frameworks get the same number)."""
    cores = available_cores() if cores is None else cores
    return max(1, min(4, cores - threads))


def _check_inputs(workload: str, data: str, model_file: str) -> None:
    """The data source fits the workload; the custom workload has its model file."""
    _check_choice("data source", data, DATA_SOURCES)
    if data == "pipeline" and workload not in PIPELINE_WORKLOADS:
        raise ConfigError(f"--data pipeline reads images: it feeds {', '.join(PIPELINE_WORKLOADS)}, "
                          f"not {workload}")
    if workload == CUSTOM_WORKLOAD and not model_file:
        raise ConfigError("the custom workload is the model file given with --model: none was given")
    if workload != CUSTOM_WORKLOAD and model_file:
        raise ConfigError(f"the model file {model_file} runs as the custom workload, not {workload}")


def _check_seq_len(workload: str, size: str, seq_len: int) -> None:
    """A sequence length is for bert-base and gpt2-small, within the size's positions."""
    _check_range("sequence length", seq_len, 0, 1 << 20, allow_default=True)
    if not seq_len:
        return
    if workload not in SEQUENCE_MODELS:
        raise ConfigError(f"sequence length {seq_len} applies to {' and '.join(SEQUENCE_MODELS)} "
                          f"only, not {workload}")
    longest = getattr(model_config(workload, size), "max_positions", 0)
    if seq_len > longest:
        raise ConfigError(f"sequence length {seq_len} is out of range for {workload} {size} "
                          f"(1-{longest})")


def _check_choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ConfigError(f"unknown {name} {value!r}; choose from {', '.join(allowed)}")


def _check_range(name: str, value: int, low: int, high: int, allow_default: bool = False) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ConfigError(f"{name} must be a whole number, got {value!r}")
    if allow_default and value == 0:
        return
    if not low <= value <= high:
        lowest = max(low, 1) if allow_default else low
        raise ConfigError(f"{name} {value} is out of range ({lowest}-{high})")


def _check_seconds(name: str, value: float, high: float) -> None:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= high:
        raise ConfigError(f"{name} {value!r} s is out of range (0-{high:g} s)")
