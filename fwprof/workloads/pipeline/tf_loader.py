"""The TensorFlow side of ``--data pipeline``: ``tf.data`` decoding the session's JPEGs with
``workers`` parallel calls, random crop, horizontal flip, scale and normalise (NHWC float32),
batched and prefetched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fwprof.workloads.pipeline import MEAN, STD
from fwprof.workloads.pipeline.jpegs import read_labels


def tf_batches(folder: Path, image_size: int, batch_size: int, workers: int,
               seed: int = 0) -> Iterator[tuple[Any, Any]]:
    """Endless (images, labels) batches from a ``tf.data`` pipeline."""
    import tensorflow as tf

    paths, labels = read_labels(folder)
    mean, std = tf.constant(MEAN, tf.float32), tf.constant(STD, tf.float32)

    def decode(path: Any, label: Any) -> tuple[Any, Any]:
        # The accurate integer DCT, as Pillow decodes: TensorFlow's default (fast) DCT gives
        # pixels up to 5 levels off Pillow's, the accurate one the very same.
        pixels = tf.io.decode_jpeg(tf.io.read_file(path), channels=3, dct_method="INTEGER_ACCURATE")
        crop = tf.image.random_crop(pixels, (image_size, image_size, 3))
        crop = tf.image.random_flip_left_right(crop)
        return (tf.cast(crop, tf.float32) / 255.0 - mean) / std, label

    dataset = (tf.data.Dataset.from_tensor_slices((paths, labels))
               .shuffle(len(paths), seed=seed, reshuffle_each_iteration=True).repeat()
               .map(decode, num_parallel_calls=max(workers, 1), deterministic=False)
               .batch(batch_size, drop_remainder=True).prefetch(2))
    options = tf.data.Options()
    options.threading.private_threadpool_size = max(workers, 1)
    return iter(dataset.with_options(options))
