"""Fetching pages from a local HTTP server on 127.0.0.1; no other address is contacted."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from web_server import LocalServer, Route, respond
from web_server import closed_port as unused_port

from annotations.article.model import Article, BlockKind, article_id
from annotations.sources.fetch import (
    FetchedText,
    FetchError,
    article_from_url,
    fetch_url,
    normalise_url,
    url_source_key,
)
from annotations.sources.html import ExtractionError

PAGES = Path(__file__).parents[1] / "data" / "html"
NEWS_PAGE = (PAGES / "news-page.html").read_bytes()
SMALL_LIMIT = 64 * 1024
PLAIN_TEXT = (
    "Ferry timetable cut again\n\nThe harbour ferry will run every forty minutes from May, "
    "the operator said on Monday, citing fuel prices.\n\nCommuters criticised the change.\n"
)
MARKDOWN = "# Ferry timetable\n\n- Every **forty** minutes\n- See [the notice](/notice)\n"


def redirect(location: str) -> Route:
    def handle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return handle


def slow(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(1.5)
    respond(200, "text/html", NEWS_PAGE)(handler)


def drip(handler: BaseHTTPRequestHandler) -> None:
    """Sends a byte every 0.2 s, so no single read times out but the whole body would."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    for _ in range(25):
        handler.wfile.write(b" ")
        handler.wfile.flush()
        time.sleep(0.2)


