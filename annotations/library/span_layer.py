"""Decorations over character ranges, found quickly for the line being drawn."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class SpanLayer(Generic[T]):
    """Possibly overlapping ``(start, end, value)`` spans, queried by the range of one line.

    Spans are sorted by start; remembering the longest span bounds how far back a query must
    look, so drawing a line costs O(log n + hits) even with thousands of highlights.
    """

    def __init__(self, spans: Iterable[tuple[int, int, T]] = ()) -> None:
        self._spans = sorted((s for s in spans if s[1] > s[0]), key=lambda s: (s[0], s[1]))
        self._starts = [span[0] for span in self._spans]
        self._longest = max((end - start for start, end, _ in self._spans), default=0)

    def __len__(self) -> int:
        return len(self._spans)

    def __iter__(self) -> Iterator[tuple[int, int, T]]:
        return iter(self._spans)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, T]]:
        first = bisect_left(self._starts, start - self._longest)
        last = bisect_left(self._starts, end)
        return [span for span in self._spans[first:last] if span[1] > start]

    def at(self, offset: int) -> list[tuple[int, int, T]]:
        return self.overlapping(offset, offset + 1)
