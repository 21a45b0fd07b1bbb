"""The reader on a long article: progress in the panes, then the results; the next article
reuses the same worker processes; quitting (mid-way or not) leaves no worker process behind."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from pathlib import Path

import pytest
from pilot_support import GIVE_UP_SECONDS, analysed

from annotations.analysis.cache import analyze
from annotations.analysis.engine import Progress
from annotations.analysis.entities import get_extractor
from annotations.article.model import Article, article_from_plain_text
from annotations.library.session import AnnotationSession
from annotations.library.store import LibraryStore
from tui.app import NewsdeskApp
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.entities_pane import EntitiesPane
from tui.widgets.quotes_pane import QuotesPane


def long_article(seed_text: str, copies: int) -> Article:
    """The seed's paragraphs over and over: several chunks, so worker processes run it."""
    body = "\n\n".join(f"Section {i}. {seed_text.split(chr(10), 2)[2]}" for i in range(copies))
    return article_from_plain_text(
        "A very long read\n\n" + body, source="long", source_key="test:long"
    )


def shown(pane: EntitiesPane | QuotesPane) -> str:
    rows = pane.option_list
    return "\n".join(str(rows.get_option_at_index(i).prompt) for i in range(rows.option_count))


async def test_the_panes_show_progress_then_the_whole_analysis(
    seed_text: str, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = long_article(seed_text, 25)
    assert len(article.text) > 40_000
    said: list[tuple[str, str]] = []
    original = ReaderScreen._show_progress

    def spy(screen: ReaderScreen, progress: Progress) -> None:
        original(screen, progress)
        entities, quotes = screen.query_one(EntitiesPane), screen.query_one(QuotesPane)
        message = entities.query_one(".pane-message").render()
        said.append((str(message), str(entities.border_subtitle or quotes.border_subtitle)))

    monkeypatch.setattr(ReaderScreen, "_show_progress", spy)
    app = NewsdeskApp(article, store=LibraryStore(library))
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        await pilot.pause()
        assert said, "no progress was shown"
        assert any("%" in message or "analysing…" in subtitle for message, subtitle in said), said
        entities = app.screen.query_one(EntitiesPane)
        expected = analyze(article, get_extractor("rules"))
        assert entities.border_subtitle == "built-in rules"  # progress gone at the end
        assert "Spotify" in shown(entities)
        assert app.screen.machine_analysis == expected  # type: ignore[attr-defined]
    assert multiprocessing.active_children() == []


async def test_quitting_while_workers_run_leaves_no_process(
    seed_text: str, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = long_article(seed_text, 150)
    first_progress = asyncio.Event()
    workers: list[int] = []
    original = ReaderScreen._show_progress

    def spy(screen: ReaderScreen, progress: Progress) -> None:
        original(screen, progress)
        if not first_progress.is_set():
            workers.extend(child.pid or 0 for child in multiprocessing.active_children())
            first_progress.set()

    monkeypatch.setattr(ReaderScreen, "_show_progress", spy)
    app = NewsdeskApp(article, store=LibraryStore(library))
    async with app.run_test(size=(120, 40)) as pilot:
        await asyncio.wait_for(first_progress.wait(), GIVE_UP_SECONDS)
        await pilot.press("q")
    assert workers
    assert multiprocessing.active_children() == []
    for pid in workers:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


async def test_a_second_article_reuses_the_workers_and_quitting_ends_them(
    seed_text: str, library: Path
) -> None:
    store = LibraryStore(library)
    first = long_article(seed_text, 25)
    body = first.text.split("\n", 2)[2].replace("Section", "Part")
    second = article_from_plain_text(
        "Another long read\n\n" + body, source="other", source_key="test:other"
    )
    AnnotationSession(store, second).create(0, 7)  # kept in the library, so `o` lists it
    app = NewsdeskApp(first, store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        workers = {child.pid or 0 for child in multiprocessing.active_children()}
        assert workers  # the long article went through the pool
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press(*"another", "enter")
        await analysed(app)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.article == second
        assert reader.machine_analysis == analyze(second, get_extractor("rules"))
        # The same processes analysed it: the pool outlives a reader, not the app.
        assert {child.pid or 0 for child in multiprocessing.active_children()} == workers
        await pilot.press("q")
    assert multiprocessing.active_children() == []
    for pid in workers:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
