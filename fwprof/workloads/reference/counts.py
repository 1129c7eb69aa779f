"""Trainable parameter counts of the reference models, worked out from their configs.

The formulas are checked in the tests against models really built in both frameworks (every
model at ``tiny`` and ``small``, and ResNet-50 and GPT-2 at ``full``), and at ``full`` against
the published counts below. BatchNorm running statistics are buffers, not parameters.
"""

from __future__ import annotations

from fwprof.workloads.reference.sizes import (
    BertConfig,
    Gpt2Config,
    ReferenceConfig,
    ResNetConfig,
    VitConfig,
    model_config,
)

#: Published trainable parameter counts of the ``full`` models.
PUBLISHED_COUNTS: dict[str, int] = {
    "resnet50": 25_557_032,  # torchvision.models.resnet50()
    # HF BertForSequenceClassification(bert-base-uncased, num_labels=2): BertModel with pooler
    # (109,482,240) plus a 768x2 classifier and its bias (1,538).
    "bert-base": 109_483_778,
    "gpt2-small": 124_439_808,  # HF GPT2LMHeadModel("gpt2"): tied head, 1,024 positions
    "vit-b16": 86_567_656,  # torchvision.models.vit_b_16()
}


def parameter_count(name: str, size: str, seq_len: int | None = None) -> int:
    """Trainable parameters of ``name`` at ``size`` (``seq_len`` never changes it)."""
    return config_parameter_count(model_config(name, size, seq_len))


def config_parameter_count(config: ReferenceConfig) -> int:
    """Trainable parameters of the model that ``config`` describes."""
    if isinstance(config, ResNetConfig):
        return _resnet(config)
    if isinstance(config, BertConfig):
        return _bert(config)
    if isinstance(config, Gpt2Config):
        return _gpt2(config)
    return _vit(config)


def _linear(fan_in: int, fan_out: int) -> int:
    return fan_in * fan_out + fan_out


def _norm(width: int) -> int:
    return 2 * width  # scale and offset


def _resnet(config: ResNetConfig) -> int:
    total = 7 * 7 * 3 * config.stem_width + _norm(config.stem_width)
    channels = config.stem_width
    for stage, (blocks, width) in enumerate(zip(config.blocks, config.widths, strict=True)):
        out = width * config.expansion
        for index in range(blocks):
            total += _bottleneck(channels, width, out)
            if index == 0 and (stage > 0 or channels != out):
                total += channels * out + _norm(out)  # 1x1 projection shortcut + BatchNorm
            channels = out
    return total + _linear(channels, config.num_classes)


def _bottleneck(channels: int, width: int, out: int) -> int:
    convs = channels * width + 9 * width * width + width * out  # 1x1, 3x3, 1x1; no biases
    return convs + 2 * _norm(width) + _norm(out)


def _transformer_block(hidden: int, intermediate: int) -> int:
    attention = _linear(hidden, 3 * hidden) + _linear(hidden, hidden)
    mlp = _linear(hidden, intermediate) + _linear(intermediate, hidden)
    return attention + mlp + 2 * _norm(hidden)


def _bert(config: BertConfig) -> int:
    tables = (config.vocab_size + config.max_positions + config.type_vocab_size) * config.hidden
    blocks = config.layers * _transformer_block(config.hidden, config.intermediate)
    head = _linear(config.hidden, config.hidden) + _linear(config.hidden, config.num_classes)
    return tables + _norm(config.hidden) + blocks + head


def _gpt2(config: Gpt2Config) -> int:
    tables = (config.vocab_size + config.max_positions) * config.hidden  # the head reuses tokens
    blocks = config.layers * _transformer_block(config.hidden, config.intermediate)
    return tables + blocks + _norm(config.hidden)


def _vit(config: VitConfig) -> int:
    patches = _linear(3 * config.patch_size**2, config.hidden)
    tables = (1 + config.seq_len) * config.hidden  # class token + one position per token
    blocks = config.layers * _transformer_block(config.hidden, config.intermediate)
    return patches + tables + blocks + _norm(config.hidden) + _linear(config.hidden, config.num_classes)
