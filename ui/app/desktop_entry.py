"""The freedesktop menu entry and icons, installed for the current user.

``python -m ui.app.desktop_entry`` (what ``make install-desktop`` runs) or
``fwprof-gui --install-desktop`` writes ``applications/io.github.fwprof.Fwprof.desktop``,
``icons/hicolor/<size>/apps/io.github.fwprof.Fwprof.{png,svg}`` and the snapshot file type
``mime/packages/io.github.fwprof.Fwprof.xml`` (``application/x-fwprof``, ``*.fwprof``, which
the entry's ``MimeType`` line opens: a double-click on a snapshot starts the app on it) under
``$XDG_DATA_HOME`` (``~/.local/share``), with ``Exec`` pointing at the command that starts
this app. Qt-free.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ui.app.resources import asset_path, icon_path, icon_png_paths

#: The app's reverse-DNS id: desktop file name, icon name and ``setDesktopFileName``.
APP_ID = "io.github.fwprof.Fwprof"
DESKTOP_FILE = f"{APP_ID}.desktop"
#: The shared-mime-info package that defines the snapshot type.
MIME_FILE = f"{APP_ID}.xml"
MIME_TYPE = "application/x-fwprof"
#: Characters that make a desktop-entry argument need quotes (Desktop Entry spec, "Exec key").
_RESERVED = re.compile(r"""[\s"'\\><~|&;$*?#()`]""")


@dataclass
class InstallReport:
    """What :func:`install` wrote, and what the validator said."""

    written: list[Path] = field(default_factory=list)
    validation: str = "unavailable"  # "valid", "invalid", or "unavailable" (no validator)
    messages: str = ""  # what the validator said, or how to get it


def data_home(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share``."""
    env = os.environ if environ is None else environ
    value = env.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def default_command() -> str:
    """What starts this app: the bundle's executable, or this environment's ``fwprof-gui``."""
    if getattr(sys, "frozen", False):
        return sys.executable
    beside = Path(sys.executable).with_name("fwprof-gui")
    if beside.is_file():
        return str(beside)
    return shutil.which("fwprof-gui") or "fwprof-gui"


def quote_exec_argument(argument: str) -> str:
    """One argument of an ``Exec`` line, quoted as the Desktop Entry spec asks."""
    if not _RESERVED.search(argument):
        return argument
    escaped = re.sub(r'(["`$\\])', r"\\\1", argument)
    return '"' + escaped.replace("\\", "\\\\") + '"'  # the value itself is an escaped string


def entry_text(template: str, command: str) -> str:
    """The desktop entry with ``Exec``/``TryExec`` pointing at ``command``."""
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={quote_exec_argument(command)} %F"
        elif line.startswith("TryExec="):
            line = f"TryExec={command}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def install(command: str, target: Path) -> InstallReport:
    """Write the entry and icons under ``target`` (a data home); validate the entry."""
    template = asset_path(DESKTOP_FILE)
    svg = icon_path()
    if template is None or svg is None:
        raise FileNotFoundError("the app's desktop entry or icon is missing from this install")
    report = InstallReport()
    desktop = target / "applications" / DESKTOP_FILE
    desktop.parent.mkdir(parents=True, exist_ok=True)
    desktop.write_text(entry_text(template.read_text(encoding="utf-8"), command),
                       encoding="utf-8")
    report.written.append(desktop)
    icons = target / "icons" / "hicolor"
    copies = {f"{size}x{size}": (png, ".png") for size, png in icon_png_paths().items()}
    copies["scalable"] = (svg, ".svg")
    for folder, (source, suffix) in copies.items():
        destination = icons / folder / "apps" / f"{APP_ID}{suffix}"
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
        report.written.append(destination)
    mime = asset_path(MIME_FILE)
    if mime is not None:
        destination = target / "mime" / "packages" / MIME_FILE
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(mime, destination)
        report.written.append(destination)
    report.validation, report.messages = validate(desktop)
    _refresh_caches(target)
    return report


def uninstall(target: Path) -> list[Path]:
    """Remove what :func:`install` wrote under ``target``; returns the removed files."""
    candidates = [target / "applications" / DESKTOP_FILE, target / "mime" / "packages" / MIME_FILE]
    candidates += (target / "icons" / "hicolor").glob(f"*/apps/{APP_ID}.*")
    removed = [path for path in candidates if path.is_file()]
    for path in removed:
        path.unlink()
    _refresh_caches(target)
    return removed


def validate(desktop: Path) -> tuple[str, str]:
    """Run ``desktop-file-validate`` on the entry: ("valid" | "invalid" | "unavailable", text)."""
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        return "unavailable", ("desktop-file-validate not found, entry not validated "
                               "(apt-get install desktop-file-utils)")
    result = subprocess.run([validator, str(desktop)], capture_output=True, text=True,
                            timeout=30, check=False)
    output = (result.stdout + result.stderr).strip()
    return ("valid" if result.returncode == 0 and "error" not in output else "invalid"), output


def _refresh_caches(target: Path) -> None:
    """Tell menus about the change where the tools exist (never fails the install).

    An icon cache is only refreshed, never created: a new cache that later installs do not
    update would hide their icons.
    """
    hicolor = target / "icons" / "hicolor"
    commands: list[tuple[str, list[str], Path]] = [
        ("update-desktop-database", ["-q"], target / "applications"),
        ("update-mime-database", [], target / "mime")]  # the type's glob, from mime/packages
    if (hicolor / "icon-theme.cache").is_file():
        commands.append(("gtk-update-icon-cache", ["-qtf"], hicolor))
    for tool, options, folder in commands:
        program = shutil.which(tool)
        if program is not None and folder.is_dir():
            subprocess.run([program, *options, str(folder)], capture_output=True, timeout=60,
                           check=False)


def main(argv: list[str] | None = None) -> int:
    """``python -m ui.app.desktop_entry [--exec CMD] [--data-dir DIR] [--uninstall]``."""
    parser = argparse.ArgumentParser(prog="python -m ui.app.desktop_entry",
                                     description="Install fwprof's menu entry and icons.")
    parser.add_argument("--exec", dest="command", default=None,
                        help="command that starts the app (default: this install's)")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="data home to install into (default: $XDG_DATA_HOME or "
                             "~/.local/share)")
    parser.add_argument("--uninstall", action="store_true", help="remove the entry and icons")
    args = parser.parse_args(argv)
    target = args.data_dir or data_home()
    if args.uninstall:
        for path in uninstall(target):
            print(f"removed {path}")
        return 0
    report = install(args.command or default_command(), target)
    for path in report.written:
        print(f"installed {path}")
    if report.validation == "valid":
        print("desktop-file-validate: the entry is valid")
    else:
        print(f"fwprof: {report.messages}", file=sys.stderr)
    return 1 if report.validation == "invalid" else 0


if __name__ == "__main__":
    sys.exit(main())
