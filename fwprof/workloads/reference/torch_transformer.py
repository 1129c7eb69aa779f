"""BERT (sequence classification), GPT-2 (causal LM) and ViT in PyTorch, sharing one block.

Learned tables (tokens, positions, token types, the class token) are ``nn.Embedding`` weights
used directly; the Keras twins keep them as variables named ``embeddings`` in layers of the same
names. Each model takes one tensor: token ids (batch, seq) or NCHW images.
``torch`` is imported inside functions only.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from fwprof.workloads.reference.conventions import block_spec
from fwprof.workloads.reference.sizes import BertConfig, Gpt2Config, VitConfig
from fwprof.workloads.reference.torch_blocks import init_transformer, make_blocks

if TYPE_CHECKING:
    import torch
    from torch import nn


def build_torch_transformer(config: BertConfig | Gpt2Config | VitConfig) -> nn.Module:
    """The transformer ``config`` describes, on the CPU, with the shared initial values."""
    if isinstance(config, BertConfig):
        model = _bert_class()(config)
    elif isinstance(config, Gpt2Config):
        model = _gpt2_class()(config)
    else:
        model = _vit_class()(config)
    init_transformer(model, block_spec(config))
    return model


def _run_blocks(blocks: nn.ModuleList, x: torch.Tensor) -> torch.Tensor:
    for block in blocks:
        x = block(x)
    return x


@functools.cache
def _bert_class() -> type[nn.Module]:
    import torch
    from torch import nn

    class Bert(nn.Module):
        """Token + position + token-type (all type 0) embeddings, LayerNorm, post-norm blocks;
        pooler dense + tanh on the first ([CLS]) token; classifier. No attention mask: every
        token is real."""

        def __init__(self, config: BertConfig) -> None:
            super().__init__()
            self.token_embedding = nn.Embedding(config.vocab_size, config.hidden)
            self.position_embedding = nn.Embedding(config.max_positions, config.hidden)
            self.type_embedding = nn.Embedding(config.type_vocab_size, config.hidden)
            self.embedding_norm = nn.LayerNorm(config.hidden, eps=config.layer_norm_eps)
            self.blocks = make_blocks(block_spec(config), config.layers)
            self.pooler = nn.Linear(config.hidden, config.hidden)
            self.classifier = nn.Linear(config.hidden, config.num_classes)

        def forward(self, tokens: torch.Tensor) -> torch.Tensor:
            positions = self.position_embedding.weight[: tokens.shape[1]]
            x = self.token_embedding(tokens) + positions + self.type_embedding.weight[0]
            x = _run_blocks(self.blocks, self.embedding_norm(x))
            logits: torch.Tensor = self.classifier(torch.tanh(self.pooler(x[:, 0])))
            return logits

    return Bert


@functools.cache
def _gpt2_class() -> type[nn.Module]:
    from torch import nn
    from torch.nn import functional

    class Gpt2(nn.Module):
        """Token + position embeddings, causal pre-norm blocks, final LayerNorm; logits over the
        vocabulary from the token table itself (tied head, no bias)."""

        def __init__(self, config: Gpt2Config) -> None:
            super().__init__()
            self.token_embedding = nn.Embedding(config.vocab_size, config.hidden)
            self.position_embedding = nn.Embedding(config.max_positions, config.hidden)
            self.blocks = make_blocks(block_spec(config), config.layers)
            self.final_norm = nn.LayerNorm(config.hidden, eps=config.layer_norm_eps)

        def forward(self, tokens: torch.Tensor) -> torch.Tensor:
            positions = self.position_embedding.weight[: tokens.shape[1]]
            x = _run_blocks(self.blocks, self.token_embedding(tokens) + positions)
            return functional.linear(self.final_norm(x), self.token_embedding.weight)

    return Gpt2


@functools.cache
def _vit_class() -> type[nn.Module]:
    import torch
    from torch import nn

    class Vit(nn.Module):
        """Patch convolution (kernel = stride = patch), class token prepended, learned positions,
        pre-norm blocks, final LayerNorm; linear head on the class token."""

        def __init__(self, config: VitConfig) -> None:
            super().__init__()
            patch = config.patch_size
            self.patch_embedding = nn.Conv2d(3, config.hidden, patch, stride=patch)
            self.class_token = nn.Embedding(1, config.hidden)
            self.position_embedding = nn.Embedding(config.seq_len, config.hidden)
            self.blocks = make_blocks(block_spec(config), config.layers)
            self.final_norm = nn.LayerNorm(config.hidden, eps=config.layer_norm_eps)
            self.head = nn.Linear(config.hidden, config.num_classes)

        def forward(self, images: torch.Tensor) -> torch.Tensor:
            patches = self.patch_embedding(images).flatten(2).transpose(1, 2)  # (batch, n, hidden)
            token = self.class_token.weight.expand(patches.shape[0], 1, -1)
            x = torch.cat([token, patches], dim=1) + self.position_embedding.weight
            x = self.final_norm(_run_blocks(self.blocks, x))
            logits: torch.Tensor = self.head(x[:, 0])
            return logits

    return Vit
