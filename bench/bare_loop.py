"""A hand-written step loop with no fwprof code in it: the reference fwprof's figures are checked
against.

It builds its own model, batch, loss, Adam and train step with plain PyTorch or Keras, sets
threads and precision as fwprof's child does, and times each step with two clock reads (~0.1
µs). Nothing from fwprof is imported, so a fault in fwprof's models, data or step code shows
up as a difference instead of being copied.

Reads a RunSpec as JSON; uses framework, workload (mlp or cnn), task (train or infer), mode
(eager, graph, compiled), device (cpu; cuda for torch), batch_size, steps, warmup, threads,
interop_threads, precision, seed and min_time_s (0 is each one's default, as in fwprof). Modes
cover what fwprof's do: torch graph traces the model with TorchScript, torch compiled
torch.compile's the train step (zero_grad outside); TensorFlow graph / compiled put the whole
step in tf.function / tf.function(jit_compile=True).

Usage: python bench/bare_loop.py SPEC_JSON  ->  prints {"wall_s", "median_step_s", "steps",
"batch_size", "parameters"} as JSON (steps: as measured, at least the spec's, more when
min_time_s asks for it).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

Step = Callable[[], None]
#: Default batch size of each supported workload (as fwprof's catalog has them).
DEFAULT_BATCH = {"mlp": 128, "cnn": 64}
FEATURES, HIDDEN, CLASSES = 784, 256, 10  # mlp 784-256-256-10
IMAGE, CHANNELS, FILTERS, DENSE = 32, 3, (32, 64), 128  # cnn: 2x(conv3x3+ReLU+maxpool), 128, 10


def main() -> None:
    spec = settings(json.loads(sys.argv[1]))
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):  # before the framework loads OpenMP
        os.environ.setdefault(name, str(spec["threads"]))
    build = torch_step if spec["framework"] == "torch" else keras_step
    step, parameters = build(spec)
    for _ in range(spec["warmup"] + 1):  # + the first step, which traces or compiles
        step()
    durations, wall = measure(step, spec["steps"], spec["min_time_s"])
    print(json.dumps({"wall_s": wall, "median_step_s": statistics.median(durations),
                      "steps": len(durations), "batch_size": spec["batch_size"],
                      "parameters": parameters}))


def settings(raw: dict[str, Any]) -> dict[str, Any]:
    """The spec's values this loop uses, defaults resolved; an error for what it cannot run."""
    spec = {"device": "cpu", "batch_size": 0, "steps": 100, "warmup": 10, "threads": 0,
            "interop_threads": 0, "precision": "fp32", "seed": 0, "min_time_s": 0.0, **raw}
    supported = {"framework": ("torch", "tensorflow"), "workload": tuple(DEFAULT_BATCH),
                 "task": ("train", "infer"), "mode": ("eager", "graph", "compiled"),
                 "device": ("cpu", "cuda")}
    for key, allowed in supported.items():
        if spec[key] not in allowed:
            raise SystemExit(f"bare_loop.py runs {key} {' or '.join(allowed)}, not {spec[key]!r}")
    spec["batch_size"] = spec["batch_size"] or DEFAULT_BATCH[spec["workload"]]
    spec["threads"] = spec["threads"] or len(os.sched_getaffinity(0))
    spec["interop_threads"] = spec["interop_threads"] or spec["threads"]
    return spec


def measure(step: Step, count: int, min_time_s: float) -> tuple[list[float], float]:
    """Durations of ``count`` steps, and more until ``min_time_s`` has passed; the wall time."""
    clock = time.perf_counter
    durations: list[float] = []
    start = clock()
    for _ in range(count):
        began = clock()
        step()
        durations.append(clock() - began)
    while clock() - start < min_time_s:
        began = clock()
        step()
        durations.append(clock() - began)
    return durations, clock() - start


