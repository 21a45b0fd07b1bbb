"""Sorted, non-overlapping character spans with fast lookup by offset.

Words, sentences and blocks of an article are all kept as a `Spans`: two parallel arrays of
start and end offsets. Arrays keep a 1 MB article's ~170k words in a few hundred kilobytes and
`bisect` answers every cursor movement in O(log n).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator


class Spans:
    """An ordered run of half-open ``[start, end)`` spans that do not overlap."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, pairs: Iterable[tuple[int, int]] = ()) -> None:
        self._starts = array("q")
        self._ends = array("q")
        for start, end in pairs:
            self.append(start, end)

    @classmethod
    def of_matches(cls, matches: Iterable[re.Match[str]]) -> Spans:
        """The spans of a regex's successive matches (`finditer`): ordered and disjoint by
        construction, so they are stored without `append`'s checks (3x faster on 1 MB)."""
        spans = cls()
        bounds = [bound for match in matches for bound in match.span()]
        spans._starts = array("q", bounds[0::2])
        spans._ends = array("q", bounds[1::2])
        return spans

    def append(self, start: int, end: int) -> None:
        """Add a span after the last one."""
        if end < start:
            raise ValueError(f"span end {end} before start {start}")
        if self._ends and start < self._ends[-1]:
            raise ValueError(f"span {start}-{end} overlaps the previous one")
        self._starts.append(start)
        self._ends.append(end)

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, index: int) -> tuple[int, int]:
        return self._starts[index], self._ends[index]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self._starts, self._ends, strict=True)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Spans) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"Spans({list(self)[:5]!r}{'...' if len(self) > 5 else ''})"

    @property
    def starts(self) -> array[int]:
        return self._starts

    def index_at(self, offset: int) -> int | None:
        """Index of the span containing `offset`, or None when it falls in a gap."""
        index = bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < self._ends[index]:
            return index
        return None

    def index_at_or_before(self, offset: int) -> int:
        """Index of the span containing `offset` or, in a gap, the last span before it.

        Returns 0 for offsets before the first span (callers check emptiness first).
        """
        return max(bisect_right(self._starts, offset) - 1, 0)

    def next_start(self, offset: int) -> int | None:
        """Start of the first span that starts after `offset`."""
        index = bisect_right(self._starts, offset)
        return self._starts[index] if index < len(self._starts) else None

    def prev_start(self, offset: int) -> int | None:
        """Start of the last span that starts before `offset`."""
        index = bisect_left(self._starts, offset) - 1
        return self._starts[index] if index >= 0 else None

    def overlapping(self, start: int, end: int) -> range:
        """Indexes of the spans that overlap ``[start, end)``."""
        first = bisect_right(self._ends, start)
        last = bisect_left(self._starts, end)
        return range(first, max(first, last))
