"""Wrap an article into visual lines that map every screen cell back to a character offset.

A visual line is a range ``[start, end)`` of `Article.text` plus the block it belongs to; blank
lines between blocks belong to no block. Lines are kept in arrays so a 1 MB article (tens of
thousands of lines) wraps in milliseconds and a line is found by offset with `bisect`.

Most news text is one cell per character; such blocks take a fast path that breaks lines with
`str.rfind`. Blocks holding tabs, control characters, wide (CJK, emoji) or zero-width characters
are measured character by character.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from rich.cells import get_character_cell_size

from annotations.article.model import Article, Block, BlockKind
from annotations.visible_text import SAFE_TRANSLATION

TAB_SIZE = 4
#: Blocks with any character outside these single-cell ranges take the measured path.
_NOT_SIMPLE = re.compile(
    "[^\x20-\x7e\n\u00a0-\u02ff\u0370-\u052f\u2010-\u2027\u2030-\u205e\u20a0-\u20bf]"
)
_BREAKABLE = " \n"


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Cells a character takes once made safe (control characters show as one picture)."""
    code = ord(char)
    if code in SAFE_TRANSLATION:
        return 1
    return get_character_cell_size(char)


def is_wide_break(char: str) -> bool:
    """CJK text has no spaces: a line may break after any wide character."""
    return char_width(char) == 2


@dataclass(frozen=True, slots=True)
class Decor:
    """How a block is set: the prefix of its first line and of its other lines."""

    first: str
    rest: str


def block_decor(block: Block) -> Decor:
    if block.kind is BlockKind.QUOTE:
        return Decor("┃ ", "┃ ")
    if block.kind is BlockKind.LIST_ITEM:
        indent = "  " * max(block.level - 1, 0)
        marker = f"{block.number}. " if block.number is not None else "• "
        return Decor(indent + marker, indent + " " * len(marker))
    return Decor("", "")


class ArticleLayout:
    """The article wrapped to `width` cells: arrays of line starts, ends and block indexes."""

    def __init__(self, article: Article, width: int) -> None:
        self.article = article
        self.width = max(width, 8)
        self.starts = array("q")
        self.ends = array("q")
        #: Block index of each line, or -1 for the blank line between blocks.
        self.blocks = array("q")
        #: Whether a line starts its block (it carries the first-line prefix).
        self.first = array("b")
        self._wrap()

    def __len__(self) -> int:
        return len(self.starts)

    # -- wrapping -------------------------------------------------------------------------------

    def _wrap(self) -> None:
        text = self.article.text
        blocks = self.article.blocks
        for index, block in enumerate(blocks):
            # Blocks stand a blank line apart, except the items of one list.
            in_list = block.kind is BlockKind.LIST_ITEM and blocks[index - 1].kind is block.kind
            if index and not in_list:
                self._add(block.start, block.start, -1, False)
            decor = block_decor(block)
            width = max(self.width - len(decor.rest), 4)
            if _NOT_SIMPLE.search(text, block.start, block.end) is None:
                self._wrap_simple(text, block.start, block.end, width, index)
            else:
                self._wrap_measured(text, block.start, block.end, width, index)

    def _add(self, start: int, end: int, block: int, first: bool) -> None:
        self.starts.append(start)
        self.ends.append(end)
        self.blocks.append(block)
        self.first.append(first)

    def _wrap_simple(self, text: str, start: int, end: int, width: int, block: int) -> None:
        position = start
        first = True
        while end - position > width:
            limit = position + width
            cut = max(text.rfind(" ", position, limit + 1), text.rfind("\n", position, limit + 1))
            if cut <= position:  # one word longer than the line: break it
                self._add(position, limit, block, first)
                position = limit
            else:
                self._add(position, cut, block, first)
                position = cut + 1
                while position < end and text[position] in _BREAKABLE:
                    position += 1
            first = False
        self._add(position, end, block, first)

    def _wrap_measured(self, text: str, start: int, end: int, width: int, block: int) -> None:
        position = start
        first = True
        while position < end:
            column = 0
            index = position
            cut = -1  # the last place the line may break (exclusive end of the line)
            resume = -1
            while index < end:
                char = text[index]
                cells = TAB_SIZE - column % TAB_SIZE if char == "\t" else char_width(char)
                if column + cells > width and index > position:
                    break
                column += cells
                if char in _BREAKABLE or char == "\t":
                    cut, resume = index, index + 1
                elif cells == 2:
                    cut, resume = index + 1, index + 1
                index += 1
            if index >= end:
                self._add(position, end, block, first)
                return
            if cut <= position:
                cut = resume = index
            self._add(position, cut, block, first)
            position = resume
            while position < end and text[position] in _BREAKABLE:
                position += 1
            first = False

    # -- lookups --------------------------------------------------------------------------------

    def line_of(self, offset: int) -> int:
        """The line showing `offset` (for an offset between blocks, the line before it)."""
        line = max(bisect_right(self.starts, offset) - 1, 0)
        # A separator line starts where the next block starts: prefer that block's first line.
        while line + 1 < len(self.starts) and self.starts[line + 1] <= offset:
            line += 1
        while line > 0 and self.blocks[line] == -1:
            line -= 1
        return line

    def prefix(self, line: int) -> str:
        block = self.blocks[line]
        if block < 0:
            return ""
        decor = block_decor(self.article.blocks[block])
        return decor.first if self.first[line] else decor.rest

    def cells(self, line: int) -> list[tuple[int, str]]:
        """The line's characters as ``(offset, shown text)`` pairs, tabs expanded, made safe."""
        text = self.article.text
        column = len(self.prefix(line))
        out: list[tuple[int, str]] = []
        for offset in range(self.starts[line], self.ends[line]):
            char = text[offset]
            if char == "\t":
                shown = " " * (TAB_SIZE - column % TAB_SIZE)
            else:
                shown = char.translate(SAFE_TRANSLATION)
            column += len(shown) if char == "\t" else char_width(char)
            out.append((offset, shown))
        return out

    def column_of(self, offset: int) -> tuple[int, int]:
        """Line and cell column (after the prefix) where `offset` is shown."""
        line = self.line_of(offset)
        column = len(self.prefix(line))
        for char_offset, shown in self.cells(line):
            if char_offset >= offset:
                break
            column += sum(char_width(c) for c in shown)
        return line, column

    def offset_at(self, line: int, column: int) -> int:
        """The character shown at `column` of `line` (the nearest one on the line)."""
        line = min(max(line, 0), len(self.starts) - 1)
        while line > 0 and self.blocks[line] == -1:
            line -= 1
        position = len(self.prefix(line))
        last = self.starts[line]
        for char_offset, shown in self.cells(line):
            width = sum(char_width(c) for c in shown)
            if column < position + width:
                return char_offset
            position += width
            last = char_offset
        return last
