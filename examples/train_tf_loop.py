"""A TensorFlow ``GradientTape`` loop with a Keras optimizer inside ``tf.function``.

fwprof counts each executed optimizer update, not each trace: the update compiled into the
graph reports itself every time the graph runs.

    fwprof profile examples/train_tf_loop.py --steps 25          -> 25 steps
    fwprof profile examples/train_tf_loop.py --steps 25 --jit    -> 25 steps (XLA)
"""

from __future__ import annotations

import argparse

import keras
import tensorflow as tf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--jit", action="store_true", help="compile the step with XLA")
    args = parser.parse_args()
    tf.random.set_seed(0)
    model = keras.Sequential([
        keras.Input((32,)), keras.layers.Dense(64, activation="relu"), keras.layers.Dense(2),
    ])
    optimizer = keras.optimizers.Adam(1e-3)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    features = tf.random.normal((args.batch_size, 32))
    labels = tf.cast(tf.reduce_sum(features, axis=1) > 0, tf.int32)

    @tf.function(jit_compile=args.jit)
    def train_step(x: tf.Tensor, y: tf.Tensor) -> tf.Tensor:
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
        return loss

    for _ in range(args.steps):
        loss = train_step(features, labels)
    print(f"final loss {float(loss):.4f}, traces {train_step.experimental_get_tracing_count()}")


if __name__ == "__main__":
    main()
