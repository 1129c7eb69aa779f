#!/usr/bin/env bash
# On a GPU machine (PyTorch + CUDA; no TensorFlow, no Qt needed): GPU-honest step times of a
# script under `fwprof profile` (issue 22). One small CUDA training script (an fp32 MLP that
# keeps the GPU busy, logging its loss with .item() every 50 steps, as scripts do) runs:
#   1-2. under fwprof with CUDA-event step timing (the default) and with it turned off
#        (FWPROF_CUDA_STEP_TIMES=0: host-side step times only), twice each in ABBA order,
#   3. as a bare loop that calls torch.cuda.synchronize() after every step (the reference).
# Printed: p50/p99 step times of each clock and the steps/s of each run (the cost of the events
# shows as the rate with events over the rate without), and the host cost of Event.record().
# Usage (from the repository root): docs/evidence/scripts/gpu_script_steps_check.sh OUT_DIR [STEPS]
set -uo pipefail
out=$1; steps=${2:-400}; mkdir -p "$out"
extra=${TRAIN_ARGS:-}  # e.g. "--device cpu --width 64" for a smoke test without a GPU
out=$(cd "$out" && pwd)
python=${PYTHON:-python}

cat > "$out/cuda_train.py" <<'EOF'
"""A small CUDA training loop: GPU-bound fp32 MLP; --bare times each step with a synchronize."""
import argparse, json, time
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--steps", type=int, default=400)
parser.add_argument("--bare", action="store_true")
parser.add_argument("--device", default="cuda")  # cpu: a smoke test of this script only
parser.add_argument("--width", type=int, default=4096)
args = parser.parse_args()
torch.backends.cuda.matmul.allow_tf32 = False
torch.manual_seed(0)
width, depth, batch = args.width, 6, 1024
device = torch.device(args.device)
sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
layers = []
for _ in range(depth):
    layers += [torch.nn.Linear(width, width), torch.nn.ReLU()]
model = torch.nn.Sequential(*layers, torch.nn.Linear(width, 10)).to(device)
opt = torch.optim.SGD(model.parameters(), lr=1e-3)
x = torch.randn(batch, width, device=device)
y = torch.randint(0, 10, (batch,), device=device)
times = []
sync()
start = last = time.perf_counter()
for step in range(args.steps):
    opt.zero_grad(set_to_none=True)
    loss = torch.nn.functional.cross_entropy(model(x), y)
    loss.backward()
    opt.step()
    if step % 50 == 49:
        print(f"step {step + 1} loss {loss.item():.4f}")
    if args.bare:
        sync()
        now = time.perf_counter()
        times.append(now - last)
        last = now
sync()
if args.bare:
    wall = time.perf_counter() - start
    record_us = None
    if device.type == "cuda":  # the host cost of what fwprof adds per step: one Event.record()
        events = [torch.cuda.Event(enable_timing=True) for _ in range(2000)]
        began = time.perf_counter()
        for event in events:
            event.record()
        record_us = (time.perf_counter() - began) / len(events) * 1e6
        sync()
    print("BARE " + json.dumps({"step_s": times, "wall_s": wall, "steps": args.steps,
                                "event_record_us": record_us}))
EOF

echo "== environment"
"$python" -c "import torch; print('torch', torch.__version__, 'cuda', torch.version.cuda, torch.cuda.is_available() and torch.cuda.get_device_name(0))"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true

profile() {  # name, then env assignments for fwprof (and so the script)
  local name=$1; shift
  env "$@" "$python" -m fwprof profile --quiet -o "$out/$name.fwprof" "$out/cuda_train.py" \
    --steps "$steps" $extra > "$out/$name.txt" 2>&1; echo "$name: exit $?"
}
# ABBA: with events, without, without, with (drift hits both alike)
echo "== 1-2. fwprof profile with CUDA-event step times (default) and without (FWPROF_CUDA_STEP_TIMES=0)"
profile events1 FWPROF_CUDA_STEP_TIMES=1
profile host1 FWPROF_CUDA_STEP_TIMES=0
profile host2 FWPROF_CUDA_STEP_TIMES=0
profile events2 FWPROF_CUDA_STEP_TIMES=1
echo "== 3. bare loop, torch.cuda.synchronize() after every step"
"$python" "$out/cuda_train.py" --steps "$steps" --bare $extra > "$out/bare.txt" 2>&1; echo "exit $?"

"$python" - "$out" <<'EOF'
import json, sys
from pathlib import Path
import numpy as np
from fwprof.outputs.summary import build_summary
from fwprof.snapshot import load_snapshot

out = Path(sys.argv[1])

def pct(values_s):
    ms = np.asarray(values_s) * 1e3
    return f"p50 {np.percentile(ms, 50):8.2f} ms  p99 {np.percentile(ms, 99):8.2f} ms  (n={ms.size})"

def fwprof_run(name):
    record = load_snapshot(out / f"{name}.fwprof")
    run, = record.runs
    script, = build_summary(record)["scripts"]
    host = run.step_durations[1:]
    wall = (run.step_ends[-1] - run.step_ends[0]) / (run.step_ends.size - 1)
    gpu = [v for e in run.events if e.get("k") == "gpu_steps" for v in e.get("dur", [])]
    return script, host, gpu, 1.0 / wall

rows = {}
for name in ("events1", "host1", "host2", "events2"):
    script, host, gpu, rate = fwprof_run(name)
    print(f"[{name}] clock: {script.get('step_times', {}).get('clock')}; steps {script['steps']}; "
          f"wall-clock rate {rate:.2f} steps/s; summary steps/s {script['steps_per_s']:.2f}")
    print(f"  host-side step times:   {pct(host)}")
    if gpu:
        print(f"  CUDA-event step times:  {pct(gpu)}")
    rows[name] = rate
line = next(l for l in (out / "bare.txt").read_text().splitlines() if l.startswith("BARE "))
bare = json.loads(line[5:])
print(f"[bare, synchronize per step] wall-clock rate {bare['steps'] / bare['wall_s']:.2f} steps/s")
print(f"  synchronized step times: {pct(bare['step_s'][1:])}")
with_events = (rows["events1"] * rows["events2"]) ** 0.5
without = (rows["host1"] * rows["host2"]) ** 0.5
print(f"cost of CUDA events: rate with events / without = {with_events / without:.4f} (geometric means); "
      f"one Event.record() on the host: {bare['event_record_us']} us")
EOF
