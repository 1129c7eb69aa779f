"""``fwprof list``: what can run here."""

from __future__ import annotations

import argparse
import json

from fwprof.catalog import (
    BUILTIN_WORKLOADS,
    DEPLOY_TASK,
    DEVICES,
    FRAMEWORK_LABELS,
    MODE_COVERAGE,
    MODE_MEANINGS,
    MODES,
    PRECISIONS,
    REFERENCE_WORKLOADS,
    SEQUENCE_MODELS,
    SIZES,
    TASKS,
    WORKLOADS,
    default_batch_size,
)
from fwprof.deploy_formats import format_listing
from fwprof.environment import installed_frameworks
from fwprof.report.workload_fields import parameters_text
from fwprof.sampling.nvml import GpuContext
from fwprof.workloads.reference.counts import parameter_count


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("list", help="workloads, tasks, modes, frameworks and devices")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    listing = collect()
    print(json.dumps(listing, indent=2) if args.json else render(listing))
    return 0


def collect() -> dict[str, object]:
    """Everything ``fwprof list`` reports, as data."""
    gpu = GpuContext.open()
    try:
        gpu_info = gpu.to_dict()
    finally:
        gpu.close()
    return {
        "workloads": {name: w.description for name, w in WORKLOADS.items()},
        "sizes": reference_sizes(),
        "precisions": list(PRECISIONS),
        "tasks": list(TASKS),
        "modes": MODE_MEANINGS,
        "mode_coverage": MODE_COVERAGE,
        "frameworks": installed_frameworks(),
        "devices": {"cpu": True, "cuda": bool(gpu_info.get("available"))},
        "gpu": gpu_info,
        "deploy_formats": format_listing(),
    }


def render(listing: dict[str, object]) -> str:
    lines = ["Workloads (built-in, one size):"]
    lines += [f"  {name:<12} {WORKLOADS[name].description}" for name in BUILTIN_WORKLOADS]
    lines += ["", "Reference models (--size: trainable parameters and default batch per size; "
              f"--seq-len for {' and '.join(SEQUENCE_MODELS)}):"]
    for name in REFERENCE_WORKLOADS:
        lines += [f"  {name:<12} {WORKLOADS[name].description}", f"  {'':<12} {_sizes_text(name)}"]
    lines += ["", f"Tasks: {', '.join(TASKS)}", f"Precisions: {', '.join(PRECISIONS)}", "", "Modes:"]
    for mode in MODES:
        lines.append(f"  {mode}{'' if _like_for_like(mode) else '  (not like for like)'}")
        lines += [f"    {FRAMEWORK_LABELS[fw]:<11} {m}" for fw, m in MODE_MEANINGS[mode].items()]
    lines += ["", "Frameworks:"]
    frameworks = listing["frameworks"]
    assert isinstance(frameworks, dict)
    for name, version in frameworks.items():
        state = f"{version}" if version else f"not installed (pip install 'fwprof[{name}]')"
        lines.append(f"  {name:<11} {state}")
    gpu = listing["gpu"]
    assert isinstance(gpu, dict)
    cuda = "available" if gpu.get("available") else f"not available ({gpu.get('reason')})"
    lines += ["", f"Devices: {', '.join(DEVICES)} (cuda {cuda})"]
    return "\n".join(lines + deploy_lines(listing))


def reference_sizes() -> dict[str, dict[str, dict[str, int]]]:
    """Per reference model and size: trainable parameters and the default batch size."""
    return {name: {size: {"parameters": parameter_count(name, size),
                          "batch_size": default_batch_size(name, size)} for size in SIZES}
            for name in REFERENCE_WORKLOADS}


def _sizes_text(name: str) -> str:
    """``tiny 131k (batch 4) · small 6.0M (batch 8) · full 25.6M (batch 32)``."""
    return " · ".join(f"{size} {parameters_text(parameter_count(name, size))} "
                      f"(batch {default_batch_size(name, size)})" for size in SIZES)


def _like_for_like(mode: str) -> bool:
    """Both frameworks put the same part of the step in a graph in this mode."""
    return len(set(MODE_COVERAGE[mode].values())) == 1


def deploy_lines(listing: dict[str, object]) -> list[str]:
    """The formats of ``--task deploy`` per framework, and what is missing for any of them."""
    formats = listing.get("deploy_formats")
    if not isinstance(formats, dict):
        return []
    lines = ["", f"Deployment formats (--task {DEPLOY_TASK}):"]
    for framework, entries in formats.items():
        for entry in entries:
            state = "" if entry["installed"] else f"  [not installed: {entry['missing']}]"
            lines.append(f"  {FRAMEWORK_LABELS.get(framework, framework):<11} {entry['name']:<13} "
                         f"{entry['exporter']} -> {entry['runtime']}{state}")
    return lines

