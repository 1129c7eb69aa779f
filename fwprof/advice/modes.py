"""Rules about execution modes: eager vs graph vs compiled, compile time, retracing."""

from __future__ import annotations

import math
from typing import Any

from fwprof.advice.base import (
    AdviceContext,
    Finding,
    label,
    row_scope,
    samples_per_s,
    scope_of,
    throughput,
)
from fwprof.catalog import MODE_NAMES
from fwprof.effort.startup import model_graph_breaks
from fwprof.report.sections import GroupRow

#: A faster mode must beat the slower one by this factor (and their CIs must not overlap).
MIN_SPEEDUP = 1.2
#: torch.compile / XLA counts as slower from this factor on (CIs apart).
MIN_SLOWDOWN = 1.1
#: Without intervals, a mode must differ by this factor: the same loop in fresh processes
#: varied by up to +-25 % on the 2-core VM.
ONE_PROCESS_FACTOR = 1.5
#: What a compiled mode is measured against: PyTorch eager, TensorFlow tf.function.
COMPILE_BASELINE: dict[str, str] = {"torch": "eager", "tensorflow": "graph"}


def _meaning(framework: str, mode: str) -> str:
    return MODE_NAMES.get(mode, {}).get(framework, mode)


def _apart(fast: tuple[float, float, float], slow: tuple[float, float, float], factor: float) -> bool:
    """``fast`` beats ``slow`` by ``factor`` and their intervals do not overlap; without an
    interval (one process per mode) only by :data:`ONE_PROCESS_FACTOR` or more, beyond the
    widest spread seen between fresh processes."""
    if math.isnan(fast[1]) or math.isnan(slow[2]):
        return fast[0] >= max(factor, ONE_PROCESS_FACTOR) * slow[0]
    return fast[0] >= factor * slow[0] and fast[1] > slow[2]


class EagerSlowerRule:
    """Eager mode ran N x slower than a graph or compiled mode of the same framework."""

    name = "eager-slower"

    def check(self, context: AdviceContext) -> list[Finding]:
        findings = []
        for eager in (g for g in context.groups() if g.mode == "eager"):
            best = self._fastest_other(context, eager)
            slow = throughput(eager)
            if best is None or slow is None:
                continue
            other, fast = best
            if _apart(fast, slow, MIN_SPEEDUP):
                findings.append(self._finding(eager, other, fast, slow))
        return findings

    @staticmethod
    def _fastest_other(context: AdviceContext,
                       eager: GroupRow) -> tuple[GroupRow, tuple[float, float, float]] | None:
        options = []
        for mode in ("graph", "compiled"):
            group = context.group(eager.framework, eager.workload, eager.task, mode, eager.device)
            if (tput := throughput(group)) is not None and group is not None:
                options.append((group, tput))
        return max(options, key=lambda item: item[1][0], default=None)

    def _finding(self, eager: GroupRow, other: GroupRow, fast: tuple[float, float, float],
                 slow: tuple[float, float, float]) -> Finding:
        framework = eager.framework
        meaning = _meaning(framework, other.mode)
        advice = (
            "Put the training step in @tf.function (Keras Model.fit does this for you); compare the "
            "frameworks in graph mode, and read eager figures as a debugging mode."
            if framework == "tensorflow" else
            f"Use {meaning} for this model (check its results match eager), and compare the frameworks "
            "in that mode too.")
        return Finding(
            self.name, "tip",
            f"{label(framework)} eager is {fast[0] / slow[0]:.1f}x slower than {meaning} here",
            f"{scope_of(eager, False)}: eager {samples_per_s(slow)} vs {other.mode} ({meaning}) "
            f"{samples_per_s(fast)}", advice, scope_of(eager))


class CompileSlowerRule:
    """torch.compile (or XLA) ran slower than the framework's uncompiled baseline."""

    name = "compile-slower"

    def check(self, context: AdviceContext) -> list[Finding]:
        findings = []
        for compiled in (g for g in context.groups() if g.mode == "compiled"):
            framework = compiled.framework
            base_mode = COMPILE_BASELINE.get(framework, "eager")
            base = context.group(framework, compiled.workload, compiled.task, base_mode,
                                 compiled.device)
            slow, fast = throughput(compiled), throughput(base)
            if slow is not None and fast is not None and _apart(fast, slow, MIN_SLOWDOWN):
                findings.append(self._finding(compiled, base_mode, fast, slow))
        return findings

    def _finding(self, compiled: GroupRow, base_mode: str, fast: tuple[float, float, float],
                 slow: tuple[float, float, float]) -> Finding:
        framework = compiled.framework
        meaning, base_meaning = _meaning(framework, "compiled"), _meaning(framework, base_mode)
        advice = _compile_advice(framework, compiled.device)
        return Finding(
            self.name, "tip",
            f"{meaning} is {fast[0] / slow[0]:.2f}x slower than {base_meaning} for "
            f"{compiled.workload} on {compiled.device}",
            f"{scope_of(compiled, False)}: {samples_per_s(slow)} vs {base_mode} {samples_per_s(fast)}",
            advice, scope_of(compiled))


def _compile_advice(framework: str, device: str) -> str:
    if framework == "torch" and device == "cuda":
        return ("On a GPU, small kernels leave it waiting for the host: try mode='reduce-overhead' "
                "(CUDA graphs), a larger batch, or check the graph breaks (TORCH_LOGS=graph_breaks).")
    if framework == "torch":
        return ("For small models on a CPU the compiled kernels gain little and the guards and "
                "wrappers cost per step: keep eager here, or try larger batches, "
                "torch.compile(dynamic=False) or mode='max-autotune-no-cudagraphs', and measure again.")
    if device == "cuda":
        return ("Check that XLA compiled one graph (no retracing) and that the step is large enough "
                "to fuse; keep jit_compile off for this model if it stays slower.")
    return "Keep jit_compile off for this model; XLA pays off mostly for large fused graphs and on GPUs."


