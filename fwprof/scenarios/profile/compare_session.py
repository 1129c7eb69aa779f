"""``fwprof profile --compare``: scripts run as fresh processes, alternating, until decided.

Round r runs every script once, in the given order when r is even and reversed when it is
odd (A B, B A, A B, ...: ABBA pairs, so drift hits both sides alike). After
``policy.min_pairs`` rounds, one more round is added while any script's comparison with the
first still needs a pair (:func:`fwprof.stats.pair_policy.stop_reason`, from the same pairs
and noise floor the summary decides with), up to ``policy.max_pairs``; ``min_pairs ==
max_pairs`` fixes the number of rounds. A failed run stops adding rounds. What stopped each
comparison is kept in ``SessionRecord.adaptive`` (the built-in comparison's shape). Ctrl-C or
Stop ends the rounds: no run starts after it, and each comparison not yet decided is marked
stopped (``stopped_by: "stopped"``), so its verdict says why it rests on fewer pairs.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from fwprof.launch.autosave import SessionAutosave
from fwprof.launch.observer import SessionObserver
from fwprof.protocol import now
from fwprof.results import RunResult
from fwprof.scenarios.profile.script_verdict import pairs_and_floor, ran, script_groups, steady_rates
from fwprof.scenarios.profile.session import OutputHandler, ScriptSession, resolved
from fwprof.specs.script import ScriptSpec
from fwprof.stats.pair_policy import RUN_FAILED, STOPPED, PairPolicy, stop_reason


def round_specs(specs: Sequence[ScriptSpec], index: int) -> list[ScriptSpec]:
    """The scripts of round ``index``: as given on even rounds, reversed on odd ones."""
    return list(specs) if index % 2 == 0 else list(reversed(specs))


class ScriptCompareSession(ScriptSession):
    """Runs two or more scripts in ABBA rounds (see the module docstring)."""

    def __init__(self, specs: Sequence[ScriptSpec], policy: PairPolicy,
                 observers: Iterable[SessionObserver] = (), sample_rate_hz: float = 10.0,
                 on_output: OutputHandler | None = None,
                 autosave: SessionAutosave | None = None, **options: Any) -> None:
        """``options``: :class:`ScriptSession`'s other keyword arguments."""
        labels = [spec.label for spec in specs]
        if len(specs) < 2 or len(set(labels)) != len(labels):
            raise ValueError(f"compare needs two or more scripts with distinct labels, got {labels}")
        rounds = [spec for index in range(policy.min_pairs) for spec in round_specs(specs, index)]
        super().__init__(rounds, observers=observers, sample_rate_hz=sample_rate_hz,
                         on_output=on_output, autosave=autosave, **options)
        self.specs = [resolved(spec) for spec in specs]
        self.policy = policy
        self.rounds = policy.min_pairs
        self.stopped: dict[str, str] = {}
        self._started = now()
        self.record.adaptive = self.notes()

    def notes(self) -> dict[str, Any]:
        """The policy and, per compared script, pairs run (both runs ended) and why no more were
        added."""
        groups = {label: [run for run in runs if ran(run)]
                  for label, runs in script_groups(self.record.runs).items()}
        base = self.specs[0].label
        return {
            "policy": {"min_pairs": self.policy.min_pairs, "max_pairs": self.policy.max_pairs,
                       "margin": self.policy.margin, "level_nominal": self.policy.level},
            "configs": [{"config": [base, spec.label],
                         "pairs_run": min(len(groups.get(base, [])), len(groups.get(spec.label, []))),
                         "stopped_by": self.stopped.get(spec.label)} for spec in self.specs[1:]],
            "elapsed_s": now() - self._started,
            "budget_s": None,
        }

    def _settled(self, run: RunResult) -> None:
        """After each run: a round ended (or Ctrl-C / Stop came): add one or say why not."""
        if self._stop.is_set() or not any(r.status == "pending" for r in self.record.runs):
            self._maybe_add_round()
        self.record.adaptive = self.notes()

    @contextlib.contextmanager
    def _session_scope(self) -> Iterator[None]:
        """Stopped between two runs, the comparisons still say why no more pairs came."""
        with super()._session_scope():
            yield
            if self._stop.is_set():
                self._maybe_add_round()
                self.record.adaptive = self.notes()

    def _maybe_add_round(self) -> None:
        runs = self.record.runs
        failed = any(r.status not in ("ok", "pending", "running") for r in runs)
        needed = [label for label in self._open_labels(runs) if self._needs_pair(label, failed)]
        if not needed:
            return
        specs = round_specs(self.specs, self.rounds)
        self.rounds += 1
        first = len(runs)
        added = [RunResult(run_id=f"r{first + i + 1:03d}", spec=spec) for i, spec in enumerate(specs)]
        runs.extend(added)
        self._notify("runs_added", added)

    def _open_labels(self, runs: list[RunResult]) -> list[str]:
        return [spec.label for spec in self.specs[1:] if spec.label not in self.stopped]

    def _needs_pair(self, label: str, failed: bool) -> bool:
        runs = self.record.runs
        groups = script_groups(runs)
        pairs, floor = pairs_and_floor(groups.get(self.specs[0].label, []), groups.get(label, []),
                                       steady_rates(runs))
        reason = stop_reason(pairs.log_ratios, pairs.pairs_run, self.policy, floor)
        if reason is None and self._stop.is_set():
            reason = STOPPED
        if reason is None and failed:
            reason = RUN_FAILED
        if reason is not None:
            self.stopped[label] = reason
        return reason is None



def distinct_labels(specs: Sequence[ScriptSpec]) -> list[ScriptSpec]:
    """Scripts that share a label are told apart by their arguments (``work.py 1``, ``work.py
    2``) or, when those are alike too, numbered (``a.py #1``, ``a.py #2``)."""
    counts = Counter(spec.label for spec in specs)
    with_args = [" ".join([spec.label, *spec.args]) for spec in specs]
    numbers: Counter[str] = Counter()
    named = []
    for spec, long_name in zip(specs, with_args, strict=True):
        numbers[spec.label] += 1
        if counts[spec.label] == 1:
            named.append(spec)
        elif with_args.count(long_name) == 1:
            named.append(replace(spec, name=long_name))
        else:
            named.append(replace(spec, name=f"{spec.label} #{numbers[spec.label]}"))
    return named
