"""A model-based test of the reader: random sequences of keys against a small pure model.

Hypothesis drives the real app through Pilot — movement, selection, highlight, colour, note,
tags, delete, undo, redo, the Annotations pane and its keys, quitting and reopening — while a
model of the highlights (ranges, colour, note, tags, and an undo history of whole states)
says what the store should hold. After every step: the store, the session, the Annotations
pane and the article view agree with the model; no two highlights share a range; an edit
never moved the cursor or the page; undo then redo changes nothing.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from pilot_support import analysed
from textual.pilot import Pilot

from annotations.analysis.entities import get_extractor
from annotations.article.model import Article, article_from_plain_text
from annotations.library.store import LibraryStore
from tui.app import NewsdeskApp
from tui.colors import COLOR_KEYS
from tui.screens.reader import ReaderScreen
from tui.widgets.annotations_pane import ORPHAN_HEADER, AnnotationsPane, annotation_row
from tui.widgets.article_view import ArticleView

SEED = Path(__file__).resolve().parents[2] / "seeds" / "meta-spotify-open-source-ai.txt"
ARTICLE: Article = article_from_plain_text(
    SEED.read_text(encoding="utf-8"), source="seed", source_key="seed:model"
)
MOVES = [
    "j",
    "k",
    "w",
    "b",
    "right_parenthesis",
    "left_parenthesis",
    "right_curly_bracket",
    "left_curly_bracket",
    "g",
    "G",
    "space",
    "pageup",
]


@dataclass(frozen=True)
class Mark:
    """What the model knows of one highlight."""

    start: int
    end: int
    color: str
    note: str
    tags: tuple[str, ...]


State = dict[str, Mark]
Job = Callable[[Pilot[None]], Awaitable[None]]


def sentence_at(offset: int) -> tuple[int, int]:
    """The sentence `h` highlights with the cursor at `offset` (from the domain's sentences)."""
    sentences = ARTICLE.sentences
    index = sentences.index_at(offset)
    if index is None:
        index = sentences.index_at_or_before(offset)
    return sentences[index]


class ReaderMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="newsdesk-model-"))
        self.loop = asyncio.new_event_loop()
        self.model: State = {}
        self.undo: list[tuple[State, State]] = []
        self.redo: list[tuple[State, State]] = []
        self.typed = 0
        self._start()

    # -- driving the app -----------------------------------------------------------------------

    def _start(self) -> None:
        self.app = NewsdeskApp(
            ARTICLE, store=LibraryStore(self.folder), extractor=get_extractor("rules")
        )
        # The app and its Pilot live in one task for the whole run (Textual keeps context
        # variables per task); each step hands that task a job and waits for it.
        self.jobs: asyncio.Queue[tuple[Job | None, asyncio.Future[None]]] | None = None
        self.running = self.loop.create_task(self._run_app())
        self._settle()

    async def _run_app(self) -> None:
        self.jobs = asyncio.Queue()
        async with self.app.run_test(size=(100, 30)) as pilot:
            while True:
                job, done = await self.jobs.get()
                if job is None:
                    done.set_result(None)
                    return
                try:
                    await job(pilot)
                except BaseException as error:  # handed back to the step that asked
                    done.set_exception(error)
                else:
                    done.set_result(None)

    def _do(self, job: Job | None) -> None:
        while self.jobs is None:  # the task has not started yet
            self.loop.run_until_complete(asyncio.sleep(0))
        done: asyncio.Future[None] = self.loop.create_future()
        self.jobs.put_nowait((job, done))
        self.loop.run_until_complete(done)

    def _stop(self) -> None:
        self._settle()
        self._do(None)
        self.loop.run_until_complete(self.running)

    def _settle(self) -> None:
        async def settle(pilot: Pilot[None]) -> None:
            await analysed(self.app)
            await pilot.pause()

        self._do(settle)

    def press(self, *keys: str) -> None:
        async def press(pilot: Pilot[None]) -> None:
            await pilot.press(*keys)
            await pilot.pause()

        self._do(press)

    def teardown(self) -> None:
        self._stop()
        self.loop.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def reader(self) -> ReaderScreen:
        screen = self.app.screen
        assert isinstance(screen, ReaderScreen), screen
        return screen

    @property
    def view(self) -> ArticleView:
        return self.reader.query_one(ArticleView)

    def where(self) -> tuple[int, float]:
        return self.view.cursor, self.view.scroll_offset.y

    def store_state(self) -> State:
        return {
            a.id: Mark(a.start, a.end, a.color.value, a.note, tuple(a.tags))
            for a in LibraryStore(self.folder).annotations(ARTICLE.id)
        }

    # -- the model's history ---------------------------------------------------------------------

    def changed(self, after: State) -> None:
        """An edit took the model from its state to `after` (no-ops leave no history)."""
        if after != self.model:
            self.undo.append((self.model, after))
            self.redo.clear()
            self.model = after

    def new_id(self) -> str:
        (added,) = set(self.store_state()) - set(self.model)
        return added

    def edited(self, keys: tuple[str, ...], change: Any) -> None:
        """Press `keys` as an edit of the target: the cursor and page must not move."""
        before = self.where()
        target = self.reader.target
        self.press(*keys)
        assert self.where() == before, keys
        if target is not None:
            self.changed(change(dict(self.model), target.id))

    # -- rules ---------------------------------------------------------------------------------

    @rule(key=st.sampled_from(MOVES))
    def move(self, key: str) -> None:
        self.press(key)

    @rule(moves=st.lists(st.sampled_from(["w", "b", "j", "right_parenthesis"]), max_size=3))
    def highlight(self, moves: list[str]) -> None:
        if moves:
            self.press("v", *moves)
            selection = self.view.selection
            assert selection is not None
        else:
            selection = sentence_at(self.view.cursor)
        before = self.where()
        self.press("h")
        assert self.where() == before
        assert self.view.selection_anchor is None or moves == []
        if self.view.selection_anchor is not None:
            self.press("escape")
        if any((m.start, m.end) == selection for m in self.model.values()):
            return  # the session refuses a second identical highlight
        after = dict(self.model)
        after[self.new_id()] = Mark(*selection, "yellow", "", ())
        self.changed(after)

    @rule(key=st.sampled_from(sorted(COLOR_KEYS)))
    def colour(self, key: str) -> None:
        color = COLOR_KEYS[key].value
        self.edited((key,), lambda s, i: {**s, i: replace(s[i], color=color)})

    @rule()
    def note(self) -> None:
        if self.reader.target is None:
            return  # `a` without a highlight makes one: covered by the highlight tests
        self.typed += 1
        text = f"note {self.typed}"
        self.edited(("a", "f7", *text, "ctrl+s"), lambda s, i: {**s, i: replace(s[i], note=text)})

    @rule()
    def tags(self) -> None:
        if self.reader.target is None:
            return
        self.typed += 1
        tag = f"t{self.typed}"
        self.edited(
            ("t", "home", "ctrl+k", *tag, "enter"),
            lambda s, i: {**s, i: replace(s[i], tags=(tag,))},
        )

    @rule()
    def delete(self) -> None:
        self.edited(("x",), lambda s, i: {k: v for k, v in s.items() if k != i})

    @rule()
    def cycle(self) -> None:
        before = self.where()
        self.press("c")
        assert self.where() == before

    @rule()
    def undo_key(self) -> None:
        self.press("u")
        if self.undo:
            change = self.undo.pop()
            self.redo.append(change)
            self.model = change[0]

    @rule()
    def redo_key(self) -> None:
        self.press("ctrl+r")
        if self.redo:
            change = self.redo.pop()
            self.undo.append(change)
            self.model = change[1]

    @precondition(lambda self: bool(self.undo))
    @rule()
    def undo_then_redo_is_the_identity(self) -> None:
        before = self.store_state()
        self.press("u", "ctrl+r")
        assert self.store_state() == before

    @rule(
        moves=st.lists(st.sampled_from(["j", "k", "g", "G"]), max_size=3),
        key=st.sampled_from(["x", *sorted(COLOR_KEYS), "none"]),
    )
    def in_the_annotations_pane(self, moves: list[str], key: str) -> None:
        self.press("tab", "tab", "tab")
        pane = self.reader.query_one(AnnotationsPane)
        assert pane.has_focus_within or pane.has_focus
        self.press(*moves)
        selected = pane.selected_id
        if key != "none":
            before = self.where()
            self.press(key)
            assert self.where() == before
            if selected is not None and selected in self.model:
                if key == "x":
                    self.changed({k: v for k, v in self.model.items() if k != selected})
                else:
                    color = COLOR_KEYS[key].value
                    self.changed(
                        {**self.model, selected: replace(self.model[selected], color=color)}
                    )
        self.press("tab")  # back to the article
        assert self.view.has_focus

    @rule()
    def quit_and_reopen(self) -> None:
        self._stop()
        self.undo.clear()  # history lives as long as the app
        self.redo.clear()
        self._start()

    # -- invariants ----------------------------------------------------------------------------

    @invariant()
    def store_session_pane_and_view_agree_with_the_model(self) -> None:
        stored = self.store_state()
        assert stored == self.model
        session = self.app.session
        assert {a.id for a in session.highlights} | {a.id for a in session.orphans} == set(stored)
        pane = self.reader.query_one(AnnotationsPane)
        option_list = pane.option_list
        rows = {option_list.get_option_at_index(i).id for i in range(option_list.option_count)} - {
            ORPHAN_HEADER
        }
        assert rows == (set(stored) if stored else set())
        if session.highlights:
            # Rows changed one at a time read as a list filled afresh: order, text, look-ups
            # and the map of lines to rows.
            options = [option_list.get_option_at_index(i) for i in range(option_list.option_count)]
            placed = options[: len(session.highlights)]
            assert [o.id for o in placed] == [a.id for a in session.highlights]
            for option, annotation in zip(placed, session.highlights, strict=True):
                assert str(option.prompt) == str(annotation_row(annotation))
            assert all(option_list.get_option_index(o.id or "") == i for i, o in enumerate(options))
            lines = list(option_list._lines)
            assert [index for index, _ in lines] == sorted(index for index, _ in lines)
            assert {index for index, _ in lines} == set(range(option_list.option_count))
        drawn = [(s, e, mark.id, mark.color, mark.has_note) for s, e, mark in self.view.highlights]
        assert sorted(drawn) == sorted(
            (a.start, a.end, a.id, a.color.value, a.has_note) for a in session.highlights
        )
        assert [span[:2] for span in drawn] == sorted(span[:2] for span in drawn)

    @invariant()
    def no_two_highlights_share_a_range(self) -> None:
        ranges = [(m.start, m.end) for m in self.model.values()]
        assert len(ranges) == len(set(ranges))


SETTINGS = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.filter_too_much],
}


# hypothesis builds the TestCase class at run time, which mypy cannot follow.
class TestReaderModel(ReaderMachine.TestCase):  # type: ignore[misc,valid-type]
    settings = settings(max_examples=5, stateful_step_count=15, **SETTINGS)  # type: ignore[arg-type]


@pytest.mark.slow
class TestReaderModelLonger(ReaderMachine.TestCase):  # type: ignore[misc,valid-type]
    settings = settings(max_examples=60, stateful_step_count=40, **SETTINGS)  # type: ignore[arg-type]
