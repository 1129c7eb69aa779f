"""The reference models (ResNet-50, BERT-base, GPT-2 small, ViT-B/16) are the same model in both
frameworks, at every size (fair comparison rule 7).

Checked with real torch and TensorFlow: trainable parameter counts (equal in both frameworks, equal
to the config formula at every size, and the full models really built in both and equal to the
published counts); equal logits once Keras' weights are copied into torch; one real AdamW train
step in each (independent initial values start near ln(classes); copied weights train to the same
losses); equal loss, optimizer and norm settings; deterministic, well-formed batches.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from typing import Any

import numpy as np
import pytest

from fwprof.workloads.reference.counts import PUBLISHED_COUNTS, parameter_count
from fwprof.workloads.reference.data import make_reference_batch
from fwprof.workloads.reference.sizes import (
    REFERENCE_MODELS,
    SIZES,
    Gpt2Config,
    model_config,
    num_classes,
)
from fwprof.workloads.reference.training import LOSS_SETTINGS, adamw_settings

torch = pytest.importorskip("torch")
keras = pytest.importorskip("keras")
tf = pytest.importorskip("tensorflow")

from fwprof.workloads.reference import keras_models as kr  # noqa: E402
from fwprof.workloads.reference import torch_models as tr  # noqa: E402
from fwprof.workloads.reference.weights import (  # noqa: E402
    copy_keras_weights_into_torch,
    torch_state_from_keras,
)

#: Expected (kind, eps, new-batch weight of running statistics) of each model's norm layers.
NORMS = {
    "resnet50": {("batch_norm", 1e-5, 0.1)},
    "bert-base": {("layer_norm", 1e-12, None)},
    "gpt2-small": {("layer_norm", 1e-5, None)},
    "vit-b16": {("layer_norm", 1e-6, None)},
}


@pytest.fixture(scope="module", autouse=True)
def two_threads() -> None:
    torch.set_num_threads(2)


@pytest.fixture(params=REFERENCE_MODELS)
def name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def seeded() -> None:
    torch.manual_seed(0)
    keras.utils.set_random_seed(0)


@pytest.mark.parametrize("size", ["tiny", "small"])
def test_parameter_counts_are_equal_and_match_the_formula(name: str, size: str) -> None:
    torch_count = tr.count_torch_parameters(tr.build_torch_model(name, size))
    keras_count = kr.count_keras_parameters(kr.build_keras_model(name, size))
    assert torch_count == keras_count == parameter_count(name, size)


def test_the_formula_gives_the_published_full_counts(name: str) -> None:
    assert parameter_count(name, "full") == PUBLISHED_COUNTS[name]


#: Builds every full model in both frameworks in a process of its own (the four hold ~1.4 GB of
#: weights per framework; this test process must not keep that peak) and prints the counts.
FULL_COUNTS_SCRIPT = """
import json, os
os.environ["KERAS_BACKEND"] = "tensorflow"
from fwprof.workloads.reference import keras_models as kr, torch_models as tr
from fwprof.workloads.reference.sizes import REFERENCE_MODELS
import keras
counts = {}
for name in REFERENCE_MODELS:
    torch_count = tr.count_torch_parameters(tr.build_torch_model(name, "full"))
    keras_count = kr.count_keras_parameters(kr.build_keras_model(name, "full"))
    keras.backend.clear_session()
    counts[name] = [torch_count, keras_count]
