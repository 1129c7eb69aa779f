import json, os, subprocess, sys, tempfile, statistics, threading
from dataclasses import asdict
sys.path.insert(0, "/work/main")
from bench.harness_overhead import fwprof_run
from fwprof.config import SessionConfig
from fwprof.launch.child_env import child_environment
from fwprof.launch.plan import plan_runs
from fwprof.protocol import decode
import numpy as np
fw = sys.argv[1]; rounds = int(sys.argv[2])
config = SessionConfig(workloads=("mlp",), frameworks=(fw,), modes=("eager",), steps=500, warmup=20,
                       repeats=1, sample_rate_hz=10.0)
spec = plan_runs(config)[0]
cwd = tempfile.mkdtemp()
def bare(new_session):
    kw = dict(start_new_session=True) if new_session else {}
    out = subprocess.run([sys.executable, "/work/main/bench/bare_loop.py", json.dumps(asdict(spec))],
                         env=child_environment(spec), capture_output=True, text=True, check=True, **kw)
    r = json.loads(out.stdout.strip().splitlines()[-1])
    return r["batch_size"] / r["median_step_s"]
def child_drain():
    r, w = os.pipe()
    p = subprocess.Popen([sys.executable, "-m", "fwprof.child", "--event-fd", str(w), "--spec", json.dumps(asdict(spec))],
                         pass_fds=(w,), env=child_environment(spec), stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd)
    os.close(w)
    data = b""
    with os.fdopen(r, "rb") as f:
        data = f.read()
    p.communicate()
    durs = []
    for line in data.splitlines():
        e = json.loads(line)
        if e.get("k") == "steps":
            durs += e.get("dur", [])
    if not durs:
        raise SystemExit(data[:2000])
    return spec.batch_size / float(np.median(durs))
def fwp():
    run = fwprof_run(config)
    return spec.batch_size / float(np.median(run.step_durations))
variants = {"bare": lambda: bare(False), "bare_session": lambda: bare(True), "child_drain": child_drain, "fwprof": fwp}
names = list(variants)
res = {n: [] for n in names}
for r in range(rounds):
    k = r % len(names)
    for n in names[k:] + names[:k]:
        res[n].append(variants[n]())
    print(r, {n: round(v[-1]) for n, v in res.items()}, flush=True)
for n in names:
    print(n, round(statistics.median(res[n])), "ratio to bare", round(statistics.median([a / b for a, b in zip(res[n], res["bare"])]), 3))
json.dump(res, open(f"/tmp/b/variants2_{fw}.json", "w"))
