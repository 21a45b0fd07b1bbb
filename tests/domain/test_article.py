"""Plain-text articles: blocks, titles, and offsets faithful to the source."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from annotations.article.model import (
    Article,
    BlockKind,
    article_from_plain_text,
    derive_title,
    plain_text_blocks,
)
from annotations.sources.load import article_from_text, normalise_newlines

SEED = Path(__file__).resolve().parents[2] / "seeds" / "meta-spotify-open-source-ai.txt"


def plain(text: str) -> Article:
    return article_from_plain_text(text, source="test", source_key="test:key")


def block_texts(article: Article) -> list[str]:
    return [article.text[b.start : b.end] for b in article.blocks]


def assert_spans_inside(article: Article) -> None:
    """Every block, word and sentence span lies within the text, and in order."""
    length = len(article.text)
    previous = 0
    for block in article.blocks:
        assert previous <= block.start < block.end <= length
        previous = block.end
    for spans in (article.words, article.sentences):
        previous = 0
        for start, end in spans:
            assert previous <= start < end <= length
            assert article.block_at(start) is not None
            previous = end


def test_seed_has_seven_paragraphs_and_a_derived_title() -> None:
    text = SEED.read_text(encoding="utf-8")
    article = plain(text)
    assert article.text == text
    assert [b.kind for b in article.blocks] == [BlockKind.PARAGRAPH] * 7
    assert block_texts(article)[0].startswith("Meta and Spotify are once again")
    assert block_texts(article)[-1].endswith("directly from the platform.")
    # No title line: the title is the start of the first sentence, cut at a word.
    assert article.title.startswith("Meta and Spotify are once again collaborating")
    assert article.title.endswith("…")
    assert len(article.title) <= 81
    assert_spans_inside(article)


def test_title_line_and_blank_line_paragraphs() -> None:
    text = (
        "Storm Leaves Thousands Without Power\n\n"
        "More than 40,000 homes lost power overnight.\n\n"
        "Crews worked through the night. Most homes were back by noon.\n"
    )
    article = plain(text)
    assert article.title == "Storm Leaves Thousands Without Power"
    assert [b.kind for b in article.blocks] == [
        BlockKind.TITLE,
        BlockKind.PARAGRAPH,
        BlockKind.PARAGRAPH,
    ]
    assert (
        block_texts(article)[2] == "Crews worked through the night. Most homes were back by noon."
    )
    assert_spans_inside(article)


def test_hard_wrapped_paragraph_keeps_its_inner_newlines() -> None:
    text = (
        "Council Votes On Budget\n\n"
        "The council met on Tuesday and, after a long\n"
        "debate, approved the plan by seven votes\n"
        "to four.\n\n"
        "A second vote follows in May.\n"
    )
    article = plain(text)
    assert len(article.blocks) == 3
    wrapped = block_texts(article)[1]
    assert wrapped == (
        "The council met on Tuesday and, after a long\n"
        "debate, approved the plan by seven votes\n"
        "to four."
    )
    # One sentence across the wrapped lines.
    sentences = [article.text[s:e] for s, e in article.sentences]
    assert wrapped in sentences


def test_first_line_ending_like_a_sentence_is_not_a_title() -> None:
    article = plain("The council met on Tuesday.\n\nIt approved the budget.\n")
    assert [b.kind for b in article.blocks] == [BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]
    assert article.title == "The council met on Tuesday."


def test_headline_line_without_blank_lines_is_a_title() -> None:
    text = "Markets Rally Again\nStocks rose on Monday, led by banks.\nBonds fell.\n"
    article = plain(text)
    assert article.blocks[0].kind is BlockKind.TITLE
    assert article.title == "Markets Rally Again"
    assert len(article.blocks) == 3


def test_long_lines_between_blank_lines_are_separate_paragraphs() -> None:
    first = "A line of a pasted web article that is far longer than anyone wraps by hand, " * 2
    second = "Another such line, also a whole paragraph of its own in the original page."
    text = f"Headline Here\n\n{first.strip()}\n{second}\n"
    blocks, titled = plain_text_blocks(text)
    assert titled
    assert [text[b.start : b.end] for b in blocks[1:]] == [first.strip(), second]


def test_derive_title_does_not_stop_at_an_abbreviation() -> None:
    text = "Dr. Smith resigned. The board met."
    blocks, _ = plain_text_blocks(text)
    assert derive_title(text, blocks) == "Dr. Smith resigned."
    assert derive_title("", []) == "Untitled"


def test_text_is_kept_exactly_even_with_odd_spacing_and_unicode() -> None:
    text = "  Café\u0301 talks 東京 👍🏽\n\n\t“Quoted”  text…  \n\n\n"
    article = plain(text)
    assert article.text == text
    assert block_texts(article) == ["Café\u0301 talks 東京 👍🏽", "“Quoted”  text…"]
    assert_spans_inside(article)


_LINES = st.lists(
    st.text(alphabet=st.sampled_from(list("ab .!?“”\t\r東")), max_size=40), max_size=8
)


@given(_LINES)
def test_text_equals_source_after_newline_normalisation(lines: list[str]) -> None:
    source = "\r\n".join(lines) + "\rtail."
    article = article_from_text(source, source="t", source_key="t", fmt="text")
    assert article.text == normalise_newlines(source)
    assert "\r" not in article.text
    assert_spans_inside(article)
