"""Sampling real processes with psutil: a busy child with a grandchild, rate, vanishing."""

from __future__ import annotations

import contextlib
import json
import math
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest

from fwprof.protocol import now
from fwprof.sampling import RunSampler, procfs
from fwprof.sampling.process_tree import ProcessTree
from fwprof.sampling.system import SystemSampler

# Burns CPU; starts a sleeping grandchild, prints its pid and reaps it when it dies.
CHILD = """
import subprocess, sys, threading, time
grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
threading.Thread(target=grandchild.wait, daemon=True).start()
print(grandchild.pid, flush=True)
end = time.monotonic() + 60
while time.monotonic() < end:
    sum(i * i for i in range(10000))
"""


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(0.02)


@pytest.fixture
def busy_tree() -> Iterator[tuple[subprocess.Popen[str], int]]:
    child = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    grandchild = int(child.stdout.readline())
    grandchild_process = psutil.Process(grandchild)  # remembers its create time
    try:
        yield child, grandchild
    finally:
        with contextlib.suppress(psutil.NoSuchProcess):
            if grandchild_process.is_running():  # still the same process, not a reused pid
                grandchild_process.kill()
        child.kill()
        child.wait()


@pytest.fixture
def sampler(busy_tree: tuple[subprocess.Popen[str], int]) -> Iterator[RunSampler]:
    run = RunSampler(busy_tree[0].pid, rate_hz=10.0)
    run.start()
    try:
        yield run
    finally:
        run.stop()


def test_busy_tree_cpu_memory_and_grandchild(
    busy_tree: tuple[subprocess.Popen[str], int], sampler: RunSampler
) -> None:
    grandchild = busy_tree[1]
    wait_until(lambda: sampler.latest().get("cpu_percent", 0.0) > 20.0
               and grandchild in sampler.tree.pids() and "uss_bytes" in sampler.latest())
    latest = sampler.latest()
    assert latest["rss_bytes"] > 10e6 and latest["uss_bytes"] > 0
    assert latest["threads"] >= 3  # child (2 threads) + grandchild
    assert latest["cpu_share_percent"] == pytest.approx(
        latest["cpu_percent"] / sampler.tree.cores)
    assert sampler.tree.processes[grandchild].name.startswith("python")
    if procfs.CHILDREN_AVAILABLE:
        assert procfs.descendants(busy_tree[0].pid) == [grandchild]
    _, grandchild_rss = sampler.process_store.series(f"pid{grandchild}_rss_bytes")
    assert grandchild_rss[-1] > 0


