"""The bottleneck ResNet in PyTorch, with torchvision's module names, layout and initial values.

Module names follow torchvision's ``resnet50`` (conv1, bn1, layer1.0.conv1, ..., layer1.0.downsample.0,
fc); the Keras twin names each layer the same with dots turned into underscores. Images are NCHW.
``torch`` is imported inside functions only.
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING

from fwprof.workloads.reference.sizes import BATCH_NORM_EPS, BATCH_NORM_MOMENTUM_TORCH, ResNetConfig

if TYPE_CHECKING:
    import torch
    from torch import nn


def build_torch_resnet(config: ResNetConfig) -> nn.Module:
    """The ResNet ``config`` describes, on the CPU, initialised as torchvision does."""
    model = _resnet_class()(config)
    init_resnet(model)
    return model


def init_resnet(model: nn.Module) -> None:
    """Convs He-normal (fan_out, ReLU gain), BatchNorm 1/0, classifier uniform(+-1/sqrt(fan_in)), bias 0."""
    import torch
    from torch import nn

    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.Conv2d):
                nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(module, nn.BatchNorm2d):
                module.weight.fill_(1.0)
                module.bias.zero_()
            elif isinstance(module, nn.Linear):
                limit = 1.0 / math.sqrt(module.in_features)
                module.weight.uniform_(-limit, limit)
                module.bias.zero_()


def _conv(channels: int, out: int, kernel: int, stride: int = 1) -> nn.Conv2d:
    from torch import nn

    return nn.Conv2d(channels, out, kernel, stride=stride, padding=kernel // 2, bias=False)


def _batch_norm(channels: int) -> nn.BatchNorm2d:
    from torch import nn

    return nn.BatchNorm2d(channels, eps=BATCH_NORM_EPS, momentum=BATCH_NORM_MOMENTUM_TORCH)


@functools.cache
def _bottleneck_class() -> type[nn.Module]:
    from torch import nn

    class Bottleneck(nn.Module):
        """1x1 -> 3x3 (carries the stride) -> 1x1 expansion, BatchNorm after each conv;
        identity or 1x1 projection shortcut; ReLU after the sum."""

        def __init__(self, channels: int, width: int, out: int, stride: int) -> None:
            super().__init__()
            self.conv1, self.bn1 = _conv(channels, width, 1), _batch_norm(width)
            self.conv2, self.bn2 = _conv(width, width, 3, stride), _batch_norm(width)
            self.conv3, self.bn3 = _conv(width, out, 1), _batch_norm(out)
            self.relu = nn.ReLU(inplace=True)
            self.downsample: nn.Module | None = None
            if stride != 1 or channels != out:
                self.downsample = nn.Sequential(_conv(channels, out, 1, stride), _batch_norm(out))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            identity = x if self.downsample is None else self.downsample(x)
            y = self.relu(self.bn1(self.conv1(x)))
            y = self.relu(self.bn2(self.conv2(y)))
            out: torch.Tensor = self.relu(self.bn3(self.conv3(y)) + identity)
            return out

    return Bottleneck


@functools.cache
def _resnet_class() -> type[nn.Module]:
    from torch import nn

    class ResNet(nn.Module):
        """7x7/2 stem conv, BatchNorm, ReLU, 3x3/2 max-pool; bottleneck stages (the first block
        of stages 2-4 strides by 2); global average pool; linear classifier."""

        def __init__(self, config: ResNetConfig) -> None:
            super().__init__()
            self.conv1, self.bn1 = _conv(3, config.stem_width, 7, 2), _batch_norm(config.stem_width)
            self.relu = nn.ReLU(inplace=True)
            self.maxpool = nn.MaxPool2d(3, stride=2, padding=1)
            channels = config.stem_width
            for stage, (blocks, width) in enumerate(zip(config.blocks, config.widths, strict=True)):
                out = width * config.expansion
                stride = 1 if stage == 0 else 2
                layer = [_bottleneck_class()(channels, width, out, stride)]
                layer += [_bottleneck_class()(out, width, out, 1) for _ in range(blocks - 1)]
                self.add_module(f"layer{stage + 1}", nn.Sequential(*layer))
                channels = out
            self.stages = len(config.blocks)
            self.avgpool = nn.AdaptiveAvgPool2d(1)
            self.fc = nn.Linear(channels, config.num_classes)

        def forward(self, images: torch.Tensor) -> torch.Tensor:
            x = self.maxpool(self.relu(self.bn1(self.conv1(images))))
            for stage in range(self.stages):
                x = getattr(self, f"layer{stage + 1}")(x)
            logits: torch.Tensor = self.fc(self.avgpool(x).flatten(1))
            return logits

    return ResNet
