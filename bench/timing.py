"""The one timing every page measure of `make bench` uses: a warm-up call, then the median of
`rounds` calls, in milliseconds (or of two actions in turn: paired_median_ms); and the settings
pages are timed with (as_in_production)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def as_in_production() -> Iterator[None]:
    """DEBUG off for the block, as production runs: `make bench` starts with DEBUG on (for the
    embedded servers), and Django then logs every query with its text (≈ 0.1 to 0.8 ms a page)."""
    from django.conf import settings

    debug, settings.DEBUG = settings.DEBUG, False
    try:
        yield
    finally:
        settings.DEBUG = debug


def median_ms(action: Callable[[], None], rounds: int) -> float:
    action()  # warm-up
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def paired_median_ms(
    first: Callable[[], None], second: Callable[[], None], rounds: int
) -> tuple[float, float]:
    """The medians of two actions timed in turn, round after round (after a warm-up of each):
    a ratio between them is not skewed by the machine's load changing from one series to the
    next."""
    first()
    second()
    samples: tuple[list[float], list[float]] = ([], [])
    for _ in range(rounds):
        for action, kept in zip((first, second), samples, strict=True):
            start = time.perf_counter()
            action()
            kept.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples[0]), statistics.median(samples[1])
