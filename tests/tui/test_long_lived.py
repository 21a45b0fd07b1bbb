"""The reader's long-lived data is kept out of full garbage collections in the real run only."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from pilot_support import analysed

from annotations.article.model import Article
from annotations.gc_pacing import BETWEEN_KEYS_COUNT, YOUNG_THRESHOLD
from annotations.library.store import LibraryStore
from tui import long_lived
from tui.app import NewsdeskApp


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    thresholds = gc.get_threshold()
    yield
    long_lived._enabled = False
    gc.set_threshold(*thresholds)
    gc.unfreeze()  # what the test froze goes back to the collector


async def test_run_test_freezes_nothing(
    seed_article: Article, library: Path, unfrozen: None
) -> None:
    app = NewsdeskApp(seed_article, store=LibraryStore(library))
    async with app.run_test() as pilot:
        await analysed(app)
        await pilot.pause()
        assert gc.get_freeze_count() == 0
        assert gc.get_threshold()[0] < YOUNG_THRESHOLD


async def test_the_real_run_keeps_the_loaded_reader_out_of_full_collections(
    seed_article: Article, library: Path, unfrozen: None
) -> None:
    long_lived.enable()  # what NewsdeskApp.run does
    app = NewsdeskApp(seed_article, store=LibraryStore(library))
    async with app.run_test() as pilot:
        await analysed(app)
        await pilot.pause()
        frozen = gc.get_freeze_count()
        assert frozen > 0
        # The session's highlights and the article are among what full passes skip.
        tracked = {id(obj) for obj in gc.get_objects()}
        assert id(app.session) not in tracked  # frozen objects are not in any generation


def test_the_real_run_collects_young_objects_less_often(unfrozen: None) -> None:
    middle_and_old = gc.get_threshold()[1:]
    long_lived.enable()
    assert gc.get_threshold() == (YOUNG_THRESHOLD, *middle_and_old)


async def test_the_real_run_collects_young_objects_between_keys(
    seed_article: Article, library: Path, unfrozen: None
) -> None:
    """Young objects piled up past `BETWEEN_KEYS_COUNT` are collected by the app's own check
    (between its messages), before Python's threshold would collect them inside a frame."""
    long_lived.enable()
    app = NewsdeskApp(seed_article, store=LibraryStore(library))
    async with app.run_test() as pilot:
        await analysed(app)
        checks = [timer for timer in app._timers if timer.name == "young collections"]
        assert len(checks) == 1
        # Python's own threshold out of the way: only the app's check collects.
        gc.set_threshold(10**9, *gc.get_threshold()[1:])
        gc.collect()
        young: list[list[int]] = [[] for _ in range(BETWEEN_KEYS_COUNT + 100)]  # tracked, kept
        assert gc.get_count()[0] >= BETWEEN_KEYS_COUNT
        collections: list[int] = []

        def counted(phase: str, info: dict[str, int]) -> None:
            if phase == "stop":
                collections.append(info["generation"])

        gc.callbacks.append(counted)
        try:
            while not collections:  # the app's check runs on its own; no key is pressed
                await pilot.pause()
        finally:
            gc.callbacks.remove(counted)
        assert collections[0] == 0
        assert len(young) > BETWEEN_KEYS_COUNT


async def test_run_test_has_no_collections_between_keys(
    seed_article: Article, library: Path, unfrozen: None
) -> None:
    app = NewsdeskApp(seed_article, store=LibraryStore(library))
    async with app.run_test():
        assert not [timer for timer in app._timers if timer.name == "young collections"]
