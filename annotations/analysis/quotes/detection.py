"""Pairing quotation marks into quoted spans, paragraph by paragraph.

Pairing never fails as a whole: a stray closing mark is skipped; a second opening mark while
one is open ends the open one at a ``, said …`` that shows where its closing mark was
forgotten, or else is taken as a wrong-way closing mark (double quotation marks do not nest);
a quotation still open at the end of a paragraph runs to that end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotations.analysis.quotes.lexicon import REPORTING_VERB_RE
from annotations.analysis.quotes.marks import OPENING_MARKS, QUOTATION_MARKS, Role, mark_role
from annotations.article.model import Article

_MARK_RE = re.compile("[" + re.escape("".join(sorted(QUOTATION_MARKS))) + "]")
# Where a quotation whose closing mark was forgotten really ends: "…today, said Jones".
_FORGOTTEN_CLOSE_RE = re.compile(r",(?=\s+(?:" + REPORTING_VERB_RE.pattern + r"))")


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """Words between a pair of quotation marks, before classification and attribution."""

    open_mark: int
    close_mark: int | None
    #: The quoted words, ``[start, end)``, trimmed of white space.
    start: int
    end: int
    #: Index of the paragraph (``article.blocks``) holding the span.
    block: int
    #: True when this span continues a quotation left open in the previous paragraph.
    continues: bool = False

    @property
    def region_end(self) -> int:
        """End of the span including its closing mark (or its words when it has none)."""
        return self.end if self.close_mark is None else self.close_mark + 1


def find_quoted_spans(article: Article) -> list[QuotedSpan]:
    """Every quoted span of the article, in reading order."""
    spans: list[QuotedSpan] = []
    text = article.text
    left_open = False
    for index, block in enumerate(article.blocks):
        found = _pair_block(text, block.start, block.end, index)
        found = _with_single_quoted(text, block.start, block.end, index, found)
        if found and left_open and found[0].open_mark == _first_visible(text, block.start):
            first = found[0]
            found[0] = QuotedSpan(
                first.open_mark, first.close_mark, first.start, first.end, index, True
            )
        left_open = bool(found) and found[-1].close_mark is None and found[-1].end == block.end
        spans.extend(found)
    return spans


#: A single mark that may open a quotation: after a space, bracket or dash, before a letter.
_SINGLE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–]))[‘'](?=[^\W\d_])", re.MULTILINE)
#: Elisions that start with an apostrophe ("rock 'n' roll", "'em", "'tis"), never quotations.
_ELISION = re.compile(r"[‘'](?:n[’']|em\b|tis\b|twas\b|cause\b|til\b|bout\b)", re.IGNORECASE)
#: One that may close it: after punctuation that ends the words ("…,’ she said"), or before
#: punctuation or the paragraph's end. "the students’ union" and "’90s" close nothing.
_SINGLE_CLOSE = re.compile(r"(?<=[,.!?…])[’']|(?<=[^\s‘'])[’'](?=[,.;:!?)—–]|\s*$)")


def _with_single_quoted(
    text: str, start: int, end: int, block: int, spans: list[QuotedSpan]
) -> list[QuotedSpan]:
    """Add quotations in single marks (British style: ‘We will win,’ she said), outside the
    double-quoted ones of the paragraph (inside them, single marks are nested quotes)."""
    taken = [(span.open_mark, span.region_end) for span in spans]
    found: list[QuotedSpan] = []
    position = start
    while True:
        opening = _SINGLE_OPEN.search(text, position, end)
        if opening is None:
            break
        closing = _SINGLE_CLOSE.search(text, opening.end(), end)
        if closing is None:
            break
        open_mark, close_mark = opening.start(), closing.start()
        if _ELISION.match(text, open_mark):
            position = opening.end()
            continue
        position = close_mark + 1
        if any(a < close_mark + 1 and open_mark < b for a, b in taken):
            continue
        before = len(found)
        _add(found, text, open_mark, close_mark, close_mark, block)
        if len(found) > before and not re.search(r"\w", text[open_mark + 1 : close_mark]):
            found.pop()
    if not found:
        return spans
    return sorted([*spans, *found], key=lambda span: span.open_mark)


def _first_visible(text: str, start: int) -> int:
    while start < len(text) and text[start].isspace():
        start += 1
    return start


def _pair_block(text: str, start: int, end: int, block: int) -> list[QuotedSpan]:
    spans: list[QuotedSpan] = []
    pending: int | None = None  # offset of the opening mark of the quotation now open
    for match in _MARK_RE.finditer(text, start, end):
        index = match.start()
        role = mark_role(text, index, start, end)
        if pending is None:
            if role is Role.CLOSE:
                continue  # a stray closing mark
            if text[index] == '"' and index > start and text[index - 1].isdigit():
                continue  # an inch mark: 27"
            pending = index
        elif role is Role.OPEN and (cut := _forgotten_close(text, pending, index)) is not None:
            _add(spans, text, pending, None, cut, block)
            pending = index
        else:
            _add(spans, text, pending, index, index, block)
            pending = None
    if pending is not None:
        runs_on = _first_visible(text, end) < len(text) and text[_first_visible(text, end)] in (
            OPENING_MARKS
        )
        cut = None if runs_on else _forgotten_close(text, pending, end)
        _add(spans, text, pending, None, end if cut is None else cut, block)
    return spans


def _forgotten_close(text: str, open_mark: int, limit: int) -> int | None:
    """Where an unclosed quotation ends if a ``, said …`` before `limit` shows it, else None."""
    match = _FORGOTTEN_CLOSE_RE.search(text, open_mark + 1, limit)
    return None if match is None else match.end()


def _add(
    spans: list[QuotedSpan],
    text: str,
    open_mark: int,
    close_mark: int | None,
    stop: int,
    block: int,
) -> None:
    start, end = open_mark + 1, stop
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if any(char.isalnum() for char in text[start:end]):
        spans.append(QuotedSpan(open_mark, close_mark, start, end, block))
