"""Rules about convergence studies: the frameworks' curves diverge, the target is not reached."""

from __future__ import annotations

from fwprof.advice.base import AdviceContext, ConvergeEntryView, ConvergeFrameworkView, Finding, label


def _scope(entry: ConvergeEntryView) -> str:
    return f"{entry.workload} converge ({entry.device})"


class ParityRule:
    """The two frameworks train differently beyond seed-to-seed variation (or cannot tell)."""

    name = "converge-parity"

    def check(self, context: AdviceContext) -> list[Finding]:
        findings = []
        for entry in context.converge:
            parity = entry.parity
            if parity is None:
                continue
            if parity.verdict == "diverged":
                findings.append(Finding(
                    self.name, "warning", f"{entry.workload}: the frameworks do not train alike",
                    f"{_scope(entry)}: " + "; ".join(parity.reasons),
                    "Check what differs: initialisers (Keras glorot_uniform vs torch kaiming_uniform), "
                    "Adam eps (1e-7 vs 1e-8), loss reduction, BatchNorm momentum and eps, dropout, the "
                    "batch order and the data scaling; then run more seeds (--repeats).", _scope(entry)))
            elif parity.verdict == "inconclusive":
                findings.append(Finding(
                    self.name, "warning", f"{entry.workload}: parity cannot be judged",
                    f"{_scope(entry)}: {parity.text}",
                    "Run at least 3 seeds per framework (--repeats 3) so seed-to-seed variation can be "
                    "told from a real difference.", _scope(entry)))
        return findings


class TargetRule:
    """A framework did not reach the target accuracy in every seed."""

    name = "converge-target"

    def check(self, context: AdviceContext) -> list[Finding]:
        findings = []
        for entry in context.converge:
            for framework, figures in entry.frameworks.items():
                reached, runs = figures.reached, figures.runs_ok
                if runs and reached < runs:
                    findings.append(self._finding(entry, framework, figures, reached, runs))
        return findings

    def _finding(self, entry: ConvergeEntryView, framework: str, figures: ConvergeFrameworkView,
                 reached: int, runs: int) -> Finding:
        best = None if figures.final_accuracy is None else figures.final_accuracy.max
        best_text = f"; best final accuracy {best:.1%}" if isinstance(best, float) else ""
        return Finding(
            self.name, "tip",
            f"{label(framework)} reached {entry.target:.0%} in {reached} of {runs} seed(s)",
            f"{_scope(entry)}: {entry.epochs} epochs ({entry.steps} steps), "
            f"lr {entry.learning_rate} {entry.lr_schedule}{best_text}",
            "Train longer (--epochs), try another learning rate (--lr), or set a target the model can "
            "reach (--target); time to target is only comparable where both frameworks reach it.",
            f"{_scope(entry)}, {label(framework)}")
