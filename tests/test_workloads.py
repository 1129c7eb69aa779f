"""The built-in workloads are the same model in both frameworks (fair comparison rule 7).

Checked here: the data, trainable parameter counts, initial-value distributions, the LSTM bias
convention, LayerNorm eps, optimizer and loss settings, and — the strongest check — that with
Keras' weights copied into the torch model both give the same outputs for the same batch.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from fwprof.catalog import BUILTIN_WORKLOADS
from fwprof.workloads import EMBEDDING_INIT_LIMIT, LAYER_NORM_EPS
from fwprof.workloads.data import make_batch

torch = pytest.importorskip("torch")
keras = pytest.importorskip("keras")

from fwprof.workloads import keras_models, torch_models  # noqa: E402

Arrays = dict[str, list[npt.NDArray[np.float32]]]

#: Trainable parameters per workload, worked out by hand from the architectures.
EXPECTED_PARAMS = {
    "mlp": (784 * 256 + 256) + (256 * 256 + 256) + (256 * 10 + 10),
    "cnn": (27 * 32 + 32) + (288 * 64 + 64) + (4096 * 128 + 128) + (128 * 10 + 10),
    "lstm": 5000 * 128 + (4 * 128 * (128 + 128) + 4 * 128) + (128 * 10 + 10),
    "transformer": 5000 * 128 + 64 * 128 + (128 * 10 + 10)
    + 2 * ((4 * 128 * 128 + 4 * 128) + 2 * (2 * 128) + (128 * 256 + 256) + (256 * 128 + 128)),
}


@pytest.fixture(params=list(BUILTIN_WORKLOADS))  # the reference models: test_reference_models.py
def workload(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_batches_are_the_same_for_the_same_seed_and_well_formed(workload: str) -> None:
    first, again, other = (make_batch(workload, 8, seed) for seed in (3, 3, 4))
    assert np.array_equal(first.inputs, again.inputs)
    assert np.array_equal(first.labels, again.labels)
    assert not np.array_equal(first.inputs, other.inputs)
    assert first.labels.dtype == np.int64 and first.labels.shape == (8,)
    assert first.labels.min() >= 0 and first.labels.max() < 10
    shapes = {"mlp": (8, 784), "cnn": (8, 32, 32, 3), "lstm": (8, 64), "transformer": (8, 64)}
    assert first.inputs.shape == shapes[workload]
    if workload in ("lstm", "transformer"):
        assert first.inputs.dtype == np.int64 and first.inputs.max() < 5000
    else:
        assert first.inputs.dtype == np.float32


def test_unknown_workload_has_no_data() -> None:
    with pytest.raises(ValueError, match="no data for workload 'resnet'"):
        make_batch("resnet", 8, 0)


def test_trainable_parameter_counts_are_equal(workload: str) -> None:
    torch_count = torch_models.count_trainable_params(torch_models.build_model(workload))
    keras_count = keras_models.count_trainable_params(keras_models.build_model(workload))
    assert torch_count == keras_count == EXPECTED_PARAMS[workload]


def test_initial_values_follow_the_same_distributions(workload: str) -> None:
    """All trainable initial values pooled: the same quantiles, zeros and ones in both."""
    torch.manual_seed(0)
    keras.utils.set_random_seed(0)
    mine = _pooled(torch_models.build_model(workload).parameters())
    theirs = _pooled(keras_models.build_model(workload).trainable_weights)
    assert mine.size == theirs.size
    assert np.count_nonzero(mine == 0.0) == np.count_nonzero(theirs == 0.0)
    assert np.count_nonzero(mine == 1.0) == np.count_nonzero(theirs == 1.0)
    levels = [0.001, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 0.999]
    np.testing.assert_allclose(
        np.quantile(mine, levels), np.quantile(theirs, levels), rtol=0.03, atol=1e-3
    )
    assert np.abs(mine).max() == pytest.approx(np.abs(theirs).max(), rel=0.02)


def test_torch_lstm_has_a_unit_forget_bias_and_a_frozen_zero_recurrent_bias() -> None:
    lstm = torch_models.build_model("lstm").lstm
    expected = np.zeros(512, dtype=np.float32)
    expected[128:256] = 1.0
    np.testing.assert_array_equal(lstm.bias_ih_l0.detach().numpy(), expected)
    assert not lstm.bias_hh_l0.requires_grad
    assert not lstm.bias_hh_l0.detach().any()
    embedding = torch_models.build_model("lstm").embedding.weight
    assert embedding.abs().max().item() <= EMBEDDING_INIT_LIMIT


def test_keras_glorot_limit_uses_keras_fans() -> None:
    assert torch_models.keras_glorot_limit((784, 256)) == pytest.approx((6 / 1040) ** 0.5)
    assert torch_models.keras_glorot_limit((3, 3, 3, 32)) == pytest.approx((6 / 315) ** 0.5)


def test_layer_norm_eps_is_equal(workload: str) -> None:
    mine = torch_models.layer_norm_eps(torch_models.build_model(workload))
    theirs = keras_models.layer_norm_eps(keras_models.build_model(workload))
    assert mine == theirs
    assert mine == ({LAYER_NORM_EPS} if workload == "transformer" else set())


def test_optimizer_settings_are_equal() -> None:
    mine = torch_models.optimizer_settings(
        torch_models.make_optimizer(torch_models.build_model("mlp"))
    )
    theirs = keras_models.optimizer_settings(
        keras_models.make_optimizer(keras_models.build_model("mlp"))
    )
    assert mine.pop("name") == theirs.pop("name") == "adam"
    assert mine == pytest.approx(theirs, rel=1e-6)  # Keras stores lr as float32
    assert mine["epsilon"] == pytest.approx(1e-7) and mine["learning_rate"] == 1e-3


def test_losses_are_the_same_function() -> None:
    assert torch_models.loss_settings(torch_models.make_loss()) == keras_models.loss_settings(
        keras_models.make_loss()
    )
    rng = np.random.default_rng(0)
    logits = rng.standard_normal((16, 10)).astype(np.float32) * 3
    labels = rng.integers(0, 10, 16)
    mine = torch_models.make_loss()(torch.from_numpy(logits), torch.from_numpy(labels)).item()
    theirs = float(keras_models.make_loss()(labels, logits))
    assert mine == pytest.approx(theirs, rel=1e-5)


def test_same_weights_give_the_same_outputs(workload: str) -> None:
    """Keras' weights copied into the torch model: same logits for the same batch."""
    keras_model = keras_models.build_model(workload)
    torch_model = torch_models.build_model(workload).eval()
    arrays = {layer.name: [np.asarray(w) for w in layer.weights] for layer in keras_model.layers}
    state = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in
             _TORCH_STATE_FROM_KERAS[workload](arrays).items()}
    torch_model.load_state_dict(state, strict=True)
    batch = make_batch(workload, 4, seed=1)
    inputs, _ = torch_models.to_tensors(batch, workload, torch.device("cpu"))
    with torch.no_grad():
        mine = torch_model(inputs).numpy()
    theirs = np.asarray(keras_model(batch.inputs, training=False))
    np.testing.assert_allclose(mine, theirs, rtol=1e-4, atol=1e-4)


