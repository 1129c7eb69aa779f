"""Encoded arrays: filters round-trip, and malformed encodings are refused with a reason."""

from __future__ import annotations

import numpy as np
import pytest

from fwprof.snapshot.arrays import ArrayFormatError, decode_array, encode_array


def test_shuffle_round_trips_bit_exactly() -> None:
    values = np.random.default_rng(0).random(1001) * 0.01
    assert np.array_equal(decode_array(encode_array(values, filter="shuffle"), "x"), values)


def test_delta_ns_restores_timestamps_to_the_nanosecond() -> None:
    ends = 12345.678 + np.cumsum(np.full(500, 0.0123456789))
    decoded = decode_array(encode_array(ends, filter="delta-ns"), "x")
    assert np.max(np.abs(decoded - ends)) < 1e-9 + 1e-12 * ends.max()


def test_filters_make_step_arrays_smaller_after_gzip() -> None:
    import gzip
    import json

    ends = 5000 + np.cumsum(0.01 * (1 + 0.05 * np.random.default_rng(1).standard_normal(50_000)))
    plain = len(gzip.compress(json.dumps(encode_array(ends)).encode()))
    filtered = len(gzip.compress(json.dumps(encode_array(ends, filter="delta-ns")).encode()))
    assert filtered < 0.6 * plain


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"filter": "zstd"}, "filter 'zstd' is not known"),
        ({"dtype": "<f8"}, "needs dtype '<i8'"),
        ({"n": True}, "element count True"),
        ({"b64": "!!!"}, "not base64"),
        ({"extra": 1}, "not an encoded array"),
    ],
)
def test_malformed_filtered_arrays_are_refused(change: dict[str, object], message: str) -> None:
    encoded = {**encode_array(np.arange(4.0), filter="delta-ns"), **change}
    with pytest.raises(ArrayFormatError, match=message):
        decode_array(encoded, "runs[0].steps.end")
