"""Wall-clock timing for notebooks. Printed times read "wall time 12.3 ms", a form that the
nbval sanitizer masks, since no two runs take exactly as long.

First used in notebook 02_convolution.
"""

import statistics
import time

__all__ = ["time_call", "wall_time", "timer"]


def time_call(fn, repeats=5):
    """Median seconds of ``repeats`` calls of ``fn()`` (after one warm-up call)."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def wall_time(seconds):
    """``wall time 12.3 ms`` or ``wall time 4.2 s``."""
    return f"wall time {seconds * 1e3:.1f} ms" if seconds < 1 else f"wall time {seconds:.1f} s"


class timer:  # noqa: N801 (used like a function: ``with utils.timer() as clock``)
    """Times a ``with`` block; ``str(clock)`` is its ``wall time``, ``clock.seconds`` the number."""

    def __enter__(self):
        self.start, self.seconds = time.perf_counter(), None
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start

    def __str__(self):
        return wall_time(self.seconds)
