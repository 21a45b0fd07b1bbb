"""Telling HTML, Markdown and plain text apart without a file name."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.sources.sniff import looks_like_markdown, markdown_signals, sniff_format

ROOT = Path(__file__).parents[2]

MARKDOWN_ARTICLE = """\
# Tram line extension approved

The regional board approved the **second phase** of the tram extension on Monday.

## What changes

- Four new stops in the northern suburbs
- Trams every *six* minutes at peak hours

Read the [full decision](https://example.org/decision.pdf) on the board's site.
"""

PLAIN_ARTICLE = """\
Tram line extension approved

The regional board approved the second phase of the tram extension on Monday. Work
starts in the spring and should take three years.

The board's chair said the line would "finally join the northern suburbs to the centre".
"""


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html>\n<html><head><title>x</title></head><body><p>x</p></body></html>",
        "  \n<!doctype HTML><p>Short page</p>",
        "<html lang='en'><body>Hello</body></html>",
        "\ufeff<?xml version='1.0' encoding='utf-8'?>\n<html xmlns='http://www.w3.org/1999/xhtml'>",
        "<!-- saved from the web -->\n<html><body>x</body></html>",
        "<head><meta charset='utf-8'></head><body><p>A page without an html tag.</p></body>",
        "<div class='story'>\n<h1>Headline</h1>\n<p>First paragraph.</p>\n<p>Second.</p>\n</div>",
    ],
)
def test_html_is_recognised(text: str) -> None:
    assert sniff_format(text) == "html"


def test_markdown_article_is_recognised() -> None:
    assert sniff_format(MARKDOWN_ARTICLE) == "markdown"
    assert {"heading", "list", "emphasis", "link"} <= set(markdown_signals(MARKDOWN_ARTICLE))


def test_markdown_starting_with_a_little_html_is_still_markdown() -> None:
    text = '<div align="center"><img src="logo.png"></div>\n\n' + MARKDOWN_ARTICLE
    assert sniff_format(text) == "markdown"


@pytest.mark.parametrize(
    "text",
    [
        "Intro paragraph.\n\n```python\nprint('hi')\n```\n\nMore text.\n\n```\nx\n```\n",
        "See [the report](https://example.org/a) and [the map](https://example.org/b).",
        "Title\n=====\n\nA paragraph with `inline code` in it.",
        "> A quoted line from the minutes.\n\nAnd a [link](https://example.org).",
    ],
)
def test_several_markdown_signals_make_markdown(text: str) -> None:
    assert sniff_format(text) == "markdown"


@pytest.mark.parametrize(
    "text",
    [
        PLAIN_ARTICLE,
        "The plan has three stages:\n1. Survey\n2. Permits\n3. Building\n",
        "Prices rose 5% in May. Analysts called it *surprising* but expected.",
        "He paid $3 * 4 = $12 for the tickets, and 2 < 3 > 1 is true.",
        "#1 in the charts for the third week, the single sold 40,000 copies.",
        "",
    ],
)
def test_plain_text_stays_text(text: str) -> None:
    assert sniff_format(text) == "text"


def test_one_lonely_signal_is_not_enough() -> None:
    assert not looks_like_markdown("Some news.\n\n- one bullet point\n- another point\n")


def test_the_seed_article_is_plain_text() -> None:
    seed = (ROOT / "seeds" / "meta-spotify-open-source-ai.txt").read_text(encoding="utf-8")
    assert sniff_format(seed) == "text"


def test_the_html_test_pages_are_html() -> None:
    for path in sorted((ROOT / "tests" / "data" / "html").glob("*.html")):
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert sniff_format(text) == "html", path.name
