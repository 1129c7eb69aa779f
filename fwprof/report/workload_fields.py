"""What every view shows about a run's model next to its figures: name, size, precision.

The summary's ``workload`` is the workload label (``resnet50/tiny``; built-in workloads: their
name), which configurations are grouped and paired on; these fields spell it out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fwprof.catalog import FRAMEWORK_LABELS, is_reference
from fwprof.config import RunSpec
from fwprof.report.sections import WorkloadFields
from fwprof.results import RunResult


def spec_fields(spec: RunSpec) -> WorkloadFields:
    """``model`` (the workload's name), ``size`` (None for a built-in workload, which has one),
    ``seq_len`` (None: the model's own) and ``precision`` of one run."""
    return WorkloadFields(model=spec.workload, size=spec.size if is_reference(spec.workload) else None,
                          seq_len=spec.seq_len or None, precision=spec.precision, data=spec.data,
                          model_file=spec.model_file or None)


def loader_fields(runs: list[RunResult]) -> dict[str, Any] | None:
    """``--data pipeline``: the input pipeline's own throughput (median over the runs), its
    workers and kind; None when batches came from memory."""
    found = [r.info["loader"] for r in runs if isinstance(r.info.get("loader"), dict)]
    rates = sorted(float(f["samples_per_s"]) for f in found
                   if isinstance(f.get("samples_per_s"), (int, float)))
    if not rates:
        return None
    return {"samples_per_s": rates[len(rates) // 2], "workers": found[0].get("workers"),
            "kind": found[0].get("kind")}


def runs_fields(runs: list[RunResult]) -> WorkloadFields:
    """:func:`spec_fields` of a configuration's runs (they share them), or all None."""
    return spec_fields(runs[0].run_spec) if runs else WorkloadFields()


def common_parameters(counts: list[int | None]) -> int | None:
    """The trainable-parameter count the runs agree on (None: unknown, or they differ)."""
    found = {count for count in counts if count is not None}
    return found.pop() if len(found) == 1 else None


def parameters_text(count: int | None) -> str:
    """A parameter count for a table cell: ``25.6M``, ``131k``, ``950``; ``-`` when unknown."""
    if count is None:
        return "-"
    if count >= 1_000_000:
        return f"{count / 1e6:.1f}M"
    if count >= 1_000:
        return f"{count / 1e3:.0f}k"
    return str(count)


def pair_parameters_text(counts: Mapping[str, int | None]) -> str:
    """A comparison's parameter counts: one figure when both frameworks agree, else each."""
    known = {name: count for name, count in counts.items() if count is not None}
    if len(set(known.values())) == 1:
        return parameters_text(next(iter(known.values())))
    if not known:
        return "-"
    return " / ".join(f"{FRAMEWORK_LABELS.get(name, name)} {parameters_text(count)}"
                      for name, count in known.items())
