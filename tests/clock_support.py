"""A library clock that ticks: orderings by time never depend on the clock's resolution."""

from __future__ import annotations

import itertools

import pytest


def ticking_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every time the store asks for "now", it is a second later than the time before."""
    seconds = itertools.count(10)

    def now() -> str:
        tick = next(seconds)
        return f"2026-01-01T{tick // 3600:02d}:{tick // 60 % 60:02d}:{tick % 60:02d}.000Z"

    monkeypatch.setattr("annotations.library.store.utc_now", now)
