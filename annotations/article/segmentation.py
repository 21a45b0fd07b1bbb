"""Word and sentence boundaries as character offsets into an article's text.

Both are rule-based and run in one regular-expression pass each, so the reader can compute
them on a 1 MB article without a pause (see ``benchmarks/bench_segmentation.py``).

Words are runs of letters and digits (with their combining marks) joined by word-internal
apostrophes, hyphens and dots, and by commas between digits: "don't", "Zuckerberg’s",
"open-weight", "3.5", "1,000". Dotted initialisms keep their final dot ("U.S.", "e.g.").
Han ideographs and hiragana, written without spaces, are one word per character.

Sentences end at ``.``, ``!``, ``?``, an ellipsis or a CJK full stop, plus any closing quotes
and brackets, when what follows starts a new sentence. A ``.`` after an abbreviation or an
initial ends a sentence only when the next word is a common sentence opener ("moved to the
U.S. The next day" is two sentences; "the U.S. Congress" is not).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import Protocol

from annotations.article.spans import Spans


class _HasRange(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


# Scripts written without spaces between words: every character is its own word.
_CJK_CHARS = "\u3040-\u309f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Joiners allowed between two word characters: apostrophes, hyphens, dots.
_JOINERS = "'’\\-\u2010\u2011."


@cache
def _combining_marks() -> str:
    """A character-class body of the Basic Multilingual Plane's combining marks.

    Python's ``\\w`` does not match marks (category M), so without this "é" written as
    "e" + U+0301 and most Indic words would be cut apart. Built once, on first use (~5 ms).
    """
    ranges: list[str] = []
    run_start = -1
    for code in range(0x10000 + 1):
        is_mark = code < 0x10000 and unicodedata.category(chr(code))[0] == "M"
        if is_mark and run_start < 0:
            run_start = code
        elif not is_mark and run_start >= 0:
            ranges.append(f"\\u{run_start:04x}-\\u{code - 1:04x}")
            run_start = -1
    return "".join(ranges)


@cache
def _word_pattern() -> re.Pattern[str]:
    marks = _combining_marks()
    # A run of word characters (\w without CJK), possibly carrying combining marks.
    run = f"[^\\W_{_CJK_CHARS}][^\\W{_CJK_CHARS}]*(?:[{marks}]+[^\\W{_CJK_CHARS}]*)*"
    joined = f"{run}(?:(?:[{_JOINERS}]|(?<=\\d),(?=\\d)){run})*"
    # A dotted initialism keeps its final dot: "U.S.", "e.g.", "Ph.D." (ends in ".<letter>").
    initialism_dot = r"(?:(?<=\.[^\W\d_])\.)?"
    return re.compile(f"{joined}{initialism_dot}|[{_CJK_CHARS}][{marks}]*")


# The same words as `_word_pattern` on ASCII text, where no mark, CJK character or non-ASCII
# joiner can occur and \w is [A-Za-z0-9_]; it compiles in well under a millisecond, where the
# full pattern (and its table of combining marks) takes ~25 ms: the first frame needs only the
# cursor's word, and English text rarely needs more than this.
_ASCII_RUN = "[A-Za-z0-9][A-Za-z0-9_]*"
_ASCII_WORD = re.compile(
    f"{_ASCII_RUN}(?:(?:['\\-.]|(?<=\\d),(?=\\d)){_ASCII_RUN})*(?:(?<=\\.[A-Za-z])\\.)?"
)
#: How far past a match the full pattern may look before it ends there: a joiner and the
#: character after it.
_LOOKAHEAD = 2


def split_words(text: str, blocks: Iterable[_HasRange] = ()) -> Spans:
    """Word spans of `text`, in order.

    Args:
        text: The article text.
        blocks: Unused; words are the same inside and between blocks. Kept so words and
            sentences are computed with one call shape.

    Returns:
        One ``[start, end)`` span per word.
    """
    del blocks
    return Spans.of_matches(_word_pattern().finditer(text))


def word_near(text: str, offset: int) -> tuple[int, int] | None:
    """The word containing `offset`, else the first word after it, else None: the same span
    `split_words` gives, found by scanning from the start of `offset`'s line only.

    No word crosses a line break (neither ``\\w`` nor a joiner matches one), so the scan
    from the line's start meets the same words as one from the text's start. The reader
    uses this to draw its first frame before the whole text is split into words.
    """
    line_start = text.rfind("\n", 0, offset) + 1
    for match in _ASCII_WORD.finditer(text, line_start):
        if match.end() > offset:
            # Where all the full pattern would read is ASCII, it finds exactly this word.
            if text[line_start : match.end() + _LOOKAHEAD].isascii():
                return match.span()
            break
    for match in _word_pattern().finditer(text, line_start):
        if match.end() > offset:
            return match.span()
    return None


# ---------------------------------------------------------------------------------------------
# Sentences

_CLOSERS = "\"'”’»)\\]}」』）"
# A candidate sentence end: terminal punctuation and closers, then white space or the block end;
# CJK full stops need no space after them. Starting with one character class lets the regex
# engine skip quickly to the next punctuation mark (5x faster than an alternation).
_CANDIDATE = re.compile(
    f"[.!?…。！？](?:(?<=[.!?…])[.!?…]*[{_CLOSERS}]*(?=\\s|$)|(?<=[。！？])[。！？]*[{_CLOSERS}]*)"
)
_OPENERS_BEFORE_WORD = "\"'“‘«([{"
_FIRST_WORD = re.compile(r"\s*[\"'“‘«(\[]*(\w+|\S)")


def _word_set(*lines: str) -> frozenset[str]:
    return frozenset(" ".join(lines).split())


#: Abbreviations that precede what they qualify, so never end a sentence.
_NEVER_FINAL = _word_set(
    "mr mrs ms mx dr prof st mt gen sen rep gov lt col capt cpt sgt maj cmdr adm pres supt rev "
    "hon fr messrs mme mlle vs cf e.g i.e viz approx ca"
)
#: Abbreviations that introduce a number ("No. 5", "fig. 3") but are also plain words.
_BEFORE_NUMBER = _word_set("no nos vol pp p fig figs ch art sec op")
#: Abbreviations that often end a sentence as well as appear inside one.
_MAYBE_FINAL = _word_set(
    "inc ltd co corp llc plc bros assn univ dept jan feb mar apr jun jul aug sep sept oct nov "
    "dec mon tue tues thu thur thurs fri a.m p.m u.s u.k u.n e.u u.s.a d.c etc al jr sr est ft "
    "ave blvd rd hwy"
)
#: Words that commonly open a sentence; after an abbreviation they signal a boundary.
_OPENERS = _word_set(
    "a an the this that these those it its he she they we i you his her their our my your "
    "there here but and or so yet however meanwhile still also then now later after before "
    "when while if as in on at by for from with without to of since although though because "
    "despite during under over one two three some many most all both each no not nor what "
    "who why how where which mr mrs ms dr"
)


def split_sentences(text: str, blocks: Iterable[_HasRange]) -> Spans:
    """Sentence spans of `text`, never crossing a block boundary.

    Each span starts at its first non-space character and ends after its final punctuation
    and any closing quote or bracket; white space between sentences belongs to none.

    Args:
        text: The article text.
        blocks: The article's blocks (anything with ``start`` and ``end``), in order.

    Returns:
        Sentence spans in text order.
    """
    spans = Spans()
    for block in blocks:
        _split_block(text, block.start, block.end, spans)
    return spans


def _split_block(text: str, start: int, end: int, spans: Spans) -> None:
    position = _skip_space(text, start, end)
    for match in _CANDIDATE.finditer(text, start, end):
        if match.start() <= position or not _ends_sentence(text, match, end):
            continue
        spans.append(position, match.end())
        position = _skip_space(text, match.end(), end)
    if position < end:
        last_end = end
        while last_end > position and text[last_end - 1].isspace():
            last_end -= 1
        spans.append(position, last_end)


def _skip_space(text: str, position: int, end: int) -> int:
    while position < end and text[position].isspace():
        position += 1
    return position


def _ends_sentence(text: str, match: re.Match[str], block_end: int) -> bool:
    """Whether the candidate `match` ends a sentence, judged from its neighbours."""
    if match.end() >= block_end or match.group()[0] in "。！？":
        return True
    following = _FIRST_WORD.match(text, match.end(), block_end)
    if following is None:
        return True
    next_word = following.group(1)
    # A lower-case continuation ("“Go!” she said", "approx. five") is the same sentence.
    if next_word[0].islower():
        return False
    punctuation = match.group().rstrip(_CLOSERS)
    if punctuation != ".":
        # "?", "!" and ellipses end a sentence before anything but lower case.
        return not (punctuation[0] in ".…" and next_word[0].isdigit())
    return _period_ends_sentence(text, match.start(), next_word)


def _period_ends_sentence(text: str, period: int, next_word: str) -> bool:
    """Decide a single "." from the word before it and the word after it."""
    word = _word_before(text, period)
    if not word or not word[0].isalpha():
        # After a number, a symbol or a closing bracket: an ordinary sentence end.
        return True
    key = word.lower()
    if key in _NEVER_FINAL:
        return False
    if key in _BEFORE_NUMBER:
        # "No. 5", "fig. 3" continue; "the answer is no. Then" ends.
        return not next_word[0].isdigit()
    if key in _MAYBE_FINAL or _is_initial(word):
        return next_word.lower() in _OPENERS or not next_word[0].isalnum()
    return True


def _word_before(text: str, period: int) -> str:
    """The white-space-delimited word ending at `period`, without leading quotes or brackets."""
    word_start = period
    # A backward scan over a few characters is much cheaper than a regex search here.
    while word_start > 0 and not text[word_start - 1].isspace() and period - word_start < 40:
        word_start -= 1
    return text[word_start:period].lstrip(_OPENERS_BEFORE_WORD)


def _is_initial(word: str) -> bool:
    """A single capital ("F" in "John F. Kennedy") or a dotted initialism ("J.R.R")."""
    if len(word) == 1:
        return word.isupper()
    parts = word.split(".")
    return all(len(part) == 1 and part.isalpha() for part in parts)
