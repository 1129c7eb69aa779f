"""The transformer block shared by the PyTorch BERT, GPT-2 and ViT, and its initial values.

Attention is written out (fused q/k/v projection, ``F.scaled_dot_product_attention``, output
projection) rather than ``nn.MultiheadAttention``, so each weight maps one to one onto a Keras
``Dense``. Module names inside a block: norm1, attention.qkv, attention.proj, norm2, mlp_in,
mlp_out. ``torch`` is imported inside functions only.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from fwprof.workloads.reference.conventions import BlockSpec

if TYPE_CHECKING:
    import torch
    from torch import nn

#: The two projections of a block that write into the residual stream.
RESIDUAL_PROJECTIONS = (".attention.proj", ".mlp_out")


def make_blocks(spec: BlockSpec, layers: int) -> nn.ModuleList:
    """``layers`` blocks as ``blocks.0`` ... ``blocks.{layers - 1}``."""
    from torch import nn

    return nn.ModuleList(_block_class()(spec) for _ in range(layers))


def init_transformer(model: nn.Module, spec: BlockSpec) -> None:
    """Linears, embeddings and convs N(0, init_std), biases 0, LayerNorm 1/0; each block's two
    projections into the residual stream (attention.proj, mlp_out) N(0, residual_init_std)."""
    import torch
    from torch import nn

    with torch.no_grad():
        for name, module in model.named_modules():
            if isinstance(module, (nn.Linear, nn.Conv2d, nn.Embedding)):
                residual = name.endswith(RESIDUAL_PROJECTIONS)
                module.weight.normal_(0.0, spec.residual_init_std if residual else spec.init_std)
            if isinstance(module, (nn.Linear, nn.Conv2d)) and module.bias is not None:
                module.bias.zero_()
            elif isinstance(module, nn.LayerNorm):
                module.weight.fill_(1.0)
                module.bias.zero_()


@functools.cache
def _attention_class() -> type[nn.Module]:
    from torch import nn
    from torch.nn import functional

    class SelfAttention(nn.Module):
        """Multi-head self-attention: qkv = x W (q, k, v side by side), softmax(q k^T / sqrt(d)) v
        per head (causal for GPT-2), then the output projection."""

        def __init__(self, spec: BlockSpec) -> None:
            super().__init__()
            self.heads, self.causal = spec.heads, spec.causal
            self.qkv = nn.Linear(spec.hidden, 3 * spec.hidden)
            self.proj = nn.Linear(spec.hidden, spec.hidden)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            batch, seq, hidden = x.shape
            qkv = self.qkv(x).view(batch, seq, 3, self.heads, hidden // self.heads)
            query, key, value = qkv.permute(2, 0, 3, 1, 4).unbind(0)  # each (batch, heads, seq, d)
            context = functional.scaled_dot_product_attention(query, key, value, is_causal=self.causal)
            out: torch.Tensor = self.proj(context.transpose(1, 2).reshape(batch, seq, hidden))
            return out

    return SelfAttention


@functools.cache
def _block_class() -> type[nn.Module]:
    from torch import nn

    class TransformerBlock(nn.Module):
        """Pre-norm: x + attn(LN1(x)), then + mlp(LN2(x)). Post-norm: LN1(x + attn(x)), then
        LN2(x + mlp(x)). The MLP is hidden -> intermediate -> GELU -> hidden. No dropout."""

        def __init__(self, spec: BlockSpec) -> None:
            super().__init__()
            self.pre_norm = spec.pre_norm
            self.norm1 = nn.LayerNorm(spec.hidden, eps=spec.layer_norm_eps)
            self.attention = _attention_class()(spec)
            self.norm2 = nn.LayerNorm(spec.hidden, eps=spec.layer_norm_eps)
            self.mlp_in = nn.Linear(spec.hidden, spec.intermediate)
            self.gelu = nn.GELU(approximate="tanh" if spec.approximate_gelu else "none")
            self.mlp_out = nn.Linear(spec.intermediate, spec.hidden)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            if self.pre_norm:
                x = x + self.attention(self.norm1(x))
                return x + self._mlp(self.norm2(x))
            x = self.norm1(x + self.attention(x))
            out: torch.Tensor = self.norm2(x + self._mlp(x))
            return out

        def _mlp(self, x: torch.Tensor) -> torch.Tensor:
            out: torch.Tensor = self.mlp_out(self.gelu(self.mlp_in(x)))
            return out

    return TransformerBlock
