"""The reader as a user drives it: real keys through Textual's Pilot, checking the cursor."""

from __future__ import annotations

import pytest
from textual import events

from annotations.article.model import Article, article_from_plain_text
from tui.app import NewsdeskApp
from tui.widgets.article_view import ArticleView


def view_of(app: NewsdeskApp) -> ArticleView:
    return app.screen.query_one(ArticleView)


def word_starting(article: Article, fragment: str, nth: int = 0) -> int:
    """Offset of the `nth` occurrence of `fragment` in the text."""
    offset = -1
    for _ in range(nth + 1):
        offset = article.text.index(fragment, offset + 1)
    return offset


async def test_word_keys_move_by_word(seed_article: Article) -> None:
    app = NewsdeskApp(seed_article)
    async with app.run_test(size=(120, 40)) as pilot:
        view = view_of(app)
        assert view.cursor == 0
        await pilot.press("w")
        assert view.cursor == word_starting(seed_article, "and")
        await pilot.press("w", "w")
        assert view.cursor == word_starting(seed_article, "are")
        await pilot.press("b")
        assert view.cursor == word_starting(seed_article, "Spotify")


async def test_sentence_keys(seed_article: Article) -> None:
    app = NewsdeskApp(seed_article)
    async with app.run_test(size=(120, 40)) as pilot:
        view = view_of(app)
        await pilot.press("right_parenthesis")
        assert view.cursor == word_starting(seed_article, "In joint")
        await pilot.press("right_parenthesis")
        assert view.cursor == word_starting(seed_article, "Meta highlights")
        await pilot.press("w", "w", "left_parenthesis")
        assert view.cursor == word_starting(seed_article, "Meta highlights")
        await pilot.press("left_parenthesis")
        assert view.cursor == word_starting(seed_article, "In joint")


async def test_paragraph_keys(seed_article: Article) -> None:
    app = NewsdeskApp(seed_article)
    async with app.run_test(size=(120, 40)) as pilot:
        view = view_of(app)
        await pilot.press("right_curly_bracket")
        # The second paragraph opens with a quotation mark: the cursor lands on its first word.
        assert view.cursor == word_starting(seed_article, "“In the short") + 1
        await pilot.press("right_curly_bracket")
        assert view.cursor == word_starting(seed_article, "The post also")
        await pilot.press("left_curly_bracket")
        assert view.cursor == word_starting(seed_article, "“In the short") + 1
        await pilot.press("left_curly_bracket")
        assert view.cursor == 0


async def test_edges_and_lines(seed_article: Article) -> None:
    app = NewsdeskApp(seed_article)
    async with app.run_test(size=(120, 40)) as pilot:
        view = view_of(app)
        await pilot.press("G")
        assert view.cursor == word_starting(seed_article, "platform")
        assert view.progress == 100
        await pilot.press("g")
        assert view.cursor == 0
        layout = view.text_layout
        await pilot.press("j")
        assert view.cursor == layout.starts[1]
        await pilot.press("down")
        assert view.cursor == layout.starts[2]
        await pilot.press("k", "up")
        assert view.cursor == 0
        await pilot.press("end")
        assert view.cursor == word_starting(seed_article, "platform")
        await pilot.press("home")
        assert view.cursor == 0


async def test_line_moves_skip_blank_lines_and_keep_column(seed_article: Article) -> None:
    app = NewsdeskApp(seed_article)
    async with app.run_test(size=(120, 40)) as pilot:
        view = view_of(app)
        layout = view.text_layout
        last_of_first_block = max(i for i in range(len(layout)) if layout.blocks[i] == 0)
        for _ in range(last_of_first_block):
            await pilot.press("j")
        assert view.cursor_line == last_of_first_block
        await pilot.press("j")
        # The blank line between paragraphs is skipped.
        assert layout.blocks[view.cursor_line] == 1


async def test_paging_scrolls_and_moves_the_cursor() -> None:
    text = "\n".join(f"Paragraph {n} has a few words in it." for n in range(300))
    article = article_from_plain_text(text, source="t", source_key="t")
    app = NewsdeskApp(article)
    async with app.run_test(size=(100, 30)) as pilot:
        view = view_of(app)
        await pilot.press("space")
        assert view.scroll_offset.y > 0
        line_after_page = view.cursor_line
        assert line_after_page > 10
        await pilot.press("pageup")
        assert view.cursor_line < line_after_page
        await pilot.press("ctrl+d")
        half = view.cursor_line
        assert 0 < half < line_after_page
        await pilot.press("ctrl+u")
        assert view.cursor_line < half
        await pilot.press("pagedown", "pagedown")
        top = int(view.scroll_offset.y)
        height = view.scrollable_content_region.height
        assert top <= view.cursor_line < top + height


