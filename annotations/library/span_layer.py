"""Decorations over character ranges, found quickly for the line being drawn."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class SpanLayer(Generic[T]):
    """Possibly overlapping ``(start, end, value)`` spans, queried by the range of one line.

    Spans are sorted by start; remembering the longest span bounds how far back a query must
    look, so drawing a line costs O(log n + hits) even with thousands of highlights. The bound
    is kept when the longest span goes (finding the next longest would walk every span on
    each removal): a bound too large only makes a query look a little further back.
    """

    def __init__(self, spans: Iterable[tuple[int, int, T]] = ()) -> None:
        self._spans = sorted((s for s in spans if s[1] > s[0]), key=lambda s: (s[0], s[1]))
        self._starts = [span[0] for span in self._spans]
        self._longest = max((end - start for start, end, _ in self._spans), default=0)

    def add(self, start: int, end: int, value: T) -> None:
        """Add one span (an empty one is ignored), in O(log n) plus one list insertion."""
        if end <= start:
            return
        index = bisect_right(self._spans, (start, end), key=lambda s: (s[0], s[1]))
        self._spans.insert(index, (start, end, value))
        self._starts.insert(index, start)
        self._longest = max(self._longest, end - start)

    def remove(self, start: int, end: int, value: T) -> bool:
        """Remove the span ``(start, end, value)``; False if there is none."""
        index = bisect_left(self._spans, (start, end), key=lambda s: (s[0], s[1]))
        while index < len(self._spans) and self._spans[index][:2] == (start, end):
            if self._spans[index][2] == value:
                del self._spans[index]
                del self._starts[index]
                if not self._spans:
                    self._longest = 0
                return True
            index += 1
        return False

    def exact(self, start: int, end: int) -> list[T]:
        """The values of the spans of exactly ``[start, end)``, in O(log n + hits)."""
        index = bisect_left(self._spans, (start, end), key=lambda s: (s[0], s[1]))
        found = []
        while index < len(self._spans) and self._spans[index][:2] == (start, end):
            found.append(self._spans[index][2])
            index += 1
        return found

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
