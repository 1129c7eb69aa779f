"""How each transformer's blocks are wired and initialised: one answer shared by both frameworks.

Initial values (applied explicitly on both sides, each framework drawing from its own RNG):

- ResNet-50 (torchvision's choice): convolutions He-normal with fan_out, N(0, 2 / (k*k*out));
  BatchNorm scale 1 and offset 0; the classifier uniform(+-1/sqrt(fan_in)) with a zero bias.
- BERT, GPT-2, ViT: every linear, embedding table, the class token and ViT's patch convolution
  N(0, 0.02); zero biases; LayerNorm scale 1 and offset 0. GPT-2 also scales the two residual
  output projections of each block to N(0, 0.02 / sqrt(2 * layers)), as GPT-2 does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from fwprof.workloads.reference.sizes import TRANSFORMER_INIT_STD, BertConfig, Gpt2Config, VitConfig


@dataclass(frozen=True)
class BlockSpec:
    """One transformer block: widths, norm placement, mask, activation and initial spreads."""

    hidden: int
    heads: int
    intermediate: int
    layer_norm_eps: float
    pre_norm: bool  # GPT-2 and ViT: x + f(LN(x)); BERT: LN(x + f(x))
    causal: bool  # GPT-2 only
    approximate_gelu: bool  # GPT-2's tanh GELU; BERT and ViT use the exact (erf) GELU
    init_std: float
    residual_init_std: float  # attention output and second MLP projections

    def __post_init__(self) -> None:
        if self.hidden % self.heads:
            raise ValueError(f"hidden {self.hidden} is not divisible by {self.heads} heads")


def block_spec(config: BertConfig | Gpt2Config | VitConfig) -> BlockSpec:
    """The block every layer of ``config``'s model repeats."""
    is_gpt2 = isinstance(config, Gpt2Config)
    residual_std = TRANSFORMER_INIT_STD / math.sqrt(2 * config.layers) if is_gpt2 else TRANSFORMER_INIT_STD
    return BlockSpec(
        hidden=config.hidden, heads=config.heads, intermediate=config.intermediate,
        layer_norm_eps=config.layer_norm_eps, pre_norm=not isinstance(config, BertConfig),
        causal=is_gpt2, approximate_gelu=is_gpt2, init_std=TRANSFORMER_INIT_STD,
        residual_init_std=residual_std,
    )
