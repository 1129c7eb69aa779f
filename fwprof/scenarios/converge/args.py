"""``fwprof run --task converge``: its options and its config from them."""

from __future__ import annotations

import argparse

from fwprof.catalog import CONVERGE_TASK
from fwprof.config import SessionConfig
from fwprof.scenarios.base import BaseConfig
from fwprof.scenarios.converge.config import LR_SCHEDULES, ConvergeConfig, TrainPlan
from fwprof.usage import UsageError, comma_list, validated

PLAN = TrainPlan()
#: The ``--mode`` default of ``fwprof run``: for converge it means each framework's own mode.
_DEFAULT_MODES = ",".join(SessionConfig().modes)


def add_converge_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``--task converge`` (see docs/recommendations.md)."""
    group = parser.add_argument_group(
        "convergence (--task converge)",
        "train the 8x8 variants of mlp and cnn on scikit-learn's digits in both frameworks, one "
        "process per seed (--repeats seeds from --seed on, at least 3 for a parity verdict); "
        "--mode: one mode for both (default: PyTorch eager, TensorFlow tf.function); "
        f"--batch-size defaults to {PLAN.batch_size}; --steps and --warmup do not apply",
    )
    group.add_argument("--epochs", type=int, default=PLAN.epochs, help="passes over the training images")
    group.add_argument("--target", type=float, default=PLAN.target, help="target held-out accuracy (0-1)")
    group.add_argument("--eval-every", type=int, default=PLAN.eval_every,
                       help="steps between held-out evaluations (default: four per epoch)")
    group.add_argument("--lr", type=float, default=PLAN.learning_rate, help="Adam's initial learning rate")
    group.add_argument("--lr-schedule", default=PLAN.lr_schedule, help=" or ".join(LR_SCHEDULES))
    group.add_argument("--split-seed", type=int, default=PLAN.split_seed, help="seed of the held-out split")


def is_converge_task(args: argparse.Namespace) -> bool:
    """Whether the command asks for the convergence scenario; UsageError for bad mixes."""
    tasks = comma_list(args.task)
    if CONVERGE_TASK not in tasks:
        return False
    if len(tasks) > 1:
        raise UsageError("--task converge runs on its own; run other tasks separately")
    return True


def config_from_args(args: argparse.Namespace, base: BaseConfig) -> ConvergeConfig:
    """The validated configuration (``base`` reads the shared options); UsageError names a bad value."""
    modes = comma_list(args.mode)
    own_modes = set(modes) == set(comma_list(_DEFAULT_MODES))  # in any order (the app's is MODES')
    if not own_modes and len(modes) != 1:
        raise UsageError("--task converge trains in one mode for both frameworks: give one --mode")
    plan = TrainPlan(epochs=args.epochs, batch_size=args.batch_size or PLAN.batch_size,
                     eval_every=args.eval_every, learning_rate=args.lr, lr_schedule=args.lr_schedule,
                     target=args.target, split_seed=args.split_seed)
    config = ConvergeConfig(session=base(args, {"task": "train", "mode": "eager"}), plan=plan,
                            mode="" if own_modes else modes[0])
    return validated(config)
