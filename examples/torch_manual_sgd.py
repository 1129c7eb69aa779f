"""Parameters updated by hand, no ``torch.optim`` optimizer (as PyTorch's word language model).

No optimizer steps, so fwprof counts backward passes: one ``loss.backward()`` per iteration.

    fwprof profile examples/torch_manual_sgd.py    -> train 30 (backward passes)
"""

from __future__ import annotations

import argparse

import torch
from torch import nn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=0.05)
    args = parser.parse_args()
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(16, 32), nn.Tanh(), nn.Linear(32, 1))
    loss_fn = nn.MSELoss()
    for step in range(args.steps):
        x = torch.randn(args.batch_size, 16)
        y = x.sum(dim=1, keepdim=True)
        model.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        with torch.no_grad():
            for p in model.parameters():
                p.data.add_(p.grad, alpha=-args.lr)
        if (step + 1) % 10 == 0:
            print(f"step {step + 1}: loss {loss.item():.4f}")


if __name__ == "__main__":
    main()
