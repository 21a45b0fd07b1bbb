"""Article text is shown literally: no markup, no terminal control, correct cell widths."""

from __future__ import annotations

from rich.cells import cell_len

from annotations.article.model import article_from_plain_text
from tui.app import NewsdeskApp
from tui.widgets.article_view import ArticleView
from tui.widgets.masthead import Masthead

HOSTILE = (
    "[bold]Not bold[/bold] and [link=https://x.test]not a link[/link] \\[escaped\\]\n\n"
    "Escape \x1b[31mred\x1b[0m, bell \x07, tab\tend, CSI \x9b2J.\n\n"
    "日本語の記事です。Emoji 😀👍 and e\u0301 accents."
)


def screen_lines(view: ArticleView) -> list[str]:
    return [view.render_line(y).text for y in range(view.size.height)]


async def test_markup_and_escapes_are_shown_as_text() -> None:
    article = article_from_plain_text(HOSTILE, source="[red]src[/red]", source_key="t")
    app = NewsdeskApp(article)
    async with app.run_test(size=(100, 30)):
        view = app.screen.query_one(ArticleView)
        shown = "\n".join(screen_lines(view))
        assert "[bold]Not bold[/bold]" in shown
        assert "[link=https://x.test]not a link[/link]" in shown
        assert "\\[escaped\\]" in shown
        # Control characters appear as visible pictures, never as themselves.
        assert "␛[31mred␛[0m" in shown
        assert "bell ␇" in shown
        assert not any(
            ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 for char in shown if char != "\n"
        )
        assert "日本語の記事です。" in shown and "😀👍" in shown


async def test_lines_have_the_widget_width_in_cells() -> None:
    article = article_from_plain_text(HOSTILE * 3, source="s", source_key="t")
    app = NewsdeskApp(article)
    async with app.run_test(size=(60, 30)):
        view = app.screen.query_one(ArticleView)
        width = view.scrollable_content_region.width
        for y in range(view.size.height):
            strip = view.render_line(y)
            assert strip.cell_length == width
            assert cell_len(strip.text) == width


async def test_tab_expands_to_the_next_stop() -> None:
    article = article_from_plain_text("ab\tc and more words", source="s", source_key="t")
    app = NewsdeskApp(article)
    async with app.run_test(size=(100, 20)):
        view = app.screen.query_one(ArticleView)
        assert "ab  c and more words" in view.render_line(0).text


async def test_title_and_source_are_literal_in_the_masthead() -> None:
    article = article_from_plain_text(
        "[b]Title[/b] with \\ slash\n\nBody text here.", source="[i]src[/i]", source_key="t"
    )
    app = NewsdeskApp(article)
    async with app.run_test(size=(100, 20)):
        masthead = app.screen.query_one(Masthead)
        shown = {piece.part: piece.text.strip() for piece in masthead.pieces()}
        assert shown["title"] == "[b]Title[/b] with \\ slash"
        assert shown["source"] == "[i]src[/i]"


async def test_masthead_shows_byline_date_and_site() -> None:
    from dataclasses import replace

    base = article_from_plain_text(
        "Title line\n\nBody text here.", source="https://x.test/a", source_key="t"
    )
    article = replace(base, byline="Ana [Ruiz]", date="2025-03-01", site="Gazette")
    app = NewsdeskApp(article)
    async with app.run_test(size=(140, 20)):
        masthead = app.screen.query_one(Masthead)
        assert masthead.source_text == "By Ana [Ruiz] · 2025-03-01 · Gazette · https://x.test/a"
        shown = next(piece.text.strip() for piece in masthead.pieces() if piece.part == "source")
        assert shown == "By Ana [Ruiz] · 2025-03-01 · Gazette ·…"  # 30% of the line


async def test_a_notice_from_loading_is_shown_in_the_app() -> None:
    from dataclasses import replace

    from textual.widgets._toast import Toast

    base = article_from_plain_text("Title line\n\nBody text here.", source="s", source_key="t")
    article = replace(base, meta={"notice": "offline: the [b]copy[/b] kept earlier"})
    app = NewsdeskApp(article)
    async with app.run_test(size=(100, 20), notifications=True) as pilot:
        # The notice comes after the first frame: wait frame by frame until a toast shows.
        for _ in range(200):
            if app.screen.query(Toast):
                break
            await pilot.pause()
        toasts = [str(toast.render()) for toast in app.screen.query(Toast)]
        # Shown, and literally: notifications never read markup.
        assert any("offline: the [b]copy[/b] kept earlier" in text for text in toasts)
