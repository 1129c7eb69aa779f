"""The sampler thread's wait: woken early from another thread, or at its timeout."""

from __future__ import annotations

import threading
import time

from fwprof.sampling.wakeup import Wakeup


def test_wait_times_out_without_a_wake() -> None:
    wakeup = Wakeup()
    started = time.monotonic()
    assert wakeup.wait(0.05) is False
    assert time.monotonic() - started >= 0.045
    wakeup.close()


def test_a_wake_from_another_thread_ends_the_wait_early() -> None:
    wakeup = Wakeup()
    timer = threading.Timer(0.05, wakeup.wake)
    timer.start()
    started = time.monotonic()
    assert wakeup.wait(10.0) is True
    assert time.monotonic() - started < 5.0
    assert wakeup.wait(0.01) is False  # the wake was consumed
    timer.join()
    wakeup.close()


def test_a_wake_before_the_wait_is_kept_and_many_wakes_count_once() -> None:
    wakeup = Wakeup()
    for _ in range(10_000):  # more than a pipe holds: extra wakes are dropped, not blocking
        wakeup.wake()
    assert wakeup.wait(10.0) is True
    assert wakeup.wait(0.01) is False
    wakeup.close()


def test_after_close_waits_return_and_wakes_do_nothing() -> None:
    wakeup = Wakeup()
    wakeup.close()
    wakeup.close()
    wakeup.wake()
    started = time.monotonic()
    assert wakeup.wait(10.0) is False
    assert time.monotonic() - started < 1.0
