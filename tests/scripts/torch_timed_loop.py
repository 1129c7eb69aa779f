"""A PyTorch loop that trains for ARGV[1] seconds (default 3) and logs to stderr, as libraries
do (TensorFlow's start-up lines): information, not errors. ARGV[2] == "fail" exits 1 after."""
import sys
import time

import torch
from torch import nn

print("starting", file=sys.stderr, flush=True)
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 2))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
x, y = torch.randn(64, 32), torch.randint(0, 2, (64,))
end = time.monotonic() + float(sys.argv[1] if len(sys.argv) > 1 else 3)
steps = 0
while time.monotonic() < end:
    opt.zero_grad()
    nn.functional.cross_entropy(model(x), y).backward()
    opt.step()
    steps += 1
    time.sleep(0.005)
print(f"info: {steps} steps", file=sys.stderr, flush=True)
if sys.argv[2:] == ["fail"]:
    sys.exit("the loop failed on purpose")
