"""Long-lived data kept out of the garbage collector's full passes; young collections spaced out.

An article of 1 MB with 5,000 highlights is ~180,000 tracked objects that live as long as the
reader: a full (generation 2) collection walked all of them, ~80 ms, and landed on whichever
key came next — the edits' p95. Once the reader's data is loaded (and again once its analysis
is shown), `settle` moves every object that exists into the permanent generation
(`gc.freeze`), which full passes skip. Objects are still freed by reference counting; only
reference cycles made before a settle are never collected — a bounded cost for a reader,
not for a test process that makes a thousand apps, so only the real run enables it.
"""

from __future__ import annotations

import gc
from typing import Any

from textual.app import App

from annotations.gc_pacing import collect_young_if_due, space_out_young_collections

#: How often the app looks whether young objects are due for collection between keys.
COLLECT_EVERY_SECONDS = 0.05

_enabled = False


def enable() -> None:
    """Settle from now on (the app's real run, not `run_test`)."""
    global _enabled
    _enabled = True
    space_out_young_collections()  # see annotations.gc_pacing


def collect_between_keys(app: App[Any]) -> None:
    """When enabled, collect young objects while `app` waits for keys (see `gc_pacing`):
    the check runs between the app's messages, never inside a frame."""
    if _enabled:
        app.set_interval(COLLECT_EVERY_SECONDS, collect_young_if_due, name="young collections")


def settle() -> None:
    """Keep what exists now out of full collections, when enabled."""
    if _enabled:
        gc.freeze()
