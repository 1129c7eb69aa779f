"""The session's JPEG files: random images and labels from a seed, written once with Pillow.

Runs read them from ``folder``; ``labels.json`` maps each file to its class. Only the parent
writes them (no DL framework needed); a run of either framework reads the very same files.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from fwprof.workloads.pipeline import CROP_MARGIN, FILE_COUNT, JPEG_QUALITY

LABELS_FILE = "labels.json"


def write_jpegs(folder: Path, image_size: int, classes: int, seed: int = 0,
                count: int = FILE_COUNT) -> Path:
    """``count`` JPEGs of ``image_size + CROP_MARGIN`` pixels square and their labels in
    ``folder`` (created; reused when it already holds them). Returns ``folder``."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    if (folder / LABELS_FILE).exists():
        return folder
    rng = np.random.default_rng(seed)
    side = image_size + CROP_MARGIN
    labels = {}
    for index in range(count):
        pixels = _smooth_image(rng, side)
        name = f"img{index:05d}.jpg"
        Image.fromarray(pixels).save(folder / name, quality=JPEG_QUALITY)
        labels[name] = int(rng.integers(0, classes))
    (folder / LABELS_FILE).write_text(json.dumps(labels))
    return folder


def read_labels(folder: Path) -> tuple[list[str], list[int]]:
    """(file paths, labels) of a folder :func:`write_jpegs` filled, in a fixed order."""
    labels: dict[str, int] = json.loads((folder / LABELS_FILE).read_text())
    names = sorted(labels)
    return [str(folder / name) for name in names], [labels[name] for name in names]


def _smooth_image(rng: np.random.Generator, side: int) -> np.ndarray:
    """An RGB image with structure (blurred noise), so JPEG decoding works as on photographs
    rather than on incompressible noise."""
    coarse = rng.integers(0, 256, size=(side // 8 + 1, side // 8 + 1, 3), dtype=np.uint8)
    image: np.ndarray = np.kron(coarse, np.ones((8, 8, 1), dtype=np.uint8))[:side, :side]
    noise = rng.integers(0, 24, size=image.shape, dtype=np.uint8)
    smooth: np.ndarray = np.clip(image.astype(np.int16) + noise, 0, 255).astype(np.uint8)
    return smooth