print(json.dumps(counts))
"""


def test_full_models_built_in_both_frameworks_have_the_published_counts() -> None:
    """The real architectures, really built: 25.6M to 124M parameters each."""
    result = subprocess.run([sys.executable, "-c", FULL_COUNTS_SCRIPT], capture_output=True,
                            text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    for name in REFERENCE_MODELS:
        assert counts[name] == [PUBLISHED_COUNTS[name]] * 2, name


def test_gpt2_head_is_tied_to_the_token_table() -> None:
    model = tr.build_torch_model("gpt2-small", "tiny")
    assert not any("head" in key for key in model.state_dict())
    keras_model = kr.build_keras_model("gpt2-small", "tiny")
    paths = [variable.path for variable in keras_model.trainable_weights]
    assert paths.count("token_embedding/embeddings") == 1 and len(paths) == len(set(paths))


def test_initial_values_follow_the_same_distributions(name: str, seeded: None) -> None:
    """Tensor by tensor: constants (zero biases, unit scales) equal; random ones of equal spread."""
    torch_model = tr.build_torch_model(name, "small" if name == "resnet50" else "tiny")
    keras_model = kr.build_keras_model(name, "small" if name == "resnet50" else "tiny")
    theirs = torch_state_from_keras(keras_model, torch_model)
    compared = 0
    for key, mine in torch_model.state_dict().items():
        if key.endswith("num_batches_tracked"):
            continue
        mine, other = mine.numpy(), theirs[key]
        if other.min() == other.max():
            np.testing.assert_array_equal(mine, other, err_msg=key)
        elif mine.size >= 2000:
            assert mine.std() == pytest.approx(other.std(), rel=0.1), key
            assert abs(mine.mean()) < 0.1 * mine.std() + 1e-3, key
            compared += 1
    assert compared >= 5


def test_gpt2_residual_projections_start_smaller() -> None:
    """GPT-2's N(0, 0.02 / sqrt(2 * layers)) for the projections into the residual stream."""
    torch.manual_seed(0)
    state = tr.build_torch_model("gpt2-small", "small").state_dict()
    for projection in ("attention.proj", "mlp_out"):
        std = state[f"blocks.0.{projection}.weight"].std().item()
        assert std == pytest.approx(0.02 / math.sqrt(8), rel=0.05)
    assert state["blocks.0.mlp_in.weight"].std().item() == pytest.approx(0.02, rel=0.05)


def test_same_weights_give_the_same_outputs(name: str, seeded: None) -> None:
    """Keras' weights (biases and norm statistics made non-trivial) copied into torch: same logits."""
    keras_model = kr.build_keras_model(name, "tiny")
    _perturb(keras_model)
    torch_model = tr.build_torch_model(name, "tiny").eval()
    copy_keras_weights_into_torch(keras_model, torch_model)
    batch = make_reference_batch(name, "tiny", None, seed=1)
    inputs, _ = tr.to_torch_tensors(batch, name)
    with torch.no_grad():
        mine = torch_model(inputs).numpy()
    theirs = np.asarray(keras_model(batch.inputs, training=False))
    assert mine.shape == theirs.shape
    np.testing.assert_allclose(mine, theirs, rtol=1e-4, atol=1e-5)


def test_one_train_step_starts_near_uniform_in_both(name: str, seeded: None) -> None:
    """Independent initial values: finite losses near ln(classes), close to each other."""
    batch = make_reference_batch(name, "tiny", None, seed=2)
    mine = _torch_losses(tr.build_torch_model(name, "tiny"), name, batch, steps=1)[0]
    theirs = _keras_losses(kr.build_keras_model(name, "tiny"), name, batch, steps=1)[0]
    uniform = math.log(num_classes(model_config(name, "tiny")))
    assert math.isfinite(mine) and math.isfinite(theirs)
    assert mine == pytest.approx(uniform, rel=0.2)
    assert theirs == pytest.approx(uniform, rel=0.2)
    assert mine == pytest.approx(theirs, rel=0.2)


def test_same_weights_train_to_the_same_losses(name: str, seeded: None) -> None:
    """Forward, loss, backward and AdamW update agree: three steps from the same weights."""
    keras_model = kr.build_keras_model(name, "tiny")
    torch_model = tr.build_torch_model(name, "tiny")
    copy_keras_weights_into_torch(keras_model, torch_model)
    batch = make_reference_batch(name, "tiny", None, seed=3)
    mine = _torch_losses(torch_model, name, batch, steps=3)
    theirs = _keras_losses(keras_model, name, batch, steps=3)
    np.testing.assert_allclose(mine, theirs, rtol=1e-4)
    assert mine[2] < mine[0]


