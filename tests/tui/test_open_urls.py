"""Opening web addresses from the command line: fetch, one-line errors, the kept copy offline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from web_server import LocalServer, respond

from annotations.library.session import AnnotationSession
from annotations.library.store import LibraryStore
from annotations.sources.load import SourceError
from cli.context import CliContext
from cli.support import load_article

NEWS_PAGE = (Path(__file__).parents[1] / "data" / "html" / "news-page.html").read_bytes()
NEWS_TITLE = "City council approves riverside flood barrier"
#: A sentence of the news page, to highlight and to change.
SENTENCE = "The barrier will run for three kilometres"


@pytest.fixture
def web() -> Iterator[LocalServer]:
    server = LocalServer()
    server.routes["/story"] = respond(200, "text/html; charset=utf-8", NEWS_PAGE)
    yield server
    server.stop()


@pytest.fixture
def store(tmp_path: Path) -> LibraryStore:
    return LibraryStore(tmp_path / "library")


def test_a_url_is_fetched_with_a_notice(
    web: LocalServer, store: LibraryStore, capsys: pytest.CaptureFixture[str]
) -> None:
    url = web.url("/story")
    article = load_article(url, store)
    assert article.title == NEWS_TITLE
    assert web.requests == ["/story"]
    assert capsys.readouterr().err == f"Fetching {url}…\n"


def test_a_missing_page_is_a_one_line_error_even_with_a_kept_copy(
    web: LocalServer, store: LibraryStore
) -> None:
    url = web.url("/story")
    AnnotationSession(store, load_article(url, store))
    del web.routes["/story"]
    with pytest.raises(SourceError) as raised:
        load_article(url, store)
    message = str(raised.value)
    assert message == f"HTTP 404 Not Found for {url}"


def test_offline_the_kept_copy_opens_with_one_line_saying_so(
    web: LocalServer, store: LibraryStore, capsys: pytest.CaptureFixture[str]
) -> None:
    url = web.url("/story")
    first = load_article(url, store)
    session = AnnotationSession(store, first)
    start = first.text.index(SENTENCE)
    session.create(start, start + len(SENTENCE))
    web.stop()
    capsys.readouterr()

    again = load_article(url, store)

    assert again == first and again.text == first.text
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"Fetching {url}…"
    assert len(err) == 2
    assert err[1].startswith("newsdesk: offline: opening the copy kept on ")
    reopened = AnnotationSession(store, again)
    assert [a.quote.exact for a in reopened.highlights] == [SENTENCE]


def test_offline_without_a_kept_copy_is_the_network_error(
    web: LocalServer, store: LibraryStore
) -> None:
    url = web.url("/story")
    web.stop()
    with pytest.raises(SourceError, match="cannot reach") as raised:
        load_article(url, store)
    assert raised.value.unreachable


def test_offline_fallback_opens_the_library_of_the_command_only_when_needed(
    web: LocalServer, tmp_path: Path
) -> None:
    folder = tmp_path / "command-library"
    url = web.url("/story")
    first = load_article(url)
    AnnotationSession(LibraryStore(folder), first)
    context = CliContext(library=folder)
    opened: list[LibraryStore] = []

    def library() -> LibraryStore:
        opened.append(context.store)
        return context.store

    assert load_article(url, library) == first and opened == []  # reachable: not opened
    web.stop()
    assert load_article(url, library) == first and opened == [context.store]
    with pytest.raises(SourceError):
        load_article(url)  # without a library there is nothing to fall back on


def test_a_changed_page_is_noticed_and_its_highlights_follow(
    web: LocalServer, store: LibraryStore
) -> None:
    url = web.url("/story")
    first = load_article(url, store)
    session = AnnotationSession(store, first)
    assert not session.text_changed
    start = first.text.index(SENTENCE)
    session.create(start, start + len(SENTENCE))

    opening = b"<p>The city council voted"
    assert opening in NEWS_PAGE
    changed = NEWS_PAGE.replace(opening, b"<p>Updated at 9am with the final count. " + opening[3:])
    web.routes["/story"] = respond(200, "text/html; charset=utf-8", changed)
    second = load_article(url, store)
    assert second.id == first.id and second.fingerprint != first.fingerprint

    reopened = AnnotationSession(store, second)
    assert reopened.text_changed
    record = store.get_article(second.id)
    assert record is not None and record.fingerprint == second.fingerprint
    [highlight] = reopened.highlights
    assert second.text[highlight.start : highlight.end] == SENTENCE
    kept = store.kept_article(second.id)
    assert kept is not None and kept.text == second.text
    assert not AnnotationSession(store, second).text_changed
