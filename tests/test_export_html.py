"""The HTML report: self-contained, well-formed, escaped, and rendered by a real browser."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from export_records import check_html, synthetic_session

from fwprof.export import export
from fwprof.export.html_report import render_html
from fwprof.render.tables import status_badge
from fwprof.results import StepLog

EVIL = "<script>alert(\"x\")</script>'\"><img src=x onerror=alert(1)>"


def test_report_is_well_formed_and_self_contained() -> None:
    text = render_html(synthetic_session(run_seconds=3.0, repeats=3), source="s")
    check_html(text)
    assert text.count("<svg") >= 5  # throughput bars, 3 timelines, phases (GPU: a note)
    for heading in ("Verdict", "Throughput", "Summary", "Timelines", "Phases", "Runs", "Environment"):
        assert f"<h2>{heading}</h2>" in text
    assert "PyTorch 4.0" in text and "GPU busy % was not measured" in text


def test_every_user_string_is_escaped() -> None:
    record = synthetic_session(run_seconds=2.0)
    run = record.runs[1]
    run.status, run.error = "failed", EVIL
    run.stderr_tail = EVIL
    run.info["script"] = {"path": EVIL, "args": [EVIL]}
    record.environment["cpu_model"] = EVIL
    record.environment["env"] = {"OMP_NUM_THREADS": EVIL, EVIL: "1"}
    record.environment["frameworks"]["torch"]["version"] = EVIL
    record.environment["frameworks"]["torch"]["build"] = {"flags": EVIL}
    record.environment["gpu"] = {"available": False, "reason": EVIL}
    record.created = EVIL
    text = render_html(record, source=EVIL)
    check_html(text)
    lowered = text.lower()
    assert "<script" not in lowered and "<img" not in lowered
    assert "'\"><" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text


def test_a_session_with_no_data_still_renders() -> None:
    record = synthetic_session(run_seconds=2.0)
    for run in record.runs:
        run.status, run.error, run.started_at, run.ended_at = "skipped", "framework missing", None, None
        run.phases, run.steps, run.series, run.resources = [], StepLog(), {}, {}
    text = render_html(record)
    check_html(text)
    assert "No run recorded any data." in text and "framework missing" in text


def test_export_writes_the_report(tmp_path: Path) -> None:
    path = export(synthetic_session(run_seconds=2.0), "html", tmp_path / "r.html")[0]
    check_html(path.read_text(encoding="utf-8"))


def _chromium() -> str | None:
    return next((p for name in ("chromium", "chromium-browser", "google-chrome")
                 if (p := shutil.which(name))), None)


@pytest.mark.skipif(_chromium() is None, reason="chromium is not installed")
def test_headless_chromium_renders_the_report(tmp_path: Path) -> None:
    report = export(synthetic_session(run_seconds=5.0, repeats=2), "html", tmp_path / "r.html")[0]
    shot = tmp_path / "r.png"
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [str(_chromium()), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile}", f"--screenshot={shot}",
             "--window-size=1400,2400", report.resolve().as_uri()],
            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000  # a blank page is ~10 kB


def test_run_statuses_are_told_apart_in_the_runs_table() -> None:
    assert 'class="badge ok">ok<' in status_badge("ok")
    assert 'class="badge bad">failed<' in status_badge("failed")
    assert 'class="badge warn">stopped<' in status_badge("stopped")  # stopped is not a failure
    assert 'class="badge warn">skipped<' in status_badge("skipped")
