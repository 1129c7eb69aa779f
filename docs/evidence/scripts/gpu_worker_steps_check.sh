#!/usr/bin/env bash
# On a GPU machine (PyTorch + CUDA; no TensorFlow, no Qt needed): steps from the worker processes
# of a script under `fwprof profile` (issue 22), on that machine's Python and torch.
#   1. hogwild: 2 torch.multiprocessing spawn workers, each 40 optimizer steps on its own GPU
#      copy of a model (CUDA in the workers only), expected 80 steps, 40 per worker pid;
#   2. fwprof.step() in 2 workers (13 and 29 steps) started with spawn, fork and forkserver;
#   3. the script sees a terminal (isatty) when fwprof runs on one (python's pty).
# Usage (from the repository root): docs/evidence/scripts/gpu_worker_steps_check.sh OUT_DIR
set -uo pipefail
out=$1; mkdir -p "$out"; out=$(cd "$out" && pwd)
python=${PYTHON:-python}
export FWPROF_RECOVERY_DIR="$out/recovery"

cat > "$out/hogwild.py" <<'EOF'
import torch, torch.multiprocessing as mp

def train(rank, steps):
    device = f"cuda:{rank % torch.cuda.device_count()}" if torch.cuda.is_available() else "cpu"
    model = torch.nn.Sequential(torch.nn.Linear(256, 256), torch.nn.ReLU(), torch.nn.Linear(256, 1)).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    data, target = torch.randn(64, 256, device=device), torch.randn(64, 1, device=device)
    for _ in range(steps):
        optimizer.zero_grad()
        torch.nn.functional.mse_loss(model(data), target).backward()
        optimizer.step()
    print("worker", rank, device, flush=True)

if __name__ == "__main__":
    mp.spawn(train, args=(40,), nprocs=2)
EOF

cat > "$out/manual.py" <<'EOF'
import multiprocessing, sys, fwprof

def work(steps):
    for _ in range(steps):
        fwprof.step()

if __name__ == "__main__":
    context = multiprocessing.get_context(sys.argv[1])
    workers = [context.Process(target=work, args=(steps,)) for steps in (13, 29)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
EOF

show() {  # the summary's steps and steps by process
  "$python" -c "import json, sys; s = json.load(open(sys.argv[1]))['scripts'][0]; \
print(sys.argv[2], s['status'], 'steps', s['steps'], 'by process', s['steps_by_process'])" "$1" "$2"
}

"$python" -c "import sys, torch; print('python', sys.version.split()[0], 'torch', torch.__version__, 'cuda', torch.cuda.is_available())"
"$python" -m fwprof profile --quiet --json-file "$out/hogwild.json" "$out/hogwild.py" >"$out/hogwild.txt" && show "$out/hogwild.json" hogwild
for method in spawn fork forkserver; do
  "$python" -m fwprof profile --quiet --json-file "$out/$method.json" "$out/manual.py" "$method" >/dev/null && show "$out/$method.json" "$method"
done

"$python" - "$out" <<'EOF'
import os, pty, sys
out = sys.argv[1]
with open(f"{out}/tty.py", "w") as script:
    script.write("import sys\nprint('isatty', sys.stdout.isatty(), sys.stderr.isatty())\n")
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-m", "fwprof", "profile", "--quiet", f"{out}/tty.py"])
data = b""
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    data += chunk
os.waitpid(pid, 0)
print("under a pty:", [line for line in data.decode().splitlines() if "isatty" in line])
EOF
