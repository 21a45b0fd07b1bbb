"""Telling quotations from quoted titles and mentioned words, and full ones from phrases."""

from __future__ import annotations

import re

from annotations.analysis.quotes.attribution import Attribution
from annotations.analysis.quotes.context import MASK
from annotations.analysis.quotes.detection import QuotedSpan
from annotations.analysis.quotes.lexicon import (
    DOCUMENT_NOUNS,
    MENTION_TRIGGERS,
    TITLE_SMALL_WORDS,
    TITLE_TRIGGERS,
)
from annotations.analysis.quotes.model import QuoteKind

_WORDS = re.compile(r"[\w][\w’'\-]*")
_WORD_BEFORE = re.compile(r"([\w\-]+)[\s,]*$")
#: A quotation this short (in words) with no cue is a mention or scare quote.
MENTION_MAX_WORDS = 2
#: A title-cased quotation this short with no cue is the name of a work, sign or thing.
TITLE_MAX_WORDS = 6
#: A title-cased quotation this short, without punctuation, is a name even with a cue.
SHORT_NAME_MAX_WORDS = 3
#: Words of a full quotation; shorter ones are full only if they end a sentence or clause.
FULL_MIN_WORDS = 5


def is_quotation(text: str, masked: str, span: QuotedSpan, attribution: Attribution) -> bool:
    """Whether a quoted span reports speech, rather than naming a work or mentioning a word."""
    before = _WORD_BEFORE.search(masked, max(0, span.open_mark - 40), span.open_mark)
    if before is not None:
        word = before.group(1).lower()
        trigger = word in TITLE_TRIGGERS or word in MENTION_TRIGGERS or word == "called"
        # "the sign reads “…”" names a sign's words; "the letter reads “…”" quotes a letter.
        if trigger and not (word in _READS and _after_document(masked, before.start(1))):
            return False
    words = _WORDS.findall(text, span.start, span.end)
    if _is_short_name(text, span, words):
        return False
    if attribution.cue:
        return True
    if len(words) <= MENTION_MAX_WORDS:
        return False
    return not (len(words) <= TITLE_MAX_WORDS and _title_cased(words))


_READS = frozenset(["reads", "read", "reading"])


def _after_document(masked: str, offset: int) -> bool:
    """Whether the word before `offset` names a document ("The Home Office letter reads")."""
    words = re.findall(r"[\w’'-]+", masked[max(0, offset - 30) : offset])
    return bool(words) and words[-1].lower() in DOCUMENT_NOUNS


def _is_short_name(text: str, span: QuotedSpan, words: list[str]) -> bool:
    """A name in quotation marks, even beside a cue: three title-cased words at most, with no
    punctuation ("a user labelled “Anonymous”", "the website “Insurgency Wiki”", "listed their
    country as “Hope”"). Speech ends in punctuation or is not title-cased ("“extortion”")."""
    quoted = text[span.start : span.end]
    if not words or len(words) > SHORT_NAME_MAX_WORDS or re.search(r"[.!?,;:…]", quoted):
        return False
    return all(word[0].isupper() for word in words)


def quote_kind(text: str, masked: str, span: QuotedSpan) -> QuoteKind:
    """``phrase`` for a fragment in the author's sentence, ``full`` for a clause or sentence."""
    quoted = text[span.start : span.end]
    first_letter = next((char for char in quoted if char.isalpha()), "")
    lead = masked[max(0, span.open_mark - 3) : span.open_mark].rstrip()
    if first_letter.islower() and not lead.endswith(":"):
        return "phrase"
    words = _WORDS.findall(quoted)
    ends_clause = quoted.rstrip("\"'”’»› ")[-1:] in set(".!?,;…")
    if len(words) < FULL_MIN_WORDS and not ends_clause and _inside_sentence(masked, span):
        return "phrase"
    return "full"


def _title_cased(words: list[str]) -> bool:
    significant = [word for word in words if word.lower() not in TITLE_SMALL_WORDS]
    return bool(significant) and all(word[0].isupper() or word[0].isdigit() for word in significant)


def _inside_sentence(masked: str, span: QuotedSpan) -> bool:
    """Whether author's words precede the quotation in its sentence."""
    lead = masked[max(0, span.open_mark - 3) : span.open_mark].rstrip()
    return bool(lead) and lead[-1] not in ".!?:" and lead[-1] != MASK
