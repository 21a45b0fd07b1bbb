"""The first article of the app's life: while the pool's model loads, the part being read shows
at once as a preview (labelled so), the whole text's analysis replaces it, and progress waits
while keys arrive. The model's work is held back by a gate the test opens; nothing sleeps."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pilot_support import GIVE_UP_SECONDS, analysed
from test_reader_analysis_progress import long_article

from annotations.analysis.cache import analyze
from annotations.analysis.engine import ChunkedAnalysis, Progress, shutdown_shared_pool
from annotations.analysis.entities import get_extractor
from annotations.analysis.entities.rules_backend import RuleExtractor
from annotations.analysis.entities.spacy_backend import find_model_module
from annotations.analysis.window import window_analysis, window_around
from annotations.article.model import Article
from annotations.library.store import LibraryStore
from tui.app import NewsdeskApp
from tui.screens.reader import ReaderScreen
from tui.update_pacer import UpdatePacer
from tui.widgets.entities_pane import EntitiesPane
from tui.widgets.quotes_pane import QuotesPane


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The analysis in worker processes starts only once the test opens the gate; and no
    pool is there yet, as for the first article of the app's life."""
    shutdown_shared_pool()
    opened = threading.Event()
    run = ChunkedAnalysis.run

    def gated(engine: ChunkedAnalysis, *args: Any) -> Any:
        opened.wait(GIVE_UP_SECONDS)
        return run(engine, *args)

    monkeypatch.setattr(ChunkedAnalysis, "run", gated)
    yield opened
    opened.set()


class Applied:
    """The panes' subtitles each time the reader applied what the analysis reported."""

    def __init__(self) -> None:
        self.entities: list[str] = []
        self.quotes: list[str] = []
        self.changed = asyncio.Event()

    async def first(self) -> None:
        await asyncio.wait_for(self.changed.wait(), GIVE_UP_SECONDS)


@pytest.fixture
def applied(monkeypatch: pytest.MonkeyPatch) -> Applied:
    seen = Applied()
    apply = ReaderScreen._apply_analysis_news

    def spy(screen: ReaderScreen) -> None:
        apply(screen)
        seen.entities.append(str(screen.query_one(EntitiesPane).border_subtitle))
        seen.quotes.append(str(screen.query_one(QuotesPane).border_subtitle))
        seen.changed.set()

    monkeypatch.setattr(ReaderScreen, "_apply_analysis_news", spy)
    return seen


async def test_the_part_being_read_shows_at_once_as_a_preview_then_the_whole_analysis(
    seed_text: str, library: Path, gate: threading.Event, applied: Applied
) -> None:
    article = long_article(seed_text, 25)
    app = NewsdeskApp(article, store=LibraryStore(library))
    async with app.run_test(size=(120, 40)) as pilot:
        await applied.first()  # the gate is shut: nothing else can have been applied
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        entities, quotes = reader.query_one(EntitiesPane), reader.query_one(QuotesPane)
        # The model has not run (the gate is shut): what shows is the rules' preview of the
        # part being read, and it says so.
        assert not reader.analysed.is_set()
        assert str(entities.border_subtitle).startswith("rules preview · analysing…")
        assert quotes.border_subtitle == entities.border_subtitle
        start, end = window_around(article.text, 0)
        preview = window_analysis(article, RuleExtractor(), start, end)
        whole = analyze(article, get_extractor("rules"))
        assert end < len(article.text) and preview != whole
        assert reader.machine_analysis == preview
        assert set(entities.entities) == {e.name for e in preview.entities}
        assert quotes.quotes == list(preview.quotes)
        gate.set()
        await analysed(app)
        await pilot.pause()
        # The whole text's analysis replaced it entirely, and the labels went with it.
        assert reader.machine_analysis == whole
        assert set(entities.entities) == {e.name for e in whole.entities}
        assert quotes.quotes == list(whole.quotes)
        assert entities.border_subtitle == "built-in rules"
        assert "preview" not in str(quotes.border_subtitle)
    labels = applied.entities
    assert labels[0].startswith("rules preview") and labels[-1] == "built-in rules"
    # Once the workers' own preview showed, the rules' never came back.
    models = [i for i, label in enumerate(labels) if label.startswith("preview")]
    after = labels[models[0] :] if models else []
    assert not any(label.startswith("rules") for label in after)


async def test_progress_waits_while_keys_arrive_and_shows_once_they_pause(
    seed_text: str,
    library: Path,
    gate: threading.Event,
    applied: Applied,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    looked = asyncio.Event()
    due = UpdatePacer._due

    def spied_due(pacer: UpdatePacer) -> None:
        due(pacer)
        looked.set()

    monkeypatch.setattr(UpdatePacer, "_due", spied_due)

    async def timer_looks() -> None:
        looked.clear()
        await asyncio.wait_for(looked.wait(), GIVE_UP_SECONDS)

    article = long_article(seed_text, 25)
    app = NewsdeskApp(article, store=LibraryStore(library))
    async with app.run_test(size=(120, 40)) as pilot:
        await applied.first()  # the rules' preview
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        entities = reader.query_one(EntitiesPane)
        now = [time.monotonic() + 1.0]  # past the interval since the preview was applied
        reader._pacer.clock = lambda: now[0]
        await pilot.press("j", "j", "w")
        reader._show_progress(Progress(41, 100))  # as the engine reports a chunk
        assert reader._pacer.holding  # the keys just came
        await timer_looks()
        assert reader._pacer.holding
        assert "41%" not in str(entities.border_subtitle)
        now[0] += 0.1
        await pilot.press("j")
        await timer_looks()
        assert "41%" not in str(entities.border_subtitle)
        now[0] += 0.3  # the keys paused
        await timer_looks()
        assert not reader._pacer.holding
        assert entities.border_subtitle == "rules preview ·  41%"
        gate.set()
        await analysed(app)


needs_md = pytest.mark.skipif(
    find_model_module("md") is None, reason="spaCy's en_core_web_md is not installed"
)


@pytest.mark.slow
@needs_md
async def test_with_spacy_the_rules_preview_shows_while_the_model_loads_then_the_model_s(
    seed_article: Article, library: Path, gate: threading.Event, applied: Applied
) -> None:
    """The first article with a model: the rules' preview first, then spaCy's whole analysis."""
    extractor = get_extractor("spacy-md")
    app = NewsdeskApp(seed_article, store=LibraryStore(library), extractor=extractor)
    async with app.run_test(size=(120, 40)) as pilot:
        await applied.first()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        rules = window_analysis(seed_article, RuleExtractor(), 0, len(seed_article.text))
        assert reader.machine_analysis == rules
        assert str(reader.query_one(EntitiesPane).border_subtitle).startswith("rules preview")
        gate.set()
        await analysed(app)
        await pilot.pause()
        assert reader.machine_analysis == analyze(seed_article, extractor)
        assert reader.query_one(EntitiesPane).border_subtitle == extractor.name
