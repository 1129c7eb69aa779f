"""The PyTorch side of ``--data pipeline``: a ``DataLoader`` of worker processes decoding the
session's JPEGs with Pillow, random crop, horizontal flip, scale and normalise (NCHW float32)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from fwprof.workloads.pipeline import MEAN, STD
from fwprof.workloads.pipeline.jpegs import read_labels

if TYPE_CHECKING:
    import torch


def torch_batches(folder: Path, image_size: int, batch_size: int, workers: int, seed: int = 0,
                  pin_memory: bool = False) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """Endless (images, labels) batches; ``workers`` processes decode (0: in this process);
    ``pin_memory`` for copies to a GPU that overlap with the step."""
    import torch
    from torch.utils.data import DataLoader

    paths, labels = read_labels(folder)
    dataset: Any = _JpegDataset(paths, labels, image_size)  # a map-style dataset by protocol
    loader: DataLoader[Any] = DataLoader(
        dataset, batch_size=batch_size, shuffle=True,
        drop_last=True, num_workers=workers, persistent_workers=workers > 0,
        prefetch_factor=2 if workers > 0 else None, pin_memory=pin_memory,
        generator=torch.Generator().manual_seed(seed),
    )
    while True:
        yield from loader


class _JpegDataset:
    """Map-style dataset: decode one JPEG, crop, flip, normalise."""

    def __init__(self, paths: list[str], labels: list[int], image_size: int) -> None:
        self.paths, self.labels, self.size = paths, labels, image_size

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, index: int) -> tuple[Any, int]:
        import torch
        from PIL import Image

        with Image.open(self.paths[index]) as image:
            pixels = np.asarray(image.convert("RGB"), dtype=np.float32) / 255.0
        crop = _random_crop_flip(pixels, self.size)
        normalised = (crop - np.asarray(MEAN, dtype=np.float32)) / np.asarray(STD, dtype=np.float32)
        return torch.from_numpy(np.ascontiguousarray(normalised.transpose(2, 0, 1))), self.labels[index]


def _random_crop_flip(pixels: np.ndarray, size: int) -> np.ndarray:
    """A random ``size`` x ``size`` crop, mirrored left-right half the time (the worker's own
    NumPy generator, seeded per worker by the DataLoader)."""
    top = np.random.randint(0, pixels.shape[0] - size + 1)
    left = np.random.randint(0, pixels.shape[1] - size + 1)
    crop = pixels[top:top + size, left:left + size]
    return crop[:, ::-1] if np.random.rand() < 0.5 else crop
