"""Words and sentences: offsets, abbreviations, initials, decimals, quotes and unicode."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from annotations.article.model import Block, BlockKind, article_from_plain_text
from annotations.article.segmentation import split_sentences, split_words

SEED = Path(__file__).resolve().parents[2] / "seeds" / "meta-spotify-open-source-ai.txt"


def words(text: str) -> list[str]:
    return [text[start:end] for start, end in split_words(text)]


def sentences(text: str) -> list[str]:
    block = Block(BlockKind.PARAGRAPH, 0, len(text))
    return [text[start:end] for start, end in split_sentences(text, [block])]


# --- words -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word",
    ["don't", "Zuckerberg’s", "open-weight", "3.5", "1,000", "U.S.", "e.g.", "a.m.", "Ph.D."],
)
def test_word_internal_punctuation_keeps_a_word_whole(word: str) -> None:
    assert words(f"See {word} here") == ["See", word, "here"]


def test_punctuation_around_words_is_not_part_of_them() -> None:
    text = "“Hello,” she said (twice) — then left... 5% of 1,000, 2,3 and -x-."
    assert words(text) == [
        "Hello", "she", "said", "twice", "then", "left", "5", "of", "1,000", "2,3", "and", "x",
    ]  # fmt: skip


def test_comma_joins_only_digits() -> None:
    assert words("apples,pears 10,5") == ["apples", "pears", "10,5"]


def test_initialism_dot_is_kept_but_a_sentence_dot_is_not() -> None:
    assert words("in the U.S. today. End.") == ["in", "the", "U.S.", "today", "End"]


def test_combining_marks_stay_inside_their_word() -> None:
    decomposed = "cafe\u0301 ne\u0301e"
    assert words(decomposed) == ["cafe\u0301", "ne\u0301e"]
    assert words("हिन्दी भाषा") == ["हिन्दी", "भाषा"]


def test_han_characters_are_one_word_each_and_katakana_runs_stay_together() -> None:
    assert words("東京タワーへ") == ["東", "京", "タワー", "へ"]


def test_emoji_are_not_words_and_do_not_disturb_offsets() -> None:
    text = "Great 👍🏽 news 👨‍👩‍👧 today"
    assert words(text) == ["Great", "news", "today"]


# --- sentences -------------------------------------------------------------------------------


def test_title_and_name_abbreviations_do_not_end_a_sentence() -> None:
    text = "Dr. Smith met Mr. Jones and Prof. Lee. They talked."
    assert sentences(text) == ["Dr. Smith met Mr. Jones and Prof. Lee.", "They talked."]


def test_initials_do_not_end_a_sentence() -> None:
    text = "John F. Kennedy admired J. R. R. Tolkien. Few knew."
    assert sentences(text) == ["John F. Kennedy admired J. R. R. Tolkien.", "Few knew."]


def test_abbreviation_ends_a_sentence_before_a_sentence_opener_only() -> None:
    assert sentences("He moved to the U.S. The next day he left.") == [
        "He moved to the U.S.",
        "The next day he left.",
    ]
    assert sentences("He moved to the U.S. Senate in May.") == [
        "He moved to the U.S. Senate in May."
    ]


def test_company_and_date_abbreviations() -> None:
    text = "Shares of Acme Inc. rose on Jan. 5 at 9 a.m. local time. They fell later."
    assert sentences(text) == [
        "Shares of Acme Inc. rose on Jan. 5 at 9 a.m. local time.",
        "They fell later.",
    ]


def test_e_g_and_numbered_abbreviations_continue() -> None:
    assert sentences("Some firms, e.g. Acme, agreed. See No. 5 and fig. 2 for more.") == [
        "Some firms, e.g. Acme, agreed.",
        "See No. 5 and fig. 2 for more.",
    ]


def test_plain_word_no_still_ends_a_sentence() -> None:
    assert sentences("The answer was no. Then he left.") == ["The answer was no.", "Then he left."]


def test_decimals_and_percentages_do_not_split() -> None:
    assert sentences("Growth was 3.5% in 2023. It was 2.1% before.") == [
        "Growth was 3.5% in 2023.",
        "It was 2.1% before.",
    ]


def test_ellipsis_ends_a_sentence_before_a_capital_only() -> None:
    assert sentences("He paused... And then he spoke. Wait… what? Yes.") == [
        "He paused...",
        "And then he spoke.",
        "Wait… what?",
        "Yes.",
    ]


def test_closing_quote_belongs_to_the_sentence_it_ends() -> None:
    text = 'He said: "Go." Then he left. “We’re done,” she said. “Why?” he asked.'
    assert sentences(text) == [
        'He said: "Go."',
        "Then he left.",
        "“We’re done,” she said.",
        "“Why?” he asked.",
    ]


def test_brackets_close_a_sentence() -> None:
    assert sentences("He sold it. (It was cheap.) Next came more.") == [
        "He sold it.",
        "(It was cheap.)",
        "Next came more.",
    ]


def test_cjk_full_stops_end_sentences_without_spaces() -> None:
    assert sentences("東京に行きました。楽しかった！本当に？ Then English.") == [
        "東京に行きました。",
        "楽しかった！",
        "本当に？",
        "Then English.",
    ]


def test_sentence_spans_are_trimmed_and_never_cross_blocks() -> None:
    text = "  First one. Second one  \n\nThird has no stop"
    blocks = [Block(BlockKind.PARAGRAPH, 0, 25), Block(BlockKind.PARAGRAPH, 27, len(text))]
    spans = list(split_sentences(text, blocks))
    assert [text[s:e] for s, e in spans] == ["First one.", "Second one", "Third has no stop"]
    for start, end in spans:
        assert any(b.start <= start and end <= b.end for b in blocks)


# --- the seed --------------------------------------------------------------------------------


def test_seed_sentences_split_where_a_reader_would() -> None:
    text = SEED.read_text(encoding="utf-8")
    article = article_from_plain_text(text, source="seed", source_key="seed")
    found = [text[s:e] for s, e in article.sentences]
    assert found[0].startswith("Meta and Spotify are once again collaborating")
    assert found[0].endswith("stifled by current regulations.")
    # A quotation that ends its sentence keeps its closing quote.
    assert "“developed for someone else.”" in found[4]
    assert found[-1].endswith("directly from the platform.")
    # Every sentence starts with a capital or an opening quote, and ends in punctuation.
    for sentence in found:
        assert sentence[0].isupper() or sentence[0] in '“"', sentence
        assert sentence[-1] in '.!?”"', sentence
    # Counted by hand, paragraph by paragraph: 3 + 2 + 2 + 4 + 1 + 6 + 1.
    assert len(found) == 19


def test_seed_words_cover_every_letter_and_digit() -> None:
    text = SEED.read_text(encoding="utf-8")
    article = article_from_plain_text(text, source="seed", source_key="seed")
    covered = bytearray(len(text))
    for start, end in article.words:
        covered[start:end] = b"\x01" * (end - start)
    uncovered = {text[i] for i in range(len(text)) if text[i].isalnum() and not covered[i]}
    assert uncovered == set()
    assert "Zuckerberg" in {text[s:e] for s, e in article.words}


# --- properties ------------------------------------------------------------------------------

_TEXTS = st.text(
    alphabet=st.sampled_from(list("ab Z9.,!?'’\"“”()-\n…。東é\u0301 👍")), max_size=120
)


@given(_TEXTS)
def test_words_are_ordered_non_empty_and_start_with_a_letter_or_digit(text: str) -> None:
    previous_end = 0
    for start, end in split_words(text):
        assert previous_end <= start < end <= len(text)
        assert text[start].isalnum()
        previous_end = end


@given(_TEXTS)
def test_sentences_lie_in_the_block_and_are_trimmed(text: str) -> None:
    block = Block(BlockKind.PARAGRAPH, 0, len(text))
    for start, end in split_sentences(text, [block]):
        assert 0 <= start < end <= len(text)
        assert not text[start].isspace()
        assert not text[end - 1].isspace()


@given(_TEXTS, st.integers(min_value=0, max_value=130))
def test_the_word_at_an_offset_is_the_same_before_and_after_the_text_is_split(
    text: str, offset: int
) -> None:
    """The first frame finds the cursor's word from its line alone; once the whole text is
    split into words, the same offset gives the same word."""
    offset = min(offset, max(len(text) - 1, 0))
    unsplit = article_from_plain_text(text or "x", source="t", source_key="t")
    split = article_from_plain_text(text or "x", source="t", source_key="t")
    _ = split.words
    assert "words" not in unsplit.__dict__
    assert unsplit.word_at(offset) == split.word_at(offset)


@given(_TEXTS)
def test_words_from_matches_are_the_words_one_by_one(text: str) -> None:
    from annotations.article.segmentation import _word_pattern
    from annotations.article.spans import Spans

    one_by_one = Spans()
    for match in _word_pattern().finditer(text):
        one_by_one.append(*match.span())
    assert split_words(text) == one_by_one


def _word_near_by_the_full_pattern(text: str, offset: int) -> tuple[int, int] | None:
    from annotations.article.segmentation import _word_pattern

    line_start = text.rfind("\n", 0, offset) + 1
    for match in _word_pattern().finditer(text, line_start):
        if match.end() > offset:
            return match.span()
    return None


# Mostly ASCII (where the cheap pattern answers), with the characters that make the full
# pattern read further: non-ASCII letters, a combining mark, CJK, non-ASCII joiners.
_MOSTLY_ASCII = st.text(
    alphabet=st.sampled_from(list("aZ9_ .,-'\n") + list("é\u0301東’\u2010\u2011")),
    max_size=60,
)


@settings(max_examples=400)
@given(_MOSTLY_ASCII, st.integers(min_value=0, max_value=70))
@example("a-é", 0)  # the full pattern reads a joiner and the letter after it
def test_the_cheap_word_near_finds_what_the_full_pattern_finds(text: str, offset: int) -> None:
    from annotations.article.segmentation import word_near

    offset = min(offset, len(text))
    assert word_near(text, offset) == _word_near_by_the_full_pattern(text, offset)


@pytest.mark.parametrize(
    ("text", "offset", "word"),
    [
        ("the U.S. Congress", 4, "U.S."),
        ("1,000 people", 0, "1,000"),
        ("don't stop", 0, "don't"),
        ("open-weight", 0, "open-weight"),
        ("cafe\u0301 au lait", 0, "cafe\u0301"),  # a combining mark right after: full pattern
        ("abc’s", 0, "abc’s"),  # a non-ASCII joiner right after
        ("abc.é", 0, "abc.é"),  # a non-ASCII letter after a joiner
    ],
)
def test_word_near_at_the_edge_of_ascii(text: str, offset: int, word: str) -> None:
    from annotations.article.segmentation import word_near

    found = word_near(text, offset)
    assert found is not None
    assert text[found[0] : found[1]] == word


def test_an_ascii_line_needs_no_full_word_pattern() -> None:
    """The first frame's cursor word on English text costs no build of the full pattern."""
    from annotations.article import segmentation

    segmentation._word_pattern.cache_clear()
    segmentation._combining_marks.cache_clear()
    text = "Meta and Spotify are once again collaborating.\nZuckerberg’s plan"
    assert segmentation.word_near(text, 0) == (0, 4)
    assert segmentation._word_pattern.cache_info().currsize == 0
    assert segmentation.word_near(text, 47) == (47, 59)  # "Zuckerberg’s": the full pattern
    assert segmentation._word_pattern.cache_info().currsize == 1