def _pooled(weights: Any) -> npt.NDArray[np.float32]:
    """Every trainable value of a model, flattened into one array."""
    trainable = [w for w in weights if getattr(w, "requires_grad", True)]
    values = [w.detach().numpy() if hasattr(w, "detach") else np.asarray(w) for w in trainable]
    return np.concatenate([v.ravel() for v in values])


def _dense(name: str, weights: list[npt.NDArray[np.float32]]) -> dict[str, Any]:
    return {f"{name}.weight": weights[0].T, f"{name}.bias": weights[1]}


def _conv(name: str, weights: list[npt.NDArray[np.float32]]) -> dict[str, Any]:
    return {f"{name}.weight": weights[0].transpose(3, 2, 0, 1), f"{name}.bias": weights[1]}


def _mlp_state(arrays: Arrays) -> dict[str, Any]:
    return {k: v for name in ("hidden1", "hidden2", "head") for k, v in
            _dense(name, arrays[name]).items()}


def _cnn_state(arrays: Arrays) -> dict[str, Any]:
    kernel, bias = arrays["dense"]
    # Keras flattens (H, W, C); torch flattens (C, H, W): reorder the dense kernel's rows.
    chw_kernel = kernel.reshape(8, 8, 64, 128).transpose(2, 0, 1, 3).reshape(4096, 128)
    return {**_conv("conv1", arrays["conv1"]), **_conv("conv2", arrays["conv2"]),
            **_dense("dense", [chw_kernel, bias]), **_dense("head", arrays["head"])}


def _lstm_state(arrays: Arrays) -> dict[str, Any]:
    kernel, recurrent, bias = arrays["lstm"]
    return {"embedding.weight": arrays["embedding"][0], "lstm.weight_ih_l0": kernel.T,
            "lstm.weight_hh_l0": recurrent.T, "lstm.bias_ih_l0": bias,
            "lstm.bias_hh_l0": np.zeros_like(bias), **_dense("head", arrays["head"])}


def _transformer_state(arrays: Arrays) -> dict[str, Any]:
    state = {"tokens.weight": arrays["token_embedding"][0],
             "positions.weight": arrays["position_embedding"][0], **_dense("head", arrays["head"])}
    for index in range(2):
        state.update(_block_state(arrays, f"block{index}", f"blocks.{index}"))
    return state


def _block_state(arrays: Arrays, keras_name: str, torch_name: str) -> dict[str, Any]:
    q, qb, k, kb, v, vb, out, out_b = arrays[f"{keras_name}_attention"]
    state = {
        "self_attn.in_proj_weight": np.concatenate([w.reshape(128, 128).T for w in (q, k, v)]),
        "self_attn.in_proj_bias": np.concatenate([b.reshape(128) for b in (qb, kb, vb)]),
        "self_attn.out_proj.weight": out.reshape(128, 128).T, "self_attn.out_proj.bias": out_b,
        **_dense("linear1", arrays[f"{keras_name}_ff1"]),
        **_dense("linear2", arrays[f"{keras_name}_ff2"]),
    }
    for norm in ("norm1", "norm2"):
        gamma, beta = arrays[f"{keras_name}_{norm}"]
        state.update({f"{norm}.weight": gamma, f"{norm}.bias": beta})
    return {f"{torch_name}.{key}": value for key, value in state.items()}


_TORCH_STATE_FROM_KERAS = {
    "mlp": _mlp_state, "cnn": _cnn_state, "lstm": _lstm_state, "transformer": _transformer_state,
}
