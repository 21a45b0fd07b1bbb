"""Word and sentence boundaries as character offsets (first version; see tests)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from annotations.spans import Spans

# A word: letters/digits joined by apostrophes, hyphens or dots ("don't", "open-weight", "3.5").
_WORD = re.compile(r"\w+(?:['’.\-]\w+)*|[^\w\s]", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?]+[\"”’)\]]*\s+")


def split_words(text: str, blocks: Sequence[object]) -> Spans:
    return Spans((m.start(), m.end()) for m in _WORD.finditer(text) if m.group()[0].isalnum() or m.group()[0] == "_")


def split_sentences(text: str, blocks: Sequence[object]) -> Spans:
    spans = Spans()
    for block in blocks:
        start, end = block.start, block.end  # type: ignore[attr-defined]
        position = start
        for m in _SENTENCE_END.finditer(text, start, end):
            spans.append(position, m.end() - len(m.group()) + len(m.group().rstrip()))
            position = m.end()
        if position < end:
            spans.append(position, end)
    return spans