def batch(spec: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Random inputs (NHWC images for cnn) and integer labels, from the spec's seed."""
    rng = np.random.default_rng(spec["seed"])
    size = spec["batch_size"]
    if spec["workload"] == "mlp":
        inputs = rng.standard_normal((size, FEATURES), dtype=np.float32)
    else:
        inputs = rng.random((size, IMAGE, IMAGE, CHANNELS), dtype=np.float32)
    return inputs, rng.integers(0, CLASSES, size=size, dtype=np.int64)


def torch_step(spec: dict[str, Any]) -> tuple[Step, int]:
    """One synchronised PyTorch step, and the model's trainable parameters."""
    import torch

    torch.set_num_threads(spec["threads"])
    torch.set_num_interop_threads(spec["interop_threads"])
    tf32 = spec["precision"] == "tf32"
    torch.set_float32_matmul_precision("high" if tf32 else "highest")
    torch.backends.cuda.matmul.allow_tf32 = tf32
    torch.backends.cudnn.allow_tf32 = tf32
    torch.manual_seed(spec["seed"])
    device = torch.device(spec["device"])
    model = torch_model(spec["workload"]).to(device)
    parameters = sum(p.numel() for p in model.parameters() if p.requires_grad)
    inputs_np, labels_np = batch(spec)
    inputs = torch.from_numpy(inputs_np)
    if spec["workload"] == "cnn":
        inputs = inputs.permute(0, 3, 1, 2).contiguous()
    inputs, labels = inputs.to(device), torch.from_numpy(labels_np).to(device)
    if spec["task"] == "infer":
        return torch_infer(model.eval(), inputs, spec["mode"]), parameters
    return torch_train(model.train(), inputs, labels, spec["mode"]), parameters


def torch_model(workload: str) -> Any:
    from torch import nn

    if workload == "mlp":
        return nn.Sequential(nn.Linear(FEATURES, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, HIDDEN),
                             nn.ReLU(), nn.Linear(HIDDEN, CLASSES))
    first, second = FILTERS
    return nn.Sequential(
        nn.Conv2d(CHANNELS, first, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(first, second, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(second * (IMAGE // 4) ** 2, DENSE), nn.ReLU(),
        nn.Linear(DENSE, CLASSES),
    )


def torch_train(model: Any, inputs: Any, labels: Any, mode: str) -> Step:
    import torch

    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()
    forward = torch.jit.trace(model, inputs) if mode == "graph" else model

    def train() -> Any:
        loss = loss_fn(forward(inputs), labels)
        loss.backward()
        optimizer.step()
        return loss

    run = torch.compile(train) if mode == "compiled" else train

    def step() -> None:
        optimizer.zero_grad(set_to_none=True)
        run().item()  # .item() waits for the device

    return step


def torch_infer(model: Any, inputs: Any, mode: str) -> Step:
    import torch

    with torch.no_grad():
        forward = {"eager": lambda: model, "graph": lambda: torch.jit.trace(model, inputs),
                   "compiled": lambda: torch.compile(model)}[mode]()

    def step() -> None:
        with torch.inference_mode():
            forward(inputs).sum().item()

    return step


def keras_step(spec: dict[str, Any]) -> tuple[Step, int]:
    """One synchronised TensorFlow step, and the model's trainable parameters."""
    os.environ["KERAS_BACKEND"] = "tensorflow"
    import tensorflow as tf

    if spec["device"] == "cpu":
        tf.config.set_visible_devices([], "GPU")
    tf.config.threading.set_intra_op_parallelism_threads(spec["threads"])
    tf.config.threading.set_inter_op_parallelism_threads(spec["interop_threads"])
    tf.config.experimental.enable_tensor_float_32_execution(spec["precision"] == "tf32")
    import keras

    keras.utils.set_random_seed(spec["seed"])
    model = keras_model(spec["workload"])
    parameters = int(sum(np.prod(w.shape) for w in model.trainable_weights))
    inputs_np, labels_np = batch(spec)
    inputs, labels = tf.constant(inputs_np), tf.constant(labels_np)
    if spec["task"] == "infer":
        run = in_mode(lambda x: tf.reduce_sum(model(x, training=False)), spec["mode"])
        arguments: tuple[Any, ...] = (inputs,)
    else:
        run, arguments = in_mode(keras_train(model), spec["mode"]), (inputs, labels)

    def step() -> None:
        run(*arguments).numpy()  # .numpy() waits for the device

    return step, parameters


def keras_model(workload: str) -> Any:
    import keras
    from keras import layers

    if workload == "mlp":
        stack = [keras.Input((FEATURES,)), layers.Dense(HIDDEN, activation="relu"),
                 layers.Dense(HIDDEN, activation="relu"), layers.Dense(CLASSES)]
    else:
        first, second = FILTERS
        stack = [keras.Input((IMAGE, IMAGE, CHANNELS)),
                 layers.Conv2D(first, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
                 layers.Conv2D(second, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
                 layers.Flatten(), layers.Dense(DENSE, activation="relu"), layers.Dense(CLASSES)]
    return keras.Sequential(stack)


def keras_train(model: Any) -> Callable[[Any, Any], Any]:
    import keras
    import tensorflow as tf

    optimizer = keras.optimizers.Adam(learning_rate=1e-3, beta_1=0.9, beta_2=0.999, epsilon=1e-7)
    optimizer.build(model.trainable_variables)  # its slots exist before any tracing
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

    def train(inputs: Any, labels: Any) -> Any:
        with tf.GradientTape() as tape:
            loss = loss_fn(labels, model(inputs, training=True))
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
        return loss

    return train


def in_mode(function: Callable[..., Any], mode: str) -> Callable[..., Any]:
    import tensorflow as tf

    return function if mode == "eager" else tf.function(function, jit_compile=mode == "compiled")


if __name__ == "__main__":
    main()
