"""An edit changes only its own row in the Annotations pane: the other rows are kept as they
were (same option, height measured once), so an edit costs the same at 10 or 5,000 rows."""

from __future__ import annotations

from pathlib import Path

from pilot_support import analysed

from annotations.article.model import Article
from annotations.library.model import Color
from annotations.library.store import LibraryStore
from tui.app import NewsdeskApp
from tui.widgets.annotations_pane import AnnotationsPane


async def test_an_edit_keeps_every_other_row(seed_article: Article, library: Path) -> None:
    app = NewsdeskApp(seed_article, store=LibraryStore(library))
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        await pilot.press("h", "right_parenthesis", "h", "right_parenthesis", "h")
        await pilot.pause()
        pane = app.screen.query_one(AnnotationsPane)
        option_list = pane.option_list
        before = [option_list.get_option_at_index(i) for i in range(option_list.option_count)]
        assert len(before) == 3
        session = app.session
        middle = session.highlights[1]
        session.recolor(middle, Color.BLUE)
        pane.show_annotations(session.highlights, session.orphans)
        after = [option_list.get_option_at_index(i) for i in range(option_list.option_count)]
        assert after[0] is before[0] and after[2] is before[2]
        assert after[1] is not before[1]  # the recoloured row is drawn anew
        assert after[1].id == middle.id
        # Heights are kept on the options: the kept rows are not measured again.
        assert getattr(after[0], "_newsdesk_height", None) is not None
        await pilot.pause()
        assert getattr(after[1], "_newsdesk_height", None) is not None


async def test_the_same_colour_again_changes_nothing_shown(
    seed_article: Article, library: Path
) -> None:
    """`2` on a highlight that is already green is no edit: the view's layer and every row of
    the pane stay exactly as they were (it used to rebuild all of them)."""
    app = NewsdeskApp(seed_article, store=LibraryStore(library))
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        await pilot.press("h", "right_parenthesis", "h", "2")
        await pilot.pause()
        reader = app.screen
        pane = reader.query_one(AnnotationsPane)
        option_list = pane.option_list
        layer = reader.view.highlights  # type: ignore[attr-defined]
        rows = [option_list.get_option_at_index(i) for i in range(option_list.option_count)]
        edits = app.session.edits
        await pilot.press("2")
        await pilot.pause()
        assert app.session.edits == edits
        assert reader.view.highlights is layer  # type: ignore[attr-defined]
        kept = [option_list.get_option_at_index(i) for i in range(option_list.option_count)]
        assert all(a is b for a, b in zip(kept, rows, strict=True))
        assert app.session.highlights[1].color is Color.GREEN


async def test_a_click_chooses_the_row_under_it_after_rows_above_came_and_went(
    seed_article: Article, library: Path
) -> None:
    """Drawn rows are kept when rows above them come or go (they no longer carry their
    index): a click still finds the row it is on, and the reader goes to that highlight."""
    app = NewsdeskApp(seed_article, store=LibraryStore(library))
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        await pilot.press("right_parenthesis", "h", "right_parenthesis", "h")
        await pilot.pause()
        await pilot.press("g", "h")  # a row comes in above the two drawn ones
        await pilot.pause()
        pane = app.screen.query_one(AnnotationsPane)
        rows = pane.option_list
        ids = [rows.get_option_at_index(i).id for i in range(rows.option_count)]
        session = app.session
        assert ids == [a.id for a in session.highlights] and len(ids) == 3
        third = session.highlights[2]
        line = rows._lines.index((2, 0))
        assert await pilot.click(rows, offset=(4, line - rows.scroll_offset.y))
        await pilot.pause()
        assert pane.selected_id == third.id
        view = app.screen.query_one("#article")
        assert view.cursor == third.start  # type: ignore[attr-defined]
