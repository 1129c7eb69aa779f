"""The training loop every convergence run goes through, whatever the framework.

Phases: ``import`` (framework, threads, seeds), ``build`` (digits, split, batch order, model),
``first_step`` (the first training step, with any tracing or compilation) and ``measure`` (the
remaining steps and the evaluations). The held-out split is evaluated before training and every
``plan.eval_interval`` steps; each evaluation is an ``info`` event under ``converge_eval`` with
the step, ``train_s`` (seconds spent in training steps so far, the first step included,
evaluations excluded), ``wall_s`` (seconds since the first step began, evaluations included),
held-out accuracy and loss, and the last batch's training loss.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

from fwprof.child.backend import Backend
from fwprof.child.emitter import EventEmitter, StepRecorder
from fwprof.config import RunSpec
from fwprof.protocol import now
from fwprof.scenarios.converge.config import DATA_KEY, EVAL_KEY, TrainPlan
from fwprof.scenarios.converge.data import (
    DigitsSplit,
    batch_order,
    load_digits_split,
    model_inputs,
    order_digest,
)
from fwprof.scenarios.converge.schedule import learning_rate


class Trainer(Protocol):
    """One framework's model, optimizer and loss for the digits (see the torch and TF modules)."""

    def parameter_count(self) -> int:
        """Trainable values (equal in both frameworks)."""
        ...

    def train_step(self, inputs: np.ndarray, labels: np.ndarray, rate: float) -> float:
        """One synchronised optimizer step at learning rate ``rate``; the batch's loss."""
        ...

    def evaluate(self, inputs: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
        """(accuracy, mean loss) on the given images, in inference mode."""
        ...

    def counters(self) -> dict[str, int]:
        """Retrace / recompile counts so far."""
        ...


TrainerFactory = Callable[[RunSpec], Trainer]


def make_trainer(spec: RunSpec) -> Trainer:
    """The trainer of ``spec.framework`` (imports only fwprof code until it builds)."""
    if spec.framework == "torch":
        from fwprof.scenarios.converge.child.torch_trainer import TorchTrainer

        return TorchTrainer(spec)
    if spec.framework == "tensorflow":
        from fwprof.scenarios.converge.child.tf_trainer import KerasTrainer

        return KerasTrainer(spec)
    raise ValueError(f"unknown framework {spec.framework!r}")


def run_training(spec: RunSpec, plan: TrainPlan, backend: Backend, factory: TrainerFactory,
                 emitter: EventEmitter) -> None:
    """Configure, build, train and evaluate, reporting each part as events."""
    emitter.emit("hello", pid=os.getpid(), framework=spec.framework, python=sys.version.split()[0])
    with emitter.phase("import"):
        info = backend.configure(spec)
    emitter.emit("info", info=info)
    with emitter.phase("build"):
        data = load_digits_split(plan)
        order = batch_order(plan, spec.seed)
        trainer = factory(spec)
    emitter.emit("info", info={DATA_KEY: _data_info(plan, data, order, trainer)})
    _TrainingRun(spec, plan, data, order, trainer, emitter).train()
    emitter.emit("counters", values=trainer.counters())
    emitter.emit("done")


class _TrainingRun:
    """Steps, clocks and evaluations of one run."""

    def __init__(self, spec: RunSpec, plan: TrainPlan, data: DigitsSplit, order: np.ndarray,
                 trainer: Trainer, emitter: EventEmitter) -> None:
        self.plan, self.order, self.trainer, self.emitter = plan, order, trainer, emitter
        self.x_train = model_inputs(data.x_train, spec.workload)
        self.y_train = data.y_train
        self.x_test = model_inputs(data.x_test, spec.workload)
        self.y_test = data.y_test
        self.train_s = 0.0
        self.start = 0.0
        self.last_loss = float("nan")

    def train(self) -> None:
        self._evaluate(0)
        self.start = now()
        with self.emitter.phase("first_step"):
            self._step(0)
        recorder = StepRecorder(self.emitter)
        with self.emitter.phase("measure"):
            self._after_step(1, recorder)
            for index in range(1, self.plan.total_steps):
                self._step(index, recorder)
                self._after_step(index + 1, recorder)

    def _step(self, index: int, recorder: StepRecorder | None = None) -> None:
        batch = self.order[index]
        rate = learning_rate(self.plan.lr_schedule, self.plan.learning_rate, index, self.plan.total_steps)
        begin = now()
        self.last_loss = self.trainer.train_step(self.x_train[batch], self.y_train[batch], rate)
        end = now()
        self.train_s += end - begin
        if recorder is not None:
            recorder.record(begin, end)

    def _after_step(self, done: int, recorder: StepRecorder) -> None:
        if done % self.plan.eval_interval == 0 or done == self.plan.total_steps:
            recorder.flush()
            self._evaluate(done)

    def _evaluate(self, done: int) -> None:
        wall = now() - self.start if self.start else 0.0
        accuracy, loss = self.trainer.evaluate(self.x_test, self.y_test)
        self.emitter.emit("info", info={EVAL_KEY: {
            "step": done, "epoch": done / self.plan.steps_per_epoch, "train_s": self.train_s,
            "wall_s": wall, "accuracy": accuracy, "loss": loss, "train_loss": self.last_loss,
        }})


def _data_info(plan: TrainPlan, data: DigitsSplit, order: np.ndarray, trainer: Trainer) -> dict[str, Any]:
    return {
        "dataset": "sklearn.datasets.load_digits", "train_size": int(data.y_train.size),
        "test_size": int(data.y_test.size), "steps": plan.total_steps,
        "steps_per_epoch": plan.steps_per_epoch, "eval_every": plan.eval_interval,
        "batch_order_sha256": order_digest(order), "parameters": trainer.parameter_count(),
        "test_labels_sha256": order_digest(data.y_test),
    }
