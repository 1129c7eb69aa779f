"""On a GPU machine (PyTorch only): fwprof on the full-size reference models in bf16, against an
independent bare PyTorch loop of the same model in the same call (bench/bare_reference.py).

For each model: ``fwprof run`` (2 fresh processes, train, eager) saved to OUT_DIR, then the
bare loop twice; prints fwprof's throughput (median step and wall clock), GPU busy % and
samples in the measure phase, the bare loop's, and their ratio.

``--fwprof-model`` makes the bare loop build fwprof's own model definition (its loop, data,
loss and optimizer stay its own): the harness's cost apart from the models' kernels.
``--models a,b`` runs only those.

Usage: python docs/evidence/scripts/gpu_reference_check.py OUT_DIR [--fwprof-model] [--models ...]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

#: model -> (batch size, extra fwprof options, extra bare-loop options)
MODELS = {
    "resnet50": (256, ["--channels-last"], ["--channels-last"]),
    "bert-base": (64, [], []),
    "gpt2-small": (8, [], []),
}


def fwprof(model: str, batch: int, extra: list[str], out: Path, suffix: str) -> dict[str, object]:
    command = [sys.executable, "-m", "fwprof", "run", "--framework", "torch", "--workload", model,
               "--size", "full", "--precision", "bf16", "--device", "cuda", "--mode", "eager",
               "--batch-size", str(batch), "--repeats", "2", "--min-time", "5", "--warmup-max", "10",
               "--quiet", "--json", "-o", str(out / f"h200-{model}-full-bf16{suffix}.fwprof"), *extra]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"fwprof failed for {model}: {done.stderr[-3000:]}")
    summary: dict[str, object] = json.loads(done.stdout)
    return summary


def bare(model: str, batch: int, extra: list[str]) -> dict[str, float]:
    command = [sys.executable, "bench/bare_reference.py", "--model", model, "--batch", str(batch),
               "--precision", "bf16", "--min-time", "5", "--warmup", "20", *extra]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    out = Path(sys.argv[1])
    same_model = ["--fwprof-model"] if "--fwprof-model" in sys.argv else []
    chosen = sys.argv[sys.argv.index("--models") + 1].split(",") if "--models" in sys.argv else MODELS
    suffix = "-fwprof-model" if same_model else ""
    rows = []
    for model in chosen:
        batch, fw_extra, bare_extra = MODELS[model]
        summary = fwprof(model, batch, fw_extra, out, suffix)
        bares = [bare(model, batch, bare_extra + same_model) for _ in range(2)]
        runs = [r for r in summary["runs"] if r["status"] == "ok"]  # type: ignore[index,union-attr]
        group = summary["groups"][0]  # type: ignore[index]
        fw_median = statistics.median(r["throughput"]["median"] for r in runs)
        fw_wall = statistics.median(r["wall_throughput"] for r in runs)
        bare_median = statistics.median(b["samples_per_s_median"] for b in bares)
        bare_wall = statistics.median(b["samples_per_s_wall"] for b in bares)
        rows.append({
            "model": model, "batch": batch, "parameters": group["parameters"],
            "bare_parameters": bares[0]["parameters"],
            "fwprof_samples_per_s": fw_median, "fwprof_wall_samples_per_s": fw_wall,
            "bare_samples_per_s": bare_median, "bare_wall_samples_per_s": bare_wall,
            "ratio_median": fw_median / bare_median, "ratio_wall": fw_wall / bare_wall,
            "gpu_busy_percent": group["gpu_busy_percent"],
            "measure_samples": [r["measure_resources"].get("samples") for r in runs],
            "warmup": [r["warmup"] for r in runs],
        })
        row = rows[-1]
        print(f"{model:11} batch {batch:4} params {row['parameters']:,} (bare {row['bare_parameters']:,}) "
              f"fwprof {fw_median:9.1f} /s (wall {fw_wall:9.1f})  bare {bare_median:9.1f} /s "
              f"(wall {bare_wall:9.1f})  ratio {row['ratio_median']:.3f} (wall {row['ratio_wall']:.3f})  "
              f"GPU busy {row['gpu_busy_percent']}  samples {row['measure_samples']}", flush=True)
    (out / f"h200-reference-vs-bare{suffix}.json").write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
