"""Driving the research desk's screens in tests: the app over a made-up library, its results."""

from __future__ import annotations

from pilot_support import analysed
from research_support import NamesExtractor
from textual.pilot import Pilot
from textual.screen import Screen

from annotations.article.model import Article
from annotations.library.store import LibraryStore
from tui.app import NewsdeskApp
from tui.screens.reader import ReaderScreen
from tui.screens.research import ResearchScreen


def make_app(store: LibraryStore, article: Article) -> NewsdeskApp:
    return NewsdeskApp(article, store=store, extractor=NamesExtractor())


def top(app: NewsdeskApp) -> Screen[object]:
    return app.screen


async def settled(pilot: Pilot[None]) -> ResearchScreen:
    """The research screen on top, once its results are shown."""
    screen = top(pilot.app)  # type: ignore[arg-type]
    assert isinstance(screen, ResearchScreen)
    await pilot.app.workers.wait_for_complete()
    await screen.ready.wait()
    await pilot.pause()
    return screen


def rows(screen: ResearchScreen) -> list[str]:
    """The list as shown: headers and results, one line each."""
    results = screen.results
    return [str(results.get_option_at_index(n).prompt).strip() for n in range(results.option_count)]


async def opened_at(pilot: Pilot[None]) -> tuple[str, int]:
    """After enter on a result: the article now in the reader, and its cursor."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    reader = top(pilot.app)  # type: ignore[arg-type]
    assert isinstance(reader, ReaderScreen)
    await analysed(pilot.app)
    await pilot.pause()
    return reader.article.id, reader.view.cursor
