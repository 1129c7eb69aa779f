"""Never trust a file: the snapshot loader meets mutated, truncated, huge and hostile input.

Whatever the bytes, ``load_snapshot`` returns a session or raises ``SnapshotError`` naming the
problem (never another exception), within bounded time and memory; a session it accepts can be
summarised and printed (``fwprof show`` never shows a traceback).
"""

from __future__ import annotations

import copy
import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from export_records import script_session, synthetic_session
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fwprof.outputs.summary import build_summary
from fwprof.outputs.text import render_summary
from fwprof.results import SessionRecord
from fwprof.snapshot import SnapshotError, load_snapshot
from fwprof.snapshot.codec import FORMAT_VERSION, record_to_document
from fwprof.snapshot.io import finite_json

#: FWPROF_FUZZ_EXAMPLES=5000 searches longer (and at random) than the default run.
EXAMPLES = int(os.environ.get("FWPROF_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=2000, derandomize="FWPROF_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _status_kib(field: str) -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))


@pytest.fixture(scope="module", autouse=True)
def rss_at_module_start() -> int:
    """Reset this process's peak to its current size (tests before this file may have loaded frameworks)."""
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")
    return _status_kib("VmRSS")


def _document(record: SessionRecord) -> dict[str, Any]:
    return finite_json(record_to_document(record, build_summary(record).to_json()))


BUILTIN = _document(synthetic_session(run_seconds=1.0))
SCRIPTS = _document(script_session())

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda children: (st.lists(children, max_size=4)
                      | st.dictionaries(st.text(max_size=8), children, max_size=4)),
    max_leaves=12,
)


def _load_bytes(tmp_path: Path, data: bytes) -> SessionRecord | None:
    """Load ``data`` as a snapshot: the record, or None after a SnapshotError."""
    path = tmp_path / "fuzz.fwprof"
    path.write_bytes(data)
    try:
        record = load_snapshot(path)
    except SnapshotError as exc:
        assert str(exc), "a SnapshotError must say what is wrong"
        return None
    render_summary(build_summary(record))  # what `fwprof show` does with it must not fail either
    return record


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a document (long lists: their first items only)."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:3]):
            found += _paths(item, (*prefix, index))
    return found


def _replace(doc: Any, path: tuple[Any, ...], value: Any, delete: bool = False) -> Any:
    doc = copy.deepcopy(doc)
    if not path:
        return value
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return doc


def _gz(doc: Any) -> bytes:
    return gzip.compress(json.dumps(doc).encode(), 1)


@FUZZ
@given(which=st.sampled_from([BUILTIN, SCRIPTS]), data=st.data(), delete=st.booleans(), value=json_values)
def test_any_value_anywhere_gives_a_session_or_a_snapshot_error(tmp_path: Path, which: dict[str, Any],
                                                                 data: st.DataObject, delete: bool,
                                                                 value: Any) -> None:
    path = data.draw(st.sampled_from(_paths(which)))
    _load_bytes(tmp_path, _gz(_replace(which, path, value, delete)))


@FUZZ
@given(which=st.sampled_from([BUILTIN, SCRIPTS]), cut=st.floats(0, 1), flips=st.lists(
    st.tuples(st.floats(0, 1), st.integers(1, 255)), max_size=4))
def test_truncated_or_corrupted_bytes_give_a_snapshot_error(
        tmp_path: Path, which: dict[str, Any], cut: float, flips: list[tuple[float, int]]) -> None:
    data = bytearray(_gz(which))
    data = data[: max(0, int(len(data) * cut))] if cut < 1 else data
    for where, mask in flips:
        if data:
            data[int(where * (len(data) - 1))] ^= mask
    _load_bytes(tmp_path, bytes(data))


@FUZZ
@given(which=st.sampled_from([BUILTIN, SCRIPTS]), cut=st.floats(0, 1),
       token=st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999", "\"\\ud800\"", "[", "}", "\x00"]),
       at=st.floats(0, 1))
def test_broken_json_text_gives_a_snapshot_error(tmp_path: Path, which: dict[str, Any], cut: float,
                                                 token: str, at: float) -> None:
    text = json.dumps(which)
    position = int(len(text) * at)
    broken = text[:position] + token + text[position:]
    broken = broken[: int(len(broken) * cut)] if cut < 1 else broken
    record = _load_bytes(tmp_path, gzip.compress(broken.encode(errors="surrogatepass"), 1))
    assert record is None or _is_json(broken)


def _is_json(text: str) -> bool:
    try:
        json.loads(text, parse_constant=lambda name: 1 / 0)
    except (ValueError, ZeroDivisionError, RecursionError):
        return False
    return True


@pytest.mark.parametrize("version", [0, -1, FORMAT_VERSION + 1, 10**9, "2", 2.0, None, True, [2]])
def test_wrong_or_future_schema_versions_are_refused_by_name(tmp_path: Path, version: Any) -> None:
    with pytest.raises(SnapshotError, match="schema version"):
        load_snapshot(_write(tmp_path, _gz({**BUILTIN, "version": version})))


