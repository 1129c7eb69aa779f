"""Keras 3 ``model.fit``; fwprof counts every training batch by itself (a phase ``fit``).

    fwprof profile examples/train_keras_fit.py --epochs 2 --samples 320 --batch-size 32
    -> 2 * ceil(320 / 32) = 20 steps
"""

from __future__ import annotations

import argparse

import keras
import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--samples", type=int, default=2048)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    features = rng.standard_normal((args.samples, 32)).astype("float32")
    labels = (features.sum(axis=1) > 0).astype("int32")
    model = keras.Sequential([
        keras.Input((32,)), keras.layers.Dense(64, activation="relu"), keras.layers.Dense(2),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    history = model.fit(features, labels, batch_size=args.batch_size, epochs=args.epochs, verbose=2)
    print(f"final loss {history.history['loss'][-1]:.4f}")


if __name__ == "__main__":
    main()
