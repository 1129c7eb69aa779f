"""A PyTorch DataLoader loop with a validation pass after each epoch.

fwprof counts each ``optimizer.step()`` as a train step. A plain PyTorch validation loop steps
no optimizer and runs no backward pass, so fwprof sees no step there: with ``--mark-steps`` the
script marks its steps itself (``fwprof.step()`` and ``fwprof.step(kind="eval")``).

    fwprof profile examples/torch_dataloader.py                -> train 20 (2 epochs x 10 batches)
    fwprof profile examples/torch_dataloader.py --mark-steps   -> train 20, eval 6 (2 x 3 batches)
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def step_markers(enabled: bool) -> tuple[Callable[[], None], Callable[[], None]]:
    """``(train step, eval step)`` markers: fwprof's when asked for, else no-ops."""
    if not enabled:
        return (lambda: None), (lambda: None)
    import fwprof

    return fwprof.step, (lambda: fwprof.step(kind="eval"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--samples", type=int, default=320)
    parser.add_argument("--val-samples", type=int, default=96)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--mark-steps", action="store_true", help="call fwprof.step() in the loops")
    args = parser.parse_args()
    mark_train, mark_eval = step_markers(args.mark_steps)
    torch.manual_seed(0)
    features = torch.randn(args.samples + args.val_samples, 16)
    labels = (features.sum(dim=1) > 0).long()
    train = TensorDataset(features[:args.samples], labels[:args.samples])
    val = TensorDataset(features[args.samples:], labels[args.samples:])
    train_loader = DataLoader(train, batch_size=args.batch_size, shuffle=True)
    val_loader = DataLoader(val, batch_size=args.batch_size)
    model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 2))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(args.epochs):
        model.train()
        for x, y in train_loader:
            optimizer.zero_grad()
            loss_fn(model(x), y).backward()
            optimizer.step()
            mark_train()
        model.eval()
        correct = 0
        with torch.no_grad():
            for x, y in val_loader:
                correct += int((model(x).argmax(dim=1) == y).sum())
                mark_eval()
        print(f"epoch {epoch + 1}: validation accuracy {correct / len(val):.2f}")


if __name__ == "__main__":
    main()
