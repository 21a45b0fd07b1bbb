"""Where each row of a list starts, in lines: heights per row, prefix sums, bisect.

Textual's OptionList keeps a flat list of (row, line) pairs, one per line: inserting or
removing a row near the top re-maps every line after it (~5 ms at 5,000 highlights, more
under load). Here a row's change costs a list insert or pop and, at the next look-up, the
prefix sums from that row on (`itertools.accumulate`, in C); a line's row is found by bisect.
The three views answer what OptionList asks of its line cache (`lines[y]`, `heights[i]`,
`index_to_line[i]`), so OptionList's own drawing, keys and scrolling work unchanged.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from itertools import accumulate
from typing import overload


class RowLines:
    """Line counts of rows 0..n-1 and the line each starts at."""

    def __init__(self) -> None:
        self._heights: list[int] = []
        #: `_starts[i]` is row i's first line; `_starts[n]` the total. Valid up to `_fresh`.
        self._starts: list[int] = [0]
        self._fresh = 0
        self.lines = _Lines(self)
        self.heights = _Heights(self)
        self.index_to_line = _Starts(self)

    def __len__(self) -> int:
        """How many rows are measured."""
        return len(self._heights)

    # -- changes ------------------------------------------------------------------------------

    def clear(self) -> None:
        self._heights.clear()
        self._stale(0)

    def append(self, height: int) -> None:
        self._heights.append(height)
        self._stale(len(self._heights) - 1)

    def insert(self, index: int, height: int) -> None:
        self._heights.insert(index, height)
        self._stale(index)

    def pop(self, index: int) -> None:
        del self._heights[index]
        self._stale(index)

    def set(self, index: int, height: int) -> None:
        if self._heights[index] != height:
            self._heights[index] = height
            self._stale(index)

    def truncate(self, count: int) -> None:
        """Forget the rows from `count` on (they are measured again)."""
        del self._heights[count:]
        self._stale(count)

    def _stale(self, index: int) -> None:
        self._fresh = min(self._fresh, index)

    # -- look-ups -------------------------------------------------------------------------------

    def starts(self) -> list[int]:
        """Row starts, brought up to date from the first row that changed."""
        heights, starts, fresh = self._heights, self._starts, self._fresh
        if fresh < len(heights) or len(starts) != len(heights) + 1:
            del starts[fresh + 1 :]
            starts.extend(accumulate(heights[fresh:], initial=starts[fresh]))
            del starts[fresh + 1]  # `initial` repeats the start of row `fresh`
            self._fresh = len(heights)
        return starts

    @property
    def total(self) -> int:
        return self.starts()[-1]

    def row_at(self, line: int) -> int:
        """The row that line `line` (0 <= line < total) belongs to."""
        return bisect_right(self.starts(), line) - 1

    def height(self, index: int) -> int:
        return self._heights[index]


class _Lines(Sequence[tuple[int, int]]):
    """`lines[y]`: (row, line within the row) of line y, as OptionList's flat list gave."""

    def __init__(self, rows: RowLines) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return self._rows.total

    @overload
    def __getitem__(self, line: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, line: slice) -> Sequence[tuple[int, int]]: ...
    def __getitem__(self, line: int | slice) -> tuple[int, int] | Sequence[tuple[int, int]]:
        if isinstance(line, slice):
            return [self[y] for y in range(*line.indices(len(self)))]
        total = self._rows.total
        if line < 0:
            line += total
        if not 0 <= line < total:
            raise IndexError(line)
        row = self._rows.row_at(line)
        return row, line - self._rows.starts()[row]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        rows = self._rows
        for row, height in enumerate(rows._heights):
            for offset in range(height):
                yield row, offset


class _RowMapping(Mapping[int, int]):
    def __init__(self, rows: RowLines) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self._rows)))

    def _check(self, index: int) -> None:
        if not 0 <= index < len(self._rows):
            raise KeyError(index)


class _Heights(_RowMapping):
    """`heights[i]`: row i's line count."""

    def __getitem__(self, index: int) -> int:
        self._check(index)
        return self._rows.height(index)


class _Starts(_RowMapping):
    """`index_to_line[i]`: row i's first line."""

    def __getitem__(self, index: int) -> int:
        self._check(index)
        return self._rows.starts()[index]