def test_optimizer_settings_are_equal() -> None:
    mine = tr.torch_optimizer_settings(tr.make_torch_adamw(tr.build_torch_model("vit-b16", "tiny")))
    theirs = kr.keras_optimizer_settings(kr.make_keras_adamw(kr.build_keras_model("vit-b16", "tiny")))
    expected = adamw_settings()
    assert mine.pop("name") == theirs.pop("name") == expected.pop("name") == "adamw"
    assert mine == pytest.approx(expected, rel=1e-6)  # Keras stores floats as float32
    assert theirs == pytest.approx(expected, rel=1e-6)


def test_keras_optimizer_slots_are_built_for_every_trainable_variable() -> None:
    model = kr.build_keras_model("resnet50", "tiny")
    optimizer = kr.make_keras_adamw(model)
    assert optimizer.built and len(optimizer.variables) > 2 * len(model.trainable_variables)


def test_loss_settings_are_equal(name: str) -> None:
    assert tr.torch_loss_settings(tr.torch_loss(name)) == LOSS_SETTINGS
    assert kr.keras_loss_settings(kr.keras_loss(name)) == LOSS_SETTINGS


@pytest.mark.parametrize("shape", [(6, 5), (3, 7, 11)])
def test_losses_are_the_same_function(shape: tuple[int, ...]) -> None:
    """Per example (batch, classes), and per position for GPT-2 (batch, seq, vocab)."""
    name = "gpt2-small" if len(shape) == 3 else "resnet50"
    rng = np.random.default_rng(0)
    logits = (rng.standard_normal(shape) * 3).astype(np.float32)
    labels = rng.integers(0, shape[-1], shape[:-1])
    mine = tr.torch_loss(name)(torch.from_numpy(logits), torch.from_numpy(labels)).item()
    theirs = float(kr.keras_loss(name)(labels, logits))
    flat = logits.reshape(-1, shape[-1])
    by_hand = np.mean(np.log(np.exp(flat).sum(1)) - flat[np.arange(len(flat)), labels.ravel()])
    assert mine == pytest.approx(theirs, rel=1e-5)
    assert mine == pytest.approx(by_hand, rel=1e-5)


def test_norm_eps_and_momentum_are_equal(name: str) -> None:
    mine = tr.torch_norm_settings(tr.build_torch_model(name, "tiny"))
    theirs = kr.keras_norm_settings(kr.build_keras_model(name, "tiny"))
    assert mine == theirs == NORMS[name]


@pytest.mark.parametrize("size", SIZES)
def test_batches_are_deterministic_and_well_formed(name: str, size: str) -> None:
    first, again, other = (make_reference_batch(name, size, 2, seed) for seed in (5, 5, 6))
    assert np.array_equal(first.inputs, again.inputs) and np.array_equal(first.labels, again.labels)
    assert not np.array_equal(first.inputs, other.inputs)
    config = model_config(name, size)
    classes = num_classes(config)
    assert first.labels.dtype == np.int64 and first.labels.min() >= 0 and first.labels.max() < classes
    if name in ("resnet50", "vit-b16"):
        side = config.image_size  # type: ignore[union-attr]
        assert first.inputs.shape == (2, side, side, 3) and first.inputs.dtype == np.float32
        assert first.inputs.min() >= 0.0 and first.inputs.max() < 1.0
        return
    seq = config.seq_len  # type: ignore[union-attr]
    assert first.inputs.shape == (2, seq) and first.inputs.dtype == np.int64
    assert first.inputs.max() < config.vocab_size  # type: ignore[union-attr]
    if isinstance(config, Gpt2Config):
        assert first.labels.shape == (2, seq)
        assert np.array_equal(first.labels[:, :-1], first.inputs[:, 1:])  # the next token
    else:
        assert first.labels.shape == (2,)


def test_default_batch_size_comes_from_the_size() -> None:
    assert make_reference_batch("resnet50", "tiny", None, 0).inputs.shape[0] == 4
    with pytest.raises(ValueError, match="batch_size"):
        make_reference_batch("resnet50", "tiny", 0, 0)


