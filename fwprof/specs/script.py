"""What a script run is: a file or module with arguments, or a running process to attach to."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, fields
from pathlib import PurePath
from typing import Any

from fwprof.config import ConfigError

#: ``kind`` of a script run's spec in snapshots (built-in runs' specs have no ``kind``).
SCRIPT_SPEC_KIND = "script"
#: ``kind`` of a script session's configuration in snapshots.
SCRIPT_SESSION_KIND = "scripts"


@dataclass(frozen=True)
class ScriptSpec:
    """One script run. Exactly one of ``script``, ``module`` or ``pid`` is set.

    ``script``: a Python file (relative to ``cwd``), run as ``python script.py args``;
    ``module``: run as ``python -m module args``; ``pid``: attach to a running process and
    sample it (no events). ``python`` and ``cwd``: "" means fwprof's interpreter and folder.
    ``env``: variables added to (or replacing) the inherited environment. ``name``: a label.
    """

    script: str = ""
    module: str = ""
    pid: int = 0
    args: tuple[str, ...] = ()
    python: str = ""
    cwd: str = ""
    env: tuple[tuple[str, str], ...] = ()
    name: str = ""

    @property
    def kind(self) -> str:
        """``script``, ``module`` or ``attach``."""
        return "attach" if self.pid else "module" if self.module else "script"

    @property
    def label(self) -> str:
        """A short human name: ``name``, else ``train.py``, ``-m pkg.mod`` or ``pid 1234``."""
        if self.name:
            return self.name
        if self.pid:
            return f"pid {self.pid}"
        return f"-m {self.module}" if self.module else PurePath(self.script).name

    @property
    def argv(self) -> list[str]:
        """The command as a user would type it after ``python`` (empty when attaching)."""
        if self.pid:
            return []
        return [*(["-m", self.module] if self.module else [self.script]), *self.args]

    def validate(self) -> None:
        """Raise :class:`ConfigError` naming the first bad value (files are not checked here)."""
        chosen = [name for name, value in (("script", self.script), ("module", self.module),
                                           ("pid", self.pid)) if value]
        if len(chosen) != 1:
            raise ConfigError("a script run needs exactly one of a script, a module or a pid")
        if self.pid and (not isinstance(self.pid, int) or self.pid < 0):
            raise ConfigError(f"pid {self.pid!r} is not a process id")
        if self.module and not all(part.isidentifier() for part in self.module.split(".")):
            raise ConfigError(f"{self.module!r} is not a module name")
        for key, _ in self.env:
            if not key or "=" in key or "\0" in key:
                raise ConfigError(f"environment variable name {key!r} is invalid")

    def environment(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """``base`` (default: this process's environment) with ``env`` applied."""
        env = dict(os.environ if base is None else base)
        env.update(dict(self.env))
        return env

    def to_dict(self) -> dict[str, Any]:
        return {"kind": SCRIPT_SPEC_KIND, **asdict(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScriptSpec:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if not isinstance(values.get("args", []), list) or not isinstance(values.get("env", []), list):
            raise ConfigError("args and env must be lists")
        values["args"] = tuple(str(arg) for arg in values.get("args", []))
        values["env"] = tuple(_pair(item) for item in values.get("env", []))
        for key in ("script", "module", "python", "cwd", "name"):
            if not isinstance(values.get(key, ""), str):
                raise ConfigError(f"{key} must be text")
        if isinstance(values.get("pid"), bool) or not isinstance(values.get("pid", 0), int):
            raise ConfigError("pid must be a whole number")
        return cls(**values)


def _pair(item: Any) -> tuple[str, str]:
    if not (isinstance(item, (list, tuple)) and len(item) == 2 and all(isinstance(x, str) for x in item)):
        raise ConfigError(f"env entry {item!r} is not a [name, value] pair")
    return (item[0], item[1])


def is_script_spec(data: dict[str, Any]) -> bool:
    """Whether a spec dict from a snapshot describes a script run."""
    return data.get("kind") == SCRIPT_SPEC_KIND


@dataclass(frozen=True)
class ScriptSessionConfig:
    """A session of script runs: how often resources are sampled."""

    sample_rate_hz: float = 10.0

    def validate(self) -> None:
        """Raise :class:`ConfigError` naming the first bad value."""
        rate = self.sample_rate_hz
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 1.0 <= rate <= 100.0:
            raise ConfigError(f"sample rate {rate} Hz is outside 1-100 Hz")

    def to_dict(self) -> dict[str, Any]:
        return {"kind": SCRIPT_SESSION_KIND, **asdict(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScriptSessionConfig:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})
