"""The colour table is the one place a highlight colour's hex is written, and every look of
a colour comes from it: the reader's tint, the panes' swatch, the W3C export's stylesheet."""

from __future__ import annotations

import re
from pathlib import Path

from textual.color import Color as TextualColor
from textual.content import Content

from annotations.article.model import Article
from annotations.export.web_annotation import parse_web_annotations, to_web_annotations
from annotations.library.highlight_colors import HIGHLIGHT_COLORS
from annotations.library.model import Color
from annotations.library.session import AnnotationSession
from annotations.library.store import LibraryStore
from tui.app import NewsdeskApp
from tui.widgets.annotations_pane import annotation_row
from tui.widgets.article_view import ArticleView

TCSS = Path(__file__).resolve().parents[2] / "tui" / "newsdesk.tcss"
HEX = re.compile(r"#[0-9a-fA-F]{3,8}\b")


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return TextualColor.parse(hex_colour).rgb


def one_of_each(store: LibraryStore, article: Article) -> AnnotationSession:
    """A highlight of every colour, on the first words of the article."""
    session = AnnotationSession(store, article)
    words = [match.span() for match in re.finditer(r"\w+", article.text)]
    for (start, end), color in zip(words, Color, strict=False):
        session.create(start, end, color=color)
    return session


def test_the_table_has_every_colour_once_with_distinct_hex_values() -> None:
    assert list(HIGHLIGHT_COLORS) == list(Color)
    swatches = [look.swatch for look in HIGHLIGHT_COLORS.values()]
    tints = [look.web_tint for look in HIGHLIGHT_COLORS.values()]
    assert len(set(swatches)) == len(swatches) and len(set(tints)) == len(tints)
    for value in swatches + tints:
        assert HEX.fullmatch(value), value


def test_the_stylesheet_spells_no_hex_colour() -> None:
    css = TCSS.read_text(encoding="utf-8")
    without_comments = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    assert HEX.findall(without_comments) == []


async def test_every_colour_reaches_the_reader_tint(seed_article: Article, tmp_path: Path) -> None:
    app = NewsdeskApp(seed_article, store=LibraryStore(tmp_path / "library"))
    async with app.run_test(size=(100, 30)):
        view = app.screen.query_one(ArticleView)
        for color, look in HIGHLIGHT_COLORS.items():
            tint = view.get_component_styles(f"article-view--hl-{color.value}").background
            assert tint.rgb == rgb(look.swatch), color
            assert 0 < tint.a < 1, color  # a tint: the text's own colour stays readable


def test_every_colour_reaches_the_pane_swatch(seed_article: Article, tmp_path: Path) -> None:
    session = one_of_each(LibraryStore(tmp_path / "library"), seed_article)
    assert {a.color for a in session.highlights} == set(Color)
    for annotation in session.highlights:
        row = annotation_row(annotation)
        swatch = HIGHLIGHT_COLORS[annotation.color].swatch
        styles = {str(span.style) for span in row.spans}
        assert swatch in styles, (annotation.color, styles)
        others = {look.swatch for look in HIGHLIGHT_COLORS.values()} - {swatch}
        assert not styles & others
        assert isinstance(row, Content) and row.plain.startswith("▌")


def test_every_colour_reaches_the_w3c_export_and_comes_back(
    seed_article: Article, tmp_path: Path
) -> None:
    session = one_of_each(LibraryStore(tmp_path / "library"), seed_article)
    collection = to_web_annotations(seed_article, session.highlights)
    parsed = parse_web_annotations(collection)
    assert {item.color for item in parsed} == set(Color)
    items = collection["first"]["items"]
    assert len(items) == len(Color)
    for item in items:
        stylesheet = item["stylesheet"]["value"]
        (color,) = [c for c in Color if f"color:{c.value}" in str(item["body"])]
        assert HIGHLIGHT_COLORS[color].web_tint in stylesheet
        assert stylesheet.count("#") == 1  # one colour, the table's
