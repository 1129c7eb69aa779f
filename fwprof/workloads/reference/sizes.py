"""Every dimension of the reference models, per model and size (no framework imported here).

Three sizes of each architecture (same layer types, same wiring, same conventions):

- ``full``: the published architecture (torchvision ``resnet50`` and ``vit_b_16``, BERT-base,
  GPT-2 small). Batch sizes are GPU-scale defaults; a CPU step takes seconds to minutes.
- ``small``: fewer and narrower layers, smaller inputs. ResNet keeps the full (3, 4, 6, 3) depth
  at half width on 112x112 images; BERT is BERT-mini (4 layers, 256 wide, real vocabulary);
  GPT-2 is 4 layers, 256 wide with the real 50,257-token vocabulary and a 128-token context;
  ViT is 4 layers, 256 wide on 224x224 images. Measured train step on 2 CPU cores: 0.13-0.37 s
  (torch eager, tf.function), 0.5-0.9 s (TensorFlow eager).
- ``tiny``: one block per ResNet stage at 1/8 width on 32x32 images; two 64-wide transformer
  layers with a 1,024-token vocabulary. Measured train step on 2 CPU cores: 3-10 ms (torch
  eager, tf.function), 90-160 ms (TensorFlow eager, dominated by per-op overhead).

Transformer dropout is 0 everywhere, so steps are deterministic and do equal work.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

REFERENCE_MODELS: tuple[str, ...] = ("resnet50", "bert-base", "gpt2-small", "vit-b16")
SIZES: tuple[str, ...] = ("tiny", "small", "full")

#: Sequence models whose ``seq_len`` may be overridden (up to their ``max_positions``).
SEQUENCE_MODELS: tuple[str, ...] = ("bert-base", "gpt2-small")

BATCH_NORM_EPS = 1e-5  # torchvision's; Keras is told the same
BATCH_NORM_MOMENTUM_TORCH = 0.1  # torch: running = 0.9 * running + 0.1 * batch
BATCH_NORM_MOMENTUM_KERAS = 0.9  # Keras: moving = 0.9 * moving + 0.1 * batch (the same rule)
BERT_LAYER_NORM_EPS = 1e-12
GPT2_LAYER_NORM_EPS = 1e-5
VIT_LAYER_NORM_EPS = 1e-6
#: BERT, GPT-2 and (with an untruncated normal) timm's ViT: linears and embeddings ~ N(0, 0.02).
TRANSFORMER_INIT_STD = 0.02


@dataclass(frozen=True)
class ResNetConfig:
    """A bottleneck ResNet (torchvision v1.5: the stride sits on the 3x3 convolution)."""

    blocks: tuple[int, ...]  # bottleneck blocks per stage
    widths: tuple[int, ...]  # inner width per stage; a block outputs EXPANSION x width channels
    stem_width: int  # channels of the 7x7/2 stem convolution
    image_size: int
    num_classes: int
    batch_size: int
    expansion: int = 4


@dataclass(frozen=True)
class BertConfig:
    """A post-LayerNorm encoder with a sequence-classification head (pooler + classifier)."""

    layers: int
    hidden: int
    heads: int
    intermediate: int
    seq_len: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    num_classes: int
    batch_size: int
    layer_norm_eps: float = BERT_LAYER_NORM_EPS


@dataclass(frozen=True)
class Gpt2Config:
    """A pre-LayerNorm causal decoder with its LM head tied to the token embedding."""

    layers: int
    hidden: int
    heads: int
    intermediate: int
    seq_len: int  # tokens per training sequence (at most max_positions)
    vocab_size: int
    max_positions: int  # rows of the position table: the model's context
    batch_size: int
    layer_norm_eps: float = GPT2_LAYER_NORM_EPS


@dataclass(frozen=True)
class VitConfig:
    """A pre-LayerNorm vision transformer: patch convolution, class token, learned positions."""

    layers: int
    hidden: int
    heads: int
    intermediate: int
    image_size: int
    patch_size: int
    num_classes: int
    batch_size: int
    layer_norm_eps: float = VIT_LAYER_NORM_EPS

    @property
    def num_patches(self) -> int:
        """Patches per image: (image_size / patch_size) squared."""
        return (self.image_size // self.patch_size) ** 2

    @property
    def seq_len(self) -> int:
        """Tokens per image: every patch plus the class token."""
        return self.num_patches + 1


ReferenceConfig = ResNetConfig | BertConfig | Gpt2Config | VitConfig

_RESNET = {
    "tiny": ResNetConfig((1, 1, 1, 1), (8, 16, 32, 64), 8, 32, 10, 4),
    "small": ResNetConfig((3, 4, 6, 3), (32, 64, 128, 256), 32, 112, 100, 8),
    "full": ResNetConfig((3, 4, 6, 3), (64, 128, 256, 512), 64, 224, 1000, 32),
}
_BERT = {
    "tiny": BertConfig(2, 64, 2, 256, 32, 1024, 64, 2, 2, 4),
    "small": BertConfig(4, 256, 4, 1024, 128, 30522, 512, 2, 2, 8),
    "full": BertConfig(12, 768, 12, 3072, 128, 30522, 512, 2, 2, 32),
}
_GPT2 = {
    "tiny": Gpt2Config(2, 64, 2, 256, 32, 1024, 64, 4),
    "small": Gpt2Config(4, 256, 4, 1024, 128, 50257, 128, 4),
    "full": Gpt2Config(12, 768, 12, 3072, 1024, 50257, 1024, 8),
}
_VIT = {
    "tiny": VitConfig(2, 64, 2, 256, 32, 8, 10, 4),
    "small": VitConfig(4, 256, 4, 1024, 224, 16, 100, 8),
    "full": VitConfig(12, 768, 12, 3072, 224, 16, 1000, 32),
}
_CONFIGS: dict[str, dict[str, ReferenceConfig]] = {
    "resnet50": dict(_RESNET), "bert-base": dict(_BERT), "gpt2-small": dict(_GPT2),
    "vit-b16": dict(_VIT),
}


def model_config(name: str, size: str, seq_len: int | None = None) -> ReferenceConfig:
    """The dimensions of ``name`` at ``size``; ``seq_len`` shortens a sequence model's inputs.

    ``seq_len`` is accepted for BERT and GPT-2 only and must lie in [1, max_positions]; the
    position table keeps ``max_positions`` rows, so the parameter count does not change.
    """
    check_name_and_size(name, size)
    config = _CONFIGS[name][size]
    if seq_len is None:
        return config
    if not isinstance(config, (BertConfig, Gpt2Config)):
        raise ValueError(f"{name} takes no seq_len: only {', '.join(SEQUENCE_MODELS)} do")
    if not 1 <= seq_len <= config.max_positions:
        raise ValueError(f"seq_len must be in [1, {config.max_positions}] for {name} {size}, got {seq_len}")
    return replace(config, seq_len=seq_len)


def check_name_and_size(name: str, size: str) -> None:
    """Raise ValueError naming the choices when ``name`` or ``size`` is unknown."""
    check_model_name(name)
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}; known: {', '.join(SIZES)}")


def num_classes(config: ReferenceConfig) -> int:
    """Classes the loss chooses among: the vocabulary for GPT-2, the label classes otherwise."""
    return config.vocab_size if isinstance(config, Gpt2Config) else config.num_classes


def check_model_name(name: str) -> None:
    """Raise ValueError naming the reference models when ``name`` is not one of them."""
    if name not in REFERENCE_MODELS:
        raise ValueError(f"unknown reference model {name!r}; known: {', '.join(REFERENCE_MODELS)}")
