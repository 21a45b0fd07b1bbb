"""Everything you marked: highlights across the library, and one Markdown file per tag."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import assert_one_line_error, run_cli
from research_pilot import make_app, opened_at, rows, settled, top
from research_support import NamesExtractor, build_library, highlight

import cli.context
from annotations.library.model import Color
from annotations.research.library_index import open_index
from annotations.research.marks import export_tags, marked, tag_counts
from tui.screens.research import MarkedScreen


def test_marked_filters_by_tag_and_colour_newest_first(library: Path) -> None:
    store, articles = build_library(library)
    later = highlight(
        store,
        articles["factory"],
        "a good day",
        tags=("To-Verify",),
        color=Color.GREEN,
        created="2999-01-01T00:00:00.000Z",  # newest, whatever the clock's resolution
    )
    index = open_index(store, NamesExtractor())
    everything = marked(index)
    assert everything[0].annotation.quote.exact == "a good day"
    assert len(everything) == 3
    tagged = marked(index, tag="#to-verify")
    assert tagged[0].annotation.id == later.id and len(tagged) == 2
    assert [
        item.annotation.quote.exact for item in marked(index, tag="to-verify", color="yellow")
    ] == ["Talks on the budget stalled"]
    # One tag whatever its case; the spelling shown is one the user typed.
    assert [(tag.casefold(), count) for tag, count in tag_counts(index)] == [
        ("to-verify", 2),
        ("lobbying", 1),
    ]


def test_export_writes_one_file_per_tag_and_keeps_an_edited_one(
    library: Path, tmp_path: Path
) -> None:
    store, articles = build_library(library)
    index = open_index(store, NamesExtractor())
    folder = tmp_path / "vault"
    results = export_tags(index, store, folder)
    assert [result.outcome.value for result in results] == ["created", "created"]
    files = sorted(path.name for path in folder.iterdir() if not path.name.startswith("."))
    assert (
        len(files) == 2
        and files[0].startswith("tag-lobbying-")
        and files[1].startswith("tag-to-verify-")
    )
    verify = (folder / files[1]).read_text(encoding="utf-8")
    assert "# Highlights tagged to-verify" in verify
    assert "## Budget talks stall" in verify
    assert "> Talks on the budget stalled" in verify and "Check the date" in verify
    assert "lobbied" not in verify
    # Again, nothing changed: left as it is.
    assert [r.outcome.value for r in export_tags(index, store, folder)] == [
        "unchanged",
        "unchanged",
    ]
    # The user edits newsdesk's part: kept, the new export goes beside it.
    (folder / files[1]).write_text(verify.replace("Check the date", "MY EDIT"), encoding="utf-8")
    highlight(store, articles["weather"], "rain all week", tags=("to-verify",))
    index.refresh(store, NamesExtractor())
    results = export_tags(index, store, folder, tag="to-verify")
    assert [r.outcome.value for r in results] == ["beside"]
    assert "MY EDIT" in (folder / files[1]).read_text(encoding="utf-8")
    assert "rain all week" in results[0].path.read_text(encoding="utf-8")


@pytest.fixture
def cli_library(private_library: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    build_library(private_library)
    monkeypatch.setattr(cli.context, "get_extractor", lambda choice: NamesExtractor())
    return private_library


def test_cli_highlights_json_text_and_export(
    cli_library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(["highlights", "--json", "--tag", "lobbying"], capsys)
    assert code == 0
    (item,) = json.loads(out)["highlights"]
    assert (
        item["title"] == "Budget talks stall" and item["quote"]["exact"] == "lobbied for a tax cut"
    )
    assert {"article_id", "id", "color", "note", "tags", "position", "created"} <= set(item)
    code, out, _ = run_cli(["highlights", "--color", "pink"], capsys)
    assert out.splitlines()[0] == "[pink] “lobbied for a tax cut” #lobbying"
    code, out, _ = run_cli(["highlights", "--export-tags", str(tmp_path / "out")], capsys)
    assert code == 0 and len(out.splitlines()) == 2 and out.startswith("wrote ")
    code, _, err = run_cli(
        ["highlights", "--export-tags", str(tmp_path / "out"), "--tag", "nope"], capsys
    )
    assert code == 1
    assert_one_line_error(err, "no highlight has the tag 'nope'")


async def test_marked_screen_filters_opens_and_exports(tmp_path: Path) -> None:
    store, articles = build_library(tmp_path / "library")
    app = make_app(store, articles["weather"])
    app.export_dir = tmp_path / "exports"
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("o")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("ctrl+g")
        screen = await settled(pilot)
        assert isinstance(screen, MarkedScreen)
        assert rows(screen)[0] == "Budget talks stall"
        assert len(rows(screen)) == 3
        await pilot.press(*"color:pink")
        screen = await settled(pilot)
        assert len(rows(screen)) == 2 and "lobbied for a tax cut" in rows(screen)[1]
        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()
        exported = [p.name for p in (tmp_path / "exports").iterdir() if p.suffix == ".md"]
        assert len(exported) == 2
        await pilot.press("enter")
        article_id, cursor = await opened_at(pilot)
        assert article_id == articles["budget"].id
        assert cursor == articles["budget"].text.index("lobbied")
        assert top(app) is not screen
