"""The linear rewrites behave exactly as the quadratic code they replaced, and long
paragraphs are cut into chunks spaCy can take.

Speed itself is measured in `benchmarks/bench_long_paragraph.py`, not asserted here.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from annotations.analysis.entities.rules_backend import _starts_sentence
from annotations.analysis.entities.spacy_backend import CHUNK_CHARS, chunk_ranges
from annotations.analysis.quotes.context import _word_before

#: The end-anchored searches the walks replaced (scans from the start of the line or block).
OLD_SENTENCE_END = re.compile(r"(?:^|[.!?:]|\n)[\s\"'“‘(\[]*$")
# \Z, not $: `$` also matches before a final newline, so the old search took "1" as the
# word just before the end of "1\n" (found by this property test); the walk rightly does not.
OLD_WORD_BEFORE = re.compile(r"([\w.]+)\Z")

TEXTS = st.text(alphabet=st.sampled_from(list("ab A.!?:\n\t\"'“‘([_é1 ")), max_size=40)


@given(TEXTS, st.integers(min_value=0, max_value=40))
def test_sentence_start_check_matches_the_old_search(line: str, position: int) -> None:
    position = min(position, len(line))
    old = OLD_SENTENCE_END.search(line, 0, position) is not None
    assert _starts_sentence(line, position) == old


@given(TEXTS, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=40))
def test_word_before_matches_the_old_search(text: str, start: int, end: int) -> None:
    start, end = sorted((min(start, len(text)), min(end, len(text))))
    found = OLD_WORD_BEFORE.search(text, start, end)
    assert _word_before(text, start, end) == (found.group(1) if found else "")


def test_one_long_paragraph_is_cut_at_sentence_ends() -> None:
    sentence = "The council met on Monday in Springfield and Jane Smith spoke. "
    text = "Title\n" + sentence * 2000 + "\nLast line."
    chunks = [(start, text[start:end]) for start, end in chunk_ranges(text)]
    assert len(chunks) > 5
    assert "".join(chunk for _, chunk in chunks) == text
    for offset, chunk in chunks:
        assert text[offset : offset + len(chunk)] == chunk
        assert len(chunk) <= CHUNK_CHARS
    assert all(chunk.endswith((". ", "\n", "Last line.")) for _, chunk in chunks)


def test_a_line_without_spaces_is_still_cut() -> None:
    text = "x" * (CHUNK_CHARS * 3 + 5)
    chunks = [(start, text[start:end]) for start, end in chunk_ranges(text)]
    assert "".join(chunk for _, chunk in chunks) == text
    assert max(len(chunk) for _, chunk in chunks) <= CHUNK_CHARS
