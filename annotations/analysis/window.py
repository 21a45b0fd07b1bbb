"""The part of an article around the reading position, analysed alone: a quick preview.

The whole text's analysis takes seconds (minutes on 1 MB with spaCy), and the first one of the
app's life waits for the model to load. The few thousand characters the reader is looking at
are analysed alone in a fraction of that (`window_analysis`: the same steps as
`annotations.analysis.cache.analyze`, on that part's text, offsets moved to the whole text),
so the panes can show them at once. It is a preview, not the answer: a name the rest of the
text would confirm, or a speaker named earlier, can come out differently; the app labels it
and replaces it whole with the whole text's analysis.
"""

from __future__ import annotations

import dataclasses

from annotations.analysis.cache import Analysis, analyze
from annotations.analysis.entities import Extractor
from annotations.analysis.entities.model import Mention
from annotations.article.model import Article, Block

#: About two screens: the part being read and the next (a screen holds ~3,000 characters).
WINDOW_CHARS = 6_000
#: How much of the window lies before the reading position (readers read down).
BEFORE_SHARE = 4


def window_around(text: str, position: int, chars: int = WINDOW_CHARS) -> tuple[int, int]:
    """About `chars` characters of `text` around `position`, as ``(start, end)``: cut at line
    breaks where there are any, else after a sentence, else between words."""
    if len(text) <= chars:
        return 0, len(text)
    position = min(max(position, 0), len(text))
    start = max(0, min(position - chars // BEFORE_SHARE, len(text) - chars))
    end = start + chars
    return _snapped_start(text, start, position), _snapped_end(text, end, position)


def _snapped_start(text: str, start: int, position: int) -> int:
    if start == 0:
        return 0
    for mark in ("\n", ". ", " "):
        found = text.find(mark, start, position)
        if found >= 0:
            return found + len(mark)
    return start


def _snapped_end(text: str, end: int, position: int) -> int:
    if end >= len(text):
        return len(text)
    for mark in ("\n", ". ", " "):
        found = text.rfind(mark, position, end)
        if found >= 0:
            return found + (1 if mark == ". " else 0)
    return end


def window_article(article: Article, start: int, end: int) -> Article:
    """``article.text[start:end]`` as an article of its own: the blocks it overlaps, cut to it."""
    blocks = tuple(
        Block(
            block.kind,
            max(block.start, start) - start,
            min(block.end, end) - start,
            block.level,
            block.number,
        )
        for block in article.blocks
        if block.start < end and block.end > start
    )
    return dataclasses.replace(article, text=article.text[start:end], blocks=blocks)


def moved(analysis: Analysis, offset: int) -> Analysis:
    """`analysis` with every offset moved by `offset` (a part's offsets into the whole text)."""
    entities = tuple(
        dataclasses.replace(
            entity,
            mentions=tuple(Mention(m.start + offset, m.end + offset) for m in entity.mentions),
        )
        for entity in analysis.entities
    )
    quotes = tuple(
        dataclasses.replace(
            quote,
            start=quote.start + offset,
            end=quote.end + offset,
            open_mark=quote.open_mark + offset,
            close_mark=None if quote.close_mark is None else quote.close_mark + offset,
        )
        for quote in analysis.quotes
    )
    return Analysis(entities, quotes, analysis.extractor)


def window_analysis(article: Article, extractor: Extractor, start: int, end: int) -> Analysis:
    """What `analyze` finds in ``article.text[start:end]`` alone, offsets into the whole text."""
    return moved(analyze(window_article(article, start, end), extractor), start)
