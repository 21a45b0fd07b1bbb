"""Saved web pages with very many paragraphs open, read right, and answer keys.

A page with more block tags than `LARGE_PAGE_BLOCKS` is read by one linear walk rather than
by trafilatura (whose main pass grows with the square of the paragraphs). Speed is measured in
`benchmarks/bench_open_web.py`; here: which path is taken, that it reads the page right, that
its work per paragraph is constant (counted, not timed), and that the reader answers keys.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pilot_support import analysed

import annotations.sources.html as html_article
import annotations.sources.html_large_page as large_page
from annotations.article.model import BlockKind
from annotations.sources.load import NOTICE_META, load_source
from tui.app import NewsdeskApp
from tui.widgets.article_view import ArticleView


def page(paragraphs: int, extra: str = "") -> str:
    items = "\n".join(f"<p>Item {number} is\n short.</p>" for number in range(paragraphs))
    return (
        "<html><head><title>Many  paragraphs</title><meta name='author' content='Ann Lee'>"
        "<script>var menu = 1;</script></head><body>"
        "<nav><p>Home</p><p>Sport</p></nav>"
        f"<article><h1>Many paragraphs</h1>{extra}{items}</article>"
        "<footer><p>Copyright footer</p></footer></body></html>"
    )


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> int:
    """A low threshold, so pages of a few hundred paragraphs take the large-page path; and
    trafilatura, which must not be asked, fails loudly if it is."""
    import trafilatura

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("trafilatura must not read a large page")

    monkeypatch.setattr(large_page, "LARGE_PAGE_BLOCKS", 100)
    monkeypatch.setattr(trafilatura, "bare_extraction", refuse)
    return 100


def test_a_page_below_the_threshold_is_not_large() -> None:
    assert not large_page.is_large_page(page(50))
    assert large_page.is_large_page(page(large_page.LARGE_PAGE_BLOCKS + 1))


def test_a_large_page_is_read_as_blocks_without_menus_or_footers(
    tmp_path: Path, small_threshold: int
) -> None:
    extra = (
        "<h2>Lists <em>and</em> quotes</h2><ul><li>one</li><li>two</li></ul>"
        "<blockquote><p>Quoted words.</p></blockquote><p>Line one<br>line two</p>"
        "<table><tr><td>a</td><td>b</td></tr></table><!-- a comment -->"
    )
    path = tmp_path / "big.html"
    path.write_text(page(small_threshold + 20, extra), encoding="utf-8")
    article = load_source(str(path))
    blocks = [(block.kind, article.text[block.start : block.end]) for block in article.blocks]
    assert blocks[:8] == [
        (BlockKind.TITLE, "Many paragraphs"),
        (BlockKind.HEADING, "Lists and quotes"),
        (BlockKind.LIST_ITEM, "one"),
        (BlockKind.LIST_ITEM, "two"),
        (BlockKind.QUOTE, "Quoted words."),
        (BlockKind.PARAGRAPH, "Line one\nline two"),
        (BlockKind.PARAGRAPH, "a | b"),
        (BlockKind.PARAGRAPH, "Item 0 is short."),
    ]
    assert blocks[-1] == (BlockKind.PARAGRAPH, f"Item {small_threshold + 19} is short.")
    for left_out in ("Home", "Sport", "Copyright", "menu", "comment"):
        assert left_out not in article.text
    assert article.byline == "Ann Lee"
    assert "very large page" in article.meta[NOTICE_META]


def test_the_work_per_paragraph_is_constant(
    monkeypatch: pytest.MonkeyPatch, small_threshold: int
) -> None:
    """Elements visited while reading pages of 1,000 and 4,000 paragraphs: four times the
    paragraphs, four times the visits (a quadratic walk would make it sixteen)."""
    visits = 0
    real_iter = large_page._in_trafilatura_terms
    real_inline = html_article._inline_text

    def counting_terms(element: Any) -> None:
        nonlocal visits
        visits += sum(1 for _ in element.iter())
        real_iter(element)

    def counting_inline(element: object, **kwargs: frozenset[str]) -> str:
        nonlocal visits
        visits += 1
        return real_inline(element, **kwargs)

    monkeypatch.setattr(large_page, "_in_trafilatura_terms", counting_terms)
    monkeypatch.setattr(html_article, "_inline_text", counting_inline)
    counts = []
    for paragraphs in (1000, 4000):
        visits = 0
        article = html_article.article_from_html(page(paragraphs), source="t", source_key="t")
        assert len(article.blocks) == paragraphs + 1
        counts.append(visits)
    assert counts[1] <= 4 * counts[0] + 10


async def test_the_reader_opens_a_page_of_25000_paragraphs_and_answers_keys(
    tmp_path: Path,
) -> None:
    count = 25_000
    path = tmp_path / "big.html"
    path.write_text(page(count), encoding="utf-8")
    article = load_source(str(path))
    assert len(article.blocks) == count + 1
    app = NewsdeskApp(article)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.screen.query_one(ArticleView)
        await analysed(app)

        def shown() -> str:
            return "\n".join(view.render_line(y).text for y in range(view.size.height))

        assert "Item 0 is short." in shown()
        await pilot.press("G")
        assert f"Item {count - 1} is short." in shown()
        await pilot.press("g", "right_curly_bracket", "right_curly_bracket")
        assert view.cursor == article.text.index("Item 1 is short.")
        await pilot.press("q")
    assert app.return_code == 0
