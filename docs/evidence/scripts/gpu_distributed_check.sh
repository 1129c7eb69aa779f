#!/usr/bin/env bash
# On a GPU machine (PyTorch only): fwprof's distributed scenario on the full-size reference
# models in bf16 at the worker counts given (default 1: the single-GPU kind), then an
# independent bare PyTorch loop of the same model and batch (bench/bare_reference.py).
# Usage: docs/evidence/scripts/gpu_distributed_check.sh OUT_DIR [WORKERS]
set -uo pipefail
out=$1; workers=${2:-1}; mkdir -p "$out"
export NCCL_NVLS_ENABLE=0  # NVLink multicast off, as the device notes ask
run() {  # model batch extra...
  local model=$1 batch=$2; shift 2
  python -m fwprof run --task distributed --workload "$model" --size full --precision bf16 \
    --batch-size "$batch" --workers "$workers" --device cuda --framework torch --steps 40 \
    --warmup 10 --repeats 2 "$@" -o "$out/h200-distributed-$model.fwprof" > "$out/h200-distributed-$model.txt" 2>&1
  echo "fwprof $model: exit $?"
  python bench/bare_reference.py --model "$model" --batch "$batch" --steps 40 --warmup 10 "$@" \
    > "$out/h200-bare-$model.json" 2>"$out/h200-bare-$model.err"
  echo "bare $model: exit $?"
}
run resnet50 256 --channels-last
run gpt2-small 8
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv > "$out/h200-gpu.csv"
