"""Wrapping an article into lines that map back to character offsets."""

from __future__ import annotations

from annotations.article.model import article_from_plain_text
from annotations.sources.load import article_from_text
from tui.layout import ArticleLayout


def shown_lines(layout: ArticleLayout) -> list[str]:
    text = layout.article.text
    return [
        layout.prefix(i) + text[layout.starts[i] : layout.ends[i]] if layout.blocks[i] >= 0 else ""
        for i in range(len(layout))
    ]


def test_list_items_sit_together_and_paragraphs_apart() -> None:
    article = article_from_text(
        "# Plan\n\nIntro paragraph.\n\n1. first\n2. second\n   - inner\n\nAfter the list.",
        source="s",
        source_key="k",
        fmt="markdown",
    )
    assert shown_lines(ArticleLayout(article, 40)) == [
        "Plan",
        "",
        "Intro paragraph.",
        "",
        "1. first",
        "2. second",
        "  • inner",
        "",
        "After the list.",
    ]


def test_every_character_is_on_the_line_that_shows_it() -> None:
    article = article_from_plain_text(
        "Wide 日本語の記事です and emoji 😀 with\ttabs " * 20, source="s", source_key="k"
    )
    layout = ArticleLayout(article, 30)
    for line in range(len(layout)):
        for offset in range(layout.starts[line], layout.ends[line]):
            assert layout.line_of(offset) == line
            shown_line, column = layout.column_of(offset)
            assert shown_line == line and column <= 30
            assert layout.offset_at(line, column) == offset
