"""What a convergence session trains: the shared session settings and one training plan."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from fwprof.catalog import MIXED_PRECISIONS, MODES
from fwprof.config import ConfigError, SessionConfig
from fwprof.workloads import ADAM_LEARNING_RATE, DIGITS_WORKLOADS

#: ``run.info`` key of a convergence run: its :class:`TrainPlan` (plain data).
CONVERGE_KEY = "converge"
#: ``run.info`` key of each held-out evaluation the child reports.
EVAL_KEY = "converge_eval"
#: ``run.info`` key of what the child trained on (split sizes, batch-order digest, parameters).
DATA_KEY = "converge_data"
#: Each framework's usual way to train when no single ``--mode`` is given: PyTorch eager,
#: TensorFlow with the step in ``tf.function`` (what Keras ``fit`` does).
IDIOMATIC_MODES: dict[str, str] = {"torch": "eager", "tensorflow": "graph"}
LR_SCHEDULES: tuple[str, ...] = ("cosine", "constant")
#: scikit-learn's digits: 1,797 images (checked by the child when it loads them).
DIGITS_SAMPLES = 1797
#: Fewer seeds than this cannot tell a parity problem from seed-to-seed variation.
MIN_SEEDS = 3


@dataclass(frozen=True)
class TrainPlan:
    """How every run of a session trains (the same for both frameworks and every seed).

    ``eval_every``: steps between held-out evaluations (0: four per epoch). The learning rate
    follows ``lr_schedule`` from ``learning_rate`` over all steps (``cosine`` decays to 0).
    The held-out split is ``test_fraction`` of the images, chosen with ``split_seed``.
    """

    epochs: int = 10
    batch_size: int = 32
    eval_every: int = 0
    learning_rate: float = ADAM_LEARNING_RATE
    lr_schedule: str = "cosine"
    target: float = 0.95
    test_fraction: float = 0.2
    split_seed: int = 0

    @property
    def test_size(self) -> int:
        """Held-out images (rounded up, as scikit-learn's ``train_test_split`` does)."""
        return math.ceil(DIGITS_SAMPLES * self.test_fraction)

    @property
    def train_size(self) -> int:
        return DIGITS_SAMPLES - self.test_size

    @property
    def steps_per_epoch(self) -> int:
        """Full batches per epoch (the remainder of each epoch's permutation is left out)."""
        return self.train_size // self.batch_size

    @property
    def total_steps(self) -> int:
        return self.epochs * self.steps_per_epoch

    @property
    def eval_interval(self) -> int:
        """Steps between evaluations, resolved."""
        return self.eval_every or max(1, self.steps_per_epoch // 4)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainPlan:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def validate(self) -> None:
        """Raise :class:`ConfigError` naming the first bad value."""
        _check_int("epochs", self.epochs, 1, 100_000)
        _check_int("eval interval", self.eval_every, 0, 10_000_000)
        if not 0.0 < self.test_fraction < 1.0:
            raise ConfigError(f"held-out fraction {self.test_fraction} is outside (0, 1)")
        _check_int("batch size", self.batch_size, 1, self.train_size)
        if not (isinstance(self.learning_rate, (int, float)) and 0 < self.learning_rate <= 10):
            raise ConfigError(f"learning rate {self.learning_rate!r} is outside (0, 10]")
        if self.lr_schedule not in LR_SCHEDULES:
            raise ConfigError(f"unknown learning-rate schedule {self.lr_schedule!r}; "
                              f"choose from {', '.join(LR_SCHEDULES)}")
        if not (isinstance(self.target, (int, float)) and 0 < self.target <= 1):
            raise ConfigError(f"target accuracy {self.target!r} is outside (0, 1]")
        _check_int("split seed", self.split_seed, 0, 2**32 - 1)


@dataclass(frozen=True)
class ConvergeConfig:
    """A convergence study: each workload in each framework, once per seed.

    ``session`` holds the shared settings (workloads, frameworks, threads, precision, sample
    rate, timeouts); its ``repeats`` is the number of seeds (``seed``, ``seed + 1``, ...).
    ``mode``: one mode for both frameworks, or "" for each framework's idiomatic mode.
    """

    session: SessionConfig
    plan: TrainPlan = field(default_factory=TrainPlan)
    mode: str = ""

    @property
    def seeds(self) -> tuple[int, ...]:
        return tuple(self.session.seed + index for index in range(self.session.repeats))

    def mode_for(self, framework: str) -> str:
        """The mode ``framework`` trains in."""
        return self.mode or IDIOMATIC_MODES.get(framework, "eager")

    def validate(self) -> None:
        """Raise :class:`ConfigError` naming the first bad value."""
        self.session.validate()
        self.plan.validate()
        if self.session.precision in MIXED_PRECISIONS:
            raise ConfigError(f"--task converge trains in fp32 or tf32, not {self.session.precision}")
        for workload in self.session.workloads:
            if workload not in DIGITS_WORKLOADS:
                raise ConfigError(f"workload {workload!r} has no 8x8 digits variant; "
                                  f"--task converge trains {', '.join(DIGITS_WORKLOADS)}")
        if self.mode and self.mode not in MODES:
            raise ConfigError(f"unknown mode {self.mode!r}; choose from {', '.join(MODES)}")
        if self.session.device != "cpu":
            raise ConfigError(f"--task converge runs on the CPU for now, not on {self.session.device!r}")

    def describe(self) -> dict[str, Any]:
        """Plain data for the session's environment (the snapshot keeps it)."""
        return {
            "plan": self.plan.to_dict(), "seeds": list(self.seeds),
            "modes": {fw: self.mode_for(fw) for fw in self.session.frameworks},
            "train_size": self.plan.train_size, "test_size": self.plan.test_size,
            "steps": self.plan.total_steps, "eval_every": self.plan.eval_interval,
        }


def session_for_converge(config: ConvergeConfig) -> SessionConfig:
    """The session settings as stored with a convergence record (task train, the modes used)."""
    modes = tuple(dict.fromkeys(config.mode_for(fw) for fw in config.session.frameworks))
    return replace(config.session, tasks=("train",), modes=modes or ("eager",),
                   batch_size=config.plan.batch_size, steps=config.plan.total_steps, warmup=0)


def _check_int(name: str, value: Any, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"{name} {value!r} is out of range ({low}-{high})")
