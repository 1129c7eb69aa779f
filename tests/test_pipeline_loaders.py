"""``--data pipeline``'s loaders read the very same JPEG files and produce the same batches in
both frameworks (decoded by Pillow and by TensorFlow, cropped, flipped and normalised alike)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from fwprof.workloads.pipeline import CROP_MARGIN, FILE_COUNT
from fwprof.workloads.pipeline.jpegs import LABELS_FILE, read_labels, write_jpegs
from fwprof.workloads.pipeline.throughput import loader_throughput

pytest.importorskip("PIL")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_jpegs(tmp_path_factory.mktemp("jpegs"), image_size=32, classes=10, seed=3)


def test_files_labels_and_sizes_are_fixed_by_the_seed(folder: Path, tmp_path: Path) -> None:
    from PIL import Image

    paths, labels = read_labels(folder)
    assert len(paths) == FILE_COUNT and set(labels) <= set(range(10))
    with Image.open(paths[0]) as image:
        assert image.size == (32 + CROP_MARGIN, 32 + CROP_MARGIN) and image.format == "JPEG"
    again = write_jpegs(tmp_path / "again", image_size=32, classes=10, seed=3)
    assert json.loads((again / LABELS_FILE).read_text()) == json.loads((folder / LABELS_FILE).read_text())
    assert (again / "img00007.jpg").read_bytes() == (folder / "img00007.jpg").read_bytes()


def _stats(batches: list[tuple[np.ndarray, np.ndarray]]) -> tuple[float, float]:
    pixels = np.concatenate([b[0].ravel() for b in batches])
    return float(pixels.mean()), float(pixels.std())


def test_both_loaders_deliver_the_same_kind_of_batches(folder: Path) -> None:
    pytest.importorskip("torch")
    pytest.importorskip("tensorflow")
    from fwprof.workloads.pipeline.tf_loader import tf_batches
    from fwprof.workloads.pipeline.torch_loader import torch_batches

    torch_it, tf_it = torch_batches(folder, 32, 16, workers=1), tf_batches(folder, 32, 16, workers=1)
    torch_b = [(x.numpy().transpose(0, 2, 3, 1), y.numpy()) for x, y in (next(torch_it) for _ in range(16))]
    tf_b = [(x.numpy(), y.numpy()) for x, y in (next(tf_it) for _ in range(16))]
    assert torch_b[0][0].shape == tf_b[0][0].shape == (16, 32, 32, 3)
    assert torch_b[0][0].dtype == tf_b[0][0].dtype == np.float32
    (torch_mean, torch_std), (tf_mean, tf_std) = _stats(torch_b), _stats(tf_b)
    # Random crops and epochs differ between the two; the same files give the same statistics.
    assert abs(torch_mean - tf_mean) < 0.06 and abs(torch_std / tf_std - 1) < 0.05
    _, labels = read_labels(folder)
    counts = np.bincount(labels, minlength=10) / len(labels)
    seen = np.bincount(np.concatenate([y for _, y in tf_b]), minlength=10) / (16 * 16)
    assert np.abs(seen - counts).max() < 0.1  # each epoch shuffles all the files
    report = loader_throughput(tf_it, 16, workers=1, count=3)
    assert report["samples_per_s"] > 0 and report["batches"] == 3 and report["workers"] == 1


def test_pillow_and_tensorflow_decode_the_files_alike(folder: Path) -> None:
    tf = pytest.importorskip("tensorflow")
    from PIL import Image

    path = read_labels(folder)[0][5]
    with Image.open(path) as image:
        pillow = np.asarray(image.convert("RGB"), dtype=np.int16)
    accurate = tf.io.decode_jpeg(tf.io.read_file(path), channels=3, dct_method="INTEGER_ACCURATE")
    assert pillow.shape == tuple(accurate.shape)
    assert np.abs(pillow - accurate.numpy().astype(np.int16)).max() == 0  # what tf_loader decodes with
