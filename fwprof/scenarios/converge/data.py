"""scikit-learn's digits, the held-out split and the batch order, made with NumPy.

Both frameworks get these very arrays: the split comes from ``split_seed`` and each epoch's
order from one ``numpy.random.default_rng(seed).permutation`` per epoch, so the two children
of one seed see the same images in the same batches (each reports a digest to prove it).
``sklearn`` is imported inside :func:`load_digits_split` only.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from fwprof.scenarios.converge.config import DIGITS_SAMPLES, TrainPlan

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class DigitsSplit:
    """Images scaled to [0, 1] as NHWC (n, 8, 8, 1) and their labels, training and held out."""

    x_train: FloatArray
    y_train: IntArray
    x_test: FloatArray
    y_test: IntArray


def load_digits_split(plan: TrainPlan) -> DigitsSplit:
    """The digits, split by ``plan.split_seed`` into ``plan.train_size`` and ``plan.test_size``."""
    try:
        from sklearn.datasets import load_digits
    except ImportError as exc:
        raise RuntimeError("scikit-learn is not installed here: pip install 'fwprof[converge]' "
                           f"({exc})") from exc
    digits = load_digits()
    images = (np.asarray(digits.images, dtype=np.float32) / 16.0)[..., np.newaxis]
    labels = np.asarray(digits.target, dtype=np.int64)
    if labels.size != DIGITS_SAMPLES:
        raise RuntimeError(f"scikit-learn's digits have {labels.size} images, expected {DIGITS_SAMPLES}")
    order = np.random.default_rng(plan.split_seed).permutation(labels.size)
    test, train = order[: plan.test_size], order[plan.test_size :]
    return DigitsSplit(images[train], labels[train], images[test], labels[test])


def batch_order(plan: TrainPlan, seed: int) -> IntArray:
    """Training-set indices of every step's batch, shape (total steps, batch size)."""
    rng = np.random.default_rng(seed)
    used = plan.steps_per_epoch * plan.batch_size
    epochs = [rng.permutation(plan.train_size)[:used] for _ in range(plan.epochs)]
    return np.concatenate(epochs).reshape(plan.total_steps, plan.batch_size).astype(np.int64)


def order_digest(order: IntArray) -> str:
    """A short fingerprint of a batch order (equal orders, equal digests)."""
    return hashlib.sha256(np.ascontiguousarray(order, dtype=np.int64).tobytes()).hexdigest()[:16]


def model_inputs(images: FloatArray, workload: str) -> FloatArray:
    """Images as the workload takes them: flat 64 features for ``mlp``, NHWC for ``cnn``."""
    if workload == "mlp":
        return images.reshape(images.shape[0], -1)
    return images
