"""The first frame goes without the panes; they follow it, laid out as if composed at once.

Textual draws the app's first frame only once the app is ready, so the first reader composes
the article, the masthead and a row kept for the footer, and mounts the three panes, the search
bar and the footer when the app's `on_ready` comes. Readers opened later compose everything at
once: both must look the same.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from pilot_support import analysed
from textual.geometry import Region
from textual.widgets._footer import FooterKey

from annotations.analysis.entities import get_extractor
from annotations.analysis.entities.deferred import DeferredExtractor
from annotations.article.model import Article
from annotations.library.store import LibraryStore
from tui.app import NewsdeskApp, default_extractor
from tui.widgets.annotations_pane import AnnotationsPane
from tui.widgets.entities_pane import EntitiesPane
from tui.widgets.key_footer import KeyFooter
from tui.widgets.quotes_pane import QuotesPane
from tui.widgets.search_bar import SearchBar

PANES = ("#article", "#sidebar", "#entities", "#quotes", "#annotations", "KeyFooter")


class PanesAtReady(NewsdeskApp):
    """Counts the reader's panes when the app becomes ready, before they are mounted."""

    panes_before: int | None = None
    footers_before: int | None = None
    search_bars_before: int | None = None
    slot_before: Region | None = None

    async def on_ready(self) -> None:
        screen = self.screen
        self.panes_before = len(screen.query(".pane"))
        self.footers_before = len(screen.query(KeyFooter))
        self.search_bars_before = len(screen.query(SearchBar))
        self.slot_before = screen.query_one("#footer-slot").region
        await super().on_ready()


def regions(app: NewsdeskApp) -> dict[str, Region]:
    return {selector: app.screen.query_one(selector).region for selector in PANES}


async def test_the_first_frame_has_no_panes_and_they_follow(
    seed_article: Article, library: Path
) -> None:
    app = PanesAtReady(seed_article, store=LibraryStore(library))
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        await pilot.pause()
        assert app.panes_before == 0
        screen = app.screen
        assert [type(pane) for pane in screen.query(".pane")] == [
            EntitiesPane,
            QuotesPane,
            AnnotationsPane,
        ]


async def test_the_footer_follows_the_first_frame_into_the_row_kept_for_it(
    seed_article: Article, library: Path
) -> None:
    app = PanesAtReady(seed_article, store=LibraryStore(library))
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        await pilot.pause()
        assert (app.footers_before, app.search_bars_before) == (0, 0)
        screen = app.screen
        footer = screen.query_one(KeyFooter)
        assert footer.region == app.slot_before == Region(0, 39, 120, 1)
        assert not screen.query("#footer-slot")
        assert len(screen.query(SearchBar)) == 1
        # The footer shows the reader's keys (it came after they were first published).
        assert "Highlight" in [key.description for key in footer.query(FooterKey)]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_panes_mounted_late_sit_where_composed_ones_do(
    seed_article: Article, library: Path, size: tuple[int, int]
) -> None:
    app = NewsdeskApp(seed_article, store=LibraryStore(library))
    async with app.run_test(size=size) as pilot:
        await analysed(app)
        await pilot.pause()
        first = regions(app)
        first_reader = app.screen
        app.open_article(seed_article)  # a reader composed at once
        await pilot.pause()
        assert app.screen is not first_reader
        await analysed(app)
        await pilot.pause()
        assert regions(app) == first


async def test_keys_work_on_the_panes_of_the_first_reader(
    seed_article: Article, library: Path
) -> None:
    app = NewsdeskApp(seed_article, store=LibraryStore(library))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h")  # at once: the highlight lands in the pane mounted late
        await analysed(app)
        await pilot.pause()
        pane = app.screen.query_one(AnnotationsPane)
        assert len(app.session.highlights) == 1
        shown = [
            pane.option_list.get_option_at_index(i).id for i in range(pane.option_list.option_count)
        ]
        assert app.session.highlights[0].id in shown


def test_a_deferred_extractor_chooses_on_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    import annotations.analysis.entities as entities

    asked: list[str] = []

    def counting(choice: entities.Backend = "auto") -> entities.Extractor:
        asked.append(choice)
        return get_extractor(choice)

    monkeypatch.setattr(entities, "get_extractor", counting)
    deferred = DeferredExtractor("rules")
    assert asked == []
    text = "Angela Merkel met Emmanuel Macron in Paris. Merkel spoke first."
    assert deferred.name == get_extractor("rules").name
    assert deferred.version == get_extractor("rules").version
    assert deferred.extract(text) == get_extractor("rules").extract(text)
    assert asked == ["rules"]  # chosen once


def test_a_deferred_extractor_travels_as_its_choice() -> None:
    deferred = DeferredExtractor("auto")
    _ = deferred.name
    copy = pickle.loads(pickle.dumps(deferred))
    assert isinstance(copy, DeferredExtractor)
    assert copy.choice == "auto"
    assert copy.version == deferred.version


def test_only_choices_that_cannot_fail_are_deferred(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_EXTRACTOR", "rules")
    assert isinstance(default_extractor(), DeferredExtractor)
    monkeypatch.setenv("NEWSDESK_EXTRACTOR", "auto")
    assert isinstance(default_extractor(), DeferredExtractor)
    monkeypatch.setenv("NEWSDESK_EXTRACTOR", "spacy-trf")
    try:
        chosen = default_extractor()
    except RuntimeError:
        return  # not installed: said at once, before the app starts
    assert not isinstance(chosen, DeferredExtractor)