@pytest.mark.parametrize("array", [
    {"dtype": "<f8", "n": 10**12, "b64": ""},
    {"dtype": "<f8", "n": 3, "b64": "AAAA"},
    {"dtype": "object", "n": 0, "b64": ""},
    {"dtype": "<f8", "n": 0, "b64": "!!"},
    {"dtype": "<f8", "n": 0, "b64": "", "extra": 1},
    [1.0, 2.0],
])
def test_malformed_or_huge_arrays_are_refused(tmp_path: Path, array: Any) -> None:
    doc = _replace(BUILTIN, ("runs", 0, "steps", "end"), array)
    with pytest.raises(SnapshotError, match=r"runs\[0\]\.steps"):
        load_snapshot(_write(tmp_path, _gz(doc)))


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    nested: Any = 1
    for _ in range(200):
        nested = [nested]
    doc = _replace(BUILTIN, ("environment", "deep"), nested)
    with pytest.raises(SnapshotError, match="nested deeper than 64 levels"):
        load_snapshot(_write(tmp_path, _gz(doc)))


def test_a_2_gb_file_is_refused_by_its_size_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.fwprof"
    with huge.open("wb") as handle:  # sparse: 2 GB long, no disk used
        handle.write(b"\x1f\x8b")
        handle.truncate(2 << 30)
    started = time.perf_counter()
    with pytest.raises(SnapshotError, match="the file is 2048 MiB; snapshots larger than 512 MiB"):
        load_snapshot(huge)
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize("kind", ["fifo", "device", "directory"])
def test_files_that_are_not_regular_files_are_refused_without_blocking(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "x.fwprof"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    else:
        path = Path("/dev/zero")
    with pytest.raises(SnapshotError, match=r"not a regular file|Is a directory"):
        load_snapshot(path)


BOMB = """
import gzip, resource, sys, time
sys.path[:0] = [{root!r}]
# VmHWM belongs to this process's memory map, which exec made new; ru_maxrss would carry the parent's peak.
peak_kib = lambda: next(int(ln.split()[1]) for ln in open("/proc/self/status") if ln.startswith("VmHWM"))
resource.setrlimit(resource.RLIMIT_AS, (5 << 29, 5 << 29))  # 2.5 GiB
head, body = gzip.compress(b"{{" + b" " * (64 << 20), 1), gzip.compress(b" " * (64 << 20), 1)
with open({path!r}, "wb") as f:
    f.write(head + body * 20)  # a few MB that inflate to 1.3 GiB
from fwprof.snapshot import SnapshotError, load_snapshot
started = time.perf_counter()
try:
    load_snapshot({path!r})
except SnapshotError as exc:
    print(exc)
print(time.perf_counter() - started, peak_kib())
"""


@pytest.mark.slow
def test_a_zip_bomb_is_refused_in_bounded_time_and_memory(tmp_path: Path) -> None:
    root = str(Path(__file__).resolve().parents[1])
    code = BOMB.format(root=root, path=str(tmp_path / "bomb.fwprof"))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr  # a MemoryError would fail here
    message, figures = result.stdout.strip().splitlines()
    seconds, max_rss_kib = (float(x) for x in figures.split())
    assert "decompresses to more than 1024 MiB" in message
    assert seconds < 20 and max_rss_kib < 2 * 2**20  # the 1 GiB limit, the interpreter, the allocator


def test_strings_holding_python_code_are_kept_as_text_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = f"__import__('os').system('touch {marker}')"
    doc = _replace(BUILTIN, ("environment", "cpu_model"), payload)
    doc = _replace(doc, ("runs", 0, "info", "version"), {"__reduce__": payload, "py/object": "os.system"})
    doc = _replace(doc, ("runs", 0, "error"), f"{{{payload}}}")
    record = load_snapshot(_write(tmp_path, _gz(doc)))
    render_summary(build_summary(record))
    assert record.environment["cpu_model"] == payload and not marker.exists()


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "doc.fwprof"
    path.write_bytes(data)
    return path


def test_fuzz_memory_stays_bounded(rss_at_module_start: int) -> None:
    """Nothing above in this file made this process grow by more than a few hundred MiB."""
    assert _status_kib("VmHWM") - rss_at_module_start < 512 * 2**10


@FUZZ
@given(which=st.sampled_from([BUILTIN, SCRIPTS]), run=st.integers(0, 1), key=st.sampled_from(["end", "dur"]),
       values=st.lists(st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([0.0, -1.0, 1e-300]),
                       max_size=40))
def test_any_step_times_give_a_session_or_a_snapshot_error(tmp_path: Path, which: dict[str, Any], run: int,
                                                          key: str, values: list[float]) -> None:
    import numpy as np

    from fwprof.snapshot.arrays import encode_array

    doc = copy.deepcopy(which)
    steps = doc["runs"][min(run, len(doc["runs"]) - 1)]["steps"]
    steps[key] = encode_array(np.array(values, dtype=float))
    other = "dur" if key == "end" else "end"
    steps[other] = encode_array(np.resize(np.array(values or [0.0]), len(values)))
    _load_bytes(tmp_path, _gz(doc))
