"""An edit repaints what it changed, in one frame: no layout of the screen for a row added
to or taken from the Annotations pane, no Resize of the article for a layout elsewhere, and
only the article's lines that show the changed highlight drawn again (nothing left stale)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pilot_support import analysed
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget

from annotations.article.model import Article
from annotations.library.model import Color
from annotations.library.store import LibraryStore
from tui.app import NewsdeskApp
from tui.widgets.annotations_pane import AnnotationsPane
from tui.widgets.article_view import ArticleView
from tui.widgets.list_pane import SteadyOptionList
from tui.widgets.masthead import Masthead

#: Enough highlights for the pane's list to scroll at 120x40.
MANY = 14


def layout_requests(widget: Widget) -> list[bool]:
    """Record the widget's refreshes that ask for a layout of the screen."""
    asked: list[bool] = []
    refresh = widget.refresh

    def spy(*regions: Region, **options: Any) -> Widget:
        if options.get("layout"):
            asked.append(True)
        return refresh(*regions, **options)

    widget.refresh = spy  # type: ignore[method-assign]
    return asked


def bottom_border(app: NewsdeskApp, widget: Widget) -> str:
    """The widget's bottom border as the screen shows it (from its drawn lines)."""
    lines = app.screen._compositor.render_strips()
    region = widget.region
    return lines[region.bottom - 1].crop(region.x, region.right).text


async def highlight_many(pilot: Pilot[Any], count: int) -> None:
    for _ in range(count):
        await pilot.press("h", "right_parenthesis")
    await pilot.pause()


async def test_a_row_added_or_removed_lays_out_nothing(
    seed_article: Article, library: Path
) -> None:
    app = NewsdeskApp(seed_article, store=LibraryStore(library))
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        await highlight_many(pilot, MANY)
        pane = app.screen.query_one(AnnotationsPane)
        rows = pane.option_list
        assert isinstance(rows, SteadyOptionList)
        assert rows.show_vertical_scrollbar  # the list scrolls: its length never sizes it
        asked = layout_requests(rows)
        height = rows.virtual_size.height

        await pilot.press("tab", "tab", "tab", "G", "x")  # delete the last row
        await pilot.pause()
        assert rows.option_count == MANY - 1
        assert f"{MANY - 1}" in bottom_border(app, pane)  # drawn again, not a stale line
        assert len(LibraryStore(library).annotations(seed_article.id)) == MANY - 1
        assert rows.virtual_size.height < height  # it is shorter, and scrolls that far
        assert rows.max_scroll_y == rows.virtual_size.height - rows.scrollable_content_region.height

        await pilot.press("u")  # the row comes back
        await pilot.pause()
        assert rows.option_count == MANY
        assert f"{MANY}" in bottom_border(app, pane)
        assert rows.virtual_size.height == height
        assert asked == []


async def test_a_layout_elsewhere_leaves_the_article_alone(
    seed_article: Article, library: Path
) -> None:
    """The first highlight lays the Annotations pane out (its empty message gives way to the
    list): the article's scrollbar is not drawn again (it was, in a frame of its own after
    the layout's)."""
    app = NewsdeskApp(seed_article, store=LibraryStore(library))
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        screen = app.screen
        view = screen.query_one(ArticleView)
        assert view.show_vertical_scrollbar
        layouts: list[object] = []
        screen.screen_layout_refresh_signal.subscribe(screen, layouts.append)
        redrawn: list[bool] = []
        scrollbar = view.vertical_scrollbar
        refresh = scrollbar.refresh

        def counted(*regions: Region, **options: Any) -> Widget:
            redrawn.append(True)
            return refresh(*regions, **options)

        scrollbar.refresh = counted  # type: ignore[method-assign,assignment]
        await pilot.press("h")  # the pane's first row
        await pilot.pause()
        assert layouts
        assert redrawn == []
        assert app.session.highlights
        await pilot.press("G")  # a scroll still moves the scrollbar
        await pilot.pause()
        assert redrawn


