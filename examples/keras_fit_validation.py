"""Keras 3 ``fit`` with a validation split, then ``evaluate`` and ``predict``.

fwprof counts fit's training batches as train steps, its validation batches and evaluate's as
eval steps, and predict's batches as predict steps; the headline rate is training's alone.

    fwprof profile examples/keras_fit_validation.py
    -> 320 samples, validation_split 0.2: 256 train (8 batches of 32) + 64 validation (2 batches)
       2 epochs: train 16; eval 2 x 2 + evaluate 96 samples (3 batches) = 7; predict 64 samples = 2
"""

from __future__ import annotations

import argparse

import keras
import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--samples", type=int, default=320)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    features = rng.standard_normal((args.samples, 16)).astype("float32")
    labels = (features.sum(axis=1) > 0).astype("int32")
    model = keras.Sequential([
        keras.Input((16,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(2),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), metrics=["accuracy"],
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(features, labels, batch_size=args.batch_size, epochs=args.epochs,
              validation_split=0.2, verbose=2)
    loss, accuracy = model.evaluate(features[:96], labels[:96], batch_size=args.batch_size, verbose=0)
    predictions = model.predict(features[:64], batch_size=args.batch_size, verbose=0)
    print(f"held-out loss {loss:.4f}, accuracy {accuracy:.2f}, {len(predictions)} predictions")


if __name__ == "__main__":
    main()