class CompileTimeRule:
    """The first step's tracing or compilation took longer than every measured step together."""

    name = "compile-exceeds-measure"

    def check(self, context: AdviceContext) -> list[Finding]:
        findings = []
        for row in context.startup:
            compile_s, measure_s = _number(row.get("compile_s")), _number(row.get("measure_s"))
            if row.get("mode") not in ("graph", "compiled") or compile_s is None or measure_s is None:
                continue
            if compile_s > measure_s:
                findings.append(self._finding(context, row, compile_s, measure_s))
        return findings

    def _finding(self, context: AdviceContext, row: dict[str, Any], compile_s: float,
                 measure_s: float) -> Finding:
        framework, mode = str(row["framework"]), str(row["mode"])
        meaning = _meaning(framework, mode)
        cache = f", {row['compile_cache']} cache" if row.get("compile_cache") else ""
        evidence = (f"{row_scope(row, False)}: first step {row['first_step_s']:.3g} s (compile/trace "
                    f"≈ {compile_s:.3g} s{cache}) vs {measure_s:.3g} s for all measured steps")
        note, steps = _break_even(context, row, compile_s)
        if steps is not None:
            advice = (f"It pays for itself after about {steps:,.0f} steps against eager, so keep it for "
                      "longer jobs; this short measurement mostly shows start-up: measure more steps "
                      "(--steps) to see the steady state.")
        else:
            advice = ("For a job this short the compilation does not pay off: run eagerly, or measure "
                      "more steps (--steps) to see the steady state. torch.compile reuses a warm cache "
                      "(TORCHINDUCTOR_CACHE_DIR) on later runs; tf.function traces once per input signature.")
        return Finding(
            self.name, "tip",
            f"{meaning} took longer to compile than the whole measured run "
            f"({compile_s:.3g} s vs {measure_s:.3g} s)",
            evidence + (f"; {note}" if note else ""), advice, row_scope(row))


def _break_even(context: AdviceContext, row: dict[str, Any], compile_s: float) -> tuple[str, float | None]:
    """After how many steps the mode's faster steps repay its compile time vs eager (a sentence
    and the step count; no count when eager was not measured or is as fast)."""
    same = ("framework", "workload", "task", "device")
    eager = next((r for r in context.startup if r.get("mode") == "eager"
                  and all(r.get(k) == row.get(k) for k in same)), None)
    if eager is None or not _numbers(eager.get("steady_step_ms"), row.get("steady_step_ms")):
        return "", None
    saved_ms = float(eager["steady_step_ms"]) - float(row["steady_step_ms"])
    if saved_ms <= 0:
        return (f"its steps are no faster than eager's ({row['steady_step_ms']:.3g} vs "
                f"{eager['steady_step_ms']:.3g} ms)", None)
    steps = compile_s * 1e3 / saved_ms
    return f"it repays that after about {steps:,.0f} steps", steps


class RetracingRule:
    """tf.function traced more than once, or Dynamo broke the graph or fell back to eager."""

    name = "retracing"

    def check(self, context: AdviceContext) -> list[Finding]:
        findings = []
        for row in context.startup:
            counters = row.get("counters") or {}
            retraces = counters.get("retraces", 0)
            breaks, unsupported = model_graph_breaks(counters), counters.get("unsupported", 0)
            if row.get("framework") == "tensorflow" and retraces > 0:
                findings.append(Finding(
                    self.name, "warning", f"tf.function retraced {retraces} time(s)",
                    f"{row_scope(row, False)}: {counters.get('traces', retraces + 1)} traces of the step "
                    "function",
                    "Each retrace runs Python and rebuilds the graph. Pass tensors (not Python numbers) "
                    "and fixed shapes, or give an input_signature / reduce_retracing=True.", row_scope(row)))
            elif row.get("framework") == "torch" and (breaks > 0 or unsupported > 0):
                findings.append(Finding(
                    self.name, "warning", _dynamo_title(counters),
                    f"{row_scope(row, False)}: {breaks} graph break(s) in the model, "
                    f"{unsupported} unsupported construct(s), {counters.get('unique_graphs', '?')} graph(s), "
                    f"{counters.get('frames_compiled', '?')} frame(s) compiled",
                    "Code between graph breaks runs eagerly. See TORCH_LOGS=graph_breaks for where; "
                    "for nn.LSTM set torch._dynamo.config.allow_rnn = True.", row_scope(row)))
        return findings


def _dynamo_title(counters: dict[str, Any]) -> str:
    """What Dynamo did, in words that fit the counts (nothing compiled is not '0 breaks')."""
    breaks, unsupported = model_graph_breaks(counters), counters.get("unsupported", 0)
    if not counters.get("unique_graphs") and unsupported:
        return (f"torch.compile compiled nothing: {unsupported} construct(s) it cannot trace "
                "ran eagerly")
    if breaks:
        return f"torch.compile broke the graph {breaks} time(s)"
    return f"torch.compile ran {unsupported} construct(s) it cannot trace eagerly"


def _number(value: Any) -> float | None:
    return float(value) if _numbers(value) else None


def _numbers(*values: Any) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
