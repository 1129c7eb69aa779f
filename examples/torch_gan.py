"""A small GAN: a discriminator and a generator, each with its own Adam optimizer.

Each iteration steps both optimizers once; fwprof counts one step per iteration (a round of
optimizers: a step begins each time the first optimizer of the round steps again).

    fwprof profile examples/torch_gan.py    -> train 25
"""

from __future__ import annotations

import argparse

import torch
from torch import nn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--iterations", type=int, default=25)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--latent", type=int, default=8)
    args = parser.parse_args()
    torch.manual_seed(0)
    generator = nn.Sequential(nn.Linear(args.latent, 32), nn.ReLU(), nn.Linear(32, 2))
    discriminator = nn.Sequential(nn.Linear(2, 32), nn.LeakyReLU(0.2), nn.Linear(32, 1))
    opt_d = torch.optim.Adam(discriminator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(generator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    bce = nn.BCEWithLogitsLoss()
    real_label = torch.ones(args.batch_size, 1)
    fake_label = torch.zeros(args.batch_size, 1)
    for iteration in range(args.iterations):
        real = torch.randn(args.batch_size, 2) * 0.5 + torch.tensor([2.0, -1.0])
        fake = generator(torch.randn(args.batch_size, args.latent))
        opt_d.zero_grad()
        loss_d = bce(discriminator(real), real_label) + bce(discriminator(fake.detach()), fake_label)
        loss_d.backward()
        opt_d.step()
        opt_g.zero_grad()
        loss_g = bce(discriminator(fake), real_label)
        loss_g.backward()
        opt_g.step()
        if (iteration + 1) % 5 == 0:
            print(f"iteration {iteration + 1}: D {loss_d.item():.3f}, G {loss_g.item():.3f}")


if __name__ == "__main__":
    main()
