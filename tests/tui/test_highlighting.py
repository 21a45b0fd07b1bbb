"""Highlighting from the keyboard: every key, checked on the screen and in the store."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from annotations.article.model import Article
from annotations.library.anchoring import describe
from annotations.library.model import Annotation
from annotations.library.store import LibraryStore
from tui.app import NewsdeskApp
from tui.dialogs.note_dialog import NoteDialog
from tui.dialogs.tags_dialog import TagsDialog
from tui.screens.reader import ReaderScreen
from tui.widgets.annotations_pane import AnnotationsPane
from tui.widgets.article_view import NOTE_MARK, ArticleView

FIRST_SENTENCE_END = "current regulations."


def make_app(article: Article, library: Path) -> NewsdeskApp:
    return NewsdeskApp(article, store=LibraryStore(library))


def saved(library: Path, article: Article) -> list[Annotation]:
    return LibraryStore(library).annotations(article.id)


def exacts(library: Path, article: Article) -> list[str]:
    return [a.quote.exact for a in saved(library, article)]


def first_sentence(article: Article) -> str:
    return article.text[: article.text.index(FIRST_SENTENCE_END) + len(FIRST_SENTENCE_END)]


def pane_text(app: NewsdeskApp) -> str:
    pane = app.screen.query_one(AnnotationsPane)
    option_list = pane.option_list
    return "\n".join(
        str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)
    )


def enabled(app: NewsdeskApp, key: str) -> bool:
    return app.screen.active_bindings[key].enabled


async def test_h_highlights_the_sentence_and_saves_it(seed_article: Article, library: Path) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h")
        assert exacts(library, seed_article) == [first_sentence(seed_article)]
        assert "Meta and Spotify are once" in pane_text(app)
        view = app.screen.query_one(ArticleView)
        assert [(s, e) for s, e, _ in view.highlights] == [(0, len(first_sentence(seed_article)))]


async def test_selection_by_word_sentence_paragraph_line(
    seed_article: Article, library: Path
) -> None:
    text = seed_article.text
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v", "w", "w", "h")
        await pilot.press("right_parenthesis", "v", "right_parenthesis", "h")
        await pilot.press("right_curly_bracket", "v", "right_curly_bracket", "h")
        await pilot.press("g", "v", "j", "h")
    second_sentence_start = text.index("In joint")
    third_sentence_start = text.index("Meta highlights")
    got = exacts(library, seed_article)
    assert "Meta and Spotify" in got
    # Selecting from one sentence start to the next includes the first word of the next.
    assert text[second_sentence_start : third_sentence_start + len("Meta")] in got
    line_selection = [g for g in got if g.startswith("Meta and Spotify are once again")]
    assert line_selection and "\n" not in line_selection[0]
    assert any(g.startswith("“In the short term") for g in got)
    assert len(got) == 4


async def test_selection_extends_to_a_search_match(seed_article: Article, library: Path) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v", "slash", *"Zuckerberg", "enter", "h")
    text = seed_article.text
    assert exacts(library, seed_article) == [text[: text.index("Zuckerberg") + len("Zuckerberg")]]


async def test_escape_cancels_the_selection(seed_article: Article, library: Path) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.screen.query_one(ArticleView)
        await pilot.press("v", "w")
        assert view.selection is not None
        await pilot.press("escape")
        assert view.selection is None
        await pilot.press("h")
    assert exacts(library, seed_article) == [first_sentence(seed_article)]


async def test_shift_h_highlights_the_paragraph(seed_article: Article, library: Path) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w", "H")
    block = seed_article.blocks[0]
    assert exacts(library, seed_article) == [seed_article.text[block.start : block.end]]


async def test_number_keys_colour_the_highlight(seed_article: Article, library: Path) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h")
        for key, colour in [
            ("3", "blue"),
            ("5", "purple"),
            ("2", "green"),
            ("4", "pink"),
            ("1", "yellow"),
        ]:
            await pilot.press(key)
            assert [a.color.value for a in saved(library, seed_article)] == [colour]


async def test_note_dialog_saves_with_ctrl_s(seed_article: Article, library: Path) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h", "a")
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"Ask [who] else", "enter", *"second line")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ReaderScreen)
        assert [a.note for a in saved(library, seed_article)] == ["Ask [who] else\nsecond line"]
        view = app.screen.query_one(ArticleView)
        assert view.render_line(0).text.startswith(NOTE_MARK)
        assert "Ask [who] else" in pane_text(app)


async def test_note_dialog_escape_changes_nothing(seed_article: Article, library: Path) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        # esc on typed text asks first (tests/tui/test_reader_journeys.py); y discards.
        await pilot.press("h", "a", *"draft", "escape", "y")
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("right_parenthesis", "a", *"never saved", "escape", "y")
    assert [a.note for a in saved(library, seed_article)] == [""]


async def test_note_without_highlight_highlights_the_sentence(
    seed_article: Article, library: Path
) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", *"why now?", "ctrl+s")
        notes = [(a.quote.exact, a.note) for a in saved(library, seed_article)]
        assert notes == [(first_sentence(seed_article), "why now?")]
        await pilot.press("u")  # the highlight and its note were one change
        assert saved(library, seed_article) == []


async def test_editing_an_existing_note_starts_from_it(
    seed_article: Article, library: Path
) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", *"first", "ctrl+s", "a")
        assert app.screen.query_one(TextArea).text == "first"
        await pilot.press(*" and more", "ctrl+s")
    assert [a.note for a in saved(library, seed_article)] == ["first and more"]


async def test_tags(seed_article: Article, library: Path) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h", "t")
        assert isinstance(app.screen, TagsDialog)
        await pilot.press(*"ai, EU policy, #ai", "enter")
        assert [a.tags for a in saved(library, seed_article)] == [("ai", "EU policy")]
        assert "#ai #EU policy" in pane_text(app)
        await pilot.press("t")
        assert app.screen.query_one(Input).value == "ai, EU policy"
        await pilot.press("escape")
    assert [a.tags for a in saved(library, seed_article)] == [("ai", "EU policy")]


async def test_delete_undo_redo(seed_article: Article, library: Path) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h", "x")
        assert saved(library, seed_article) == []
        await pilot.press("u")
        assert exacts(library, seed_article) == [first_sentence(seed_article)]
        await pilot.press("ctrl+r")
        assert saved(library, seed_article) == []
        await pilot.press("u", "3", "a", *"n", "ctrl+s", "t", *"x", "enter")
        assert [(a.color.value, a.note, a.tags) for a in saved(library, seed_article)] == [
            ("blue", "n", ("x",))
        ]
        for expected in [("blue", "n", ()), ("blue", "", ()), ("yellow", "", ())]:
            await pilot.press("u")
            got = saved(library, seed_article)[0]
            assert (got.color.value, got.note, got.tags) == expected
        await pilot.press("u")  # undoes the undone delete: gone again
        assert saved(library, seed_article) == []


async def test_jumps_between_highlights(seed_article: Article, library: Path) -> None:
    text = seed_article.text
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.screen.query_one(ArticleView)
        await pilot.press(
            "right_curly_bracket", "h", "right_curly_bracket", "right_curly_bracket", "h", "g"
        )
        starts = sorted(a.start for a in saved(library, seed_article))
        await pilot.press("right_square_bracket")
        assert view.cursor == starts[0]
        await pilot.press("right_square_bracket")
        assert view.cursor == starts[1]
        await pilot.press("left_square_bracket")
        assert view.cursor == starts[0]
        assert text[starts[0]] == "“"


async def test_keys_needing_a_highlight_are_dimmed(seed_article: Article, library: Path) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        for key in ("x", "t", "u"):
            assert not enabled(app, key), key
        assert enabled(app, "h") and enabled(app, "a")
        await pilot.press("h")
        assert enabled(app, "x") and enabled(app, "t") and enabled(app, "u")
        await pilot.press("G")  # off the highlight
        assert not enabled(app, "x") and not enabled(app, "t")
        await pilot.press("g", "x")
        assert not enabled(app, "x") and not enabled(app, "ctrl+r")
        await pilot.press("u")
        assert enabled(app, "ctrl+r") and enabled(app, "x")


async def test_highlights_survive_quitting(seed_article: Article, library: Path) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h", "a", *"kept", "ctrl+s", "q")
    again = make_app(seed_article, library)
    async with again.run_test(size=(120, 40)):
        assert "kept" in pane_text(again)
        view = again.screen.query_one(ArticleView)
        assert len(view.highlights) == 1
        assert view.render_line(0).text.startswith(NOTE_MARK)


async def test_annotations_pane_moves_the_reader(seed_article: Article, library: Path) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.screen.query_one(ArticleView)
        await pilot.press("h", "right_curly_bracket", "h", "right_curly_bracket", "h", "g")
        starts = [a.start for a in saved(library, seed_article)]
        pane = app.screen.query_one(AnnotationsPane)
        pane.option_list.focus()
        await pilot.pause()
        await pilot.press("down")
        assert view.cursor == sorted(starts)[1]
        await pilot.press("x")  # x acts on the pane's row
        assert sorted(a.start for a in saved(library, seed_article)) == [
            sorted(starts)[0],
            sorted(starts)[2],
        ]
        await pilot.press("end", "enter")
        assert view.has_focus
        assert view.cursor == sorted(starts)[2]


async def test_orphans_are_listed_not_dropped(seed_article: Article, library: Path) -> None:
    store = LibraryStore(library)
    position, quote = describe("Some other text entirely, long gone.", 5, 21)
    store.open_article(seed_article.id, "seed", "t", "x")
    store.add(Annotation.new(seed_article.id, position, quote, note="old note"))
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)):
        shown = pane_text(app)
        assert "Could not be placed (1)" in shown
        assert "other text entir" in shown and "old note" in shown
    assert len(saved(library, seed_article)) == 1


async def test_changes_from_another_window_appear(seed_article: Article, library: Path) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        other = LibraryStore(library)
        position, quote = describe(seed_article.text, 0, 4)
        other.add(Annotation.new(seed_article.id, position, quote, note="from elsewhere"))
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        # The poll runs every POLL_SECONDS; run it now rather than wait for the timer.
        reader.poll_store()
        await app.workers.wait_for_complete()  # the poll reads in a worker thread
        await pilot.pause()
        assert "from elsewhere" in pane_text(app)


async def test_an_edit_is_told_on_the_status_line_until_the_cursor_moves(
    seed_article: Article, library: Path
) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.status.startswith("Highlighted")
        assert not app._notifications  # no notice: it would cost a second frame
        await pilot.press("x")
        await pilot.pause()
        assert reader.status.startswith("Highlight deleted")
        await pilot.press("u")
        await pilot.pause()
        assert reader.status.startswith("Undid")
        await pilot.press("right_parenthesis")
        await pilot.pause()
        assert reader.status == ""
        assert len(reader.session.highlights) == 1


async def test_the_status_line_tells_what_a_note_or_tags_save_did(
    seed_article: Article, library: Path
) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await pilot.press("h", "a", *"why now?", "ctrl+s")
        assert reader.status == "Note saved — u undoes"
        await pilot.press("right_parenthesis", "left_parenthesis")  # a move clears it
        assert reader.status == ""
        await pilot.press("a", "ctrl+s")  # the same note again: nothing changed, nothing said
        assert reader.status == ""
        await pilot.press("t", *"ai", "enter")
        assert reader.status == "Tags saved — u undoes"
        await pilot.press("a", "end", *["backspace"] * len("why now?"), "ctrl+s")
        assert reader.status == "Note removed — u undoes"
        await pilot.press("u")
    assert [(a.note, a.tags) for a in saved(library, seed_article)] == [("why now?", ("ai",))]


async def test_the_note_editor_opens_afresh_for_each_highlight(
    seed_article: Article, library: Path
) -> None:
    """The app keeps one note dialog: each opening shows that highlight's text and note,
    with no undo history from the last note, and closing it lays nothing out again."""
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await pilot.press("h", "a", *"first", "ctrl+s")
        await pilot.press("right_parenthesis", "h", "a")
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        second = app.session.highlights[1]
        assert dialog.quote == seed_article.text[second.start : second.end]
        editor = dialog.query_one(TextArea)
        assert editor.text == ""
        await pilot.press("ctrl+z")  # nothing to undo: "first" was another note
        assert editor.text == ""
        await pilot.press(*"second")
        layouts: list[object] = []
        reader.screen_layout_refresh_signal.subscribe(reader, layouts.append)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is reader
        assert layouts == []  # the dialog is kept, so nothing is removed and laid out
        await pilot.press("left_parenthesis", "a")
        reopened: object = app.screen
        assert reopened is dialog
        assert editor.text == "first"
        await pilot.press("escape")
    assert [a.note for a in saved(library, seed_article)] == ["first", "second"]
