"""The first frame is rendered once, and drawn as soon as the app is ready.

Textual lays the first reader out inside its start-up batch, where a rendered frame is thrown
away, and would draw it at the screen's next update tick after `Ready`. newsdesk skips the
thrown-away render and draws the frame within its `Ready` handler, before the panes come.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from pilot_support import analysed
from textual.screen import Screen

from annotations.article.model import Article
from annotations.library.store import LibraryStore
from tui.app import NewsdeskApp
from tui.screens.reader import ReaderScreen


class Frame:
    """What `_display` was given: by which task, in a batch or not, with how many panes."""

    def __init__(self, app: NewsdeskApp, screen: Screen[Any]) -> None:
        self.task = asyncio.current_task()
        self.in_batch = app._batch_count > 0
        self.reader = isinstance(screen, ReaderScreen)
        self.panes = len(screen.query(".pane"))


class RecordsFrames(NewsdeskApp):
    """Records every frame rendered for display, and the task that handled `Ready`."""

    frames: list[Frame]
    ready_task: asyncio.Task[Any] | None = None

    def _display(self, screen: Screen[Any], renderable: Any) -> None:
        if renderable is not None:
            self.frames.append(Frame(self, screen))
        super()._display(screen, renderable)

    async def on_ready(self) -> None:
        self.ready_task = asyncio.current_task()
        await super().on_ready()


def recording_app(article: Article, library: Path) -> RecordsFrames:
    app = RecordsFrames(article, store=LibraryStore(library))
    app.frames = []
    return app


async def test_the_first_reader_is_rendered_once_before_the_app_is_ready(
    seed_article: Article, library: Path
) -> None:
    app = recording_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        await pilot.pause()
        readers = [frame for frame in app.frames if frame.reader]
        assert readers, "the reader was never drawn"
        assert not [frame for frame in readers if frame.in_batch]  # none rendered to be lost


async def test_the_first_frame_is_drawn_in_the_ready_handler_before_the_panes(
    seed_article: Article, library: Path
) -> None:
    app = recording_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        await pilot.pause()
        first = next(frame for frame in app.frames if frame.reader)
        assert first.panes == 0  # the article alone: the panes follow
        # Drawn by the app's own Ready handling, not later by the screen's update timer.
        assert app.ready_task is not None
        assert first.task is app.ready_task
        assert len(app.screen.query(".pane")) == 3


class RecordingStore(LibraryStore):
    """Records how many reader frames were drawn when the opening's record was written."""

    app: RecordsFrames | None = None
    frames_at_opening: list[int]

    def open_article(self, *args: Any, **kwargs: Any) -> Any:
        assert self.app is not None
        self.frames_at_opening.append(len([f for f in self.app.frames if f.reader]))
        return super().open_article(*args, **kwargs)


async def test_the_openings_write_waits_for_the_first_frame(
    seed_article: Article, library: Path
) -> None:
    store = RecordingStore(library)
    store.frames_at_opening = []
    app = RecordsFrames(seed_article, store=store)
    app.frames = []
    store.app = app
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        await pilot.pause()
        assert app.writer.flush(10)
        assert len(store.frames_at_opening) == 1
        assert store.frames_at_opening[0] >= 1  # written after the article was drawn
        assert store.get_article(seed_article.id) is not None
