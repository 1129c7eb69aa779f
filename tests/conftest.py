"""Set-up shared by every test."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def private_recovery_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Autosaves go to an empty folder of the test's own (children and CLI subprocesses inherit
    it), never to the user's: a session a test leaves unsaved, or kills on purpose, would
    otherwise be offered for recovery the next time fwprof starts."""
    folder = tmp_path / "recovery"
    monkeypatch.setenv("FWPROF_RECOVERY_DIR", str(folder))
    return folder
