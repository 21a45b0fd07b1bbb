"""The main screen: masthead, the article, and the Entities, Quotes and Annotations panes.

The screen is the go-between: the article view and the panes post what the user did; the
screen asks the annotation session (and through it the store) to change, then hands the new
state down to the view and the panes.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from annotations.analysis.entities.model import ENTITY_TYPE_LABELS, EntityType
from annotations.article.model import Article
from annotations.library.corrections import Correction, CorrectionKind
from annotations.library.model import Annotation, Color
from annotations.library.session import AlreadyHighlighted, AnnotationSession, Change, Loaded
from annotations.library.span_layer import SpanLayer
from annotations.sources.load import NOTICE_META
from tui import long_lived
from tui.clipboard import copy_text
from tui.colors import COLOR_KEYS
from tui.errors import show_error
from tui.first_frame import draw_now
from tui.frame_paced_writes import FRAME_HOLD_SECONDS
from tui.save_errors import reports_save_errors, reports_save_errors_to
from tui.screens.partial_repaint import PartialRepaintScreen
from tui.update_pacer import UpdatePacer
from tui.widgets.annotations_pane import AnnotationsPane
from tui.widgets.article_view import ArticleView, HighlightMark
from tui.widgets.entities_pane import EntitiesPane
from tui.widgets.key_footer import KeyFooter
from tui.widgets.masthead import Masthead, byline
from tui.widgets.quotes_pane import QuotesPane
from tui.widgets.search_bar import SearchBar, find_matches

if TYPE_CHECKING:
    # Imported where used: extraction and export modules are not needed for the first frame.
    from annotations.analysis.cache import Analysis
    from annotations.analysis.engine import ChunkedAnalysis, Progress
    from annotations.analysis.entities import Extractor
    from annotations.analysis.entities.model import Entity
    from annotations.analysis.quotes import Quote

#: Seconds between checks for changes another newsdesk window made to this article.
POLL_SECONDS = 1.5
#: Seconds between saves of the reading position (a save rewrites the library index).
POSITION_SAVE_SECONDS = 5.0
#: A notification's timeout for one that stays until the reader has seen it (a day).
STAYS = 86_400.0
#: How much a preview knows: the model's replaces the rules', never the other way round.
RULES_PREVIEW = 0
MODEL_PREVIEW = 1
#: Actions that need a highlight to act on: dimmed in the footer when there is none.
NEEDS_TARGET = frozenset({"tags", "delete", "color"})
#: Actions that need two highlights under the cursor.
NEEDS_OVERLAP = frozenset({"cycle_target"})


#: Entity types as the reader is asked about them ("a person").
ONE_OF_TYPE: dict[EntityType, str] = {kind: label.one for kind, label in ENTITY_TYPE_LABELS.items()}


def _start_pool(backend: str) -> None:
    """Start the analysis pool now; a pool that cannot start fails the analysis instead."""
    from annotations.analysis.engine import shared_pool

    with contextlib.suppress(Exception):
        shared_pool(backend, quiet=True)  # as `ChunkedAnalysis(quiet=True)` asks for it


def _mark(annotation: Annotation) -> HighlightMark:
    """How the article view draws a highlight."""
    return HighlightMark(annotation.id, annotation.color.value, annotation.has_note)


def _color_bindings() -> list[BindingType]:
    return [
        Binding(key, f"color('{color.value}')", f"Colour {color.value}", show=False)
        for key, color in COLOR_KEYS.items()
    ]


class ReaderScreen(PartialRepaintScreen[None]):
    """Reading one article, with its side panes."""

    HELP_SECTION = "Highlights, search and panes"
    #: Below 100 columns the panes move under the article.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer fits 80 columns: search and colours are in the help and the palette.
        Binding("slash", "search", "Search", key_display="/", show=False),
        Binding("h", "highlight", "Highlight"),
        Binding("H", "highlight_paragraph", "Highlight paragraph", show=False),
        Binding("a", "note", "Note"),
        Binding("t", "tags", "Tags"),
        Binding("x", "delete", "Delete"),
        *_color_bindings(),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+r", "redo", "Redo", show=False),
        Binding(
            "right_square_bracket",
            "jump_highlight(1)",
            "Next highlight",
            key_display="]",
            show=False,
        ),
        Binding(
            "left_square_bracket",
            "jump_highlight(-1)",
            "Previous highlight",
            key_display="[",
            show=False,
        ),
        Binding("E", "export_markdown", "Export Markdown", show=False),
        Binding(
            "y", "copy_highlight", "Copy the highlight as Markdown, else the selection", show=False
        ),
        Binding("c", "cycle_target", "Next of the overlapping highlights", show=False),
        Binding("e", "mark_entity", "Mark the selection as an entity", show=False),
        Binding("ctrl+c,super+c", "copy", "Copy the selection, else the highlight", show=False),
        Binding("z", "toggle_focus_mode", "Focus mode", show=False),
        Binding("tab", "app.focus_next", "Next pane", show=False),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False),
    ]

    def __init__(
        self,
        article: Article,
        session: AnnotationSession,
        extractor: Extractor,
        export_dir: Path,
        search_history: list[str] | None = None,
        *,
        defer_the_rest: bool = False,
    ) -> None:
        super().__init__()
        self._search_history = search_history
        self.article = article
        self.session = session
        self.extractor = extractor
        self.export_dir = export_dir
        #: What the extractor found, and the same with the reader's corrections laid over it.
        self.machine_analysis: Analysis | None = None
        self.analysis: Analysis | None = None
        self._search_origin: int | None = None
        self._binding_state: tuple[bool, ...] = ()
        #: Ends the hold on the library's writes a note's save took, once the reader is back.
        self._release_writes_when_shown: Callable[[], None] | None = None
        self._saved_position = session.record.reading_position
        #: The cursor as last reported by the view (the view is gone by unmount time).
        self._cursor = session.record.reading_position
        #: Which mention of the selected entity `enter` jumped to last.
        self._mention_index = -1
        #: The highlight chosen (in the pane, by `c`, `]`/`[`) among those under the cursor.
        self._chosen_id: str | None = None
        #: The search that was in force when `/` opened: `esc` in the prompt goes back to it.
        self._previous_matches: list[tuple[int, int]] = []
        #: The session's edit count the view and the pane show.
        self._shown_edits = -1
        #: The status line tells what an edit did; the next move of the cursor clears it.
        self._said = False
        #: Whether the reader was told that changes are unsaved (said once until saved).
        self._told_unsaved = False
        #: Set once the panes show the analysis, or say why there is none.
        self.analysed = asyncio.Event()
        #: The analysis running in worker processes, if any (cancelled when the screen goes).
        self._engine: ChunkedAnalysis | None = None
        #: What the analysis reported and the panes do not show yet (see `_show_progress`).
        self._pending_progress: Progress | None = None
        self._pending_preview: Analysis | None = None
        self._pending_final: Analysis | None = None
        #: What the panes show of it: the best preview's rank, whether the rules made it,
        #: the progress.
        self._preview_rank = -1
        self._showing_rules = False
        self._progress: Progress | None = None
        self._pacer = UpdatePacer(self, self._apply_analysis_news)
        #: The panes, search bar and footer wait for `show_the_rest` (after the first frame).
        self._defer_the_rest = defer_the_rest
        self._rest_shown = False

    def compose(self) -> ComposeResult:
        article = self.article
        about = byline(article.byline, article.date, article.site, article.source)
        yield Masthead(article.title, about, id="masthead")
        with Container(id="body"):
            yield ArticleView(self.article, id="article")
            with Container(id="sidebar"):
                if not self._defer_the_rest:
                    yield from self._panes()
        if self._defer_the_rest:
            # The footer's row, kept for it: the article has its final height from the first
            # frame on, without building the footer's keys before that frame.
            yield Widget(id="footer-slot")
        else:
            yield from self._below()

    def _below(self) -> list[Widget]:
        return [SearchBar(history=self._search_history, id="search"), KeyFooter(compact=True)]

    def _panes(self) -> list[Widget]:
        return [
            EntitiesPane(id="entities"),
            QuotesPane(id="quotes"),
            AnnotationsPane(id="annotations"),
        ]

    @property
    def view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def annotations_pane(self) -> AnnotationsPane:
        return self.query_one("#annotations", AnnotationsPane)

    def _compositor_refresh(self) -> None:
        # Textual lays the first reader out inside its start-up batch and renders it there
        # (~8 ms), only to throw the frame away; `show_the_rest` draws it once the app is
        # ready, so until then the render is skipped (what is dirty stays dirty for it).
        if self._defer_the_rest and not self._rest_shown and self.app._batch_count:
            return
        super()._compositor_refresh()

    def on_mount(self) -> None:
        self.view.focus()
        if not self._defer_the_rest:
            self._start()

    async def show_the_rest(self) -> None:
        """With `defer_the_rest`: draw the article's frame at once, then mount the panes, the
        search bar and the footer where compose leaves room for them (the finished screen is
        laid out as if composed at once), then start. Awaited by the app from its own task
        (`on_ready`), so keys typed meanwhile wait in its queue until the panes are there."""
        if not self._defer_the_rest or self._rest_shown:
            return
        self._rest_shown = True
        draw_now(self)  # the article's frame goes out before the panes are made
        with self.app.batch_update():  # the footer takes its slot's place in one frame
            await self.query_one("#sidebar", Container).mount_all(self._panes())
            await self.mount_all(self._below())
            await self.query_one("#footer-slot").remove()
        self.refresh_bindings()  # the footer came after the bindings were last published
        self._start(shown=True)

    def _start(self, *, shown: bool = False) -> None:
        view = self.view
        view.cursor_signal.subscribe(self, self._cursor_moved, immediate=True)
        self.session.on_save_failed = self._save_failed_elsewhere
        # The moves the view published before (its first layout) went unheard: catch up.
        self._cursor_moved(ArticleView.CursorMoved(view, view.cursor, view.progress))
        self._show_annotations()
        long_lived.settle()  # the article, its highlights and their rows are loaded
        self.set_interval(POLL_SECONDS, self.poll_store)
        self.set_interval(POSITION_SAVE_SECONDS, self.save_position)
        self.query_one(EntitiesPane).show_message(f"Finding entities ({self.extractor.name})…")
        self.query_one(QuotesPane).show_message("Finding quotations…")
        # After the first frame: reopen where the reader left off, and start the slow work
        # (segmenting a long text, loading the model) in threads, so neither delays the frame.
        if shown:
            self._after_first_frame()
        else:
            self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        self._tell_about_the_article()
        position = self.session.record.reading_position
        if 0 < position < len(self.article.text):
            view = self.view
            view.move_cursor(view.word_at(position)[0], scroll=False)
            view.scroll_to(y=max(view.cursor_line - 2, 0), animate=False, immediate=True)
        self.run_worker(self._warm_segmentation, thread=True, group="warm", exit_on_error=False)
        self.run_analysis()

    def _tell_about_the_article(self) -> None:
        """Library warnings and loading notices, once the screen can show them."""
        for warning in self.session.store.warnings:
            self.notify(warning, title="Library", severity="warning", timeout=15)
        notice = self.article.meta.get(NOTICE_META)
        if notice:
            self.notify(notice, title="Article", severity="warning", timeout=10)
        if self.session.text_changed:
            self.notify(
                "The text changed since you last read it; highlights were placed again.",
                title="Article changed",
                timeout=8,
            )

    def _warm_segmentation(self) -> None:
        _ = self.article.words
        _ = self.article.sentences

    @reports_save_errors
    def save_position(self) -> None:
        """Remember the reading position in the library, when it has changed (queued for
        the app's writer thread: rewriting the library index never holds up a key)."""
        cursor = self._cursor
        if cursor != self._saved_position:
            self.session.save_reading_position(cursor)
            self._saved_position = cursor

    class SaveFailed(Message):
        """A queued save failed (posted from the writer's thread)."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def _save_failed_elsewhere(self, reason: str) -> None:
        """The session's `on_save_failed`: runs in the writer's thread, so it only posts
        (thread-safe, never waits for the UI, which may be waiting for the writer)."""
        self.post_message(self.SaveFailed(reason))

    @on(SaveFailed)
    def _save_failed(self, event: SaveFailed) -> None:
        """Say at once that a change was not saved, and keep saying it (the masthead) until
        a later save succeeds: the edit stays on screen, marked unsaved, and is retried."""
        unsaved = self.session.unsaved
        if not unsaved:  # the position, or a save that failed once and since succeeded
            self.notify(event.reason, title="Not saved", severity="error", timeout=10)
        elif not self._told_unsaved:  # retried every poll: said once until it succeeds
            self._told_unsaved = True
            self.notify(
                f"{event.reason} They stay here, marked UNSAVED, and are saved again every "
                "few seconds and with your next change.",
                title="Not saved",
                severity="error",
                timeout=STAYS,
            )
        self._show_mode()

    def _show_mode(self) -> None:
        """SELECT while selecting; UNSAVED and how many while changes wait for a disk that
        refused them (it stays until they are saved)."""
        unsaved = self.session.unsaved
        if not unsaved and self._told_unsaved:
            self._told_unsaved = False
            self.notify("Saved: the changes that were unsaved are in the library now.")
        selecting = self.view.selection_anchor is not None
        parts = ["SELECT" if selecting else "", f"UNSAVED {unsaved}" if unsaved else ""]
        self.query_one(Masthead).set_mode(" ".join(part for part in parts if part))

    def on_key(self) -> None:
        """Every key the reader types holds the analysis's news back a little."""
        self._pacer.key_pressed()

    def on_unmount(self) -> None:
        self._pacer.stop()
        if self._engine is not None:
            self._engine.cancel()  # its results are dropped; the app ends the pool on exit
        self.save_position()

    # -- entities and quotations ------------------------------------------------------------

    @work(exclusive=True, group="analysis", exit_on_error=False)
    async def run_analysis(self) -> Analysis:
        """Extract entities and quotations, cached per text and extractor.

        spaCy, and the rules on a text of more than one chunk, run in worker processes (they
        would hold the interpreter against the keys here), the part being read first, with
        progress and previews in the panes; anything else in a daemon thread. Quitting
        never waits for either. While the pool's model loads (the first analysis of the
        app's life), the built-in rules preview the part being read here at once.
        """
        from annotations.analysis.cache import AnalysisCache
        from annotations.analysis.engine import ChunkedAnalysis, pool_running, supports_chunks
        from annotations.analysis.entities.deferred import chosen
        from annotations.analysis.window import WINDOW_CHARS
        from tui.background import in_daemon_thread

        cache = AnalysisCache.in_library(self.session.store.folder)
        article, extractor = self.article, await in_daemon_thread(lambda: chosen(self.extractor))
        analysis = await in_daemon_thread(lambda: cache.get(article, extractor))
        if analysis is None:
            engine = None
            position = self._cursor
            previewing: asyncio.Future[None] | None = None
            previewed = False
            if supports_chunks(extractor):
                cold = not pool_running()
                if cold and extractor.backend != "rules":
                    # The pool's server loads the model meanwhile (seconds, in its own process);
                    # the rules' look at the part being read comes first (~0.1 s): setting up
                    # the engine (cutting 1 MB into chunks) would hold the interpreter against it.
                    threading.Thread(
                        target=_start_pool, args=(extractor.backend,), daemon=True
                    ).start()
                    await self._preview_with_rules(position)
                    previewed = True
                # Out of the UI's thread: cutting 1 MB into chunks takes a while.
                engine = await in_daemon_thread(
                    lambda: ChunkedAnalysis(
                        article, extractor, position=position, quiet=True, window_chars=WINDOW_CHARS
                    )
                )
                if len(engine.chunks) < 2 and extractor.backend == "rules":
                    engine = None  # a short text and no model: quicker in a thread
                elif cold and not previewed:  # the rules' own pool starts first
                    previewing = asyncio.ensure_future(self._preview_with_rules(position))
            try:
                analysis = await self._analyse(article, extractor, engine)
            finally:
                if previewing is not None:
                    previewing.cancel()
            done = analysis
            await in_daemon_thread(lambda: cache.put(article, extractor, done))
        self._offer_analysis(analysis)
        return analysis

    async def _analyse(
        self, article: Article, extractor: Extractor, engine: ChunkedAnalysis | None
    ) -> Analysis:
        """The whole analysis: in the engine's worker processes, else in a daemon thread."""
        from annotations.analysis.cache import analyze
        from tui.background import in_daemon_thread, on_loop

        if engine is None:
            return await in_daemon_thread(lambda: analyze(article, extractor))
        self._engine = engine
        progress, preview = on_loop(self._show_progress), on_loop(self._show_model_preview)
        try:
            return await in_daemon_thread(lambda: engine.run(progress, preview))
        finally:
            # Drops its results at once if this worker was cancelled; the app's shared pool
            # goes on for the next article (the app ends it on exit).
            engine.cancel()

    async def _preview_with_rules(self, position: int) -> None:
        """The built-in rules on the part being read alone (~0.1 s, here: the pool's model
        takes seconds to load), shown until the model's own results replace it."""
        from annotations.analysis.entities.rules_backend import RuleExtractor
        from annotations.analysis.window import window_analysis, window_around
        from tui.background import in_daemon_thread

        article = self.article

        def preview() -> Analysis:
            start, end = window_around(article.text, position)
            return window_analysis(article, RuleExtractor(), start, end)

        with contextlib.suppress(Exception):  # only a preview: the analysis goes on anyway
            self._show_preview(await in_daemon_thread(preview), RULES_PREVIEW)

    # What the analysis reports arrives from its thread at any time; it is kept here and shown
    # by the pacer between keys (tui/update_pacer.py): a pane redrawn inside a key's repaint
    # doubles the key's time.

    def _show_progress(self, progress: Progress) -> None:
        """How far the analysis is (after each chunk): shown in the panes' subtitles."""
        if self.analysed.is_set():
            return
        self._pending_progress = progress
        self._pacer.request()

    def _show_preview(self, analysis: Analysis, rank: int) -> None:
        """What the part being read gives, while the rest is analysed: shown unless the
        panes already show a better one (the model's over the rules')."""
        if self.analysed.is_set() or rank < self._preview_rank:
            return
        self._preview_rank = rank
        self._pending_preview = analysis
        self._pacer.request()

    def _show_model_preview(self, analysis: Analysis) -> None:
        self._show_preview(analysis, MODEL_PREVIEW)

    def _offer_analysis(self, analysis: Analysis) -> None:
        """The whole analysis: replaces any preview as soon as the keys pause."""
        self._pending_final = analysis
        self._pacer.request(final=True)

    def _apply_analysis_news(self) -> None:
        """The pacer's `apply`: show the latest of what the analysis reported."""
        final, self._pending_final = self._pending_final, None
        if final is None and self.analysed.is_set():
            return  # it failed meanwhile, and the panes say so
        if final is not None:
            self._pending_preview = self._pending_progress = None
            self._show_analysis(final)
            return
        preview, self._pending_preview = self._pending_preview, None
        if preview is not None:
            self.machine_analysis = preview
            self._showing_rules = self._preview_rank == RULES_PREVIEW
            self._show_corrected_analysis()  # labels it a preview too
        progress, self._pending_progress = self._pending_progress, None
        if progress is not None:
            self._progress = progress
            self._label_preview()

    def _label_preview(self) -> None:
        """The panes' subtitles say the analysis goes on, how far, and whether the rows are
        a preview (fixed-width percentages: the subtitle never changes length; short enough
        for a pane at 80 columns, where a longer one lost its percentage to the border)."""
        percent = "" if self._progress is None else f" {self._progress.percent:3d}%"
        if self.machine_analysis is None:
            subtitle = f"analysing…{percent}"
        else:
            what = "rules preview" if self._showing_rules else "preview"
            subtitle = f"{what} ·{percent}" if percent else f"{what} · analysing…"
        for pane in (self.query_one(EntitiesPane), self.query_one(QuotesPane)):
            if pane.border_subtitle != subtitle:
                pane.border_subtitle = subtitle

    def _show_analysis(self, analysis: Analysis) -> None:
        self.machine_analysis = analysis
        self.analysed.set()
        self._show_corrected_analysis()
        long_lived.settle()  # the analysis and its pane rows live as long as the reader

    def _show_corrected_analysis(self) -> None:
        """Lay the reader's corrections over the machine's analysis and show the result."""
        machine = self.machine_analysis
        if machine is None:
            return
        analysis = machine.corrected(self.article.text, self.session.corrections)
        self.analysis = analysis
        entities_pane = self.query_one(EntitiesPane)
        entities_pane.show_entities(analysis.entities, analysis.extractor)
        self.query_one(QuotesPane).show_quotes(analysis.quotes)
        marked = entities_pane.selected()
        if marked is not None and len(self.view.mentions):
            self._mark_mentions(marked)
        if not self.analysed.is_set():
            self._label_preview()  # rows that are not the whole analysis say so

    # -- the reader corrects the machine ---------------------------------------------------------

    @on(EntitiesPane.CorrectionRequested)
    def _correct_entity(self, event: EntitiesPane.CorrectionRequested) -> None:
        entity = event.entity
        if event.what == "remove":
            self._correct(
                Correction.new(self.article.id, CorrectionKind.ENTITY_REMOVE, entity=entity.name),
                f"“{entity.name}” is no entity now — u undoes",
            )
        elif event.what == "type":

            def chosen(value: str | None) -> None:
                if value is not None and value != entity.type.value:
                    self._correct(
                        Correction.new(
                            self.article.id,
                            CorrectionKind.ENTITY_TYPE,
                            entity=entity.name,
                            entity_type=EntityType(value),
                        ),
                        f"“{entity.name}” is now {ONE_OF_TYPE[EntityType(value)]}",
                    )

            from tui.dialogs.choice_dialog import ChoiceDialog  # dialogs come on first use

            self.open_dialog(
                ChoiceDialog(
                    f"What is “{entity.name}”?",
                    [(kind.value, label) for kind, label in ONE_OF_TYPE.items()],
                    current=entity.type.value,
                ),
                chosen,
            )
        elif event.what == "merge":
            self._merge_entity(entity.name)

    def _merge_entity(self, name: str) -> None:
        entities = self.analysis.entities if self.analysis else ()
        others = [entity.name for entity in entities if entity.name != name]

        def chosen(target: str | None) -> None:
            if target and target != name:
                self._correct(
                    Correction.new(
                        self.article.id, CorrectionKind.ENTITY_MERGE, entity=name, value=target
                    ),
                    f"“{name}” merged into “{target}” — u undoes",
                )

        from tui.dialogs.prompt_dialog import PromptDialog

        self.open_dialog(
            PromptDialog("Merge", f"Merge “{name}” into which entity?", "", others), chosen
        )

    @on(QuotesPane.CorrectionRequested)
    def _correct_quote(self, event: QuotesPane.CorrectionRequested) -> None:
        quote = event.quote
        span = (quote.start, quote.end)
        if event.what == "remove":
            self._correct(
                Correction.new(
                    self.article.id, CorrectionKind.QUOTE_REMOVE, text=self.article.text, span=span
                ),
                "Not a quotation now — u undoes",
            )
            return
        names = [
            e.name
            for e in (self.analysis.entities if self.analysis else ())
            if e.type in (EntityType.PERSON, EntityType.ORG)
        ]

        def chosen(speaker: str | None) -> None:
            if speaker is not None and speaker != (quote.speaker or ""):
                self._correct(
                    Correction.new(
                        self.article.id,
                        CorrectionKind.QUOTE_SPEAKER,
                        value=speaker,
                        text=self.article.text,
                        span=span,
                    ),
                    f"Said by {speaker or 'an unknown speaker'} — u undoes",
                )

        from tui.dialogs.prompt_dialog import PromptDialog

        self.open_dialog(
            PromptDialog(
                "Speaker",
                "Who said it? (empty: unknown)",
                quote.speaker or "",
                names,
            ),
            chosen,
        )

    def action_mark_entity(self) -> None:
        """`e`: the selection (or the word at the cursor) is a name the analysis missed."""
        start, end = self.view.selection or self.view.word_at(self.view.cursor)
        text = self.article.text
        # A selection takes in the punctuation around it; a name does not.
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not text[end - 1].isalnum():
            end -= 1
        name = " ".join(text[start:end].split())
        if not name:
            return

        def chosen(value: str | None) -> None:
            if value is None:
                return
            self.view.clear_selection()
            self._correct(
                Correction.new(
                    self.article.id,
                    CorrectionKind.ENTITY_ADD,
                    value=name,
                    entity_type=EntityType(value),
                    text=self.article.text,
                    span=(start, end),
                ),
                f"“{name}” added as {ONE_OF_TYPE[EntityType(value)]} — u undoes",
            )

        from tui.dialogs.choice_dialog import ChoiceDialog

        self.open_dialog(
            ChoiceDialog(
                f"Mark “{name}” as…",
                [(kind.value, label) for kind, label in ONE_OF_TYPE.items()],
            ),
            chosen,
        )

    @reports_save_errors
    def _correct(self, correction: Correction, said: str) -> None:
        self.session.correct(correction)
        self._show_corrected_analysis()
        self._refresh_footer()
        self.status = said

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "analysis" and event.state is WorkerState.ERROR:
            reason = f"{type(event.worker.error).__name__}: {event.worker.error}"
            message = f"Could not analyse the article ({reason})."
            self.query_one(EntitiesPane).show_message(message)
            self.query_one(QuotesPane).show_message(message)
            self.analysed.set()

    @on(EntitiesPane.Browsed)
    def _entity_browsed(self, event: EntitiesPane.Browsed) -> None:
        self._mark_mentions(event.entity)

    def _mark_mentions(self, entity: Entity) -> None:
        view = self.view
        view.mentions = SpanLayer((m.start, m.end, entity.name) for m in entity.mentions)
        view.current_mention = None
        view.refresh()
        self._mention_index = -1
        self.status = f"{entity.name}: {entity.count} mentions"

    @on(EntitiesPane.MentionRequested)
    def _next_mention(self, event: EntitiesPane.MentionRequested) -> None:
        """`enter` on an entity jumps to its next mention, again and again."""
        entity = event.entity
        if not entity.mentions:
            return
        if not len(self.view.mentions):
            self._mark_mentions(entity)
        self._mention_index = (self._mention_index + 1) % len(entity.mentions)
        mention = entity.mentions[self._mention_index]
        view = self.view
        view.current_mention = (mention.start, mention.end)
        view.move_cursor(mention.start)
        view.refresh()
        self.status = f"{entity.name}: mention {self._mention_index + 1}/{entity.count}"

    @on(QuotesPane.Browsed)
    def _quote_browsed(self, event: QuotesPane.Browsed) -> None:
        self.view.move_cursor(event.quote.start)

    @on(QuotesPane.GotoRequested)
    def _quote_chosen(self, event: QuotesPane.GotoRequested) -> None:
        self.view.move_cursor(event.quote.start)
        self.view.focus()

    @on(QuotesPane.HighlightRequested)
    @reports_save_errors
    def _quote_highlight_requested(self, event: QuotesPane.HighlightRequested) -> None:
        self._highlight_quote(event.quote)

    def _highlight_quote(self, quote: Quote) -> None:
        """A quotation becomes a highlight tagged `quote`, its speaker in the note."""
        note = f"Said by {quote.speaker}" if quote.speaker else ""
        if self._create(quote.start, quote.end, note=note, tags=["quote"]) is not None:
            self._say("Quotation highlighted — u undoes")

    # -- keeping the view, the pane and the footer in step ---------------------------------------

    def _show_annotations(self) -> None:
        """Hand the highlights down to the view and the pane: after one edit only what it
        changed (a span of the view's layer, a row of the pane), else everything."""
        session = self.session
        unchanged = session.edits == self._shown_edits  # e.g. the same colour again
        change = session.last_change if session.edits == self._shown_edits + 1 else None
        self._shown_edits = session.edits
        if unchanged:
            pass  # every change to the highlights counts an edit: nothing to hand down
        elif change is None or not self._show_change(change):
            self.view.highlights = SpanLayer((a.start, a.end, _mark(a)) for a in session.highlights)
            self.annotations_pane.show_annotations(session.highlights, session.orphans)
            self.view.refresh()
        self._show_mode()
        self._show_target()
        self._refresh_footer()

    def _show_change(self, change: Change) -> bool:
        """Show one edit where it is; False when it needs everything shown again."""
        before, after = change.before, change.after
        if isinstance(before, Correction) or isinstance(after, Correction):
            return True  # the highlights did not change
        session = self.session
        orphan_ids = {a.id for a in session.orphans}
        if (before is not None and before.id in orphan_ids) or (
            after is not None and after.id in orphan_ids
        ):
            return False
        view = self.view
        layer = view.highlights
        if before is not None and not layer.remove(before.start, before.end, _mark(before)):
            return False
        if after is not None:
            layer.add(after.start, after.end, _mark(after))
        # Only the lines the highlight covers (covered) are drawn again.
        for annotation in (before, after):
            if annotation is not None:
                view.refresh_span(annotation.start, annotation.end)
        index = session.position_of(after) if after is not None else 0
        # Where `before` stood: its place in reading order among the highlights left.
        before_index = session.position_of(before) if before is not None else None
        self.annotations_pane.show_change(
            before, after, session.highlights, session.orphans, index, before_index
        )
        return True

    def _show_target(self) -> None:
        """Outline the highlight the edit keys act on, where several lie under the cursor."""
        covering = self.session.covering(self.view.cursor)
        target = self.target if len(covering) > 1 else None
        span = None if target is None else (target.start, target.end)
        view = self.view
        if span != view.target_span:
            for old_or_new in (view.target_span, span):
                if old_or_new is not None:
                    view.refresh_span(*old_or_new)
            view.target_span = span

    def _refresh_footer(self) -> None:
        """Re-check which keys are enabled, only when that can have changed (it is costly)."""
        view = self.view
        state = (
            self.target is not None,
            len(self.session.covering(view.cursor)) > 1,
            bool(self.session.highlights),
            self.session.can_undo,
            self.session.can_redo,
            view.selection_anchor is not None,
        )
        if state != self._binding_state:
            self._binding_state = state
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NEEDS_TARGET:
            return True if self.target is not None else None
        if action in NEEDS_OVERLAP:
            return True if len(self.session.covering(self.view.cursor)) > 1 else None
        if action == "jump_highlight":
            return True if self.session.highlights else None
        if action == "undo":
            return True if self.session.can_undo else None
        if action == "redo":
            return True if self.session.can_redo else None
        return True

    def poll_store(self) -> None:
        """Show changes another newsdesk window saved to this article's highlights: one
        `stat` here; reading and anchoring them happen in a worker thread."""
        session = self.session
        self._show_mode()
        if session.unsaved:
            session.retry_unsaved()
            return
        if session.changed_elsewhere():
            self.run_worker(
                self._read_store, thread=True, group="poll", exclusive=True, exit_on_error=False
            )

    def _read_store(self) -> None:
        loaded = self.session.load()
        if loaded is not None:
            with contextlib.suppress(RuntimeError):  # the app is ending: nothing to show
                self.app.call_from_thread(self._adopt, loaded)

    def _adopt(self, loaded: Loaded) -> None:
        """Show what the poll read, unless the reader edited meanwhile (the next poll reads
        again)."""
        if self.session.adopt(loaded):
            self._show_annotations()
            self._show_corrected_analysis()
            self.notify("Highlights updated from another newsdesk window", timeout=3)

    @on(ArticleView.SelectionChanged)
    def _selection_changed(self) -> None:
        self._show_mode()
        self._refresh_footer()

    @on(ArticleView.SearchHidden)
    def _search_hidden(self) -> None:
        self.status = ""

    def _say(self, said: str) -> None:
        """Tell what an edit did on the status line until the cursor next moves: a notice
        (a toast) would cost a layout and a second frame on every edit."""
        self.status = said
        self._said = True

    @property
    def status(self) -> str:
        """The state shown beside the progress: matches, mentions, what undo did."""
        return self.query_one(Masthead).status

    @status.setter
    def status(self, value: str) -> None:
        self.query_one(Masthead).set_status(value)

    def _cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        self._cursor = event.offset
        self.query_one(Masthead).set_progress(event.progress)
        view = self.view
        if view.current_match_index is not None:
            self.status = f"match {view.current_match_index + 1}/{len(view.match_spans)}"
        elif self._said:
            self.status = ""
        self._said = False
        under = self.target
        if under is not None and not self.annotations_pane.has_focus_within:
            self.annotations_pane.select_id(under.id, self.session.position_of(under))
        self._show_target()
        self._refresh_footer()

    # -- what the highlight keys act on ---------------------------------------------------------

    @property
    def target(self) -> Annotation | None:
        """The highlight under the reader's cursor that the edit keys act on: the one chosen
        (in the Annotations pane, with `c`, by `]`/`[`) if the cursor is in it, else the
        innermost."""
        covering = self.session.covering(self.view.cursor)
        for annotation in covering:
            if annotation.id == self._chosen_id:
                return annotation
        return covering[0] if covering else None

    def _choose(self, annotation: Annotation) -> None:
        """Make `annotation` the one the edit keys act on, while the cursor is in it."""
        self._chosen_id = annotation.id
        if not self.annotations_pane.has_focus_within:
            self.annotations_pane.select_id(annotation.id, self.session.position_of(annotation))
        self._show_target()
        self._refresh_footer()

    def action_cycle_target(self) -> None:
        """`c`: the next of the highlights under the cursor becomes the one keys act on."""
        covering = self.session.covering(self.view.cursor)
        if len(covering) < 2:
            return
        current = self.target
        index = covering.index(current) if current in covering else -1
        chosen = covering[(index + 1) % len(covering)]
        self._choose(chosen)
        self.annotations_pane.select_id(chosen.id, self.session.position_of(chosen))
        self.status = f"highlight {covering.index(chosen) + 1}/{len(covering)} here"

    def _sentence_range(self) -> tuple[int, int]:
        sentences = self.article.sentences
        view = self.view
        index = sentences.index_at(view.cursor)
        if index is None:
            index = sentences.index_at_or_before(view.cursor)
        return sentences[index] if len(sentences) else view.word_at(view.cursor)

    def _paragraph_range(self) -> tuple[int, int]:
        block = self.article.blocks[self.article.block_index_at(self.view.cursor)]
        return block.start, block.end

    def _create(
        self, start: int, end: int, *, note: str = "", tags: Sequence[str] = ()
    ) -> Annotation | None:
        """Highlight ``[start, end)`` (the session refuses a second identical one)."""
        try:
            annotation = self.session.create(start, end, note=note, tags=tags)
        except AlreadyHighlighted as already:
            self.view.clear_selection()
            self._choose(already.existing)
            self._say("Already highlighted")
            return None
        self.view.clear_selection()
        self._chosen_id = annotation.id
        self._show_annotations()
        return annotation

    # -- actions -------------------------------------------------------------------------------

    @reports_save_errors
    def action_highlight(self) -> None:
        """Highlight the selection, or the sentence at the cursor."""
        selection = self.view.selection
        start, end = selection if selection is not None else self._sentence_range()
        if self._create(start, end) is not None:
            self._say("Highlighted — u undoes")

    @reports_save_errors
    def action_highlight_paragraph(self) -> None:
        start, end = self._paragraph_range()
        if self._create(start, end) is not None:
            self._say("Paragraph highlighted — u undoes")

    @reports_save_errors
    def action_color(self, color: str) -> None:
        self._recolor(self.target, color)

    def _recolor(self, target: Annotation | None, color: str) -> None:
        if target is None:
            return
        self.session.recolor(target, Color(color))
        self._show_annotations()

    def action_note(self) -> None:
        self._edit_note(self.target)

    def _edit_note(self, target: Annotation | None) -> None:
        if target is not None:
            quote, note = self.article.text[target.start : target.end], target.note
            if target in self.session.orphans:
                quote = target.quote.exact
        else:
            start, end = self.view.selection or self._sentence_range()
            quote, note = self.article.text[start:end], ""

        @reports_save_errors_to(self)
        def save(result: str) -> None:
            if target is None:
                # The highlight and its note are one change: undo takes both back.
                if self._create(start, end, note=result) is not None:
                    self._say("Highlighted with a note — u undoes")
                return
            current = self.session.get(target.id)
            if current is not None:
                changed = self.session.set_note(current, result) is not current
                self._show_annotations()
                if changed:
                    self._say("Note saved — u undoes" if result else "Note removed — u undoes")

        def save_then_show(result: str) -> None:
            # The save must not start before the reader is back and drawn: the dialog has
            # nothing to draw, so the writer would start with the reader's frame.
            self._hold_writes_until_shown()
            save(result)

        from tui.dialogs.note_dialog import note_dialog  # dialogs come on first use

        self.open_dialog(note_dialog(self.app, quote, note, save_then_show))

    def _hold_writes_until_shown(self) -> None:
        writer = self.session.writer
        if writer is not None and self._release_writes_when_shown is None:
            writer.hold(FRAME_HOLD_SECONDS)
            self._release_writes_when_shown = writer.release

    def on_screen_resume(self) -> None:
        release, self._release_writes_when_shown = self._release_writes_when_shown, None
        if release is not None and not self.call_after_refresh(release):
            release()

    def action_tags(self) -> None:
        self._edit_tags(self.target)

    def _edit_tags(self, target: Annotation | None) -> None:
        if target is None:
            return

        @reports_save_errors_to(self)
        def save(result: list[str] | None) -> None:
            current = self.session.get(target.id)
            if result is not None and current is not None:
                changed = self.session.set_tags(current, result) is not current
                self._show_annotations()
                if changed:
                    self._say("Tags saved — u undoes")

        from tui.dialogs.tags_dialog import TagsDialog

        dialog = TagsDialog(target.quote.exact, target.tags, self.session.tags_in_use)
        self.open_dialog(dialog, save)

    @reports_save_errors
    def action_delete(self) -> None:
        self._delete(self.target)

    def _delete(self, target: Annotation | None) -> None:
        if target is None:
            return
        self.session.delete(target)
        self._show_annotations()
        self._say("Highlight deleted — u undoes")

    @reports_save_errors
    def action_undo(self) -> None:
        change = self.session.undo()
        if change is None:
            return
        self._show_annotations()
        self._show_corrections_of(change)
        self._reveal(change.before, f"Undid {change.what}")

    @reports_save_errors
    def action_redo(self) -> None:
        change = self.session.redo()
        if change is None:
            return
        self._show_annotations()
        self._show_corrections_of(change)
        self._reveal(change.after, f"Redid {change.what}")

    def _show_corrections_of(self, change: Change) -> None:
        """An undone or redone correction changes what the panes show."""
        if isinstance(change.before, Correction) or isinstance(change.after, Correction):
            self._show_corrected_analysis()

    def _reveal(self, annotation: Annotation | Correction | None, done: str) -> None:
        """Say what undo or redo did; bring the highlight it touched into view only when it
        is off screen (and say so): otherwise the reader stays exactly where it was."""
        view = self.view
        if not isinstance(annotation, Annotation) or annotation not in self.session.highlights:
            self._say(done)
            return
        line = view.text_layout.line_of(annotation.start)
        top = int(view.scroll_offset.y)
        if top <= line < top + view.scrollable_content_region.height:
            self._say(done)
            return
        view.move_cursor(annotation.start)
        self._choose(annotation)
        what = "restored highlight" if done.endswith("delete") else "highlight it changed"
        self._say(f"{done} — moved to the {what}")

    def action_jump_highlight(self, direction: int) -> None:
        cursor = self.view.cursor
        found = (
            self.session.next_after(cursor)
            if direction > 0
            else self.session.previous_before(cursor)
        )
        if found is None:
            self.notify("No more highlights that way", timeout=2)
            return
        self.view.move_cursor(found.start)
        self._choose(found)

    # -- the annotations pane -----------------------------------------------------------------

    @on(AnnotationsPane.Browsed)
    def _annotation_browsed(self, event: AnnotationsPane.Browsed) -> None:
        annotation = self.session.get(event.annotation_id)
        if annotation is not None and annotation in self.session.highlights:
            self.view.move_cursor(annotation.start)
            self._choose(annotation)

    @on(AnnotationsPane.GotoRequested)
    def _annotation_chosen(self, event: AnnotationsPane.GotoRequested) -> None:
        annotation = self.session.get(event.annotation_id)
        if annotation is not None and annotation in self.session.highlights:
            self.view.move_cursor(annotation.start)
            self._choose(annotation)
            self.view.focus()

    @on(AnnotationsPane.EditRequested)
    @reports_save_errors
    def _annotation_edit(self, event: AnnotationsPane.EditRequested) -> None:
        annotation = self.session.get(event.annotation_id)
        if event.what == "note":
            self._edit_note(annotation)
        elif event.what == "tags":
            self._edit_tags(annotation)
        elif event.what == "delete":
            self._delete(annotation)
        elif event.what == "color" and event.color is not None:
            self._recolor(annotation, event.color)

    def on_descendant_focus(self) -> None:
        self._refresh_footer()

    # -- export -------------------------------------------------------------------------------

    def action_export_markdown(self) -> None:
        """Export the article (Markdown unless the config says otherwise) into the export
        folder, updating its file in place; in a worker, a notification says what happened."""
        from tui.export_actions import start_export

        start_export(self, self.export_dir)

    def action_copy_highlight(self) -> None:
        """`y`: the highlight at the cursor as Markdown, else the selected text."""
        target = self.target
        if target is not None:
            from annotations.export.document import ExportError
            from tui.export_actions import highlight_for_clipboard

            try:
                text = highlight_for_clipboard(self.app, self.article, target)
            except ExportError as error:
                show_error(self, error, prefix="Could not copy: ", timeout=8)
                return
            self._copy(text)
        else:
            self.action_copy()

    def action_copy(self) -> None:
        """`ctrl+c`: the selected text, else the highlight's text at the cursor."""
        selection = self.view.selection
        target = self.target
        if selection is not None:
            self._copy(self.article.text[selection[0] : selection[1]])
        elif target is not None:
            self._copy(self.article.text[target.start : target.end])
        else:
            self.notify(
                "Nothing to copy: v selects text, or put the cursor on a highlight.", timeout=3
            )

    def _copy(self, text: str) -> None:
        where = copy_text(self.app, text, self.session.store.folder / "clipboard.txt")
        self.notify(where, title="Copy", timeout=4)

    # -- focus mode -------------------------------------------------------------------------------

    def action_toggle_focus_mode(self) -> None:
        focused = not self.has_class("-focus")
        self.set_class(focused, "-focus")
        view = self.view
        view.centered = focused
        view.focus()
        self.call_after_refresh(view.reflow)

    # -- search -----------------------------------------------------------------------------------

    def action_search(self) -> None:
        self._search_origin = self.view.cursor
        self._previous_matches = list(self.view.match_spans)
        self.query_one(SearchBar).open()

    @on(SearchBar.Changed)
    def _search_changed(self, event: SearchBar.Changed) -> None:
        self._pacer.key_pressed()  # the prompt keeps the keys typed into it
        view = self.view
        matches = find_matches(self.article.text, event.value)
        view.set_matches(matches)
        origin = self._search_origin if self._search_origin is not None else view.cursor
        index = view.match_index_from(origin - 1, forward=True)
        if index is not None:
            view.go_to_match(index)
        masthead = self.query_one(Masthead)
        if not event.value:
            masthead.set_status("")
        elif not matches:
            masthead.set_status("no match")

    @on(SearchBar.Closed)
    def _search_closed(self, event: SearchBar.Closed) -> None:
        bar = self.query_one(SearchBar)
        bar.display = False
        view = self.view
        view.focus()
        if not event.keep or not view.match_spans:
            # A cancelled or fruitless search leaves the one before it in force, hidden.
            view.set_matches(self._previous_matches)
            if self._previous_matches:
                view.hide_matches()
            if not event.keep and self._search_origin is not None:
                view.move_cursor(self._search_origin)
            if event.keep and bar.value:
                self.notify(f"No match for “{bar.value}”", severity="warning", timeout=3)
            self.status = ""
        self._search_origin = None

    @on(ArticleView.SearchWrapped)
    def _search_wrapped(self, event: ArticleView.SearchWrapped) -> None:
        where = "top" if event.forward else "bottom"
        self.notify(f"Search continued from the {where}", timeout=2)
