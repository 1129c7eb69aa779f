"""TimeSeriesStore: columns, NaN backfill, downsampling policy, exact stats, JSON round trip."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from fwprof.sampling.metrics import describe
from fwprof.sampling.store import PENDING_ROWS, TimeSeriesStore, downsample


def fill(store: TimeSeriesStore, seconds: float, rate_hz: float = 10.0) -> None:
    """Rows at ``rate_hz`` from t=0: a ramp gauge, a counter, a per-interval quantity."""
    for k in range(int(seconds * rate_hz)):
        t = k / rate_hz
        store.append(t, {"cpu_percent": float(k), "gpu0_energy_j": float(k),
                         "gpu0_interval_energy_j": 1.0})


def test_metrics_appearing_later_are_nan_before() -> None:
    store = TimeSeriesStore()
    store.append(0.0, {"cpu_percent": 10.0})
    store.append(0.1, {"cpu_percent": 20.0, "uss_bytes": 5.0})
    store.append(0.2, {"cpu_percent": 30.0})
    t, uss = store.series("uss_bytes")
    np.testing.assert_allclose(t, [0.0, 0.1, 0.2])
    np.testing.assert_array_equal(np.isnan(uss), [True, False, True])
    assert store.last("uss_bytes") == 5.0
    assert np.isnan(store.series("never_seen")[1]).all()
    assert store.names() == ["cpu_percent", "uss_bytes"]


def test_rows_written_in_batches_read_as_rows_written_one_by_one() -> None:
    batched, flushed_each_row = TimeSeriesStore(), TimeSeriesStore()
    for k in range(3 * PENDING_ROWS + 5):
        row = {"cpu_percent": float(k)}
        if k % 7 == 0:
            row["uss_bytes"] = float(k)
        if k > PENDING_ROWS + 3:
            row["gpu0_power_w"] = 100.0 + k
        batched.append(k / 10, row)
        flushed_each_row.append(k / 10, row)
        assert len(flushed_each_row.times()) == k + 1  # a read writes the pending rows
        assert len(batched) == k + 1
    assert batched.names() == flushed_each_row.names() == ["cpu_percent", "gpu0_power_w",
                                                           "uss_bytes"]
    for name in batched.names():
        np.testing.assert_array_equal(batched.series(name), flushed_each_row.series(name))
        assert batched.stats(name) == flushed_each_row.stats(name)
    assert np.isnan(batched.series("gpu0_power_w")[1][: PENDING_ROWS + 4]).all()


def test_growth_beyond_initial_capacity() -> None:
    store = TimeSeriesStore()
    fill(store, 300.0)  # 3000 rows, within the full-resolution window
    t, values = store.series("cpu_percent")
    assert len(store) == t.size == 3000
    np.testing.assert_array_equal(values, np.arange(3000.0))


def test_old_rows_are_downsampled_to_buckets() -> None:
    store = TimeSeriesStore(full_res_s=10.0, bucket_s=1.0, compact_every_s=5.0)
    fill(store, 40.0)
    t, cpu = store.series("cpu_percent")
    old = t < t[-1] - 16.0  # surely archived: older than window + compaction period
    assert np.allclose(np.diff(t[old]), 1.0)  # one row per second
    np.testing.assert_allclose(cpu[old][:3], [4.5, 14.5, 24.5])  # means of 0..9, 10..19, ...
    assert np.allclose(np.diff(t[-50:]), 0.1)  # the recent part keeps full resolution
    assert len(store) < 400


def test_counters_keep_last_and_intervals_sum() -> None:
    store = TimeSeriesStore(full_res_s=10.0, bucket_s=1.0, compact_every_s=5.0)
    fill(store, 40.0)
    _, energy = store.series("gpu0_energy_j")
    _, interval = store.series("gpu0_interval_energy_j")
    assert energy[:2].tolist() == [9.0, 19.0]
    assert interval[:2].tolist() == [10.0, 10.0]
    assert np.nansum(interval) == pytest.approx(400.0)  # sums are preserved


def test_stats_are_exact_after_downsampling() -> None:
    store = TimeSeriesStore(full_res_s=10.0, bucket_s=1.0, compact_every_s=5.0)
    store.append(0.05, {"rss_bytes": 1000.0})  # a spike that averaging would hide
    for k in range(1, 400):
        store.append(0.05 + k / 10, {"rss_bytes": 1.0})
    stats = store.stats("rss_bytes")
    assert stats.peak == 1000.0
    assert stats.count == 400
    assert stats.mean == pytest.approx((1000.0 + 399.0) / 400)
    assert store.series("rss_bytes")[1].max() < 1000.0  # the archived row itself is a mean
    assert math.isnan(store.stats("unknown").mean)


def test_downsample_all_nan_bucket_is_nan() -> None:
    t = np.array([0.1, 0.5, 1.2, 1.7])
    values = np.array([np.nan, np.nan, 2.0, np.nan])
    cols = {"a": values, "b": values, "c": values}
    t_out, out = downsample(t, cols, 1.0, {"a": "mean", "b": "last", "c": "sum"})
    np.testing.assert_allclose(t_out, [0.3, 1.45])
    for name in cols:
        assert math.isnan(out[name][0])
        assert out[name][1] == 2.0


def test_round_trip_through_json() -> None:
    store = TimeSeriesStore(full_res_s=10.0, bucket_s=1.0, compact_every_s=5.0)
    fill(store, 30.0)
    store.append(30.0, {"uss_bytes": 7.0})
    store.mark_unavailable("gpu_power_w", "no GPU")
    text = json.dumps(store.to_dict(), allow_nan=False)
    loaded = TimeSeriesStore.from_dict(json.loads(text))
    for name in store.names():
        np.testing.assert_array_equal(loaded.series(name)[0], store.series(name)[0])
        np.testing.assert_array_equal(loaded.series(name)[1], store.series(name)[1])
        assert loaded.stats(name).to_dict() == store.stats(name).to_dict()
    assert loaded.unavailable == {"gpu_power_w": "no GPU"}
    assert loaded.meta["gpu0_energy_j"] == describe("gpu0_energy_j")
    loaded.append(31.0, {"cpu_percent": 1.0})  # a loaded store keeps working
    assert loaded.last("cpu_percent") == 1.0


def test_metadata_table() -> None:
    busy = describe("gpu3_busy_percent")
    assert (busy.unit, busy.agg) == ("%", "mean")
    assert "GPU 3 busy %" in busy.label
    assert describe("sys_cpu_core12_percent").label == "System CPU % core 12"
    assert describe("gpu0_energy_j").agg == "last"
    assert describe("pid42_rss_bytes").unit == "B"
    assert describe("something_new").label == "something_new"
