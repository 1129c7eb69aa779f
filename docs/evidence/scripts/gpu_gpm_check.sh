#!/usr/bin/env bash
# GPU activity beyond "busy" and framework allocator memory, on a real NVIDIA GPU (issue 21).
#
# Needs: torch with CUDA, nvidia-ml-py, psutil (no TensorFlow, no Qt). Run from the repository
# root:  bash docs/evidence/scripts/gpu_gpm_check.sh
# It runs a short PyTorch ResNet-50 (small size) training run on cuda through `python -m fwprof
# run`, prints fwprof's own report, then from the snapshot: the NVML GPM series next to busy %,
# the run summary's GPM figures, the "unavailable" reasons and torch's allocator readings; then
# a direct pynvml GPM read (two samples 1 s apart while a matmul loop runs) and torch's own
# allocator figures, to cross-check. OUT (default: a temporary folder) keeps the snapshot.
set -euo pipefail
PYTHON=${PYTHON:-python3}
DEVICE=${DEVICE:-cuda}
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
SNAPSHOT="$OUT/gpm-check.fwprof"

echo "== environment"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
"$PYTHON" -c 'import torch, pynvml; print("torch", torch.__version__, "cuda", torch.version.cuda,
"available", torch.cuda.is_available()); print("nvidia-ml-py", getattr(pynvml, "__version__", "?"))'

echo "== fwprof run (torch resnet50 small, train eager, $DEVICE)"
"$PYTHON" -m fwprof run --framework torch --workload resnet50 --size small --task train \
    --mode eager --device "$DEVICE" --repeats 1 --steps 30 --min-time 6 --warmup 5 \
    --warmup-max 2 --rate 10 --quiet -o "$SNAPSHOT"

echo "== from the snapshot"
"$PYTHON" - "$SNAPSHOT" <<'PY'
import math
import sys

import numpy as np

from fwprof.sampling.store import TimeSeriesStore
from fwprof.snapshot import load_snapshot

GPM = ("sm_active_percent", "sm_occupancy_percent", "tensor_active_percent", "dram_bw_percent")
record = load_snapshot(sys.argv[1])
for run in record.runs:
    print(f"run {run.run_id} status={run.status} steps={len(run.steps)}")
    store = TimeSeriesStore.from_dict(run.series["series"])
    measure = run.phase("measure")
    for name in ("gpu0_busy_percent", *(f"gpu0_{m}" for m in GPM), *(f"gpu_{m}" for m in GPM)):
        t, values = store.series(name)
        finite = values[np.isfinite(values)]
        inside = values[np.isfinite(values) & (t >= measure.start) & (t <= (measure.end or math.inf))] \
            if measure else finite
        print(f"  {name:28s} samples={finite.size:4d} mean={np.mean(finite) if finite.size else float('nan'):6.1f}"
              f" max={np.max(finite) if finite.size else float('nan'):6.1f}"
              f" measure-phase mean={np.mean(inside) if inside.size else float('nan'):6.1f} (n={inside.size})")
        print(f"    first values: {[round(float(v), 1) for v in finite[:8]]}")
    gpu = run.resources.get("gpu") or {}
    print("  summary gpu:", {k: gpu.get(k) for k in ("available", "reason", "busy_percent_mean",
                                                      *(f"{m}_mean" for m in GPM), *(f"{m}_peak" for m in GPM))})
    print("  unavailable (gpu*):", {k: v for k, v in (run.resources.get("unavailable") or {}).items()
                                    if k.startswith("gpu")})
    memory = [e for e in run.events if e.get("k") == "memory"]
    print(f"  allocator memory events: {len(memory)}")
    for event in memory[:3] + memory[-2:]:
        print("   ", {k: event.get(k) for k in ("source", "allocated_bytes", "reserved_bytes",
                                                 "peak_allocated_bytes", "note")})
    mib = 2**20
    peaks = {k: max((e[k] for e in memory if e.get(k) is not None), default=None)
             for k in ("allocated_bytes", "reserved_bytes", "peak_allocated_bytes")}
    print("  allocator peaks MiB:", {k: None if v is None else round(v / mib, 1) for k, v in peaks.items()},
          "| peak RSS MiB:", round((run.resources.get("rss_bytes_peak") or 0) / mib, 1),
          "| NVML process GPU memory peak MiB:", round((gpu.get("proc_mem_bytes_peak") or 0) / mib, 1))
PY

echo "== direct pynvml GPM read while torch runs matmuls (cross-check)"
"$PYTHON" - <<'PY'
import threading
import time

import pynvml
import torch

pynvml.nvmlInit()
handle = pynvml.nvmlDeviceGetHandleByIndex(0)
supported = bool(pynvml.nvmlGpmQueryDeviceSupport(handle).isSupportedDevice)
print("GPM supported:", supported)
stop = threading.Event()


def work() -> None:
    a = torch.randn(8192, 8192, device="cuda", dtype=torch.bfloat16)
    while not stop.is_set():
        for _ in range(20):
            a @ a
        torch.cuda.synchronize()


thread = threading.Thread(target=work)
thread.start()
time.sleep(1.0)
if not supported:
    print("  no direct GPM read: this GPU has no GPM; busy %", pynvml.nvmlDeviceGetUtilizationRates(handle).gpu)
    print("torch allocator now: allocated MiB", round(torch.cuda.memory_allocated() / 2**20, 1))
    stop.set()
    thread.join()
    raise SystemExit(0)
first, second = pynvml.nvmlGpmSampleAlloc(), pynvml.nvmlGpmSampleAlloc()
ids = {"SM active": pynvml.NVML_GPM_METRIC_SM_UTIL, "SM occupancy": pynvml.NVML_GPM_METRIC_SM_OCCUPANCY,
       "tensor active": pynvml.NVML_GPM_METRIC_ANY_TENSOR_UTIL, "DRAM bw": pynvml.NVML_GPM_METRIC_DRAM_BW_UTIL}
pynvml.nvmlGpmSampleGet(handle, first)
time.sleep(1.0)
pynvml.nvmlGpmSampleGet(handle, second)
busy = pynvml.nvmlDeviceGetUtilizationRates(handle).gpu
request = pynvml.c_nvmlGpmMetricsGet_t()
request.version = pynvml.NVML_GPM_METRICS_GET_VERSION
request.numMetrics = len(ids)
request.sample1, request.sample2 = first, second
for slot, metric_id in enumerate(ids.values()):
    request.metrics[slot].metricId = metric_id
pynvml.nvmlGpmMetricsGet(request)
for slot, name in enumerate(ids):
    print(f"  {name:14s} {request.metrics[slot].value:6.1f} %  (nvmlReturn {request.metrics[slot].nvmlReturn})")
print(f"  busy (utilization) {busy} %")
print("torch allocator now: allocated MiB", round(torch.cuda.memory_allocated() / 2**20, 1),
      "reserved MiB", round(torch.cuda.memory_reserved() / 2**20, 1),
      "max allocated MiB", round(torch.cuda.max_memory_allocated() / 2**20, 1))
stop.set()
thread.join()
pynvml.nvmlGpmSampleFree(first)
pynvml.nvmlGpmSampleFree(second)
pynvml.nvmlShutdown()
PY
echo "== done; snapshot: $SNAPSHOT"
