"""An example model file for ``fwprof run --model examples/my_models.py``.

The same small image classifier written once per framework: 32x32 RGB images (channels-last,
as Keras takes them; the PyTorch model permutes to NCHW itself), two convolutions, global
average pooling and a 10-class head. Parameter counts are equal: 20,042 in both.
"""

from __future__ import annotations

from typing import Any

import numpy as np

CLASSES = 10
SIZE = 32


def torch_model() -> Any:
    import torch
    from torch import nn

    class SmallConvNet(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.conv1 = nn.Conv2d(3, 32, 3, padding=1)
            self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
            self.head = nn.Linear(64, CLASSES)

        def forward(self, images: torch.Tensor) -> torch.Tensor:
            x = images.permute(0, 3, 1, 2)  # NHWC, as both frameworks get the batch
            x = torch.relu(self.conv1(x))
            x = torch.relu(self.conv2(nn.functional.max_pool2d(x, 2)))
            return self.head(x.mean(dim=(2, 3)))

    return SmallConvNet()


def keras_model() -> Any:
    import keras
    from keras import layers

    return keras.Sequential([
        keras.Input((SIZE, SIZE, 3)),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, padding="same", activation="relu"),
        layers.GlobalAveragePooling2D(),
        layers.Dense(CLASSES),
    ])


def example_batch(batch_size: int) -> tuple[np.ndarray, np.ndarray]:
    """Images in [0, 1) and class labels (the same arrays go to both frameworks)."""
    rng = np.random.default_rng(0)
    images = rng.random((batch_size, SIZE, SIZE, 3), dtype=np.float32)
    return images, rng.integers(0, CLASSES, size=batch_size, dtype=np.int64)
