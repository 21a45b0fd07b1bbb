"""Every character of a .txt file is kept: it is plain text, whatever its lines look like.

Content sniffing is only for standard input, URLs and file names that say nothing; a
`--format` given by the user wins over both the name and the content.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from cli_helpers import run_cli

from annotations.export.web_annotation import import_annotations, to_web_annotations
from annotations.library.anchoring import describe
from annotations.library.model import Annotation
from annotations.library.store import LibraryStore
from annotations.sources.load import load_path, load_source, load_stdin

DATA = Path(__file__).parents[1] / "data" / "fidelity" / "markdown-looking.txt"
SYNTAX = ["*votes*", "`harbour`", "**Tuesday**", "[the site](https://example.com/notes)",
          "_underscores_", "<b>tag</b>", "&amp;", "\\*backslash\\*", "=================",
          "|---|---|", "```"]  # fmt: skip


@pytest.fixture
def story(tmp_path: Path) -> Path:
    return Path(shutil.copy(DATA, tmp_path / "story.txt"))


def test_a_txt_file_full_of_markdown_syntax_keeps_every_character(story: Path) -> None:
    article = load_path(story)
    assert article.meta["format"] == "text"
    assert article.text == DATA.read_text(encoding="utf-8")
    for piece in SYNTAX:
        assert piece in article.text


def test_other_names_and_stdin_are_still_sniffed(story: Path, tmp_path: Path) -> None:
    unknown = Path(shutil.copy(story, tmp_path / "story.notes"))
    assert load_path(unknown).meta["format"] == "markdown"
    assert load_stdin(io.BytesIO(story.read_bytes())).meta["format"] == "markdown"


def test_format_overrides_the_name_and_the_content(story: Path, tmp_path: Path) -> None:
    assert load_path(story, "markdown").meta["format"] == "markdown"
    assert "*votes*" not in load_path(story, "markdown").text
    unknown = Path(shutil.copy(story, tmp_path / "story.notes"))
    assert load_path(unknown, "text").text == story.read_text(encoding="utf-8")
    piped = load_source("-", stdin=io.BytesIO(story.read_bytes()), fmt="text")
    assert piped.text == story.read_text(encoding="utf-8")
    page = tmp_path / "page.txt"
    paragraph = "<p>The ferry runs on time every evening of the week.</p>"
    page.write_text(
        f"<html><body><article><h1>Ferry Plan</h1>{paragraph * 5}</article></body></html>"
    )
    assert load_path(page).text.startswith("<html>")
    assert "<p>" not in load_path(page, "html").text


def test_highlights_imported_onto_a_txt_file_match_their_text(story: Path, tmp_path: Path) -> None:
    article = load_path(story)
    pieces = ["*votes*", "[the site](https://example.com/notes)", "`total_cost * 2`"]
    made = []
    for piece in pieces:
        start = article.text.index(piece)
        made.append(Annotation.new(article.id, *describe(article.text, start, start + len(piece))))
    collection = to_web_annotations(article, made)
    store = LibraryStore(tmp_path / "library")
    import_annotations(store, load_path(story), json.loads(json.dumps(collection)))
    again = load_path(story)
    placed = store.annotations(again.id)
    assert sorted(again.text[a.start : a.end] for a in placed) == sorted(pieces)


def test_export_of_a_txt_file_shows_the_file_s_own_characters(
    story: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = load_path(story)
    start = article.text.index("[the site]")
    end = article.text.index("total_cost * 2`") + len("total_cost * 2`")
    store = LibraryStore(tmp_path / "library")
    store.add(Annotation.new(article.id, *describe(article.text, start, end)))
    code, out, err = run_cli(
        ["--library", str(tmp_path / "library"), "export", "--rules", "--format", "readwise",
         str(story)],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["Highlight"] for row in rows] == [article.text[start:end]]


def test_format_overrides_what_a_server_says(story: Path) -> None:
    from web_server import LocalServer, respond

    server = LocalServer()
    try:
        server.routes["/notes"] = respond(200, "text/plain", story.read_bytes())
        url = f"http://127.0.0.1:{server.port}/notes"
        # A page is sniffed: these lines look like Markdown, so they are read as Markdown…
        assert load_source(url).meta["format"] == "markdown"
        # …unless the reader says otherwise: then every character is kept.
        forced = load_source(url, fmt="text")
        assert forced.text == story.read_text(encoding="utf-8")
    finally:
        server.stop()
