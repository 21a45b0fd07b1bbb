"""Reopening a library article (`annotations.library.reopen`): its kept copy, else its source read
again under the record's id; one error saying why when neither can be had."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from web_server import LocalServer, closed_port, respond

from annotations.errors import NewsdeskError
from annotations.library.model import ArticleRecord
from annotations.library.reopen import ArticleUnavailable, open_page, reopen_article
from annotations.library.session import AnnotationSession
from annotations.library.store import LibraryStore
from annotations.sources.load import NOTICE_META, STDIN_SOURCE, SourceError, load_source

NEWS_PAGE = (Path(__file__).parents[1] / "data" / "html" / "news-page.html").read_bytes()
NEWS_TITLE = "City council approves riverside flood barrier"


@pytest.fixture
def store(tmp_path: Path) -> LibraryStore:
    return LibraryStore(tmp_path / "library")


@pytest.fixture
def web() -> Iterator[LocalServer]:
    server = LocalServer()
    server.routes["/story"] = respond(200, "text/html; charset=utf-8", NEWS_PAGE)
    yield server
    server.stop()


def record_only(store: LibraryStore, source: str, title: str = "Ferry cut") -> ArticleRecord:
    """A library record whose text was never kept (as an older newsdesk left them)."""
    return store.open_article("0123456789abcdef" * 2, source, title, "fingerprint")


def test_the_kept_copy_opens_even_when_the_source_changed(
    store: LibraryStore, tmp_path: Path
) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Ferry cut\n\nThe ferry will run every forty minutes.\n", encoding="utf-8")
    session = AnnotationSession(store, load_source(str(path)))
    path.write_text("Rewritten\n\nSomething else entirely.\n", encoding="utf-8")
    fetched: list[str] = []
    article = reopen_article(store, session.record, before_fetch=fetched.append)
    assert "forty minutes" in article.text and article.id == session.record.id
    assert fetched == []


def test_without_a_kept_copy_the_source_is_read_again_under_the_records_id(
    store: LibraryStore, tmp_path: Path
) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Ferry cut\n\nThe ferry will run every forty minutes.\n", encoding="utf-8")
    record = record_only(store, str(path))
    assert store.kept_article(record.id) is None
    assert load_source(str(path)).id != record.id  # the id the path alone would give
    article = reopen_article(store, record)
    assert "forty minutes" in article.text
    assert article.id == record.id  # so its highlights are found


def test_a_source_that_is_gone_is_one_error_naming_the_article_and_why(
    store: LibraryStore, tmp_path: Path
) -> None:
    record = record_only(store, str(tmp_path / "gone.txt"), title="Gone story")
    with pytest.raises(ArticleUnavailable) as raised:
        reopen_article(store, record)
    error = raised.value
    assert isinstance(error, SourceError) and isinstance(error, NewsdeskError)
    assert "gone.txt" in error.reason
    assert error.message.startswith("the text of 'Gone story' is not kept in the library")
    assert error.reason in error.message and "\n" not in error.message


def test_an_article_read_from_stdin_cannot_be_read_again(store: LibraryStore) -> None:
    record = record_only(store, STDIN_SOURCE)
    with pytest.raises(ArticleUnavailable, match="stdin"):
        reopen_article(store, record)


def test_a_page_is_fetched_again_told_first_and_keeps_the_records_id(
    store: LibraryStore, web: LocalServer
) -> None:
    url = web.url("/story")
    record = record_only(store, url)
    fetched: list[str] = []
    article = reopen_article(store, record, before_fetch=fetched.append)
    assert fetched == [url]
    assert article.title == NEWS_TITLE and article.id == record.id


def test_an_unreachable_page_without_a_copy_is_told_then_refused(store: LibraryStore) -> None:
    url = f"http://127.0.0.1:{closed_port()}/story"
    record = record_only(store, url)
    fetched: list[str] = []
    with pytest.raises(ArticleUnavailable) as raised:
        reopen_article(store, record, before_fetch=fetched.append)
    assert fetched == [url] and "cannot reach" in raised.value.reason


def test_an_unreachable_page_opens_from_its_kept_copy_saying_so(
    store: LibraryStore, web: LocalServer
) -> None:
    url = web.url("/story")
    fetched = open_page(url, store)
    assert NOTICE_META not in fetched.meta  # fetched: nothing to say
    AnnotationSession(store, fetched)  # opened once: the library keeps the page
    web.stop()
    opened: list[LibraryStore] = []

    def library() -> LibraryStore:
        opened.append(store)
        return store

    kept = open_page(url, library)
    assert opened == [store]  # asked for only once the network failed
    assert kept.text == fetched.text and kept.id == fetched.id
    notice = kept.meta[NOTICE_META]
    assert notice.startswith("offline: opening the copy kept on ") and "cannot reach" in notice
    with pytest.raises(SourceError, match="cannot reach"):
        open_page(url)  # no library: nothing stands in


def test_a_page_the_server_refuses_is_never_replaced_by_a_kept_copy(
    store: LibraryStore, web: LocalServer
) -> None:
    url = web.url("/story")
    AnnotationSession(store, open_page(url, store))
    web.routes["/story"] = respond(404, "text/html", b"<p>gone</p>")
    with pytest.raises(SourceError) as raised:
        open_page(url, store)
    assert not raised.value.unreachable
