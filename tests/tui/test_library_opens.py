"""The library screen opens a typed path, shows % read and sorts, by real key presses."""

from __future__ import annotations

from pathlib import Path

import pytest
from clock_support import ticking_clock
from textual.pilot import Pilot
from textual.widgets import DataTable
from web_server import LocalServer, respond

from annotations.article.model import Article, article_from_plain_text
from annotations.library.session import AnnotationSession
from annotations.library.store import LibraryStore
from tui.app import NewsdeskApp
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen

SIZE = (140, 36)


def story(title: str, body: str, key: str) -> Article:
    return article_from_plain_text(f"{title}\n\n{body}\n", source=f"{key}.txt", source_key=key)


ALPHA = story("Alpha story", "One two three four five six seven eight nine ten.", "alpha")
ZULU = story("Zulu story", "Ten nine eight seven six five four three two one.", "zulu")
MIKE = story("Mike story", "Red orange yellow green blue.", "mike")


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> LibraryStore:
    """ZULU read first, with two highlights and half read; then ALPHA; MIKE (one highlight)
    last: each order (last opened, title, highlights) lists them differently."""
    ticking_clock(monkeypatch)  # each opening is later than the one before, however fast
    library = LibraryStore(tmp_path / "library")
    session = AnnotationSession(library, ZULU)
    for word in ("nine", "four"):
        start = ZULU.text.index(word)
        session.create(start, start + len(word))
    library.set_reading_position(ZULU.id, len(ZULU.text) // 2)
    AnnotationSession(library, ALPHA)
    mike = AnnotationSession(library, MIKE)
    mike.create(0, 3)
    return library


async def open_library(pilot: Pilot[None]) -> LibraryScreen:
    await pilot.press("o")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LibraryScreen)
    return screen


def titles(screen: LibraryScreen) -> list[str]:
    return [entry.record.title for entry in screen.shown]


async def test_sorts_by_last_opened_title_and_highlights(store: LibraryStore) -> None:
    app = NewsdeskApp(MIKE, store=store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(pilot)
        assert titles(screen) == ["Mike story", "Alpha story", "Zulu story"]
        await pilot.press("ctrl+s")  # title
        assert titles(screen) == ["Alpha story", "Mike story", "Zulu story"]
        await pilot.press("ctrl+s")  # highlights, most first
        assert titles(screen) == ["Zulu story", "Mike story", "Alpha story"]
        await pilot.press("ctrl+s")  # back to last opened
        assert titles(screen) == ["Mike story", "Alpha story", "Zulu story"]


async def test_shows_how_far_each_article_was_read(store: LibraryStore) -> None:
    app = NewsdeskApp(MIKE, store=store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(pilot)
        assert [entry.percent_read for entry in screen.shown] == [0, 0, 50]
        row = [str(cell) for cell in screen.query_one(DataTable).get_row_at(2)]
        assert row[4].endswith("·  50%")


async def test_typing_a_file_path_opens_and_keeps_it(store: LibraryStore, tmp_path: Path) -> None:
    new_file = tmp_path / "fresh.txt"
    new_file.write_text("Fresh story\n\nA brand new article about bridges.\n", encoding="utf-8")
    app = NewsdeskApp(MIKE, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await open_library(pilot)
        await pilot.press(*str(new_file), "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.article.title == "Fresh story"
    kept = [record.title for record in store.articles()]
    assert kept[0] == "Fresh story"
    assert store.kept_article(store.articles()[0].id) is not None


async def test_a_typed_path_that_cannot_be_read_says_why_and_stays(
    store: LibraryStore, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    app = NewsdeskApp(MIKE, store=store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(pilot)
        await pilot.press(*str(empty), "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
        assert any("empty" in str(n.message).lower() for n in app._notifications)
    assert len(store.articles()) == 3


async def test_typing_a_url_fetches_opens_and_keeps_it(store: LibraryStore) -> None:
    page = (Path(__file__).parents[1] / "data" / "html" / "news-page.html").read_bytes()
    server = LocalServer()
    server.routes["/story"] = respond(200, "text/html; charset=utf-8", page)
    try:
        app = NewsdeskApp(ALPHA, store=store)
        async with app.run_test(size=SIZE) as pilot:
            await open_library(pilot)
            await pilot.press(*server.url("/story"), "enter")
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            reader = app.screen
            assert isinstance(reader, ReaderScreen)
            assert reader.article.title == "City council approves riverside flood barrier"
    finally:
        server.stop()
    newest = store.articles()[0]
    assert newest.source == server.url("/story")
    assert store.kept_article(newest.id) is not None