def test_rate_timestamps_and_tick_costs(sampler: RunSampler) -> None:
    before = now()
    wait_until(lambda: len(sampler.store) >= 16)
    summary = sampler.summary()
    t = sampler.store.times()
    assert summary["achieved_rate_hz"] == pytest.approx(10.0, rel=0.05)
    assert float(sorted(t[1:] - t[:-1])[len(t) // 2]) == pytest.approx(0.1, abs=0.01)
    assert t[0] <= before + 0.2 and t[-1] <= now()  # stamped on the protocol's clock
    costs = sampler.tick_costs_us
    assert costs.size == summary["samples"] and (costs > 0).all()
    assert summary["tick_cost_us_p99"] >= summary["tick_cost_us_median"] > 0
    assert summary["cpu_percent_peak"] > 0 and summary["rss_bytes_peak"] > 0


def test_vanished_grandchild_is_noted_and_sampling_goes_on(
    busy_tree: tuple[subprocess.Popen[str], int], sampler: RunSampler
) -> None:
    grandchild = busy_tree[1]
    wait_until(lambda: grandchild in sampler.tree.pids())
    os.kill(grandchild, signal.SIGKILL)
    wait_until(lambda: not sampler.tree.processes[grandchild].alive)
    assert any(f"pid {grandchild}" in note and "exited" in note for note in sampler.tree.notes)
    count = len(sampler.store)
    wait_until(lambda: len(sampler.store) > count + 2)
    assert sampler.latest()["cpu_percent"] > 0


def test_exited_run_gives_nan_not_zero(
    busy_tree: tuple[subprocess.Popen[str], int], sampler: RunSampler
) -> None:
    child = busy_tree[0]
    wait_until(lambda: len(sampler.store) >= 2)
    os.kill(busy_tree[1], signal.SIGKILL)
    child.kill()
    child.wait()
    wait_until(lambda: math.isnan(sampler.latest()["rss_bytes"]))
    latest = sampler.latest()
    assert math.isnan(latest["cpu_percent"]) and math.isnan(latest["threads"])
    assert latest["sys_mem_used_bytes"] > 0  # the machine is still sampled
    assert sampler.running


def test_pid_that_does_not_exist() -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    run = RunSampler(gone.pid)
    run.sample_once()
    run.sample_once()
    assert math.isnan(run.latest()["cpu_percent"]) and math.isnan(run.latest()["rss_bytes"])
    assert any(str(gone.pid) in note for note in run.tree.notes)
    assert run.summary()["cpu_percent_mean"] is None


@pytest.mark.parametrize("use_procfs", [True, False], ids=["procfs", "psutil"])
def test_system_metrics(use_procfs: bool) -> None:
    if use_procfs and not procfs.AVAILABLE:
        pytest.skip("no /proc")
    system = SystemSampler(lambda metric, reason: None, use_procfs=use_procfs,
                           per_core_interval_s=0.05)
    first = system.sample(time.monotonic())
    assert math.isnan(first["sys_cpu_percent"])  # no previous reading yet
    assert not any(name.startswith("sys_cpu_core") for name in first)
    deadline = time.monotonic() + 5.0
    while True:
        time.sleep(0.06)  # past the per-core interval; CPU times advance in 10 ms clock ticks
        values = system.sample(t := time.monotonic())
        if not math.isnan(values["sys_cpu_percent"]) or time.monotonic() > deadline:
            break
    cores = psutil.cpu_count()
    assert cores is not None
    assert {f"sys_cpu_core{i}_percent" for i in range(cores)} <= values.keys()
    assert 0.0 <= values["sys_cpu_percent"] <= 100.0
    memory = psutil.virtual_memory()
    assert values["sys_mem_used_bytes"] == pytest.approx(memory.total - memory.available, rel=0.2)
    between = system.sample(t + 0.01)  # before the per-core interval has passed: total only
    assert "sys_cpu_percent" in between
    assert not any(name.startswith("sys_cpu_core") for name in between)


def test_total_cpu_times_agree_with_the_per_core_sum() -> None:
    data = (b"cpu  100 5 50 1000 20 3 2 0 7 0\n"
            b"cpu0 60 5 30 400 10 2 1 0 7 0\n"
            b"cpu1 40 0 20 600 10 1 1 0 0 0\n"
            b"intr 12345 0 0\n")
    busy, total = procfs.parse_total_cpu_times(data)
    cores = procfs.parse_cpu_times(data)
    assert (busy, total) == (160, 1180)  # guest (7) is already in user: not counted twice
    assert [core for core, _, _ in cores] == [0, 1]
    assert sum(b for _, b, _ in cores) == busy and sum(t for _, _, t in cores) == total


def test_subscribers_run_in_the_sampler_thread(caplog: pytest.LogCaptureFixture) -> None:
    seen: list[tuple[str, float, dict[str, float]]] = []
    broken_calls: list[float] = []
    got_three = threading.Event()

    def record(t: float, values: dict[str, float]) -> None:
        seen.append((threading.current_thread().name, t, values))
        if len(seen) >= 3:
            got_three.set()

    def broken(t: float, values: dict[str, float]) -> None:
        broken_calls.append(t)
        raise RuntimeError("consumer bug")

    run = RunSampler(os.getpid(), rate_hz=50.0, on_sample=record)
    run.subscribe(broken)
    run.start()
    try:
        assert got_three.wait(5.0)
    finally:
        run.stop()
    assert seen[0][0].startswith("fwprof-sampler")
    assert "rss_bytes" in seen[0][2] and seen[1][1] > seen[0][1]
    assert len(broken_calls) == 1  # removed after it raised; sampling went on
    assert "unsubscribed" in caplog.text


def test_lifecycle_and_rate_limits() -> None:
    run = RunSampler(os.getpid(), rate_hz=100.0)
    run.stop()  # never started: a no-op
    run.start()
    with pytest.raises(RuntimeError):
        run.start()
    run.stop()
    run.stop()
    for bad in (0.5, 101.0):
        with pytest.raises(ValueError, match="1-100 Hz"):
            RunSampler(os.getpid(), rate_hz=bad)


def test_everything_is_json_friendly() -> None:
    run = RunSampler(os.getpid())
    for _ in range(3):
        run.sample_once()
    data = json.loads(json.dumps(run.to_dict(), allow_nan=False))
    assert data["processes"][0]["pid"] == os.getpid()
    assert data["summary"]["samples"] == 3
    assert data["series"]["meta"]["cpu_percent"]["unit"] == "%"


def test_parse_proc_stat_with_awkward_name() -> None:
    fields = ["S", *map(str, range(4, 53))]  # fields 3.. of proc(5); field n holds "n"
    stat = procfs.parse_pid_stat(b"123 (a) (b c)) " + " ".join(fields).encode())
    assert stat.state == "S"
    assert stat.cpu_s == pytest.approx((14 + 15) / os.sysconf("SC_CLK_TCK"))
    assert (stat.threads, stat.start_ticks) == (20, 22)
    assert stat.rss_bytes == 24 * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.parametrize("use_procfs", [True, False], ids=["procfs", "psutil"])
def test_both_readers_measure_a_busy_tree_and_see_zombies(
    busy_tree: tuple[subprocess.Popen[str], int], use_procfs: bool
) -> None:
    if use_procfs and not procfs.AVAILABLE:
        pytest.skip("no /proc")
    tree = ProcessTree(busy_tree[0].pid, lambda metric, reason: None, use_procfs=use_procfs)
    first = tree.sample(now())
    assert math.isnan(first.values["cpu_percent"])  # no previous reading: NaN, not 0
    wait_until(lambda: tree.sample(now()).values["cpu_percent"] > 20.0, timeout=5.0)
    assert tree.pids() == {busy_tree[0].pid, busy_tree[1]}
    busy_tree[0].kill()  # not reaped yet: a zombie, which counts as exited
    wait_until(lambda: math.isnan(tree.sample(now()).values["rss_bytes"])
               or busy_tree[0].pid not in tree.pids(), timeout=5.0)
    assert not tree.processes[busy_tree[0].pid].alive


def _open_fds() -> set[str]:
    return {os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")
            if os.path.exists(f"/proc/self/fd/{fd}")}


@pytest.mark.skipif(not procfs.AVAILABLE, reason="no /proc")
def test_proc_file_rereads_fresh_contents_grows_and_ends_with_its_process(tmp_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                             stdin=subprocess.PIPE)
    stat = procfs.ProcFile(f"/proc/{child.pid}/stat")
    assert procfs.parse_pid_stat(stat.read()).state in "RS"
    contents = os.urandom(100_000)
    (tmp_path / "big").write_bytes(contents)
    big = procfs.ProcFile(str(tmp_path / "big"), size=16)
    assert big.read() == contents  # read again, larger, until it fits
    (tmp_path / "big").write_bytes(b"now short")
    assert big.read() == b"now short"  # every read starts afresh
    assert child.stdin is not None
    child.stdin.close()
    child.wait()  # reaped: its pid may be reused, but this file never shows another process
    with pytest.raises(ProcessLookupError):
        stat.read()
    for file in (stat, big):
        file.close()
        file.close()
    with pytest.raises(FileNotFoundError):
        stat.read()


@pytest.mark.skipif(not procfs.AVAILABLE, reason="no /proc")
def test_tree_keeps_stat_files_open_and_closes_them_for_exited_processes_and_at_stop(
    busy_tree: tuple[subprocess.Popen[str], int]
) -> None:
    child, grandchild = busy_tree
    paths = {f"/proc/{child.pid}/stat", f"/proc/{grandchild}/stat"}
    tree = ProcessTree(child.pid, lambda metric, reason: None)
    tree.sample(now())
    assert paths <= _open_fds()
    os.kill(grandchild, signal.SIGKILL)

    def forgotten() -> bool:
        tree.sample(now())
        return grandchild not in tree.pids()

    wait_until(forgotten)
    assert f"/proc/{grandchild}/stat" not in _open_fds()
    tree.close()
    assert not paths & _open_fds()
    assert tree.sample(now()).values["rss_bytes"] > 0  # still samples, opening files each tick


def test_costly_uss_readings_space_themselves_to_fit_their_budget(
    busy_tree: tuple[subprocess.Popen[str], int], monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = ProcessTree(busy_tree[0].pid, lambda metric, reason: None, uss_interval_s=0.0)
    first, second = tree.sample(100.0), tree.sample(110.0)
    assert "uss_bytes" in first.values and "uss_bytes" in second.values  # < 20 ms: 10 s is enough
    monkeypatch.setattr("fwprof.sampling.process_tree.USS_CPU_BUDGET", 1e-9)
    tree.sample(200.0)  # costs > 1 ns: the next USS reading waits far longer than any run
    assert "uss_bytes" not in tree.sample(300.0).values
