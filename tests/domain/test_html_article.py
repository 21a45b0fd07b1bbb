"""Reading web pages into articles: structure kept, boilerplate dropped, metadata found."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.article.model import Article, BlockKind, article_id
from annotations.sources.html import ExtractionError, article_from_html, decode_page

PAGES = Path(__file__).parents[1] / "data" / "html"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def read(name: str, **kwargs: str) -> Article:
    return article_from_html(page(name), source=name, source_key=f"test:{name}", **kwargs)


def block_texts(article: Article, kind: BlockKind | None = None) -> list[str]:
    return [
        article.text[block.start : block.end]
        for block in article.blocks
        if kind is None or block.kind is kind
    ]


def assert_in_order(text: str, fragments: list[str]) -> None:
    positions = [text.find(fragment) for fragment in fragments]
    assert all(position >= 0 for position in positions), list(
        zip(fragments, positions, strict=True)
    )
    assert positions == sorted(positions)


@pytest.mark.parametrize("name", ["news-page.html", "windows-1252.html", "og-metadata.html"])
def test_text_is_the_blocks_joined_by_blank_lines_with_the_title_first(name: str) -> None:
    article = read(name)
    texts = block_texts(article)
    assert article.text == "\n\n".join(texts)
    assert article.blocks[0].kind is BlockKind.TITLE
    assert texts[0] == article.title
    assert all(text == text.strip() and text for text in texts)
    assert BlockKind.TITLE not in {block.kind for block in article.blocks[1:]}


def test_news_page_keeps_the_article_paragraphs_in_order() -> None:
    article = read("news-page.html")
    assert_in_order(
        article.text,
        [
            "The city council voted nine to four on Wednesday night",
            "The barrier will run for three kilometres",
            "A long argument over the waterfront",
            "Residents of the low-lying Millbrook neighbourhood",
            "We have bailed out our basements",
            "Opponents, including several business owners",
            "What the plan includes",
            "A reinforced concrete wall",
            "Six removable flood gates",
            "Construction is scheduled in stages:",
            "Surveying and permits",
            "The mayor said work would begin",
        ],
    )
    # Source line breaks inside a paragraph are HTML white space, not text.
    assert "council voted nine to four on Wednesday night to fund a concrete flood barrier" in (
        article.text
    )


@pytest.mark.parametrize(
    "boilerplate",
    [
        "cookies",  # the consent banner
        "Subscribe today",  # the navigation
        "Politics",
        "Related stories",
        "Ferry timetable",
        "riverwatcher",  # the comments
        "About time!",
        "grant money runs out",
        "morning newsletter",  # the footer
        "All rights reserved",
        "Privacy policy",
        "Share on Facebook",
        "dataLayer",  # scripts and styles
        "Tracking pixel",
        "font-family",
        "@context",
    ],
)
def test_news_page_drops_boilerplate(boilerplate: str) -> None:
    assert boilerplate not in read("news-page.html").text


def test_news_page_structure() -> None:
    article = read("news-page.html")
    headings = [b for b in article.blocks if b.kind is BlockKind.HEADING]
    assert [article.text[b.start : b.end] for b in headings] == [
        "A long argument over the waterfront",
        "What the plan includes",
    ]
    assert [b.level for b in headings] == [2, 2]

    quotes = block_texts(article, BlockKind.QUOTE)
    assert len(quotes) == 1
    assert quotes[0].startswith("We have bailed out our basements")

    items = [b for b in article.blocks if b.kind is BlockKind.LIST_ITEM]
    assert [b.level for b in items] == [1] * 5
    # The bulleted list has no numbers; the ordered one counts from 1.
    assert [b.number for b in items] == [None, None, None, 1, 2]


def test_news_page_metadata() -> None:
    article = read("news-page.html")
    assert article.title == "City council approves riverside flood barrier"
    assert article.byline == "Priya Raman"
    assert article.date == "2024-03-14"
    assert article.site == "The Harbour Courier"
    assert article.meta == {"format": "html", "encoding": "utf-8"}
    assert article.source == "news-page.html"
    assert article.id == article_id("test:news-page.html")


def test_the_headline_is_not_repeated_after_the_title() -> None:
    article = read("news-page.html")
    assert article.text.count("City council approves riverside flood barrier") == 1


def test_windows_1252_page_declared_in_a_meta_tag() -> None:
    data = page("windows-1252.html")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    article = read("windows-1252.html")
    assert article.meta["encoding"] == "windows-1252"
    assert article.title == "Café owners say “enough” to late-night noise"
    assert "“We open at six in the morning and our neighbours’ music stops at three,”" in (
        article.text
    )
    assert "préfecture" in article.text
    assert "\ufffd" not in article.text
    assert article.byline == "Hélène Dubreuil"
    assert article.date == "2023-11-02"


def test_a_byline_line_is_metadata_not_a_paragraph() -> None:
    article = read("windows-1252.html")
    first_paragraph = block_texts(article, BlockKind.PARAGRAPH)[0]
    assert first_paragraph.startswith("The owners of eleven cafés")
    assert "Accueil" not in article.text
    assert "Mentions légales" not in article.text


def test_server_charset_wins_over_the_meta_tag() -> None:
    html = "<html><head><meta charset='utf-8'><title>t</title></head><body>"
    body = "<article><h1>Señor Ortíz’s café</h1>" + "<p>Él dijo “sí” a la propuesta.</p>" * 20
    data = (html + body + "</article></body></html>").encode("cp1252")
    decoded = decode_page(data, declared_charset="windows-1252")
    assert decoded.encoding == "windows-1252"
    assert "Señor Ortíz’s café" in decoded.text


def test_a_declared_charset_that_does_not_fit_the_bytes_is_skipped() -> None:
    data = page("windows-1252.html")
    decoded = decode_page(data, declared_charset="utf-8")
    assert decoded.encoding == "windows-1252"
    assert "“enough”" in decoded.text


def test_latin_1_label_is_read_as_windows_1252_like_browsers_do() -> None:
    data = "<meta charset=ISO-8859-1><p>“quoted” – dash</p>".encode("cp1252")
    assert decode_page(data).text.endswith("<p>“quoted” – dash</p>")


def test_undeclared_charset_is_detected() -> None:
    text = (
        "<html><body><p>Les propriétaires des cafés du marché ont écrit à la préfecture. "
        "« Nous ouvrons à six heures », a déclaré le gérant, qui travaille là depuis "
        "dix-neuf ans. Ils demandent des patrouilles le week-end.</p></body></html>"
    )
    decoded = decode_page(text.encode("cp1252"))
    assert decoded.text == text


def test_utf8_byte_order_mark_wins() -> None:
    data = "\ufeff<meta charset='windows-1252'><p>naïve</p>".encode()
    decoded = decode_page(data, declared_charset="windows-1252")
    assert decoded.encoding == "utf-8"
    assert "naïve" in decoded.text


def test_og_metadata_page() -> None:
    article = read("og-metadata.html")
    assert article.title == "Glacier retreat doubles in the southern range, survey finds"
    assert article.site == "Northwind Science Weekly"
    assert article.date == "2022-06-21"
    assert article.byline == "Tomas Eriksen"
    assert "Ten tips for better sleep" not in article.text
    assert "About us" not in article.text
    assert "Breaking: markets" not in article.text


def test_nested_lists_keep_their_depth() -> None:
    article = read("og-metadata.html")
    items = [
        (article.text[b.start : b.end], b.level)
        for b in article.blocks
        if b.kind is BlockKind.LIST_ITEM
    ]
    assert items == [
        ("Meltwater now peaks three weeks earlier in the summer.", 1),
        ("Farmers downstream depend on the late-summer flow.", 2),
        ("Two mountain huts have had to move their water intakes.", 1),
    ]
    headings = [b for b in article.blocks if b.kind is BlockKind.HEADING]
    assert [(article.text[b.start : b.end], b.level) for b in headings] == [
        ("Smaller glaciers vanish first", 3)
    ]


def test_decoded_text_gives_the_same_article_without_an_encoding() -> None:
    from_bytes = read("og-metadata.html")
    from_text = article_from_html(
        page("og-metadata.html").decode("utf-8"), source="s", source_key="test:og-metadata.html"
    )
    assert from_text.text == from_bytes.text
    assert from_text.blocks == from_bytes.blocks
    assert from_text.meta == {"format": "html"}


def test_a_page_without_an_article_raises() -> None:
    with pytest.raises(ExtractionError) as caught:
        read("not-an-article.html")
    assert isinstance(caught.value, ValueError)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("data", [b"", b"   \n", "<html><body></body></html>"])
def test_an_empty_page_raises(data: bytes | str) -> None:
    with pytest.raises(ExtractionError):
        article_from_html(data, source="empty", source_key="test:empty")


def test_line_breaks_inside_a_paragraph_are_kept() -> None:
    verse = (
        "<p>Roses are red,<br>violets are blue,<br>the council has voted<br>and so must you.</p>"
    )
    prose = "<p>" + "The poem above was read aloud at the start of the meeting. " * 6 + "</p>"
    story = f"<article><h1>A poem at the council</h1>{verse}{prose}</article>"
    html = f"<html><body>{story}</body></html>"
    article = article_from_html(html, source="poem", source_key="test:poem")
    assert "Roses are red,\nviolets are blue,\nthe council has voted\nand so must you." in (
        article.text
    )
