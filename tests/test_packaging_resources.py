"""The app's icon and desktop entry: present, found through the package, installable."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ui.app import desktop_entry
from ui.app.bundle_env import restore_child_environment
from ui.app.desktop_entry import APP_ID, DESKTOP_FILE, entry_text, install, quote_exec_argument
from ui.app.resources import ICON_SIZES, assets_dir, icon_path, icon_png_paths

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "resources"


def _entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_icon_comes_as_svg_and_every_png_size(qapp: Any) -> None:
    from PySide6.QtGui import QImage

    assert (RESOURCES / "icons" / "fwprof.svg").is_file()
    for size in ICON_SIZES:
        image = QImage(str(RESOURCES / "icons" / f"fwprof-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()


def test_resources_are_found_through_the_ui_package() -> None:
    folder = assets_dir()
    assert folder is not None and folder.resolve() == RESOURCES.resolve()
    assert icon_path() == folder / "icons" / "fwprof.svg"
    assert sorted(icon_png_paths()) == sorted(ICON_SIZES)


def test_the_app_names_its_desktop_file_and_icon(qapp: Any) -> None:
    from PySide6.QtGui import QGuiApplication

    from ui.app.start import _application, app_icon

    _application()
    assert QGuiApplication.desktopFileName() == APP_ID
    icon = app_icon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} >= set(ICON_SIZES)


def test_the_desktop_entry_matches_the_app_id() -> None:
    path = RESOURCES / DESKTOP_FILE
    entry = _entry(path)
    assert entry["Icon"] == APP_ID
    assert entry["Exec"] == "fwprof-gui %F" and entry["Type"] == "Application"
    assert "Development" in entry["Categories"].split(";")
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True,
                                text=True, check=False)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout


@pytest.mark.parametrize(("argument", "written"), [
    ("/usr/bin/fwprof-gui", "/usr/bin/fwprof-gui"),
    ("/opt/my apps/fwprof", '"/opt/my apps/fwprof"'),
    ('/x/a"b$c', '"/x/a\\\\"b\\\\$c"'),
])
def test_exec_arguments_are_quoted_as_the_spec_asks(argument: str, written: str) -> None:
    assert quote_exec_argument(argument) == written


def test_install_writes_the_entry_and_icons_under_the_data_home(tmp_path: Path) -> None:
    command = "/opt/fw prof/fwprof"
    report = install(command, tmp_path)
    desktop = tmp_path / "applications" / DESKTOP_FILE
    assert desktop in report.written
    entry = _entry(desktop)
    assert entry["Exec"] == '"/opt/fw prof/fwprof" %F' and entry["TryExec"] == command
    for size in ICON_SIZES:
        assert (tmp_path / f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png").is_file()
    assert (tmp_path / f"icons/hicolor/scalable/apps/{APP_ID}.svg").is_file()
    assert not (tmp_path / "icons/hicolor/icon-theme.cache").exists()  # never created
    expected = "valid" if shutil.which("desktop-file-validate") else "unavailable"
    assert report.validation == expected, report.messages
    removed = desktop_entry.uninstall(tmp_path)
    assert len(removed) == len(report.written)
    assert not list(tmp_path.rglob(f"{APP_ID}.*"))


def test_the_command_line_installs_into_xdg_data_home(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "ui", "--install-desktop"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    entry = _entry(tmp_path / "applications" / DESKTOP_FILE)
    assert entry["Exec"].endswith(" %F") and Path(entry["TryExec"]).name == "fwprof-gui"


def test_entry_text_keeps_every_other_line() -> None:
    template = (RESOURCES / DESKTOP_FILE).read_text(encoding="utf-8")
    text = entry_text(template, "/a/b")
    changed = [line for line in text.splitlines() if line not in template.splitlines()]
    assert changed == ["Exec=/a/b %F", "TryExec=/a/b"]


def test_bundle_paths_are_kept_out_of_the_children_environment() -> None:
    env = {"LD_LIBRARY_PATH": "/b/_internal:/usr/local/lib", "QT_PLUGIN_PATH": "/b/_internal/p",
           "PATH": "/usr/bin"}
    restore_child_environment(env, bundle_dir="/b/_internal")
    assert env == {"LD_LIBRARY_PATH": "/usr/local/lib", "PATH": "/usr/bin"}
    env = {"LD_LIBRARY_PATH": "/b/_internal", "LD_LIBRARY_PATH_ORIG": "/mine"}
    restore_child_environment(env, bundle_dir="/b/_internal")
    assert env == {"LD_LIBRARY_PATH": "/mine"}
    untouched = {"QT_PLUGIN_PATH": "/b/_internal/p"}
    restore_child_environment(untouched)  # not frozen: nothing to undo
    assert untouched == {"QT_PLUGIN_PATH": "/b/_internal/p"}
