"""The text table of the ``converge`` section: what ``fwprof run --task converge`` prints."""

from __future__ import annotations

from typing import Any

from fwprof.catalog import FRAMEWORK_LABELS
from fwprof.report.columns import aligned

HEADERS = ("workload", "framework", "mode", "seeds", "final accuracy [min-max]", "steps to target",
           "time to target", "reached", "training s")


def render_converge(entries: list[dict[str, Any]]) -> list[str]:
    """Lines for every (workload, device): settings, one row per framework, parity; [] if none."""
    if not entries:
        return []
    first = entries[0]
    lines = [f"Time to accuracy on scikit-learn's digits ({first['train_size']} training images, "
             f"{first['test_size']} held out): batch {first['batch_size']}, {first['epochs']} epochs "
             f"({first['steps']} steps), Adam lr {first['learning_rate']:g} {first['lr_schedule']}, "
             f"target {first['target']:.0%}"]
    rows = [_row(entry, fw, fig) for entry in entries for fw, fig in entry["frameworks"].items()]
    lines += aligned(HEADERS, rows, numeric_from=3)
    lines.append("(time to target: seconds of training steps until the first evaluation at or above "
                 "the target, evaluations excluded; medians over seeds)")
    for entry in entries:
        lines += _parity_lines(entry)
    return lines


def _row(entry: dict[str, Any], framework: str, fig: dict[str, Any]) -> list[str]:
    final = fig.get("final_accuracy")
    final_text = "-" if not final else (f"{final['mean']:.1%} [{final['min']:.1%}-{final['max']:.1%}]")
    steps = fig.get("steps_to_target")
    seconds = fig.get("time_to_target_s")
    return [
        entry["workload"], FRAMEWORK_LABELS.get(framework, framework), str(fig.get("mode")),
        f"{fig['runs_ok']}/{fig['runs']}", final_text, "-" if steps is None else f"{steps:.0f}",
        "-" if seconds is None else f"{seconds:.2f} s", f"{fig['reached']}/{fig['runs_ok']}",
        "-" if fig.get("train_s") is None else f"{fig['train_s']:.2f}",
    ]


def _parity_lines(entry: dict[str, Any]) -> list[str]:
    parity = entry.get("parity")
    lines = [f"Parity ({entry['workload']}, {entry['device']}): "
             f"{parity['text'] if parity else 'needs both frameworks'}"]
    checks = []
    if entry.get("same_batch_order") is not None:
        checks.append(f"same batch order: {'yes' if entry['same_batch_order'] else 'NO'}")
    if entry.get("same_parameters") is not None:
        counts = {f.get("parameters") for f in entry["frameworks"].values()} - {None}
        equal = "yes" if entry["same_parameters"] else "NO"
        checks.append(f"equal trainable parameters: {equal} ({', '.join(f'{c:,}' for c in sorted(counts))})")
    lines += ["  " + "; ".join(checks)] if checks else []
    for framework, figures in entry["frameworks"].items():
        failed = figures["runs"] - figures["runs_ok"]
        if failed:
            errors = "; ".join(figures.get("errors") or []) or "no steps"
            lines.append(f"  {FRAMEWORK_LABELS.get(framework, framework)}: {failed} run(s) did not "
                         f"complete: {errors}")
    return lines
