"""The library screen, driven by real key presses: listing, filtering, opening, removing."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input
from web_server import LocalServer, respond

from annotations.article.model import Article, article_from_plain_text
from annotations.library.session import AnnotationSession
from annotations.library.store import LibraryStore
from annotations.sources.load import load_source
from tui.app import NewsdeskApp
from tui.dialogs.confirm_dialog import ConfirmDialog
from tui.screens.help import HelpScreen, binding_rows
from tui.screens.library import LibraryScreen, library_entries
from tui.screens.reader import ReaderScreen

NEWS_PAGE = (Path(__file__).parents[1] / "data" / "html" / "news-page.html").read_bytes()
NEWS_TITLE = "City council approves riverside flood barrier"
SIZE = (120, 36)


def story(title: str, body: str, key: str) -> Article:
    text = f"{title}\n\n{body}\n"
    return article_from_plain_text(text, source=f"{key}.txt", source_key=f"test:{key}")


FERRY = story("Ferry timetable cut", "The harbour ferry will run every forty minutes.", "ferry")
TRAM = story("Tram line extension approved", "The board approved the second phase.", "tram")
BUDGET = story("Council budget passes", "The council passed its budget on Monday night.", "budget")


def highlight(store: LibraryStore, article: Article, phrases: list[str], notes: int = 0) -> None:
    session = AnnotationSession(store, article)
    for index, phrase in enumerate(phrases):
        start = article.text.index(phrase)
        session.create(start, start + len(phrase), note="why" if index < notes else "")


@pytest.fixture
def store(tmp_path: Path) -> LibraryStore:
    """A library that read BUDGET, then TRAM, then FERRY (FERRY the most recent)."""
    library = LibraryStore(tmp_path / "library")
    highlight(library, BUDGET, ["passed its budget"], notes=1)
    highlight(library, TRAM, ["board approved", "second phase"], notes=1)
    highlight(library, FERRY, [])
    return library


async def open_library(pilot: Pilot[None]) -> LibraryScreen:
    await pilot.press("o")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LibraryScreen)
    return screen


def top(app: NewsdeskApp) -> Screen[object]:
    """The screen on top (a function, so type checkers do not pin `app.screen` down)."""
    return app.screen


def titles(screen: LibraryScreen) -> list[str]:
    return [entry.record.title for entry in screen.shown]


async def test_lists_articles_most_recent_first_with_counts(store: LibraryStore) -> None:
    app = NewsdeskApp(FERRY, store=store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(pilot)
        assert titles(screen) == [FERRY.title, TRAM.title, BUDGET.title]
        counts = [(entry.highlights, entry.notes) for entry in screen.shown]
        assert counts == [(0, 0), (2, 1), (1, 1)]
        table = screen.query_one(DataTable)
        assert table.row_count == 3
        row = [str(cell) for cell in table.get_row_at(1)]
        assert row[1] == TRAM.title and row[2:4] == ["2", "1"] and row[5] == "tram.txt"
        assert screen.query_one(Input).has_focus


async def test_typing_filters_by_title_and_source_and_arrows_move(store: LibraryStore) -> None:
    app = NewsdeskApp(FERRY, store=store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(pilot)
        await pilot.press(*"COUNCIL")
        assert titles(screen) == [BUDGET.title]
        for _ in "COUNCIL":
            await pilot.press("backspace")
        await pilot.press(*"tram.t")  # the source's file name
        assert titles(screen) == [TRAM.title]
        await pilot.press("ctrl+u", *"zzz")
        assert titles(screen) == []
        assert not screen.query_one(DataTable).display
        await pilot.press("ctrl+u")
        assert len(titles(screen)) == 3
        await pilot.press("down", "down")
        assert screen.selected is not None and screen.selected.record.title == BUDGET.title
        await pilot.press("up")
        assert screen.selected is not None and screen.selected.record.title == TRAM.title
        assert screen.query_one(Input).has_focus  # the arrows moved the list while typing


async def test_enter_opens_another_article_in_a_new_reader(store: LibraryStore) -> None:
    app = NewsdeskApp(FERRY, store=store)
    async with app.run_test(size=SIZE) as pilot:
        first_reader = app.screen
        await open_library(pilot)
        await pilot.press(*"tram", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader is not first_reader
        assert reader.article.title == TRAM.title
        assert app.article == TRAM and app.session.article == TRAM
        assert [a.quote.exact for a in app.session.highlights] == ["board approved", "second phase"]
        assert app.screen_stack[1:] == [reader]  # only the new reader, over the default screen
        assert not first_reader.is_attached  # the old reader is gone, not hidden
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.shown[0].record.title == TRAM.title  # now the most recent


async def test_enter_fetches_an_article_that_has_no_kept_copy(
    store: LibraryStore, tmp_path: Path
) -> None:
    server = LocalServer()
    server.routes["/story"] = respond(200, "text/html; charset=utf-8", NEWS_PAGE)
    try:
        url = server.url("/story")
        page = load_source(url)
        AnnotationSession(store, page)
        # As if kept by an older newsdesk: a record but no copy of the text.
        store.remove_article(page.id)
        store.open_article(page.id, page.source, page.title, page.fingerprint)
        assert store.kept_article(page.id) is None
        app = NewsdeskApp(FERRY, store=store)
        async with app.run_test(size=SIZE) as pilot:
            await open_library(pilot)
            await pilot.press(*"flood", "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            assert app.screen.article.title == NEWS_TITLE
            assert server.requests == ["/story", "/story"]
    finally:
        server.stop()


async def test_d_and_confirm_removes_the_article(store: LibraryStore) -> None:
    app = NewsdeskApp(FERRY, store=store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(pilot)
        await pilot.press(*"tram", "tab")
        assert screen.query_one(DataTable).has_focus
        await pilot.press("d")
        assert isinstance(top(app), ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen
        assert store.get_article(TRAM.id) is None
        assert store.annotations(TRAM.id) == []
        assert store.kept_article(TRAM.id) is None
        assert TRAM.title not in titles(screen)


async def test_d_and_escape_keeps_the_article(store: LibraryStore) -> None:
    app = NewsdeskApp(FERRY, store=store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(pilot)
        await pilot.press("down", "tab", "d")
        assert isinstance(top(app), ConfirmDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert store.get_article(TRAM.id) is not None
        assert len(store.annotations(TRAM.id)) == 2
        assert titles(screen) == [FERRY.title, TRAM.title, BUDGET.title]


async def test_d_while_typing_types_and_the_open_article_is_never_removed(
    store: LibraryStore,
) -> None:
    app = NewsdeskApp(FERRY, store=store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(pilot)
        await pilot.press("d")
        assert screen.query_one(Input).value == "d"
        await pilot.press("ctrl+u", "tab", "d")  # the cursor is on FERRY, open in the reader
        assert app.screen is screen
        assert store.get_article(FERRY.id) is not None


async def test_a_letter_typed_in_the_list_goes_to_the_filter(store: LibraryStore) -> None:
    app = NewsdeskApp(FERRY, store=store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(pilot)
        await pilot.press("tab", "b")
        box = screen.query_one(Input)
        assert box.has_focus and box.value == "b"
        assert titles(screen) == [FERRY.title, BUDGET.title]  # "timetable", "budget"


async def test_escape_returns_to_the_reader(store: LibraryStore) -> None:
    app = NewsdeskApp(FERRY, store=store)
    async with app.run_test(size=SIZE) as pilot:
        reader = app.screen
        await open_library(pilot)
        await pilot.press("escape")
        assert app.screen is reader


async def test_an_empty_library_says_so(tmp_path: Path) -> None:
    store = LibraryStore(tmp_path / "empty")
    app = NewsdeskApp(FERRY, store=store)
    async with app.run_test(size=SIZE) as pilot:
        store.remove_article(FERRY.id)  # emptied by another window meanwhile
        screen = await open_library(pilot)
        assert screen.shown == []
        message = str(screen.query_one("#library-empty").render())
        assert "library is empty" in message


async def test_every_library_key_is_in_the_help(store: LibraryStore) -> None:
    app = NewsdeskApp(FERRY, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await open_library(pilot)
        described = {keys for _, keys, _ in binding_rows(app.help_nodes())}
        for key in ("enter", "esc", "down", "up", "d", "/"):
            assert key in described, key
        await pilot.press("tab", "question_mark")
        assert isinstance(app.screen, HelpScreen)


def test_library_entries_count_highlights_and_notes(store: LibraryStore) -> None:
    entries = {entry.record.id: (entry.highlights, entry.notes) for entry in library_entries(store)}
    assert entries == {FERRY.id: (0, 0), TRAM.id: (2, 1), BUDGET.id: (1, 1)}


async def test_a_removal_the_disk_refuses_is_told_and_keeps_the_article(
    store: LibraryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def refuse(article_id: str) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(store, "remove_article", refuse)
    app = NewsdeskApp(FERRY, store=store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(pilot)
        await pilot.press(*"tram", "tab", "d", "y")
        await pilot.pause()
        assert app.is_running and app.screen is screen
        messages = [notification.message for notification in app._notifications]
        assert "Could not remove it: the disk is read-only." in messages
        assert TRAM.title in titles(screen)
