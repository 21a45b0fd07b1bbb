"""A cursor key is drawn in one frame: whatever it changes is changed inside the move itself.

Textual draws a frame once the screen has no messages left. What the screen changes in answer
to a posted message (the progress, the footer, the Annotations pane's row) lands in a later
frame: a second and third write to the terminal after every key. So these tests move the
cursor with no await in between and check that everything it affects has already changed.
"""

from __future__ import annotations

from pathlib import Path

from pilot_support import analysed
from textual.widgets._footer import FooterKey

from annotations.article.model import Article
from annotations.library.store import LibraryStore
from tui.app import NewsdeskApp
from tui.widgets.annotations_pane import AnnotationsPane
from tui.widgets.article_view import ArticleView
from tui.widgets.masthead import Masthead


def footer_key(app: NewsdeskApp, action: str) -> FooterKey:
    return next(key for key in app.screen.query(FooterKey) if key.action == action)


async def test_progress_changes_within_the_move(seed_article: Article, library: Path) -> None:
    app = NewsdeskApp(seed_article, store=LibraryStore(library))
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        view = app.screen.query_one(ArticleView)
        masthead = app.screen.query_one(Masthead)
        await pilot.pause()
        for _ in range(3):
            view.action_cursor_line(1)
            assert masthead.progress == view.progress  # no await: the same frame


async def test_footer_and_pane_follow_the_cursor_within_the_move(
    seed_article: Article, library: Path
) -> None:
    app = NewsdeskApp(seed_article, store=LibraryStore(library))
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        await pilot.press("h", "right_curly_bracket", "h")  # two highlights, cursor in the 2nd
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        pane = app.screen.query_one(AnnotationsPane)
        session = app.session
        first, second = session.highlights
        assert not footer_key(app, "tags").has_class("-disabled")

        view.action_cursor_paragraph(1)  # out of every highlight
        assert session.at(view.cursor) is None
        assert footer_key(app, "tags").has_class("-disabled")
        assert footer_key(app, "tags").rich_style.dim  # restyled now, not at the next idle

        view.move_cursor(first.start)
        assert not footer_key(app, "tags").has_class("-disabled")
        assert not footer_key(app, "tags").rich_style.dim
        assert pane.selected_id == first.id
        view.move_cursor(second.start)
        assert pane.selected_id == second.id