def test_torch_images_are_nchw_and_can_be_channels_last() -> None:
    batch = make_reference_batch("vit-b16", "tiny", 2, 0)
    inputs, labels = tr.to_torch_tensors(batch, "vit-b16", channels_last=True)
    assert inputs.shape == (2, 3, 32, 32) and inputs.is_contiguous(memory_format=torch.channels_last)
    np.testing.assert_array_equal(inputs.permute(0, 2, 3, 1).numpy(), batch.inputs)
    assert labels.dtype == torch.int64


def test_gpt2_sequence_length_can_be_shortened() -> None:
    config = model_config("gpt2-small", "tiny", seq_len=8)
    assert isinstance(config, Gpt2Config) and (config.seq_len, config.max_positions) == (8, 64)
    assert parameter_count("gpt2-small", "tiny", seq_len=8) == parameter_count("gpt2-small", "tiny")
    batch = make_reference_batch("gpt2-small", "tiny", 2, 0, seq_len=8)
    assert batch.inputs.shape == batch.labels.shape == (2, 8)
    keras_model = kr.build_keras_model("gpt2-small", "tiny", seq_len=8)
    torch_model = tr.build_torch_model("gpt2-small", "tiny", seq_len=8).eval()
    copy_keras_weights_into_torch(keras_model, torch_model)
    with torch.no_grad():
        mine = torch_model(torch.from_numpy(batch.inputs)).numpy()
    np.testing.assert_allclose(mine, np.asarray(keras_model(batch.inputs)), rtol=1e-4, atol=1e-5)
    assert mine.shape == (2, 8, 1024)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("gpt2-small", "tiny", 65), r"seq_len must be in \[1, 64\]"),
        (("gpt2-small", "full", 0), r"seq_len must be in \[1, 1024\]"),
        (("resnet50", "tiny", 16), "resnet50 takes no seq_len"),
        (("resnet", "tiny", None), "unknown reference model 'resnet'"),
        (("vit-b16", "huge", None), "unknown size 'huge'"),
    ],
)
def test_bad_choices_are_refused(args: tuple[str, str, int | None], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        model_config(*args)


def test_gpt2_attention_is_causal() -> None:
    """Changing the last token changes no earlier position's logits in either framework."""
    batch = make_reference_batch("gpt2-small", "tiny", 1, 0)
    changed = batch.inputs.copy()
    changed[0, -1] = (changed[0, -1] + 1) % 1024
    torch_model = tr.build_torch_model("gpt2-small", "tiny").eval()
    keras_model = kr.build_keras_model("gpt2-small", "tiny")
    with torch.no_grad():
        torch_pair = [torch_model(torch.from_numpy(x)).numpy() for x in (batch.inputs, changed)]
    keras_pair = [np.asarray(keras_model(x)) for x in (batch.inputs, changed)]
    for before, after in (torch_pair, keras_pair):
        np.testing.assert_allclose(before[:, :-1], after[:, :-1], atol=1e-6)
        assert not np.allclose(before[:, -1], after[:, -1])


def _perturb(model: Any) -> None:
    """Random biases, norm scales/offsets and BatchNorm statistics, so none is a trivial 0 or 1."""
    rng = np.random.default_rng(7)
    for variable in model.weights:
        value = np.asarray(variable.numpy())
        if variable.name == "moving_variance":
            variable.assign(rng.uniform(0.5, 1.5, value.shape).astype(np.float32))
        elif value.ndim == 1:
            variable.assign((value + 0.1 * rng.standard_normal(value.shape)).astype(np.float32))


def _torch_losses(model: Any, name: str, batch: Any, steps: int) -> list[float]:
    inputs, labels = tr.to_torch_tensors(batch, name)
    loss_fn, optimizer = tr.torch_loss(name), tr.make_torch_adamw(model)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(inputs), labels)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def _keras_losses(model: Any, name: str, batch: Any, steps: int) -> list[float]:
    loss_fn, optimizer = kr.keras_loss(name), kr.make_keras_adamw(model)
    return [_keras_step(model, loss_fn, optimizer, batch) for _ in range(steps)]


def _keras_step(model: Any, loss_fn: Any, optimizer: Any, batch: Any) -> float:
    with tf.GradientTape() as tape:
        loss = loss_fn(batch.labels, model(batch.inputs, training=True))
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
    return float(loss)

