"""Search, who said what and where else in the app, driven by real key presses."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_support import analysed
from research_pilot import make_app, opened_at, rows, settled, top
from research_support import build_library

from annotations.article.model import Article
from annotations.library.store import LibraryStore
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.screens.research import (
    LibrarySearchScreen,
    WhereElseScreen,
    WhoSaidWhatScreen,
)
from tui.widgets.entities_pane import EntitiesPane

SIZE = (120, 36)


@pytest.fixture
def desk(tmp_path: Path) -> tuple[LibraryStore, dict[str, Article]]:
    return build_library(tmp_path / "library")


async def test_search_from_the_library_opens_the_article_at_the_hit(
    desk: tuple[LibraryStore, dict[str, Article]],
) -> None:
    store, articles = desk
    app = make_app(store, articles["weather"])
    async with app.run_test(size=SIZE) as pilot:
        await analysed(app)
        await pilot.press("o")
        await pilot.app.workers.wait_for_complete()
        assert isinstance(top(app), LibraryScreen)
        await pilot.press("ctrl+f")
        screen = await settled(pilot)
        assert isinstance(screen, LibrarySearchScreen)
        assert "Type words" in str(screen.query_one("#research-status").render())
        await pilot.press(*"lobbied")
        screen = await settled(pilot)
        shown = rows(screen)
        assert len(shown) == 2 and shown[0] == "Budget talks stall  1 match"
        assert shown[1].startswith("highlight") and "lobbied for a tax cut" in shown[1]
        await pilot.press("enter")
        article_id, cursor = await opened_at(pilot)
        budget = articles["budget"]
        assert article_id == budget.id
        assert cursor == budget.text.index("lobbied")


async def test_search_filters_typed_in_the_box(
    desk: tuple[LibraryStore, dict[str, Article]],
) -> None:
    store, articles = desk
    app = make_app(store, articles["weather"])
    async with app.run_test(size=SIZE) as pilot:
        await analysed(app)
        app.action_search_library()
        await settled(pilot)
        await pilot.press(*"the tag:to-verify")
        screen = await settled(pilot)
        kinds = [row.split()[0] for row in rows(screen)[1:]]
        assert kinds == ["note", "highlight"]
        await pilot.press("down", "enter")
        article_id, cursor = await opened_at(pilot)
        assert article_id == articles["budget"].id
        assert cursor == articles["budget"].text.index("the budget")


async def test_search_says_when_nothing_matches_and_escape_goes_back(
    desk: tuple[LibraryStore, dict[str, Article]],
) -> None:
    store, articles = desk
    app = make_app(store, articles["weather"])
    async with app.run_test(size=SIZE) as pilot:
        await analysed(app)
        app.action_search_library()
        await settled(pilot)
        await pilot.press(*"zebra")
        screen = await settled(pilot)
        assert rows(screen) == []
        assert "Nothing in the library matches “zebra”" in str(
            screen.query_one("#research-status").render()
        )
        await pilot.press("enter")  # nothing to open: stays
        await pilot.pause()
        assert top(app) is screen
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(top(app), ReaderScreen)


async def test_who_said_what_lists_speakers_and_opens_at_the_quotation(
    desk: tuple[LibraryStore, dict[str, Article]],
) -> None:
    store, articles = desk
    app = make_app(store, articles["weather"])
    async with app.run_test(size=SIZE) as pilot:
        await analysed(app)
        await pilot.press("o")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("ctrl+t")
        screen = await settled(pilot)
        assert isinstance(screen, WhoSaidWhatScreen)
        shown = rows(screen)
        assert shown[0] == "Angela Merkel  2"
        assert len(shown) == 3 and all("—" in row for row in shown[1:])
        await pilot.press(*"scholz")
        screen = await settled(pilot)
        assert rows(screen) == []
        await pilot.press(*(["backspace"] * 6), *"merkel")
        screen = await settled(pilot)
        target = next(n for n, row in enumerate(rows(screen)) if "good day" in row)
        for _ in range(target - 1):
            await pilot.press("down")
        await pilot.press("enter")
        article_id, cursor = await opened_at(pilot)
        factory = articles["factory"]
        assert article_id == factory.id
        assert cursor == factory.text.index("This is a good day")


async def test_where_else_from_the_entities_pane_jumps_between_articles(
    desk: tuple[LibraryStore, dict[str, Article]],
) -> None:
    store, articles = desk
    app = make_app(store, articles["factory"])
    async with app.run_test(size=SIZE) as pilot:
        await analysed(app)
        reader = top(app)
        assert isinstance(reader, ReaderScreen)
        pane = reader.query_one(EntitiesPane)
        pane.option_list.focus()
        await pilot.pause()
        # Move to "Merkel" (this article names her only so).
        for _ in range(len(pane.entities) + 3):
            if pane.selected() is not None and pane.selected().name == "Merkel":  # type: ignore[union-attr]
                break
            await pilot.press("j")
        assert pane.selected() is not None and pane.selected().name == "Merkel"  # type: ignore[union-attr]
        await pilot.press("e")
        screen = await settled(pilot)
        assert isinstance(screen, WhereElseScreen)
        assert rows(screen)[0] == "Budget talks stall  2 mentions"
        assert "Angela Merkel" in rows(screen)[1]
        status = str(screen.query_one("#research-status").render())
        assert status.startswith("Angela Merkel (also Merkel): 1 other articles")
        await pilot.press("enter")
        article_id, cursor = await opened_at(pilot)
        budget = articles["budget"]
        assert article_id == budget.id
        assert cursor == budget.text.index("Angela Merkel")


async def test_where_else_says_when_no_other_article_mentions_it(
    desk: tuple[LibraryStore, dict[str, Article]],
) -> None:
    store, articles = desk
    store.remove_article(articles["budget"].id)
    app = make_app(store, articles["factory"])
    async with app.run_test(size=SIZE) as pilot:
        await analysed(app)
        reader = top(app)
        assert isinstance(reader, ReaderScreen)
        pane = reader.query_one(EntitiesPane)
        pane.option_list.focus()
        await pilot.pause()
        await pilot.press("e")
        screen = await settled(pilot)
        assert rows(screen) == []
        assert "No other article of the library mentions" in str(
            screen.query_one("#research-status").render()
        )


async def test_palette_offers_the_library_questions(
    desk: tuple[LibraryStore, dict[str, Article]],
) -> None:
    store, articles = desk
    app = make_app(store, articles["weather"])
    async with app.run_test(size=SIZE) as pilot:
        await analysed(app)
        titles = [command.title for command in app.get_system_commands(top(app))]
        assert "Search the library" in titles and "Who said what" in titles
        await pilot.press("ctrl+p")
        await pilot.press(*"who said")
        await pilot.pause()
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(top(app), WhoSaidWhatScreen)


async def test_a_second_screen_sees_what_changed_since_the_first(
    desk: tuple[LibraryStore, dict[str, Article]],
) -> None:
    store, articles = desk
    app = make_app(store, articles["weather"])
    async with app.run_test(size=SIZE) as pilot:
        await analysed(app)
        app.action_search_library()
        await settled(pilot)
        await pilot.press(*"forecasters")
        screen = await settled(pilot)
        assert [row.split()[0] for row in rows(screen)[1:]] == ["text"]
        await pilot.press("escape")
        await pilot.pause()
        # Highlight the word in the reader, then search again.
        reader = top(app)
        assert isinstance(reader, ReaderScreen)
        start = articles["weather"].text.index("forecasters")
        reader.session.create(start, start + len("forecasters"), note="who exactly?")
        app.action_search_library()
        await settled(pilot)
        await pilot.press(*"forecasters")
        screen = await settled(pilot)
        assert [row.split()[0] for row in rows(screen)[1:]] == ["highlight"]
        await pilot.press("ctrl+u", *"exactly")
        screen = await settled(pilot)
        assert [row.split()[0] for row in rows(screen)[1:]] == ["note"]


async def test_a_corrupt_index_is_rebuilt_and_the_screen_says_so(
    desk: tuple[LibraryStore, dict[str, Article]],
) -> None:
    store, articles = desk
    (store.folder / "research-index.json").write_bytes(b"{not json")
    app = make_app(store, articles["weather"])
    async with app.run_test(size=SIZE) as pilot:
        await analysed(app)
        app.action_search_library()
        await settled(pilot)
        await pilot.press(*"budget")
        screen = await settled(pilot)
        assert any(row.startswith("Budget talks stall") for row in rows(screen))
        assert any(
            "research-index.json was unreadable" in str(n.message) for n in app._notifications
        )
