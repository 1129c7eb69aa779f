"""A hand-written PyTorch train loop of the reference models, with no fwprof code in it: what
fwprof's figures for resnet50, bert-base and gpt2-small are checked against on a GPU.

The models come from elsewhere: ResNet-50 is torchvision's ``resnet50``; BERT-base and GPT-2
small are assembled here from ``torch.nn.TransformerEncoderLayer`` (post-LayerNorm with GELU
for BERT; pre-LayerNorm, tanh-GELU and a causal mask for GPT-2, its head tied to the token
table), with the published parameter counts (printed, so a mismatch shows). The step is the
usual one: AdamW, autocast in the chosen precision, backward, step, then synchronise and
fetch the loss, as fwprof's child does every step.

Usage: python bench/bare_reference.py --model resnet50 [--batch 256] [--precision bf16]
       [--steps 50] [--warmup 10] [--min-time 5] [--seq-len N] [--channels-last]
prints {"model", "batch_size", "parameters", "steps", "median_step_s", "wall_s",
"samples_per_s_median", "samples_per_s_wall"} as JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

BERT = {"layers": 12, "hidden": 768, "heads": 12, "ff": 3072, "vocab": 30522, "positions": 512,
        "types": 2, "classes": 2, "seq": 128, "eps": 1e-12}
GPT2 = {"layers": 12, "hidden": 768, "heads": 12, "ff": 3072, "vocab": 50257, "positions": 1024,
        "seq": 1024, "eps": 1e-5}
PRECISIONS = {"fp32": None, "bf16": torch.bfloat16, "fp16": torch.float16}


class Bert(nn.Module):
    """BERT-base for sequence classification: embeddings, 12 post-LN layers, pooler, classifier."""

    def __init__(self) -> None:
        super().__init__()
        c = BERT
        self.words = nn.Embedding(c["vocab"], c["hidden"])
        self.positions = nn.Embedding(c["positions"], c["hidden"])
        self.types = nn.Embedding(c["types"], c["hidden"])
        self.norm = nn.LayerNorm(c["hidden"], eps=c["eps"])
        layer = nn.TransformerEncoderLayer(c["hidden"], c["heads"], c["ff"], dropout=0.0,
                                           activation="gelu", layer_norm_eps=c["eps"],
                                           batch_first=True, norm_first=False)
        self.encoder = nn.TransformerEncoder(layer, c["layers"], enable_nested_tensor=False)
        self.pooler = nn.Linear(c["hidden"], c["hidden"])
        self.classifier = nn.Linear(c["hidden"], c["classes"])

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(tokens.shape[1], device=tokens.device)
        types = self.types(torch.zeros_like(tokens))
        x = self.norm(self.words(tokens) + self.positions(positions) + types)
        pooled = torch.tanh(self.pooler(self.encoder(x)[:, 0]))
        return self.classifier(pooled)


class Gpt2(nn.Module):
    """GPT-2 small: token + position embeddings, 12 pre-LN causal layers, final LN, tied head."""

    def __init__(self, seq: int) -> None:
        super().__init__()
        c = GPT2
        self.words = nn.Embedding(c["vocab"], c["hidden"])
        self.positions = nn.Embedding(c["positions"], c["hidden"])
        layer = nn.TransformerEncoderLayer(c["hidden"], c["heads"], c["ff"], dropout=0.0,
                                           activation=lambda x: F.gelu(x, approximate="tanh"),
                                           layer_norm_eps=c["eps"], batch_first=True, norm_first=True)
        self.blocks = nn.TransformerEncoder(layer, c["layers"], enable_nested_tensor=False)
        self.norm = nn.LayerNorm(c["hidden"], eps=c["eps"])
        self.register_buffer("mask", nn.Transformer.generate_square_subsequent_mask(seq), persistent=False)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(tokens.shape[1], device=tokens.device)
        x = self.words(tokens) + self.positions(positions)
        x = self.norm(self.blocks(x, mask=self.mask, is_causal=True))
        return x @ self.words.weight.t()


Built = tuple[nn.Module, torch.Tensor, torch.Tensor, Callable[..., torch.Tensor]]


def build(name: str, batch: int, seq: int, device: str) -> Built:
    """Model, inputs, labels and loss for one of the reference models."""
    if name == "resnet50":
        import torchvision

        model = torchvision.models.resnet50()
        images = torch.rand(batch, 3, 224, 224, device=device)
        return model, images, torch.randint(0, 1000, (batch,), device=device), F.cross_entropy
    if name == "bert-base":
        tokens = torch.randint(0, BERT["vocab"], (batch, BERT["seq"]), device=device)
        return Bert(), tokens, torch.randint(0, BERT["classes"], (batch,), device=device), F.cross_entropy
    if name == "gpt2-small":
        tokens = torch.randint(0, GPT2["vocab"], (batch, seq + 1), device=device)

        def lm_loss(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
            return F.cross_entropy(logits.reshape(-1, logits.shape[-1]).float(), labels.reshape(-1))

        return Gpt2(seq), tokens[:, :-1].contiguous(), tokens[:, 1:].contiguous(), lm_loss
    raise SystemExit(f"unknown model {name!r}")


def train_step(model: nn.Module, inputs: torch.Tensor, labels: torch.Tensor,
               loss_fn: Callable[..., torch.Tensor], dtype: Any, device: str) -> Callable[[], float]:
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, betas=(0.9, 0.999), eps=1e-8,
                                  weight_decay=0.01)
    scaler = torch.amp.GradScaler(device, enabled=dtype is torch.float16)

    def step() -> float:
        optimizer.zero_grad(set_to_none=True)
        with torch.autocast(device, dtype=dtype or torch.float32, enabled=dtype is not None):
            loss = loss_fn(model(inputs).float(), labels)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
        if device == "cuda":
            torch.cuda.synchronize()
        return float(loss.item())

    return step


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True, choices=("resnet50", "bert-base", "gpt2-small"))
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--precision", default="bf16", choices=tuple(PRECISIONS))
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--min-time", type=float, default=5.0)
    parser.add_argument("--seq-len", type=int, default=GPT2["seq"])
    parser.add_argument("--channels-last", action="store_true")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--fwprof-model", action="store_true",
                        help="build the model with fwprof's definition (the loop, data, loss and "
                             "optimizer stay this file's): separates the harness's cost from the "
                             "models' kernels")
    args = parser.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = False
    model, inputs, labels, loss_fn = build(args.model, args.batch, args.seq_len, args.device)
    if args.fwprof_model:
        from fwprof.workloads.reference.torch_models import build_torch_model

        model = build_torch_model(args.model, "full", args.seq_len if args.model == "gpt2-small" else None)
    model = model.to(args.device)
    if args.channels_last:
        model = model.to(memory_format=torch.channels_last)
        inputs = inputs.contiguous(memory_format=torch.channels_last)
    model.train()
    step = train_step(model, inputs, labels, loss_fn, PRECISIONS[args.precision], args.device)
    for _ in range(args.warmup + 1):
        step()
    durations: list[float] = []
    began = time.perf_counter()
    while len(durations) < args.steps or time.perf_counter() - began < args.min_time:
        start = time.perf_counter()
        step()
        durations.append(time.perf_counter() - start)
    wall = time.perf_counter() - began
    median = statistics.median(durations)
    print(json.dumps({
        "model": args.model, "batch_size": args.batch, "precision": args.precision,
        "parameters": sum(p.numel() for p in model.parameters() if p.requires_grad),
        "steps": len(durations), "median_step_s": median, "wall_s": wall,
        "samples_per_s_median": args.batch / median,
        "samples_per_s_wall": args.batch * len(durations) / wall,
    }))


if __name__ == "__main__":
    main()
