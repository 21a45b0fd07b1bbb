"""The article and the masthead keep their styles across partial repaints, and never draw
with stale ones: a theme or focus change reaches what they draw."""

from __future__ import annotations

from pathlib import Path

from pilot_support import analysed
from rich.style import Style

from annotations.article.model import Article
from annotations.library.store import LibraryStore
from tui.app import NewsdeskApp
from tui.widgets.article_view import ArticleView
from tui.widgets.masthead import Masthead


def drawn_styles(widget: ArticleView | Masthead) -> set[Style]:
    """Every style in the widget's lines as the screen shows them."""
    lines = widget.screen._compositor.render_strips()
    region = widget.region
    return {
        segment.style
        for y in range(region.y, region.bottom)
        for segment in lines[y].crop(region.x, region.right)
        if segment.style is not None
    }


async def test_a_theme_change_reaches_the_kept_styles(seed_article: Article, library: Path) -> None:
    app = NewsdeskApp(seed_article, store=LibraryStore(library))
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        await pilot.press("h")  # a highlighted sentence: a component style in use
        await pilot.pause()
        view, masthead = app.screen.query_one(ArticleView), app.screen.query_one(Masthead)
        highlight = view.component_style("article-view--hl-yellow")
        assert highlight == view.get_component_rich_style("article-view--hl-yellow")
        before = drawn_styles(view) | drawn_styles(masthead)
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        assert view.component_style("article-view--hl-yellow") == (
            view.get_component_rich_style("article-view--hl-yellow")
        )
        assert view.base_style == view.rich_style
        assert masthead.base_style == masthead.rich_style
        after = drawn_styles(view) | drawn_styles(masthead)
        assert after.isdisjoint(before - after) and after != before
        # A partial repaint (a move of the cursor) keeps them, and draws with them.
        kept = view.component_style("article-view--hl-yellow")
        await pilot.press("j")
        await pilot.pause()
        assert view.component_style("article-view--hl-yellow") is kept
        assert view.base_style == view.rich_style


async def test_focus_leaving_the_article_redraws_its_cursor(
    seed_article: Article, library: Path
) -> None:
    """The cursor is drawn only while the article has the focus: focus moving to a pane
    reaches the drawn lines, kept styles or not."""
    app = NewsdeskApp(seed_article, store=LibraryStore(library))
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        view = app.screen.query_one(ArticleView)
        cursor = view.component_style("article-view--cursor")
        assert any(cursor.bgcolor == style.bgcolor for style in drawn_styles(view))
        await pilot.press("tab")
        await pilot.pause()
        assert not view.has_focus
        assert not any(
            cursor.bgcolor == style.bgcolor and style.bgcolor is not None
            for style in drawn_styles(view)
        )
