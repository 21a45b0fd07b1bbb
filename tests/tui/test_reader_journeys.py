"""Regressions from using newsdesk as a new reader would (issue 10): edits never move the
reader, panes own their keys, overlaps are explicit, dialogs are safe, copy tells the truth."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_support import analysed
from textual.widgets import TextArea

from annotations.article.model import Article, article_from_plain_text
from annotations.library.model import Color
from annotations.library.store import LibraryStore
from tui.app import NewsdeskApp
from tui.dialogs.confirm_dialog import ConfirmDialog
from tui.dialogs.note_dialog import NoteDialog
from tui.screens.help import HelpScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.annotations_pane import AnnotationsPane
from tui.widgets.article_view import ArticleView
from tui.widgets.masthead import Masthead
from tui.widgets.quotes_pane import QuotesPane

SEED = Path(__file__).resolve().parents[2] / "seeds" / "meta-spotify-open-source-ai.txt"


def long_article(paragraphs: int = 120) -> Article:
    """A long article from the seed's paragraphs, as the owner's generator builds one."""
    seed = [p for p in SEED.read_text(encoding="utf-8").strip().split("\n") if p.strip()]
    body = [f"Section {i}. {seed[i % len(seed)]}" for i in range(paragraphs)]
    text = "\n\n".join(["A very long read", *body])
    return article_from_plain_text(text, source="long.txt", source_key="test:long")


def make_app(article: Article, library: Path) -> NewsdeskApp:
    return NewsdeskApp(article, store=LibraryStore(library))


def view_of(app: NewsdeskApp) -> ArticleView:
    return app.screen.query_one(ArticleView)


def reader_of(app: NewsdeskApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def masthead_line(app: NewsdeskApp) -> str:
    """The masthead as the terminal shows it (the screen's top row, cell by cell)."""
    return app.screen._compositor.render_strips()[0].text


async def settle(app: NewsdeskApp, pilot: object) -> None:
    await analysed(app)
    await pilot.pause()  # type: ignore[attr-defined]


async def test_highlight_after_reopening_keeps_cursor_and_progress(
    seed_article: Article, library: Path
) -> None:
    first = make_app(seed_article, library)
    async with first.run_test(size=(120, 40)) as pilot:
        await pilot.press("g", "h", "q")
    again = make_app(seed_article, library)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.press("g", *")" * 4)
        view = view_of(again)
        cursor, top = view.cursor, view.scroll_offset.y
        progress = again.screen.query_one(Masthead).progress
        await pilot.press("h")
        await pilot.pause()
        assert (view.cursor, view.scroll_offset.y) == (cursor, top)
        assert again.screen.query_one(Masthead).progress == progress
        assert len(LibraryStore(library).annotations(seed_article.id)) == 2


async def test_every_sentence_press_makes_a_new_highlight_on_a_long_article(
    library: Path,
) -> None:
    article = long_article()
    app = make_app(article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h")
        for _ in range(20):
            await pilot.press("right_parenthesis", "h")
    assert len(LibraryStore(library).annotations(article.id)) == 21


async def test_recolouring_from_the_middle_keeps_the_cursor(
    seed_article: Article, library: Path
) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h", "w", "w", "w")
        view = view_of(app)
        cursor = view.cursor
        await pilot.press("2")
        assert view.cursor == cursor
        (saved,) = LibraryStore(library).annotations(seed_article.id)
        assert saved.color is Color.GREEN


async def test_every_edit_keeps_cursor_and_scroll(library: Path) -> None:
    article = long_article(40)
    app = make_app(article, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("right_curly_bracket", "right_curly_bracket", "right_curly_bracket")
        await pilot.press("h", "right_parenthesis", "h", "w", "w")
        view = view_of(app)
        where = (view.cursor, view.scroll_offset.y)
        for keys in (["3"], ["x"], ["u"], ["ctrl+r"], ["u"], ["t", *"tag", "enter"]):
            await pilot.press(*keys)
            await pilot.pause()
            assert (view.cursor, view.scroll_offset.y) == where, keys
        await pilot.press("a", *"note", "ctrl+s")
        await pilot.pause()
        assert (view.cursor, view.scroll_offset.y) == where


async def test_undo_of_an_off_screen_delete_brings_it_into_view_and_says_so(
    library: Path,
) -> None:
    article = long_article(60)
    app = make_app(article, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("h", "x", "G")
        view = view_of(app)
        await pilot.press("u")
        await pilot.pause()
        assert view.cursor == 0
        assert "restored highlight" in reader_of(app).status


async def test_enter_on_an_annotation_row_makes_it_the_target_of_a(
    seed_article: Article, library: Path
) -> None:
    """Two overlapping highlights: the one chosen in the pane is the one `a` edits."""
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        # A sentence highlight, then a shorter one inside it from the same start.
        await pilot.press("h", "v", "w", "w", "h")
        store = LibraryStore(library)
        long_one = max(store.annotations(seed_article.id), key=lambda a: a.end - a.start)
        pane = app.screen.query_one(AnnotationsPane)
        pane.option_list.focus()
        await pilot.pause()
        pane.select_id(long_one.id)
        await pilot.press("enter")
        assert view_of(app).has_focus
        assert reader_of(app).target is not None
        assert reader_of(app).target.id == long_one.id  # type: ignore[union-attr]
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        assert dialog.quote == seed_article.text[long_one.start : long_one.end]


async def test_a_key_cycles_through_overlapping_highlights(
    seed_article: Article, library: Path
) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h", "v", "w", "w", "h")
        reader = reader_of(app)
        first = reader.target
        await pilot.press("c")
        second = reader.target
        assert first is not None and second is not None and first.id != second.id
        assert view_of(app).target_span == (second.start, second.end)
        await pilot.press("c")
        assert reader.target is not None and reader.target.id == first.id


async def test_dialog_heading_quotes_the_text_once(library: Path) -> None:
    article = article_from_plain_text(
        "Title\n\n“In the short term, the cost rises,” she said.", source="t", source_key="t:q"
    )
    app = make_app(article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right_curly_bracket", "h", "a")
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        heading = dialog.heading
        assert heading.count("“") == 1 and heading.count("”") == 1


async def test_escape_on_a_changed_note_asks_before_discarding(
    seed_article: Article, library: Path
) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h", "a", *"precious words", "escape")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert isinstance(app.screen, NoteDialog)
        assert "precious words" in app.screen.query_one(TextArea).text
        await pilot.press("escape", "y")
        assert isinstance(app.screen, ReaderScreen)
        (saved,) = LibraryStore(library).annotations(seed_article.id)
        assert saved.note == ""


async def test_escape_on_an_unchanged_note_closes_at_once(
    seed_article: Article, library: Path
) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h", "a", "escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_no_toast_is_shown_over_a_dialog(seed_article: Article, library: Path) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(80, 24)) as pilot:
        app.notify("A notice")
        await pilot.pause()
        assert app._notifications
        await pilot.press("a")
        await pilot.pause()
        assert not app._notifications


async def test_j_k_g_G_move_in_every_pane(seed_article: Article, library: Path) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("h", "right_curly_bracket", "h", "right_curly_bracket", "h")
        for pane_id in ("#entities", "#quotes", "#annotations"):
            pane = app.screen.query_one(pane_id)
            option_list = pane.option_list  # type: ignore[attr-defined]
            option_list.focus()
            await pilot.pause()
            first = option_list.highlighted
            await pilot.press("j")
            assert option_list.highlighted != first, pane_id
            await pilot.press("k")
            assert option_list.highlighted == first, pane_id
            await pilot.press("G")
            assert option_list.highlighted == option_list.option_count - 1, pane_id
            await pilot.press("g")
            top = option_list.highlighted
            assert top is not None and top <= first, pane_id
            assert all(option_list.get_option_at_index(i).disabled for i in range(top)), pane_id


async def test_j_k_g_G_scroll_the_help(seed_article: Article, library: Path) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        body = help_screen.query_one("#help-body")
        await pilot.press("j", "j")
        assert body.scroll_offset.y == 2
        await pilot.press("k")
        assert body.scroll_offset.y == 1
        await pilot.press("G")
        assert body.scroll_offset.y == body.max_scroll_y > 1
        await pilot.press("g")
        assert body.scroll_offset.y == 0


async def test_h_in_the_quotes_pane_highlights_the_quotation(
    seed_article: Article, library: Path
) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        pane = app.screen.query_one(QuotesPane)
        pane.option_list.focus()
        await pilot.pause()
        quote = pane.selected()
        assert quote is not None
        await pilot.press("h")
        (saved,) = LibraryStore(library).annotations(seed_article.id)
        assert (saved.start, saved.end) == (quote.start, quote.end)
        assert saved.tags == ("quote",)


@pytest.fixture
def no_system_clipboard(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No clipboard tool and no tmux: the text goes by OSC 52 and to a file."""
    import tui.clipboard as clipboard

    monkeypatch.delenv("TMUX", raising=False)
    monkeypatch.setattr(clipboard, "system_copy", lambda text: False)
    return tmp_path


async def test_ctrl_c_copies_the_selection_and_says_where(
    seed_article: Article, library: Path, no_system_clipboard: Path
) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("v", "w", "ctrl+c")
        await pilot.pause()
        assert app.clipboard == "Meta and"
        messages = [n.message for n in app._notifications]
        assert any("Copied" in m for m in messages), messages
        assert not any("[b]" in m or "quit" in m.lower() for m in messages), messages
        copy_file = library / "clipboard.txt"
        assert copy_file.read_text(encoding="utf-8") == "Meta and"
        assert any(str(copy_file) in m for m in messages), messages


async def test_copy_with_nothing_to_copy_says_so(
    seed_article: Article, library: Path, no_system_clipboard: Path
) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("y")
        await pilot.pause()
        assert any("Nothing to copy" in n.message for n in app._notifications)
        app.clear_notifications()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert any("Nothing to copy" in n.message for n in app._notifications)
        assert app.is_running


async def test_copy_inside_tmux_says_the_clipboard_was_not_reached(
    seed_article: Article, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.clipboard as clipboard

    buffers: list[str] = []
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    monkeypatch.setattr(clipboard, "system_copy", lambda text: False)
    monkeypatch.setattr(clipboard, "tmux_set_clipboard", lambda: "external")

    def load_buffer(text: str) -> bool:
        buffers.append(text)
        return True

    monkeypatch.setattr(clipboard, "tmux_load_buffer", load_buffer)
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h", "y")
        await pilot.pause()
        assert buffers and "Meta and Spotify" in buffers[0]
        messages = " ".join(n.message for n in app._notifications)
        assert "tmux" in messages


async def test_status_keeps_match_count_when_the_title_is_long(library: Path) -> None:
    title = "An extraordinarily long headline " * 6
    body = "\n\n".join(f"Paragraph {n} mentions the needle once." for n in range(9))
    article = article_from_plain_text(f"{title}\n\n{body}", source="t", source_key="t:long")
    for size in ((120, 40), (80, 24)):
        app = make_app(article, library / f"{size[0]}x{size[1]}")
        async with app.run_test(size=size) as pilot:
            await pilot.press("slash", *"needle", "enter", "N")
            await pilot.pause()
            line = masthead_line(app)
            assert "match 9/9" in line, (size, line)
            assert "%" in line, (size, line)


async def test_status_shows_mention_count_and_selection_mode(
    seed_article: Article, library: Path
) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("v")
        await pilot.pause()
        assert "SELECT" in masthead_line(app)
        await pilot.press("escape")
        pane = app.screen.query_one("#entities")
        pane.option_list.focus()  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        line = masthead_line(app)
        assert "mention 1/" in line, line
        view = view_of(app)
        assert view.current_mention is not None


async def test_scroll_margin_after_paragraph_and_page_moves(library: Path) -> None:
    article = long_article(60)
    app = make_app(article, library)
    async with app.run_test(size=(100, 30)) as pilot:
        view = view_of(app)
        height = view.scrollable_content_region.height
        for key in ["right_curly_bracket"] * 12 + ["space", "space"]:
            await pilot.press(key)
            top = int(view.scroll_offset.y)
            assert view.cursor_line <= top + height - 1 - 3, key


async def test_escape_hides_the_search_but_n_brings_it_back(seed_article: Article) -> None:
    app = NewsdeskApp(seed_article)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"regulators", "enter")
        view = view_of(app)
        first = view.cursor
        await pilot.press("escape")
        assert len(view.matches) == 0
        await pilot.press("n")
        assert len(view.matches) == 3
        assert view.cursor != first
        assert not any("No search" in n.message for n in app._notifications)


async def test_search_history_with_up_and_down(seed_article: Article) -> None:
    app = NewsdeskApp(seed_article)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"Spotify", "enter", "slash", *"Meta", "enter")
        await pilot.press("slash", "up")
        bar = app.screen.query_one("#search")
        assert bar.value == "Meta"  # type: ignore[attr-defined]
        await pilot.press("up")
        assert bar.value == "Spotify"  # type: ignore[attr-defined]
        await pilot.press("down")
        assert bar.value == "Meta"  # type: ignore[attr-defined]


async def test_palette_offers_library_undo_redo_and_not_textuals_keys(
    seed_article: Article,
) -> None:
    app = NewsdeskApp(seed_article)
    async with app.run_test(size=(120, 40)):
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Keys" not in titles
        for wanted in ("Library", "Undo", "Redo"):
            assert any(wanted in title for title in titles), titles


async def test_a_long_status_never_pushes_the_progress_off(
    seed_article: Article, library: Path
) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right_curly_bracket")
        reader_of(app).status = "“Kristen Wilkins” merged into “Andy Warhol” — u undoes" * 2
        await pilot.pause()
        line = masthead_line(app)
        assert line.rstrip().endswith("%"), line
        assert "merged" in line, line
