"""Young garbage collections spaced out, for a process that makes many short-lived objects.

Python collects its youngest generation every 700 allocations (of container objects) not
yet freed. Loading a page of 200,000 paragraphs makes millions of objects that live on, and
each of the reader's frames makes tens of thousands of strips and segments that die within
it: both ran young (and every tenth, middle) collections over and over — ~0.25 s of a
200,000-paragraph page's load, ~1 ms inside a key's frame. Objects are still freed by
reference counting the moment they are unused; only reference cycles wait a little longer.
Called by the real process only (the command line, the app's real run), never in tests.
"""

from __future__ import annotations

import gc

#: Allocations between young collections (Python's default is 700).
YOUNG_THRESHOLD = 50_000
#: Young objects the app lets wait between keys before it collects them there.
BETWEEN_KEYS_COUNT = 10_000


def space_out_young_collections() -> None:
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)


def collect_young_if_due(due: int = BETWEEN_KEYS_COUNT) -> bool:
    """Collect the youngest generation now if `due` objects wait in it; True if it did.

    Called by the app between keys: a young collection is ~1 ms per 5,000 objects still
    alive in it, so one left to the threshold (~5–12 ms at 50,000 with 5,000 highlights)
    landed inside whichever key's frame crossed it.
    """
    if gc.isenabled() and gc.get_count()[0] >= due:
        gc.collect(0)
        return True
    return False
