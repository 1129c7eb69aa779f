"""A ``tf.data`` pipeline and a custom ``GradientTape`` loop in ``tf.function``, with validation.

fwprof counts each executed optimizer update as a train step (not each trace). The validation
loop updates nothing, so it makes no step.

    fwprof profile examples/tf_data_custom_loop.py    -> train 20 (2 epochs x 10 batches)
"""

from __future__ import annotations

import argparse

import keras
import tensorflow as tf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--samples", type=int, default=320)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    tf.random.set_seed(0)
    features = tf.random.normal((args.samples + 64, 16))
    labels = tf.cast(tf.reduce_sum(features, axis=1) > 0, tf.int32)
    train = (tf.data.Dataset.from_tensor_slices((features[:args.samples], labels[:args.samples]))
             .shuffle(args.samples, seed=0).batch(args.batch_size).prefetch(tf.data.AUTOTUNE))
    val = tf.data.Dataset.from_tensor_slices((features[args.samples:], labels[args.samples:]))
    val = val.batch(args.batch_size)
    model = keras.Sequential([
        keras.Input((16,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(2),
    ])
    optimizer = keras.optimizers.Adam(1e-3)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    accuracy = keras.metrics.SparseCategoricalAccuracy()

    @tf.function
    def train_step(x: tf.Tensor, y: tf.Tensor) -> tf.Tensor:
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
        return loss

    @tf.function
    def val_step(x: tf.Tensor, y: tf.Tensor) -> None:
        accuracy.update_state(y, model(x, training=False))

    for epoch in range(args.epochs):
        for x, y in train:
            loss = train_step(x, y)
        accuracy.reset_state()
        for x, y in val:
            val_step(x, y)
        print(f"epoch {epoch + 1}: loss {float(loss):.4f}, "
              f"validation accuracy {float(accuracy.result()):.2f}")


if __name__ == "__main__":
    main()
