"""The part around the reading position analysed alone: where it is cut, offsets into the whole
text, and the engine's first preview (the final analysis unchanged)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations.analysis.cache import Analysis, analyze
from annotations.analysis.engine import ChunkedAnalysis, shutdown_shared_pool
from annotations.analysis.entities.rules_backend import RuleExtractor
from annotations.analysis.window import window_analysis, window_around, window_article
from annotations.article.model import Article, article_from_plain_text

SENTENCES = [
    "Angela Merkel met Emmanuel Macron in Paris on Monday.",
    '"We will not give in," said Merkel, adding that the European Union would act.',
    "The World Health Organization (WHO) warned of a new wave.",
    "“Nothing changes,” the minister, Jane Smith, told reporters in New York.",
    "Officials at Acme Corp. declined to comment.",
]


def long_text(paragraphs: int) -> str:
    body = [
        " ".join(SENTENCES[(i + j) % len(SENTENCES)] for j in range(4)) for i in range(paragraphs)
    ]
    return "Talks in Paris\n\n" + "\n\n".join(body) + "\n"


def article_of(text: str) -> Article:
    return article_from_plain_text(text, source="test", source_key="test:window")


@given(
    st.integers(min_value=0, max_value=80),
    st.integers(min_value=0, max_value=30_000),
    st.integers(min_value=200, max_value=8_000),
)
def test_the_window_holds_the_position_and_is_cut_at_line_breaks(
    paragraphs: int, position: int, chars: int
) -> None:
    text = long_text(paragraphs)
    position = min(position, len(text))
    start, end = window_around(text, position, chars)
    assert 0 <= start <= end <= len(text)
    if len(text) <= chars:
        assert (start, end) == (0, len(text))
        return
    assert end - start <= chars
    assert start <= position or position >= end  # never starts after what is read
    # Never inside a word.
    assert start == 0 or text[start - 1].isspace()
    assert end == len(text) or text[end] in " \n"
    if chars >= 1_000:  # longer than a paragraph: a paragraph's end is in what follows
        assert end == len(text) or text[end] == "\n"


def test_one_long_paragraph_is_cut_after_sentences() -> None:
    text = " ".join(SENTENCES * 400)  # one line of ~120 kB
    start, end = window_around(text, 60_000, 6_000)
    assert start < 60_000 < end and end - start <= 6_000
    assert text[start - 2 : start] == ". " and text[end - 1] == "."


def test_the_window_analysis_points_into_the_whole_text() -> None:
    article = article_of(long_text(60))
    start, end = window_around(article.text, len(article.text) // 2, 2_000)
    preview = window_analysis(article, RuleExtractor(), start, end)
    alone = analyze(window_article(article, start, end), RuleExtractor())
    assert preview.entities and preview.quotes
    assert [e.name for e in preview.entities] == [e.name for e in alone.entities]
    for entity in preview.entities:
        for mention in entity.mentions:
            assert start <= mention.start < mention.end <= end
            surface = article.text[mention.start : mention.end]
            assert surface == entity.name or surface in entity.aliases
    for quote in preview.quotes:
        assert article.text[quote.start : quote.end] == quote.text
        assert article.text[quote.open_mark] in '"“'


def test_a_window_of_the_whole_text_is_the_whole_analysis() -> None:
    article = article_of(long_text(8))
    whole = window_analysis(article, RuleExtractor(), 0, len(article.text))
    assert whole == analyze(article, RuleExtractor())


@pytest.fixture
def ended_pool() -> Iterator[None]:
    shutdown_shared_pool()
    yield
    shutdown_shared_pool()
    assert multiprocessing.active_children() == []


@pytest.mark.usefixtures("ended_pool")
def test_the_engine_previews_the_window_first_and_ends_with_the_whole_analysis() -> None:
    article = article_of(long_text(120))
    position = len(article.text) // 2
    extractor = RuleExtractor()
    engine = ChunkedAnalysis(
        article, extractor, position=position, chunk_chars=3_000, window_chars=1_500
    )
    assert engine.window is not None and len(engine.chunks) > 5
    previews: list[Analysis] = []
    result = engine.run(None, previews.append)
    assert result == analyze(article, extractor)  # the final analysis is unchanged
    assert previews, "no preview"
    start, end = engine.window
    window_preview = window_analysis(article, extractor, start, end)
    # The window's preview comes first, unless the first chunk's was quicker: never after it.
    assert len(previews) <= 2
    assert window_preview not in previews[1:]
    assert previews[0] == window_preview or len(previews) == 1


@pytest.mark.usefixtures("ended_pool")
def test_without_a_preview_wanted_no_window_is_analysed(monkeypatch: pytest.MonkeyPatch) -> None:
    submitted: list[tuple[int, int]] = []
    monkeypatch.setattr(
        ChunkedAnalysis, "_submit_window", lambda _self, _pool, *span: submitted.append(span)
    )
    article = article_of(long_text(40))
    engine = ChunkedAnalysis(article, RuleExtractor(), chunk_chars=3_000, window_chars=1_000)
    assert engine.run() == analyze(article, RuleExtractor())
    assert submitted == []
    engine = ChunkedAnalysis(article, RuleExtractor(), chunk_chars=3_000, window_chars=1_000)
    engine.run(None, lambda _preview: None)
    assert submitted == [engine.window]
