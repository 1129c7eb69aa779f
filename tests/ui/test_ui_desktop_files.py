"""Desktop integration of snapshots: the application/x-fwprof type (shared-mime-info XML,
the desktop entry's MimeType line, installed for the user) and .fwprof files dropped on the
window."""

from __future__ import annotations

import configparser
import fnmatch
import os
import re
import shlex
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from ui_fakes import finished_record

from fwprof.config import SessionConfig
from fwprof.outputs.snapshot import save_snapshot
from ui.app.desktop_entry import DESKTOP_FILE, MIME_FILE, MIME_TYPE, install, uninstall
from ui.controllers.host import Tab

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
NS = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
CONFIG = SessionConfig(modes=("eager",), repeats=1, max_repeats=1, steps=40, warmup=1)


def _mime(paths: list[Path]) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return mime


def _drop(window: Any, paths: list[Path]) -> None:
    """What a file manager's drag does: enter (Qt delivers a drop only after it), then drop."""
    mime = _mime(paths)  # the events hold a pointer to it: keep it alive
    enter = QDragEnterEvent(window.rect().center(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(window.rect().center()), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)


def test_the_mime_package_is_valid_and_matches_fwprof_files() -> None:
    root = ET.parse(RESOURCES / MIME_FILE).getroot()
    assert root.tag == f"{{{NS['m']}}}mime-info"
    (mime_type,) = root.findall("m:mime-type", NS)
    assert mime_type.get("type") == MIME_TYPE == "application/x-fwprof"
    patterns = [glob.get("pattern") for glob in mime_type.findall("m:glob", NS)]
    assert patterns == ["*.fwprof"]
    assert fnmatch.fnmatch("nightly-run.fwprof", patterns[0])
    assert not fnmatch.fnmatch("notes.fwprof.txt", patterns[0])
    assert mime_type.find("m:comment", NS).text
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(RESOURCES / DESKTOP_FILE)
    assert MIME_TYPE in entry["Desktop Entry"]["MimeType"].split(";")
    assert entry["Desktop Entry"]["Exec"].endswith("%F")  # the double-clicked files


@pytest.mark.skipif(shutil.which("update-mime-database") is None,
                    reason="shared-mime-info is not installed")
def test_installed_type_is_accepted_by_shared_mime_info(tmp_path: Path) -> None:
    report = install("/usr/bin/fwprof-gui", tmp_path)
    package = tmp_path / "mime" / "packages" / MIME_FILE
    assert package in report.written
    check = subprocess.run(["update-mime-database", "-V", str(tmp_path / "mime")],
                           capture_output=True, text=True, check=True)
    assert "error" not in check.stderr.lower() and "warning" not in check.stderr.lower()
    globs = (tmp_path / "mime" / "globs2").read_text()
    assert f"{MIME_TYPE}:*.fwprof" in globs
    assert (tmp_path / "mime" / "application" / "x-fwprof.xml").is_file()
    assert package in uninstall(tmp_path) and not package.exists()
    assert MIME_TYPE not in (tmp_path / "mime" / "globs2").read_text()


def test_dropping_a_snapshot_opens_it(qtbot: Any, make_window: Any, tmp_path: Path) -> None:
    path = save_snapshot(finished_record(CONFIG), tmp_path / "dropped.fwprof")
    window = make_window()
    _drop(window, [path])
    qtbot.waitUntil(lambda: window.document is not None, timeout=10_000)
    assert window.document.path == path and window.windowTitle() == "fwprof — dropped.fwprof"


def test_a_drag_without_snapshots_is_refused(make_window: Any, tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a snapshot")
    window = make_window()
    mime = _mime([text])
    enter = QDragEnterEvent(window.rect().center(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_dropping_two_snapshots_compares_them(qtbot: Any, make_window: Any,
                                              tmp_path: Path) -> None:
    first = save_snapshot(finished_record(CONFIG), tmp_path / "a.fwprof")
    second = save_snapshot(finished_record(CONFIG), tmp_path / "b.fwprof")
    window = make_window()
    _drop(window, [first, second])
    qtbot.waitUntil(lambda: window.tabs.isTabVisible(Tab.COMPARE), timeout=10_000)
    qtbot.waitUntil(lambda: window.compare.comparison is not None, timeout=30_000)
    assert "a.fwprof" in window.compare.title.text() and "b.fwprof" in window.compare.title.text()


def test_a_double_click_runs_the_entry_s_exec_line_on_the_snapshot(tmp_path: Path) -> None:
    """What a file manager does for a double-clicked .fwprof: the installed entry's Exec with
    %F replaced by the file; the app starts on it (and shows it)."""
    from ui.app.desktop_entry import default_command

    path = save_snapshot(finished_record(CONFIG), tmp_path / "clicked.fwprof")
    install(default_command(), tmp_path / "data")
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(tmp_path / "data" / "applications" / DESKTOP_FILE)
    command = shlex.split(entry["Desktop Entry"]["Exec"].replace("%F", shlex.quote(str(path))))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    result = subprocess.run([*command, "--measure-startup"], env=env, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert re.search(r"snapshot shown [\d.]+ s after process start", result.stdout), result.stdout
