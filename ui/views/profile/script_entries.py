"""What the Profile Script dialog edits, and the checks ``fwprof profile`` makes, without Qt.

A :class:`ScriptEntry` holds the texts of one script as typed; :func:`entry_spec` turns it into
a :class:`~fwprof.specs.script.ScriptSpec` with the CLI's checks
(:mod:`fwprof.scenarios.profile.target`),
raising :class:`~fwprof.config.ConfigError` with one message for the user.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from fwprof.config import ConfigError
from fwprof.scenarios.profile.target import check_cwd, check_script, find_python, parse_env
from fwprof.specs.script import ScriptSpec
from fwprof.stats.pair_policy import PairPolicy


@dataclass
class ScriptEntry:
    """One script as typed in the dialog (``target``: a path, or a module name with -m)."""

    target: str = ""
    as_module: bool = False
    args: str = ""
    cwd: str = ""
    python: str = ""
    env: str = ""

    @property
    def title(self) -> str:
        """How the list names it: ``train.py``, ``-m pkg.mod`` or ``(new script)``."""
        text = self.target.strip()
        if not text:
            return "(new script)"
        return f"-m {text}" if self.as_module else Path(text).name


@dataclass(frozen=True)
class ScriptPlan:
    """The scripts of one session, run one after the other, and the sample rate; with a
    ``policy``, compared as ``fwprof profile --compare`` compares them (alternating rounds of
    fresh processes until decided)."""

    specs: tuple[ScriptSpec, ...]
    sample_rate_hz: float = 10.0
    policy: PairPolicy | None = None


def env_lines(text: str) -> list[str]:
    """``NAME=VALUE`` lines, blank lines and ``#`` comments skipped."""
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.strip().startswith("#")]


def entry_spec(entry: ScriptEntry) -> ScriptSpec:
    """The checked spec of ``entry`` (ConfigError with the reason otherwise)."""
    target = entry.target.strip()
    if not target:
        raise ConfigError("choose a module to run" if entry.as_module else "choose a script to run")
    cwd = entry.cwd.strip()
    check_cwd(cwd)
    python = find_python(entry.python.strip()) if entry.python.strip() else ""
    try:
        args = tuple(shlex.split(entry.args))
    except ValueError as exc:
        raise ConfigError(f"arguments: {exc}") from exc
    env = parse_env(env_lines(entry.env))
    spec = ScriptSpec(script="" if entry.as_module else target,
                      module=target if entry.as_module else "", args=args, python=python,
                      cwd=str(Path(cwd or ".").resolve()), env=env)
    spec.validate()
    if spec.script:
        check_script(spec.script, spec.cwd)
    return spec


def plan_of(entries: list[ScriptEntry], sample_rate_hz: float,
            policy: PairPolicy | None = None) -> ScriptPlan:
    """Every entry checked; the message names the entry when there are several. Compared
    (``policy``), scripts that share a name are told apart as the CLI tells them apart."""
    if not entries:
        raise ConfigError("add a script to profile")
    specs = []
    for number, entry in enumerate(entries, start=1):
        try:
            specs.append(entry_spec(entry))
        except ConfigError as exc:
            if len(entries) == 1:
                raise
            raise ConfigError(f"script {number} ({entry.title}): {exc}") from exc
    if policy is None:
        return ScriptPlan(tuple(specs), sample_rate_hz)
    if len(specs) < 2:
        raise ConfigError("add a second script to compare with the first")
    from fwprof.scenarios.profile.compare_session import distinct_labels  # the session's modules

    return ScriptPlan(tuple(distinct_labels(specs)), sample_rate_hz, policy)
