import json, os, subprocess, sys, statistics
from dataclasses import asdict
sys.path.insert(0, "/work/main")
from fwprof.config import SessionConfig
from fwprof.launch.child_env import child_environment
from fwprof.launch.plan import plan_runs
config = SessionConfig(workloads=("mlp",), frameworks=("tensorflow",), modes=("eager",), steps=500, warmup=20, repeats=1)
spec = plan_runs(config)[0]
pads = [0, 1000, 2017, 3031, 4093]
rounds = int(sys.argv[1])
res = {p: [] for p in pads}
for r in range(rounds):
    order = pads[r % len(pads):] + pads[:r % len(pads)]
    for p in order:
        env = child_environment(spec)
        env["FWPROF_PAD"] = "x" * p
        out = subprocess.run([sys.executable, "/work/main/bench/bare_loop.py", json.dumps(asdict(spec))],
                             env=env, capture_output=True, text=True, check=True)
        d = json.loads(out.stdout.strip().splitlines()[-1])
        res[p].append(d["batch_size"] / d["median_step_s"])
    print(r, {p: round(v[-1]) for p, v in res.items()}, flush=True)
base = res[0]
for p in pads:
    print(p, round(statistics.median(res[p])), round(statistics.median([a / b for a, b in zip(res[p], base)]), 3))
