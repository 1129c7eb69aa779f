"""The user's own model: a Python file that builds the same model in both frameworks.

The file defines ``torch_model()`` (a ``torch.nn.Module``) and ``keras_model()`` (a built
``keras.Model``), and may define:

- ``example_batch(batch_size)`` returning ``(inputs, labels)`` as NumPy arrays, fed to both
  models as they are (so a PyTorch model of images takes them channels-last, as Keras does,
  and permutes inside ``forward`` if it wants NCHW). Without it, fwprof makes a batch of
  standard-normal inputs shaped like the Keras model's input, with class labels below the
  width of its output;
- ``torch_loss()`` and ``keras_loss()`` returning the loss, both or neither. Without them the
  loss is mean cross-entropy from logits (``torch.nn.CrossEntropyLoss``,
  ``keras.losses.SparseCategoricalCrossentropy(from_logits=True)``).

Every run trains with Adam (lr 1e-3, eps 1e-7 on both sides). Loading runs the file's code:
only load files you trust, as with any script you run. Nothing here imports a framework at
module level; the file itself is imported by the run's child (or a probe child).
"""

from __future__ import annotations

import functools
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

REQUIRED = ("torch_model", "keras_model")
LOSSES = ("torch_loss", "keras_loss")


class UserModelError(ValueError):
    """The model file cannot be used; the message says why, naming the file."""


@dataclass(frozen=True)
class UserBatch:
    """The batch both frameworks train on."""

    inputs: np.ndarray
    labels: np.ndarray


@functools.lru_cache(maxsize=4)
def load_model_file(path: str) -> ModuleType:
    """Import the file (its code runs, once per process); UserModelError when it is missing,
    fails, or lacks a builder."""
    file = Path(path)
    if not file.is_file():
        raise UserModelError(f"model file {path} does not exist")
    spec = importlib.util.spec_from_file_location(f"fwprof_user_model_{abs(hash(str(file)))}", file)
    if spec is None or spec.loader is None:
        raise UserModelError(f"model file {path} is not a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(file.parent.resolve()))  # its own helper modules import as in a script
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise UserModelError(f"model file {path} raised {type(exc).__name__}: {exc}") from exc
    check_functions(module, path)
    return module


def check_functions(module: ModuleType, path: str) -> None:
    """Both builders exist and are callable; the losses come both or not at all."""
    missing = [name for name in REQUIRED if not callable(getattr(module, name, None))]
    if missing:
        raise UserModelError(f"model file {path} defines no {' and no '.join(f'{n}()' for n in missing)}"
                             f" (it needs {REQUIRED[0]}() and {REQUIRED[1]}())")
    losses = [callable(getattr(module, name, None)) for name in LOSSES]
    if any(losses) and not all(losses):
        raise UserModelError(f"model file {path} defines one of torch_loss() and keras_loss(): "
                             "define both (the same loss) or neither")


def call_builder(module: ModuleType, name: str, path: str) -> Any:
    """``module.name()``, its failure told as the user's file's."""
    try:
        return getattr(module, name)()
    except Exception as exc:
        raise UserModelError(f"{name}() in {path} raised {type(exc).__name__}: {exc}") from exc


def user_batch(module: ModuleType, path: str, batch_size: int, input_shape: tuple[int, ...],
               classes: int, seed: int) -> UserBatch:
    """The file's ``example_batch(batch_size)``, or a generated one (see the module doc)."""
    if callable(getattr(module, "example_batch", None)):
        try:
            inputs, labels = module.example_batch(batch_size)
        except Exception as exc:
            raise UserModelError(f"example_batch() in {path} raised {type(exc).__name__}: {exc}") from exc
        return UserBatch(np.asarray(inputs), np.asarray(labels))
    rng = np.random.default_rng(seed)
    inputs = rng.standard_normal((batch_size, *input_shape), dtype=np.float32)
    return UserBatch(inputs, rng.integers(0, max(classes, 1), size=batch_size, dtype=np.int64))


def has_losses(module: ModuleType) -> bool:
    """The file brings its own ``torch_loss()`` and ``keras_loss()``."""
    return callable(getattr(module, LOSSES[0], None))


def custom_batch(path: str, batch_size: int, input_shape: tuple[int, ...], classes: int,
                 seed: int) -> UserBatch:
    """The batch of a run of the user's model (``RunSpec.model_file`` and its probe's findings)."""
    return user_batch(load_model_file(path), path, batch_size, input_shape, classes, seed)