def endless(handler: BaseHTTPRequestHandler) -> None:
    """A body with no Content-Length that goes on past any limit."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.end_headers()
    for _ in range(64):
        handler.wfile.write(b"<p>" + b"x" * 8192 + b"</p>\n")


def huge_declared(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(1024 * 1024 * 1024))
    handler.end_headers()
    handler.wfile.write(b"<html>")


def echo_user_agent(handler: BaseHTTPRequestHandler) -> None:
    agent = handler.headers.get("User-Agent", "")
    respond(200, "text/plain", agent.encode())(handler)


ROUTES: dict[str, Route] = {
    "/article": respond(200, "text/html; charset=utf-8", NEWS_PAGE),
    "/article-1252": respond(200, "text/html", (PAGES / "windows-1252.html").read_bytes()),
    "/sign-in": respond(200, "text/html", (PAGES / "not-an-article.html").read_bytes()),
    "/moved": redirect("/article"),
    "/moved-twice": redirect("/moved"),
    "/loop": redirect("/loop"),
    "/slow": slow,
    "/drip": drip,
    "/endless": endless,
    "/huge-declared": huge_declared,
    "/report.pdf": respond(200, "application/pdf", b"%PDF-1.4\n"),
    "/plain": respond(200, "text/plain; charset=utf-8", PLAIN_TEXT.encode()),
    "/notes.md": respond(200, "text/plain", MARKDOWN.encode()),
    "/markdown": respond(200, "text/markdown; charset=utf-8", MARKDOWN.encode()),
    "/untyped": respond(200, "", NEWS_PAGE),
    "/user-agent": echo_user_agent,
}


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    local = LocalServer()
    local.routes.update(ROUTES)
    try:
        yield local.url("")
    finally:
        local.stop()


@pytest.fixture
def closed_port() -> int:
    return unused_port()


def fetch_error(call: Callable[[], object]) -> str:
    with pytest.raises(FetchError) as caught:
        call()
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_fetches_an_html_page(server: str) -> None:
    page = fetch_url(server + "/article")
    assert page.status == 200
    assert page.url == page.final_url == server + "/article"
    assert page.content_type == "text/html"
    assert page.charset == "utf-8"
    assert page.body == NEWS_PAGE


def test_sends_a_newsdesk_user_agent(server: str) -> None:
    assert "newsdesk" in fetch_url(server + "/user-agent").body.decode()


def test_follows_redirects(server: str) -> None:
    page = fetch_url(server + "/moved-twice")
    assert page.url == server + "/moved-twice"
    assert page.final_url == server + "/article"
    assert page.body == NEWS_PAGE


def test_a_redirect_loop_is_an_error(server: str) -> None:
    assert "redirects" in fetch_error(lambda: fetch_url(server + "/loop"))


def test_http_error_status(server: str) -> None:
    message = fetch_error(lambda: fetch_url(server + "/nowhere"))
    assert message == f"HTTP 404 Not Found for {server}/nowhere"


def test_timeout(server: str) -> None:
    started = time.monotonic()
    message = fetch_error(lambda: fetch_url(server + "/slow", timeout=0.3))
    assert "timed out" in message
    assert "127.0.0.1" in message
    assert time.monotonic() - started < 1.4


def test_a_body_that_trickles_in_still_times_out(server: str) -> None:
    started = time.monotonic()
    assert "timed out" in fetch_error(lambda: fetch_url(server + "/drip", timeout=1.0))
    assert time.monotonic() - started < 3.0


def test_an_oversized_body_is_cut_off(server: str) -> None:
    message = fetch_error(lambda: fetch_url(server + "/endless", max_bytes=SMALL_LIMIT))
    assert message == f"page is larger than 64 KB: {server}/endless"


def test_an_oversized_declared_length_is_refused_before_reading(server: str) -> None:
    message = fetch_error(lambda: fetch_url(server + "/huge-declared", max_bytes=SMALL_LIMIT))
    assert "larger than" in message


def test_connection_refused(closed_port: int) -> None:
    message = fetch_error(lambda: fetch_url(f"http://127.0.0.1:{closed_port}/", timeout=2))
    assert message.startswith("cannot reach 127.0.0.1: ")
    assert "refused" in message.lower()


def test_a_pdf_is_not_a_text_page(server: str) -> None:
    message = fetch_error(lambda: fetch_url(server + "/report.pdf"))
    assert message == f"not a text or HTML page (application/pdf): {server}/report.pdf"


@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1/file.txt", "file:///etc/hostname", "127.0.0.1/article", "http://"]
)
def test_only_http_and_https_addresses(url: str) -> None:
    fetch_error(lambda: fetch_url(url))


def test_article_from_an_html_url(server: str) -> None:
    url = server + "/moved#top"
    article = article_from_url(url)
    assert isinstance(article, Article)
    assert article.title == "City council approves riverside flood barrier"
    assert article.byline == "Priya Raman"
    assert article.source == url
    assert article.id == article_id(f"url:{server}/moved")
    assert article.meta == {"format": "html", "encoding": "utf-8"}
    assert "Related stories" not in article.text


def test_article_from_a_windows_1252_url_without_a_header_charset(server: str) -> None:
    article = article_from_url(server + "/article-1252")
    assert isinstance(article, Article)
    assert article.meta["encoding"] == "windows-1252"
    assert "“enough”" in article.title


def test_html_without_a_content_type_is_sniffed(server: str) -> None:
    article = article_from_url(server + "/untyped")
    assert isinstance(article, Article)
    assert article.meta["format"] == "html"


def test_a_page_with_no_article_raises_extraction_error(server: str) -> None:
    with pytest.raises(ExtractionError):
        article_from_url(server + "/sign-in")


def test_plain_text_url(server: str) -> None:
    article = article_from_url(server + "/plain")
    assert isinstance(article, Article)
    assert article.text == PLAIN_TEXT
    assert article.title == "Ferry timetable cut again"
    assert article.blocks[0].kind is BlockKind.TITLE
    assert article.meta == {"format": "text", "encoding": "utf-8"}


@pytest.mark.parametrize("path", ["/markdown", "/notes.md"])
def test_markdown_is_handed_back_as_text(server: str, path: str) -> None:
    fetched = article_from_url(server + path)
    assert isinstance(fetched, FetchedText)
    assert fetched.format == "markdown"
    assert fetched.text == MARKDOWN
    assert fetched.source == server + path
    assert fetched.source_key == url_source_key(server + path)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://Example.COM:80/Path/To?q=A#Frag", "http://example.com/Path/To?q=A"),
        ("https://example.com:443", "https://example.com/"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("http://[::1]:8080/x#y", "http://[::1]:8080/x"),
        ("  https://news.example.org/story  ", "https://news.example.org/story"),
    ],
)
def test_normalise_url(url: str, expected: str) -> None:
    assert normalise_url(url) == expected


def test_source_key_of_a_url() -> None:
    assert url_source_key("https://Example.com/a#b") == "url:https://example.com/a"


@given(
    scheme=st.sampled_from(["http", "https", "HTTP", "Https"]),
    host=st.from_regex(r"[a-zA-Z][a-zA-Z0-9-]{0,10}(\.[a-zA-Z]{2,5}){1,2}", fullmatch=True),
    port=st.one_of(st.none(), st.integers(1, 65535)),
    path=st.from_regex(r"(/[a-zA-Z0-9_.-]{0,8}){0,3}", fullmatch=True),
    fragment=st.from_regex(r"[a-z0-9]{0,6}", fullmatch=True),
)
def test_normalising_twice_changes_nothing(
    scheme: str, host: str, port: int | None, path: str, fragment: str
) -> None:
    url = f"{scheme}://{host}{'' if port is None else f':{port}'}{path}#{fragment}"
    once = normalise_url(url)
    assert normalise_url(once) == once
    assert "#" not in once
    assert once.startswith(scheme.lower() + "://" + host.lower())


def test_an_unknown_host(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_name(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    # Name resolution fails here without asking any resolver.
    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    message = fetch_error(lambda: fetch_url("https://news.example.invalid/story"))
    assert message == "cannot reach news.example.invalid: Name or service not known"
