"""The app reopens library articles through the domain's one service: the library screen
keeps the record's id (so its highlights come back) and shows why an article cannot open."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from web_server import LocalServer, respond

from annotations.article.model import Article, article_from_plain_text
from annotations.library.session import AnnotationSession
from annotations.library.store import TEXTS_FOLDER, LibraryStore
from annotations.sources.load import NOTICE_META, load_source
from tui.app import NewsdeskApp
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen

SIZE = (120, 36)
NEWS_PAGE = (Path(__file__).parents[1] / "data" / "html" / "news-page.html").read_bytes()
TEXT = "Ferry timetable cut\n\nThe harbour ferry will run every forty minutes.\n"
OTHER = article_from_plain_text(
    "Tram line extension\n\nThe board approved it.\n", source="tram.txt", source_key="test:tram"
)


def kept_only_as_record(store: LibraryStore, path: Path) -> Article:
    """An article of `path` with one highlight, under an id its path alone would not give,
    whose kept copy is gone (as an older newsdesk, or a cleaned-up folder, leaves it)."""
    path.write_text(TEXT, encoding="utf-8")
    article = article_from_plain_text(TEXT, source=str(path), source_key="test:ferry-by-id")
    assert article.id != load_source(str(path)).id
    session = AnnotationSession(store, article)
    start = TEXT.index("forty minutes")
    session.create(start, start + len("forty minutes"))
    for kept in (store.folder / TEXTS_FOLDER).glob(f"*{article.id}*"):
        kept.unlink()
    assert store.kept_article(article.id) is None
    AnnotationSession(store, OTHER)  # the article being read when the library opens
    return article


async def choose(pilot: Pilot[None], typed: str) -> None:
    await pilot.press("o")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(pilot.app.screen, LibraryScreen)
    await pilot.press(*typed, "enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_reopening_from_the_source_keeps_the_records_id_and_highlights(
    tmp_path: Path,
) -> None:
    store = LibraryStore(tmp_path / "library")
    article = kept_only_as_record(store, tmp_path / "ferry.txt")
    app = NewsdeskApp(OTHER, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await choose(pilot, "ferry")
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.article.id == article.id
        assert [a.quote.exact for a in app.session.highlights] == ["forty minutes"]


async def test_an_article_that_cannot_be_reopened_is_one_error_notice(tmp_path: Path) -> None:
    store = LibraryStore(tmp_path / "library")
    path = tmp_path / "ferry.txt"
    kept_only_as_record(store, path)
    path.unlink()
    app = NewsdeskApp(OTHER, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await choose(pilot, "ferry")
        assert isinstance(app.screen, LibraryScreen)  # nothing opened
        errors = [n for n in app._notifications if n.severity == "error"]
        assert [n.title for n in errors] == ["Cannot open"]
        (error,) = errors
        assert error.message.startswith("the text of 'Ferry timetable cut' is not kept")
        assert "ferry.txt" in error.message and "\n" not in error.message


async def test_a_typed_url_the_network_cannot_reach_opens_the_kept_copy(
    tmp_path: Path,
) -> None:
    store = LibraryStore(tmp_path / "library")
    server = LocalServer()
    server.routes["/story"] = respond(200, "text/html; charset=utf-8", NEWS_PAGE)
    url = server.url("/story")
    page = load_source(url)
    AnnotationSession(store, page)
    AnnotationSession(store, OTHER)
    server.stop()
    app = NewsdeskApp(OTHER, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await choose(pilot, url)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.article.id == page.id and reader.article.text == page.text
        notice = reader.article.meta[NOTICE_META]
        assert notice.startswith("offline: opening the copy kept")
        shown = [n for n in app._notifications if n.title == "Article"]
        assert [n.message for n in shown] == [notice]
