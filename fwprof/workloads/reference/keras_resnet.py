"""The bottleneck ResNet in Keras 3, channels-last, layer for layer the PyTorch one.

Layer names are torchvision's module names with dots turned into underscores (``layer1_0_conv1``,
``layer1_0_downsample_0``, ``fc``). Strided convolutions and the max-pool pad explicitly and
symmetrically (``ZeroPadding2D`` + ``valid``) as torch does, where Keras' ``same`` would pad
the bottom/right only; zero padding before the max-pool equals torch's -inf padding because its
input is a ReLU output. ``keras`` is imported inside functions only.
"""

from __future__ import annotations

from typing import Any

from fwprof.workloads.reference.sizes import BATCH_NORM_EPS, BATCH_NORM_MOMENTUM_KERAS, ResNetConfig


def build_keras_resnet(config: ResNetConfig) -> Any:
    """The ResNet ``config`` describes: (batch, H, W, 3) float images -> (batch, classes) logits."""
    import keras
    from keras import layers

    images = keras.Input((config.image_size, config.image_size, 3), name="images")
    x = _conv_bn(images, config.stem_width, 7, 2, "conv1", "bn1")
    x = layers.ReLU(name="relu")(x)
    x = layers.ZeroPadding2D(1, name="maxpool_pad")(x)
    x = layers.MaxPooling2D(3, strides=2, name="maxpool")(x)
    channels = config.stem_width
    for stage, (blocks, width) in enumerate(zip(config.blocks, config.widths, strict=True)):
        out = width * config.expansion
        for index in range(blocks):
            stride = 2 if stage > 0 and index == 0 else 1
            x = _bottleneck(x, channels, width, out, stride, f"layer{stage + 1}_{index}")
            channels = out
    x = layers.GlobalAveragePooling2D(name="avgpool")(x)
    logits = layers.Dense(config.num_classes, kernel_initializer=_classifier_init(), name="fc")(x)
    return keras.Model(images, logits, name="resnet")


def _conv_init() -> Any:
    """He-normal with fan_out (kh * kw * out), untruncated: torchvision's kaiming_normal_."""
    import keras

    return keras.initializers.VarianceScaling(2.0, mode="fan_out", distribution="untruncated_normal")


def _classifier_init() -> Any:
    """uniform(+-1/sqrt(fan_in)): VarianceScaling's uniform limit is sqrt(3 * scale / fan_in)."""
    import keras

    return keras.initializers.VarianceScaling(1.0 / 3.0, mode="fan_in", distribution="uniform")


def _conv_bn(x: Any, filters: int, kernel: int, stride: int, conv_name: str, bn_name: str) -> Any:
    """Conv (no bias, torch's symmetric padding kernel // 2) then BatchNorm."""
    from keras import layers

    if kernel > 1:
        x = layers.ZeroPadding2D(kernel // 2, name=f"{conv_name}_pad")(x)
    x = layers.Conv2D(
        filters, kernel, strides=stride, use_bias=False, kernel_initializer=_conv_init(), name=conv_name
    )(x)
    return layers.BatchNormalization(
        momentum=BATCH_NORM_MOMENTUM_KERAS, epsilon=BATCH_NORM_EPS, name=bn_name
    )(x)


def _bottleneck(x: Any, channels: int, width: int, out: int, stride: int, name: str) -> Any:
    """1x1 -> 3x3 (stride) -> 1x1, identity or projection shortcut, ReLU after the sum."""
    from keras import layers

    shortcut = x
    if stride != 1 or channels != out:
        shortcut = _conv_bn(x, out, 1, stride, f"{name}_downsample_0", f"{name}_downsample_1")
    y = layers.ReLU(name=f"{name}_relu1")(_conv_bn(x, width, 1, 1, f"{name}_conv1", f"{name}_bn1"))
    y = layers.ReLU(name=f"{name}_relu2")(_conv_bn(y, width, 3, stride, f"{name}_conv2", f"{name}_bn2"))
    y = _conv_bn(y, out, 1, 1, f"{name}_conv3", f"{name}_bn3")
    return layers.ReLU(name=f"{name}_relu3")(layers.Add(name=f"{name}_add")([y, shortcut]))
