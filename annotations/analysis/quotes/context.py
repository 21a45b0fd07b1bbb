"""The author's own words around each quotation: sentences with the quotations masked out.

Attribution reads only the narration, so every quoted span (marks included) is replaced by
NUL characters in a copy of the text that keeps all offsets; a quotation that ends a sentence
leaves its final ``.``/``?``/``!`` in place of its closing mark so the sentence still ends.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from annotations.analysis.quotes.detection import QuotedSpan
from annotations.analysis.quotes.lexicon import ABBREVIATIONS
from annotations.analysis.quotes.marks import OPENING_MARKS
from annotations.article.model import Article

MASK = "\x00"
_SENTENCE_END = re.compile(r"[.!?]+\s+")


class QuoteContext:
    """Masked narration of an article and its sentence boundaries."""

    def __init__(self, article: Article, spans: Sequence[QuotedSpan]) -> None:
        self.article = article
        self.spans = spans
        chars = list(article.text)
        for span in spans:
            for index in range(span.open_mark, span.region_end):
                chars[index] = MASK
            last = article.text[span.start : span.end].rstrip("\"'”’»› ")[-1:]
            if span.close_mark is not None and last in ".!?":
                chars[span.close_mark] = last
        self.masked = "".join(chars)
        # Sentence starts (the offset just after each sentence end), for every block.
        self._starts: list[int] = []
        for block in article.blocks:
            self._starts.append(block.start)
            self._starts.extend(self._sentence_starts(block.start, block.end))
        self._starts.sort()
        self._regions = [(span.open_mark, span.region_end) for span in spans]
        self._region_starts = [start for start, _ in self._regions]

    def _sentence_starts(self, start: int, end: int) -> list[int]:
        starts: list[int] = []
        for match in _SENTENCE_END.finditer(self.masked, start, end):
            following = self.masked[match.end()] if match.end() < end else ""
            if not following or not (
                following.isupper()
                or following.isdigit()
                or following == MASK
                or following in OPENING_MARKS
            ):
                continue
            word = _word_before(self.masked, start, match.start())
            if match.group().startswith(".") and word:
                before = word.lower().rstrip(".")
                if before in ABBREVIATIONS or (len(before) == 1 and before.isalpha()):
                    continue
            starts.append(match.end())
        return starts

    def sentence_start(self, offset: int) -> int:
        """Start of the sentence holding `offset` (never before its block)."""
        block_start = self.article.blocks[self.article.block_index_at(offset)].start
        index = bisect_right(self._starts, offset) - 1
        return max(self._starts[index], block_start) if index >= 0 else block_start

    def sentence_end(self, offset: int) -> int:
        """End of the sentence holding `offset`: the next sentence start, or its block's end."""
        block_end = self.article.blocks[self.article.block_index_at(offset)].end
        index = bisect_right(self._starts, offset)
        return min(self._starts[index], block_end) if index < len(self._starts) else block_end

    def next_region_start(self, offset: int) -> int | None:
        """Start of the first quoted region at or after `offset`."""
        index = bisect_left(self._region_starts, offset)
        return self._region_starts[index] if index < len(self._region_starts) else None

    def inside_quotation(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies within a quoted region (marks included)."""
        index = bisect_right(self._region_starts, start) - 1
        return index >= 0 and end <= self._regions[index][1]


def _word_before(text: str, start: int, end: int) -> str:
    """The run of word characters and dots that ends at `end` (not before `start`).

    A walk back rather than an end-anchored search of ``text[start:end]``, which scanned the
    whole block for every sentence end: quadratic in paragraph length.
    """
    index = end
    while index > start and (text[index - 1].isalnum() or text[index - 1] in "_."):
        index -= 1
    return text[index:end]