async def test_a_status_of_another_width_lays_nothing_out(
    seed_article: Article, library: Path
) -> None:
    """The masthead draws its own line: "Highlighted — u undoes" coming and going redraws that
    line, and nothing on the screen is laid out again."""
    app = NewsdeskApp(seed_article, store=LibraryStore(library))
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        screen = app.screen
        await pilot.press("h", ")", ")")  # one row in the pane; the status cleared
        await pilot.pause()
        masthead = screen.query_one(Masthead)
        assert masthead.status == ""
        layouts: list[object] = []
        screen.screen_layout_refresh_signal.subscribe(screen, layouts.append)
        await pilot.press("h")
        await pilot.pause()
        assert "Highlighted — u undoes" in masthead.render_line(0).text
        assert len(LibraryStore(library).annotations(seed_article.id)) == 2
        await pilot.press(")")  # the status goes
        await pilot.pause()
        assert "Highlighted" not in masthead.render_line(0).text
        assert layouts == []


async def test_only_the_changed_lines_are_drawn_and_none_is_stale(
    seed_article: Article, library: Path
) -> None:
    app = NewsdeskApp(seed_article, store=LibraryStore(library))
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        view = app.screen.query_one(ArticleView)
        whole = Region(0, 0, view.size.width, view.size.height)

        async def drawn_now_and_afresh() -> tuple[list[str], list[str]]:
            await pilot.pause()
            kept = [repr(list(strip)) for strip in view.render_lines(whole)]  # from its cache
            view.refresh()
            fresh = [repr(list(strip)) for strip in view.render_lines(whole)]
            return kept, fresh

        for keys in (("h",), ("2",), ("right_parenthesis", "h"), ("x",), ("u",), ("u", "u")):
            before = [repr(list(strip)) for strip in view.render_lines(whole)]
            await pilot.press(*keys)
            kept, fresh = await drawn_now_and_afresh()
            assert kept == fresh, keys
            if keys != ("right_parenthesis", "h"):
                assert kept != before, keys  # the edit was drawn
        # The last undo took the colour back: drawn yellow again, and so in the session.
        assert [a.color for a in app.session.highlights] == [Color.YELLOW]


async def test_an_edit_is_saved_once_its_frame_is_drawn(
    seed_article: Article, library: Path
) -> None:
    """An edit's save holds the library's writer until the frame the edit caused is drawn
    (its encoding would take the interpreter from the frame); then the highlight is saved."""
    app = NewsdeskApp(seed_article, store=LibraryStore(library))
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        screen, writer = app.screen, app.writer
        frames: list[bool] = []
        seen: list[tuple[str, int]] = []
        draw, hold, release = screen._compositor_refresh, writer.hold, writer.release

        def spied_draw() -> None:
            frames.append(True)
            draw()

        def spied_hold(seconds: float) -> None:
            seen.append(("hold", len(frames)))
            hold(seconds)

        def spied_release() -> None:
            seen.append(("release", len(frames)))
            release()

        screen._compositor_refresh = spied_draw  # type: ignore[method-assign]
        writer.hold = spied_hold  # type: ignore[method-assign]
        writer.release = spied_release  # type: ignore[method-assign]
        await pilot.press("h")
        await pilot.pause()
        assert [what for what, _ in seen] == ["hold", "release"]
        (_, frames_at_hold), (_, frames_at_release) = seen
        assert frames_at_release > frames_at_hold  # released after the edit's frame
        assert writer.flush(60)
        assert len(LibraryStore(library).annotations(seed_article.id)) == 1


async def test_a_notes_save_waits_for_the_readers_frame(
    seed_article: Article, library: Path
) -> None:
    """The note is saved while its dialog is up (which has nothing to draw): the writer is
    held until the reader is back and drawn, then the note is written."""
    app = NewsdeskApp(seed_article, store=LibraryStore(library))
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        await pilot.press("h", "a", *"why")
        await pilot.pause()
        reader = app.screen_stack[-2]
        writer = app.writer
        frames: list[bool] = []
        holds: list[int] = []
        draw, release = reader._compositor_refresh, writer.release

        def spied_draw() -> None:
            frames.append(True)
            draw()

        def spied_release() -> None:
            holds.append(len(frames))
            release()

        reader._compositor_refresh = spied_draw  # type: ignore[method-assign]
        writer.release = spied_release  # type: ignore[method-assign]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is reader
        assert holds and holds[-1] >= 1  # the last hold ended after the reader's frame
        assert writer._holds == 0
        assert writer.flush(60)
        assert [a.note for a in LibraryStore(library).annotations(seed_article.id)] == ["why"]
