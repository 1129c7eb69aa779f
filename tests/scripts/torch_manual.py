"""Two optimizers per iteration and fwprof.step(): the manual steps win (3 steps, not 6)."""

import torch

import fwprof

model = torch.nn.Linear(4, 1)
first = torch.optim.SGD(model.parameters(), lr=0.1)
second = torch.optim.SGD(model.parameters(), lr=0.1)
for _ in range(3):
    for optimizer in (first, second):
        optimizer.zero_grad()
        model(torch.ones(2, 4)).sum().backward()
        optimizer.step()
    fwprof.step()
