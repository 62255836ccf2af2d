"""Python's cycle collector held off while a check makes many small objects that it keeps.

The collector runs after every 700 new container objects and, every hundredth run, walks every object
the process holds. A check against a large registry makes tens of thousands (entries, candidates,
pairs, findings) while holding a registry index of hundreds of thousands of strings: measured on
200,000 entries, the default thresholds cost 0.04–0.06 s of a 1.8 s check. None of those objects form
cycles worth collecting sooner.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

RARE_THRESHOLD = 50_000  # new containers between collections of the youngest generation (default 700)


@contextmanager
def collecting_rarely() -> Iterator[None]:
    """Raise the youngest generation's threshold for the block, and restore it after. The thresholds
    are the process's: a block inside another (or on another thread) restores what it found."""
    previous = gc.get_threshold()
    gc.set_threshold(max(RARE_THRESHOLD, previous[0]), *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)
