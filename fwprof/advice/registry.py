"""Every rule, in the order their findings are listed (within a severity)."""

from __future__ import annotations

from fwprof.advice.base import SEVERITIES, AdviceContext, Finding, Rule
from fwprof.advice.converge import ParityRule, TargetRule
from fwprof.advice.modes import CompileSlowerRule, CompileTimeRule, EagerSlowerRule, RetracingRule
from fwprof.advice.noise import FewRepeatsRule, NoiseRule
from fwprof.advice.resources import GpuIdleRule, MemoryGrowthRule
from fwprof.advice.threads import OversubscribedRule, UnequalThreadsRule

RULES: list[Rule] = [
    NoiseRule(), OversubscribedRule(), UnequalThreadsRule(), FewRepeatsRule(), RetracingRule(),
    MemoryGrowthRule(), ParityRule(), EagerSlowerRule(), CompileSlowerRule(), CompileTimeRule(),
    GpuIdleRule(), TargetRule(),
]


def recommend(context: AdviceContext, rules: list[Rule] | None = None) -> list[Finding]:
    """Every rule's findings, warnings first."""
    findings = [finding for rule in (RULES if rules is None else rules) for finding in rule.check(context)]
    return sorted(findings, key=lambda f: SEVERITIES.index(f.severity) if f.severity in SEVERITIES else 99)
