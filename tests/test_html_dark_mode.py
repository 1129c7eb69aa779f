"""The HTML report follows the reader's ``prefers-color-scheme``: page and chart colours switch."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from export_records import synthetic_session

from fwprof.export import export
from fwprof.export.html_report import render_html
from fwprof.render import style, svg

LIGHT_BG, DARK_BG = (0xF4, 0xF5, 0xF7), (0x0D, 0x11, 0x17)


def _dark_block(css: str) -> str:
    start = css.index("@media screen and (prefers-color-scheme: dark)")
    return css[start:]


def test_the_style_has_a_dark_scheme_for_page_and_charts() -> None:
    dark = _dark_block(style.STYLE)
    assert "color-scheme: light dark" in style.STYLE
    assert f"--bg: {style.DARK_BG}" in dark and f"--text: {style.DARK_TEXT}" in dark
    for attribute, colour in (("fill", svg.TEXT_COLOR), ("fill", svg.MUTED_COLOR),
                              ("stroke", svg.AXIS_COLOR), ("stroke", svg.GRID_COLOR)):
        assert f'svg.chart [{attribute}="{colour}"]' in dark


def test_every_fixed_chart_colour_of_a_report_is_repainted_in_the_dark() -> None:
    html = render_html(synthetic_session(run_seconds=2.0, repeats=2))
    charts = "".join(re.findall(r'<svg class="chart".*?</svg>', html, flags=re.S))
    assert charts, "the report has no chart"
    neutral = {svg.TEXT_COLOR, svg.MUTED_COLOR, svg.AXIS_COLOR, svg.GRID_COLOR}
    used = {(a, c) for a, c in re.findall(r'(fill|stroke)="(#[0-9a-fA-F]{6})"', charts) if c in neutral}
    assert used
    dark = _dark_block(html)
    assert all(f'svg.chart [{a}="{c}"]' in dark for a, c in used), used


def _chromium() -> str | None:
    return next((p for name in ("chromium", "chromium-browser", "google-chrome")
                 if (p := shutil.which(name))), None)


def _screenshot(report: Path, shot: Path, *flags: str) -> tuple[int, int, int]:
    from PIL import Image

    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [str(_chromium()), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", f"--screenshot={shot}", "--window-size=900,600", *flags,
             report.resolve().as_uri()], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    with Image.open(shot) as image:
        pixel = image.convert("RGB").getpixel((3, 3))
    assert isinstance(pixel, tuple)
    return pixel[0], pixel[1], pixel[2]


@pytest.mark.skipif(_chromium() is None, reason="chromium is not installed")
def test_chromium_paints_the_page_dark_when_the_reader_prefers_dark(tmp_path: Path) -> None:
    report = export(synthetic_session(run_seconds=2.0), "html", tmp_path / "r.html")[0]
    assert _screenshot(report, tmp_path / "light.png") == LIGHT_BG
    assert _screenshot(report, tmp_path / "dark.png", "--force-dark-mode") == DARK_BG
