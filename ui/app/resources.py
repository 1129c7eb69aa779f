"""The app's files (icon, desktop entry), found relative to the ``ui`` package.

``ui/assets`` is a link to the checkout's ``resources/`` folder; building a wheel, an sdist or
the PyInstaller bundle copies its files into the package, so the same lookup works from a
checkout, an (editable) install and the bundle. The path is taken from this module's file
rather than ``importlib.resources.files("ui")``, which is not a plain folder when ``ui`` is
a namespace merged with another ``ui`` folder (as under pytest, with ``tests/ui``).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]  # ui/, which holds assets/

#: Sizes of the committed PNG icons (``packaging/render_icons.py`` renders them).
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def assets_dir() -> Path | None:
    """The folder holding the app's files, or None when it is missing."""
    folder = _PACKAGE / "assets"
    return folder if folder.is_dir() else None


def asset_path(*parts: str) -> Path | None:
    """One file among the app's files, if present."""
    folder = assets_dir()
    if folder is None:
        return None
    path = folder.joinpath(*parts)
    return path if path.is_file() else None


def icon_path() -> Path | None:
    """The scalable application icon (SVG), if present."""
    return asset_path("icons", "fwprof.svg")


def icon_png_paths() -> dict[int, Path]:
    """Size -> PNG of the application icon, for the sizes that are present."""
    found = {size: asset_path("icons", f"fwprof-{size}.png") for size in ICON_SIZES}
    return {size: path for size, path in found.items() if path is not None}
