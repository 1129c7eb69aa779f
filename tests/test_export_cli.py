"""``fwprof export``: every format from a saved snapshot, defaults, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from export_records import check_html, check_trace_schema, synthetic_session

from fwprof.cli.main import main
from fwprof.outputs.snapshot import save_snapshot


@pytest.fixture()
def snapshot(tmp_path: Path) -> Path:
    return save_snapshot(synthetic_session(run_seconds=2.0), tmp_path / "session.fwprof")


@pytest.mark.parametrize(("fmt", "name"), [("chrome-trace", "t.json"), ("csv", "s.csv"),
                                           ("html", "r.html"), ("markdown", "t.md"), ("json", "s.json")])
def test_export_each_format(snapshot: Path, tmp_path: Path, fmt: str, name: str,
                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / name
    assert main(["export", str(snapshot), "--format", fmt, "-o", str(out)]) == 0
    assert f"Wrote {out}" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    if fmt == "chrome-trace":
        check_trace_schema(json.loads(text))
    elif fmt == "html":
        check_html(text)
    elif fmt == "json":
        assert json.loads(text)["schema"] == "fwprof.summary/1"
    else:
        assert text.strip()


def test_default_output_goes_next_to_the_snapshot(snapshot: Path) -> None:
    assert main(["export", str(snapshot), "-f", "html"]) == 0
    assert (snapshot.parent / "session.html").is_file()
    assert main(["export", str(snapshot), "-f", "chrome-trace"]) == 0
    assert (snapshot.parent / "session.trace.json").is_file()


def test_dash_writes_to_stdout(snapshot: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(snapshot), "-f", "markdown", "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("**fwprof**")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "/nonexistent.fwprof", "-f", "json"], "cannot read"),
        (["export", "{snap}", "-f", "csv", "-o", "-"], "writes several files"),
        (["export", "{snap}", "-f", "json", "-o", "/nonexistent-folder/x.json"], "does not exist"),
        (["export", "{snap}", "-f", "json", "-o", "{dir}"], "is a directory"),
    ],
)
def test_bad_input_gets_one_message_and_status_2(snapshot: Path, args: list[str], message: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    argv = [a.format(snap=snapshot, dir=snapshot.parent) for a in args]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_unknown_format_is_a_usage_error(snapshot: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["export", str(snapshot), "-f", "pdf"])
    assert exc.value.code == 2
