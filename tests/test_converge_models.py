"""The 8x8x1 digits variants: same architecture and parameter count in both frameworks, and
each framework's trainer learns from the same batches (a few steps, in process)."""

from __future__ import annotations

import numpy as np
import pytest

from fwprof.config import RunSpec
from fwprof.scenarios.converge.config import TrainPlan
from fwprof.scenarios.converge.data import batch_order, load_digits_split, model_inputs
from fwprof.workloads import DIGITS_WORKLOADS, keras_models, torch_models

torch = pytest.importorskip("torch")
pytest.importorskip("tensorflow")


@pytest.mark.parametrize("workload", DIGITS_WORKLOADS)
def test_digits_variants_have_equal_trainable_parameter_counts(workload: str) -> None:
    torch_count = torch_models.count_trainable_params(torch_models.build_digits_model(workload))
    keras_count = keras_models.count_trainable_params(keras_models.build_digits_model(workload))
    assert torch_count == keras_count
    assert torch_count == {"mlp": 64 * 256 + 256 + 256 * 256 + 256 + 2570,
                           "cnn": 320 + 18_496 + 256 * 128 + 128 + 1290}[workload]


def test_there_is_no_digits_variant_of_sequence_models() -> None:
    with pytest.raises(ValueError, match="no 8x8 digits variant"):
        torch_models.build_digits_model("lstm")
    with pytest.raises(ValueError, match="no 8x8 digits variant"):
        keras_models.build_digits_model("transformer")


@pytest.mark.parametrize("framework", ["torch", "tensorflow"])
@pytest.mark.parametrize("workload", DIGITS_WORKLOADS)
def test_each_trainer_learns_the_digits(framework: str, workload: str) -> None:
    from fwprof.scenarios.converge.child.loop import make_trainer

    plan = TrainPlan(epochs=1)
    spec = RunSpec(framework, workload, "train", "eager", threads=2).resolved()
    data = load_digits_split(plan)
    order = batch_order(plan, seed=0)
    trainer = make_trainer(spec)
    x_train, x_test = model_inputs(data.x_train, workload), model_inputs(data.x_test, workload)
    before, _ = trainer.evaluate(x_test, data.y_test)
    losses = [trainer.train_step(x_train[b], data.y_train[b], 1e-3) for b in order[:40]]
    after, loss = trainer.evaluate(x_test, data.y_test)
    assert np.isfinite(losses).all() and np.isfinite(loss)
    assert after > max(before, 0.5), (before, after)
    assert trainer.parameter_count() == torch_models.count_trainable_params(
        torch_models.build_digits_model(workload))
