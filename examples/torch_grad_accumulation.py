"""Gradient accumulation: several micro-batches, one optimizer update.

One step is one ``optimizer.step()``, i.e. one update over ``--accumulate`` micro-batches.
With ``--no-optimizer`` (parameters updated by hand) fwprof can only count backward passes,
one per micro-batch: mark such loops with ``fwprof.step()`` after each update.

    fwprof profile examples/torch_grad_accumulation.py                 -> train 10 (40 / 4)
    fwprof profile examples/torch_grad_accumulation.py --no-optimizer  -> train 40 (backward passes)
"""

from __future__ import annotations

import argparse

import torch
from torch import nn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--micro-batches", type=int, default=40)
    parser.add_argument("--accumulate", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--no-optimizer", action="store_true", help="update parameters by hand")
    args = parser.parse_args()
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 2))
    optimizer = None if args.no_optimizer else torch.optim.AdamW(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    model.zero_grad()
    for index in range(args.micro_batches):
        x = torch.randn(args.batch_size, 16)
        y = (x.sum(dim=1) > 0).long()
        loss = loss_fn(model(x), y) / args.accumulate
        loss.backward()
        if (index + 1) % args.accumulate == 0:
            update(model, optimizer)
    print(f"{args.micro_batches // args.accumulate} updates, last loss {loss.item():.4f}")


def update(model: nn.Module, optimizer: torch.optim.Optimizer | None) -> None:
    """One update from the accumulated gradients, then clear them."""
    if optimizer is not None:
        optimizer.step()
    else:
        with torch.no_grad():
            for p in model.parameters():
                p.add_(p.grad, alpha=-0.01)
    model.zero_grad()


if __name__ == "__main__":
    main()
