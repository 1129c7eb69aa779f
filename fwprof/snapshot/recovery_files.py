"""The recovery folder: where autosaves live, how they are named, and their small index files.

Each session in progress has ``ID.fwprof`` (the autosave, an ordinary snapshot) and ``ID.json``
(who writes it and how far it got, so listing needs no decompression). The folder is
``$FWPROF_RECOVERY_DIR``, else ``$XDG_STATE_HOME/fwprof/recovery``, else
``~/.local/state/fwprof/recovery``; it is created private to the user (mode 700). Index files
are read like any file fwprof did not write itself: bounded, type-checked, never trusted.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from fwprof.atomic import write_atomically

RECOVERY_ENV = "FWPROF_RECOVERY_DIR"
META_FORMAT = "fwprof.recovery"
META_VERSION = 1
#: :attr:`RecoveryMeta.state` while the session runs (found later: it was interrupted).
STATE_RUNNING = "running"
#: :attr:`RecoveryMeta.state` of a session that ended normally and is kept until its owner
#: saves or discards it (the app keeps a finished session's autosave until then).
STATE_UNSAVED = "unsaved"
MAX_META_BYTES = 64 << 10
_FIELD_TYPES: dict[str, type | tuple[type, ...]] = {"int": int, "float": (int, float), "str": str}
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")


class RecoveryError(Exception):
    """A recovery request cannot be met; the message is meant for the user."""


def recovery_dir(env: dict[str, str] | None = None) -> Path:
    """The folder that holds autosaves of sessions in progress (not created here)."""
    environ = dict(os.environ if env is None else env)
    if environ.get(RECOVERY_ENV):
        return Path(environ[RECOVERY_ENV]).expanduser()
    state = environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state).expanduser() / "fwprof" / "recovery"


def ensure_folder(folder: Path) -> Path:
    """Create the folder (private to the user) if needed; RecoveryError if it is not usable."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise RecoveryError(f"cannot create the recovery folder {folder}: {exc.strerror or exc}") from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise RecoveryError(f"the recovery folder {folder} is not writable")
    return folder


def new_session_id() -> str:
    """``YYYYMMDD-HHMMSS-PID-XXXX``: sortable by start time, unique on this machine."""
    return f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{secrets.token_hex(2)}"


def check_id(session_id: str) -> str:
    """``session_id`` if it is a plain name (no path separators, no ``..``); else RecoveryError."""
    if not _ID.fullmatch(session_id) or ".." in session_id:
        raise RecoveryError(f"{session_id!r} is not a recovery session id")
    return session_id


def snapshot_file(folder: Path, session_id: str) -> Path:
    return folder / f"{check_id(session_id)}.fwprof"


def meta_file(folder: Path, session_id: str) -> Path:
    return folder / f"{check_id(session_id)}.json"


@dataclass(frozen=True)
class RecoveryMeta:
    """The index file of one autosave."""

    id: str
    kind: str  # "comparison" or "scripts"
    label: str
    created: str  # ISO 8601, when the session started
    updated: str  # ISO 8601, the last autosave
    status: str  # the session's status at the last autosave
    runs_total: int
    runs_ended: int
    pid: int  # the fwprof process writing it
    pid_started: float  # that process's start time (tells a reused pid apart)
    #: STATE_RUNNING, or STATE_UNSAVED: the session ended normally but was not saved yet.
    #: Absent from older index files (read as running).
    state: str = STATE_RUNNING

    def to_dict(self) -> dict[str, Any]:
        return {"format": META_FORMAT, "version": META_VERSION, **asdict(self)}

    @classmethod
    def from_dict(cls, data: Any) -> RecoveryMeta | None:
        """The index, or None if ``data`` is not a valid one."""
        if not isinstance(data, dict) or data.get("format") != META_FORMAT:
            return None
        if data.get("version") != META_VERSION:
            return None
        values: dict[str, Any] = {}
        for spec in fields(cls):
            value = data.get(spec.name, spec.default)
            kind = _FIELD_TYPES[str(spec.type)]
            if not isinstance(value, kind) or isinstance(value, bool):
                return None
            values[spec.name] = value
        if not _ID.fullmatch(values["id"]):
            return None
        return cls(**values)


def write_meta(folder: Path, meta: RecoveryMeta) -> None:
    """Replace the index file atomically; RecoveryError if it cannot be written."""
    data = json.dumps(meta.to_dict(), indent=1).encode()
    write_atomically(meta_file(folder, meta.id), data, RecoveryError)


def read_meta(path: Path) -> RecoveryMeta | None:
    """The index file at ``path``, or None if it is missing, too large or invalid."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_META_BYTES + 1)
        if len(raw) > MAX_META_BYTES:
            return None
        return RecoveryMeta.from_dict(json.loads(raw))
    except (OSError, ValueError, RecursionError):
        return None