async def test_mouse_wheel_scrolls_and_cursor_stays_on_screen() -> None:
    text = "\n".join(f"Line {n} of a long article." for n in range(200))
    article = article_from_plain_text(text, source="t", source_key="t")
    app = NewsdeskApp(article)
    async with app.run_test(size=(100, 30)) as pilot:
        view = view_of(app)
        for _ in range(5):
            view.post_message(events.MouseScrollDown(view, 5, 5, 0, 1, 0, False, False, False))
        await pilot.pause()
        await pilot.pause()
        top = int(view.scroll_offset.y)
        assert top > 0
        assert view.cursor_line >= top


async def test_search_finds_and_cycles(seed_article: Article) -> None:
    app = NewsdeskApp(seed_article)
    async with app.run_test(size=(120, 40)) as pilot:
        view = view_of(app)
        await pilot.press("slash", *"regulators", "enter")
        matches = [
            i
            for i in range(len(seed_article.text))
            if seed_article.text.startswith("regulators", i)
        ]
        assert len(view.matches) == len(matches) == 3
        assert view.cursor == matches[0]
        assert view.has_focus
        await pilot.press("n")
        assert view.cursor == matches[1]
        await pilot.press("n", "n")
        assert view.cursor == matches[0]  # wrapped around to the top
        await pilot.press("N")
        assert view.cursor == matches[2]


async def test_search_escape_restores_the_cursor(seed_article: Article) -> None:
    app = NewsdeskApp(seed_article)
    async with app.run_test(size=(120, 40)) as pilot:
        view = view_of(app)
        await pilot.press("w", "slash", *"Apple")
        assert view.cursor == seed_article.text.index("Apple")
        await pilot.press("escape")
        assert view.cursor == seed_article.text.index("and")
        assert len(view.matches) == 0


async def test_focus_mode_hides_and_shows_the_panes(seed_article: Article) -> None:
    app = NewsdeskApp(seed_article)
    async with app.run_test(size=(120, 40)) as pilot:
        sidebar = app.screen.query_one("#sidebar")
        assert sidebar.region.width > 0
        await pilot.press("z")
        await pilot.pause()
        assert sidebar.region.width == 0
        assert view_of(app).region.width == 120
        await pilot.press("z")
        await pilot.pause()
        assert sidebar.region.width > 0


@pytest.mark.parametrize("size", [(80, 24), (99, 30)])
async def test_narrow_terminal_puts_panes_below(
    seed_article: Article, size: tuple[int, int]
) -> None:
    app = NewsdeskApp(seed_article)
    async with app.run_test(size=size):
        view = view_of(app)
        sidebar = app.screen.query_one("#sidebar")
        assert app.screen.has_class("-narrow")
        assert sidebar.region.y >= view.region.bottom
        assert view.text_layout.width <= size[0] - 3


async def test_resize_keeps_the_cursor(seed_article: Article) -> None:
    app = NewsdeskApp(seed_article)
    async with app.run_test(size=(120, 40)) as pilot:
        view = view_of(app)
        await pilot.press("right_curly_bracket", "right_curly_bracket", "w", "w")
        before = view.cursor
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert view.cursor == before
        top = int(view.scroll_offset.y)
        assert top <= view.cursor_line < top + view.scrollable_content_region.height
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert view.cursor == before


async def test_tab_moves_focus_between_article_and_panes(seed_article: Article) -> None:
    app = NewsdeskApp(seed_article)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.focused is view_of(app)
        await pilot.press("tab")
        assert app.focused is not view_of(app)
        await pilot.press("shift+tab")
        assert app.focused is view_of(app)


async def test_q_quits(seed_article: Article) -> None:
    app = NewsdeskApp(seed_article)
    async with app.run_test() as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_help_lists_the_live_bindings(seed_article: Article) -> None:
    app = NewsdeskApp(seed_article)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        from textual.widgets import Static

        from tui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        shown = str(app.screen.query_one(Static).render())
        for binding in ArticleView.BINDINGS:
            assert binding.description in shown  # type: ignore[union-attr]
        assert "Focus mode" in shown and "Quit" in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
