"""The Entities and Quotes panes as a user drives them, plus in-app export and reopening."""

from __future__ import annotations

from pathlib import Path

from pilot_support import analysed

from annotations.article.model import Article
from annotations.library.store import LibraryStore
from tui.app import NewsdeskApp
from tui.widgets.article_view import ArticleView
from tui.widgets.entities_pane import EntitiesPane
from tui.widgets.quotes_pane import QuotesPane


def make_app(article: Article, library: Path, exports: Path | None = None) -> NewsdeskApp:
    return NewsdeskApp(article, store=LibraryStore(library), export_dir=exports)


async def settle(app: NewsdeskApp, pilot: object) -> None:
    await analysed(app)
    await pilot.pause()  # type: ignore[attr-defined]


def shown(pane: EntitiesPane | QuotesPane) -> str:
    option_list = pane.option_list
    return "\n".join(
        str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)
    )


async def test_entities_pane_fills_grouped_with_counts(
    seed_article: Article, library: Path
) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        pane = app.screen.query_one(EntitiesPane)
        text = shown(pane)
        assert "People (" in text and "Organisations (" in text
        assert "Mark Zuckerberg" in text and "Spotify" in text
        # Most mentioned first within a group: Meta (9 mentions) before Apple.
        assert text.index("Meta") < text.index("Apple")
        assert pane.border_subtitle == "built-in rules"


async def test_selecting_an_entity_marks_mentions_and_enter_jumps(
    seed_article: Article, library: Path
) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        pane = app.screen.query_one(EntitiesPane)
        view = app.screen.query_one(ArticleView)
        pane.option_list.focus()
        await pilot.pause()
        # Focus -> highlighted row -> Browsed -> the screen: a chain of messages, each drained
        # by one pause; on a busy machine one pause may end before the last link.
        for _ in range(10):
            if len(view.mentions):
                break
            await pilot.pause()
        entity = pane.selected()
        assert entity is not None
        assert [(s, e) for s, e, _ in view.mentions] == [(m.start, m.end) for m in entity.mentions]
        for mention in entity.mentions[:3]:
            await pilot.press("enter")
            assert view.cursor == mention.start
        assert pane.option_list.has_focus  # enter again and again keeps going
        await pilot.press("down")
        other = pane.selected()
        assert other is not None and other != entity
        assert len(view.mentions) == other.count


async def test_quotes_pane_lists_speakers_and_jumps(seed_article: Article, library: Path) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        pane = app.screen.query_one(QuotesPane)
        text = shown(pane)
        assert "Meta\n“In the short term" in text
        assert "Spotify — “extortion”" in text
        view = app.screen.query_one(ArticleView)
        pane.option_list.focus()
        await pilot.pause()
        await pilot.press("down", "down")
        quote = pane.selected()
        assert quote is not None and view.cursor == quote.start
        await pilot.press("enter")
        assert view.has_focus and view.cursor == quote.start


async def test_h_on_a_quote_highlights_it_tagged_with_the_speaker(
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
    saved = LibraryStore(library).annotations(seed_article.id)
    assert [(a.quote.exact, a.tags, a.note) for a in saved] == [
        (quote.text, ("quote",), f"Said by {quote.speaker}")
    ]


async def test_export_key_writes_markdown_in_place_and_never_loses_an_edit(
    seed_article: Article, library: Path, tmp_path: Path
) -> None:
    # Issue 15 changed this: E updates the one file in place; "(2)" copies are gone.
    exports = tmp_path / "out"
    app = make_app(seed_article, library, exports)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("h", "a", *"my note", "ctrl+s", "E")
        await settle(app, pilot)
        files = list(exports.iterdir())
        assert len(files) == 1 and files[0].suffix == ".md"
        content = files[0].read_text()
        assert "my note" in content and "## Quotations" in content
        await pilot.press("E")  # the same export again: nothing new
        await settle(app, pilot)
        assert list(exports.iterdir()) == files and files[0].read_text() == content
        files[0].write_text(content + "\nmy own edits\n")  # below newsdesk's part
        await pilot.press("right_curly_bracket", "h", "E")
        await settle(app, pilot)
        assert list(exports.iterdir()) == files
        updated = files[0].read_text()
        assert updated.endswith("\nmy own edits\n") and updated.count("> ") == 2
        # An edit inside newsdesk's part is kept; the new export goes beside it.
        files[0].write_text(updated.replace("my note", "my note, edited"))
        await pilot.press("E")
        await settle(app, pilot)
        beside = files[0].with_name(files[0].stem + ".new.md")
        assert sorted(exports.iterdir()) == sorted([files[0], beside])
        assert "my note, edited" in files[0].read_text()
        assert "my note, edited" not in beside.read_text()


async def test_y_copies_the_highlight_as_markdown(seed_article: Article, library: Path) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("h", "y")
        await pilot.pause()
        assert app.clipboard.startswith("> Meta and Spotify are once again")
        assert "From: " in app.clipboard


async def test_reopening_returns_to_the_reading_position(
    seed_article: Article, library: Path
) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right_curly_bracket", "right_curly_bracket", "w", "q")
    position = seed_article.text.index("post also confirmed")
    again = make_app(seed_article, library)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert again.screen.query_one(ArticleView).cursor == position
