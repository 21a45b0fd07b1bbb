"""Opening web pages through `load_source`: HTML files, stdin told apart by content, URLs."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from web_server import LocalServer, closed_port, respond

from annotations.article.model import BlockKind, article_id
from annotations.sources.fetch import url_source_key
from annotations.sources.load import (
    FETCHED_META,
    SourceError,
    is_url,
    load_seed,
    load_source,
    looks_like_markdown,
    reload_source,
)
from annotations.sources.sniff import looks_like_markdown as sniff_looks_like_markdown

PAGES = Path(__file__).parents[1] / "data" / "html"
NEWS_PAGE = PAGES / "news-page.html"
NEWS_TITLE = "City council approves riverside flood barrier"

MARKDOWN = """\
# Ferry timetable cut

The harbour ferry will run every **forty** minutes from May.

- Fewer boats at night
- Fares unchanged

See [the notice](https://example.org/notice).
"""
PLAIN = (
    "Ferry timetable cut\n\nThe harbour ferry will run every forty minutes from May, the "
    "operator said on Monday.\n\nCommuters criticised the change.\n"
)


@pytest.fixture
def web() -> Iterator[LocalServer]:
    server = LocalServer()
    yield server
    server.stop()


@pytest.fixture
def closed_port_url() -> str:
    return f"http://127.0.0.1:{closed_port()}/story"


def test_there_is_one_markdown_sniffer() -> None:
    assert looks_like_markdown is sniff_looks_like_markdown


# --- HTML files --------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".html", ".htm", ".HTML"])
def test_an_html_file_is_read_as_a_page(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"story{suffix}"
    shutil.copy(NEWS_PAGE, path)
    article = load_source(str(path))
    assert article.title == NEWS_TITLE
    assert article.meta["format"] == "html"
    assert article.blocks[0].kind is BlockKind.TITLE
    assert "<p>" not in article.text and "cookie" not in article.text.casefold()
    assert article.id == article_id("file:" + str(path.resolve()))
    assert article.source == str(path)


def test_an_html_file_honours_its_meta_charset(tmp_path: Path) -> None:
    path = tmp_path / "cafe.html"
    shutil.copy(PAGES / "windows-1252.html", path)
    article = load_source(str(path))
    assert "Café owners say “enough”" in article.title
    assert article.meta["encoding"] == "windows-1252"


def test_a_page_saved_with_another_suffix_is_still_a_page(tmp_path: Path) -> None:
    path = tmp_path / "saved-page.download"
    shutil.copy(NEWS_PAGE, path)
    article = load_source(str(path))
    assert article.title == NEWS_TITLE
    assert article.meta["format"] == "html"
    # Issue 15: a .txt name means plain text to the letter; --format html reads it as a page.
    as_text = tmp_path / "saved-page.txt"
    shutil.copy(NEWS_PAGE, as_text)
    assert load_source(str(as_text)).meta["format"] == "text"
    assert load_source(str(as_text), fmt="html").title == NEWS_TITLE


def test_an_html_file_without_an_article_is_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "login.html"
    shutil.copy(PAGES / "not-an-article.html", path)
    with pytest.raises(SourceError) as raised:
        load_source(str(path))
    message = str(raised.value)
    assert message.startswith(f"cannot open '{path}': ")
    assert "no article" in message and "\n" not in message


def test_an_empty_html_file_is_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(b"  \n")
    with pytest.raises(SourceError, match="the file is empty"):
        load_source(str(path))


# --- stdin -------------------------------------------------------------------------------------


def test_stdin_html_is_read_as_a_page() -> None:
    article = load_source("-", stdin=BytesIO(NEWS_PAGE.read_bytes()))
    assert article.title == NEWS_TITLE
    assert article.meta["format"] == "html"
    assert article.source == "stdin"


def test_stdin_html_in_a_legacy_encoding_is_decoded_by_its_meta_tag() -> None:
    article = load_source("-", stdin=BytesIO((PAGES / "windows-1252.html").read_bytes()))
    assert "Café" in article.title


def test_stdin_markdown_is_read_as_markdown() -> None:
    article = load_source("-", stdin=BytesIO(MARKDOWN.encode()))
    assert article.meta["format"] == "markdown"
    assert article.title == "Ferry timetable cut"
    assert "**" not in article.text
    kinds = [block.kind for block in article.blocks]
    assert kinds.count(BlockKind.LIST_ITEM) == 2


def test_stdin_plain_text_is_kept_as_it_is() -> None:
    article = load_source("-", stdin=BytesIO(PLAIN.encode()))
    assert article.meta["format"] == "text"
    assert article.text == PLAIN


def test_the_same_stdin_text_gets_the_same_id_and_another_text_another() -> None:
    first = load_source("-", stdin=BytesIO(PLAIN.encode()))
    again = load_source("-", stdin=BytesIO(PLAIN.encode()))
    other = load_source("-", stdin=BytesIO(PLAIN.replace("forty", "fifty").encode()))
    assert first.id == again.id != other.id


def test_stdin_page_without_an_article_is_one_line_error() -> None:
    data = (PAGES / "not-an-article.html").read_bytes()
    with pytest.raises(SourceError, match=r"^cannot read stdin: .*no article"):
        load_source("-", stdin=BytesIO(data))


# --- URLs --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("https://example.org/a", True),
        ("HTTP://example.org", True),
        ("  https://example.org/a ", True),
        ("ftp://example.org/a", False),
        ("http-notes.txt", False),
        ("./https://x", False),
    ],
)
def test_is_url(spec: str, expected: bool) -> None:
    assert is_url(spec) is expected


def test_a_url_is_fetched_and_read(web: LocalServer) -> None:
    web.routes["/story"] = respond(200, "text/html; charset=utf-8", NEWS_PAGE.read_bytes())
    url = web.url("/story")
    article = load_source(url)
    assert article.title == NEWS_TITLE
    assert article.source == url
    assert article.id == article_id(url_source_key(url))
    assert FETCHED_META in article.meta


def test_a_markdown_url_is_read_with_the_markdown_reader(web: LocalServer) -> None:
    web.routes["/notes.md"] = respond(200, "text/markdown", MARKDOWN.encode())
    article = load_source(web.url("/notes.md"))
    assert article.meta["format"] == "markdown"
    assert article.title == "Ferry timetable cut"
    assert FETCHED_META in article.meta


def test_a_missing_page_is_an_answer_not_a_network_failure(web: LocalServer) -> None:
    with pytest.raises(SourceError) as raised:
        load_source(web.url("/gone"))
    assert str(raised.value).startswith("HTTP 404")
    assert raised.value.unreachable is False


def test_a_page_without_an_article_is_one_line_error(web: LocalServer) -> None:
    web.routes["/login"] = respond(200, "text/html", (PAGES / "not-an-article.html").read_bytes())
    with pytest.raises(SourceError, match=r"^cannot read http://.*no article") as raised:
        load_source(web.url("/login"))
    assert raised.value.unreachable is False


def test_a_refused_connection_is_a_network_failure(closed_port_url: str) -> None:
    with pytest.raises(SourceError, match=r"cannot reach 127\.0\.0\.1") as raised:
        load_source(closed_port_url)
    assert raised.value.unreachable is True


# --- reading an article again from its source ---------------------------------------------------


def test_reload_source_reads_a_seed_a_file_and_a_url(tmp_path: Path, web: LocalServer) -> None:
    seed = load_seed()
    assert reload_source(seed.source) == seed
    path = tmp_path / "story.txt"
    path.write_text(PLAIN, encoding="utf-8")
    assert reload_source(str(path)).text == PLAIN
    web.routes["/story"] = respond(200, "text/html", NEWS_PAGE.read_bytes())
    assert reload_source(web.url("/story")).title == NEWS_TITLE


def test_stdin_cannot_be_read_again() -> None:
    article = load_source("-", stdin=BytesIO(PLAIN.encode()))
    with pytest.raises(SourceError, match="stdin"):
        reload_source(article.source)
