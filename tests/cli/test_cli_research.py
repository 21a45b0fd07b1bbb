"""`newsdesk search`, `quotes` and `entities` from the command line: text, --json, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import assert_one_line_error, run_cli
from research_support import NamesExtractor, build_library, make_article, open_in_library

import cli.context


@pytest.fixture
def library_of_three(private_library: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The research library, in the folder the CLI uses, found with `NamesExtractor`."""
    build_library(private_library)
    monkeypatch.setattr(cli.context, "get_extractor", lambda choice: NamesExtractor())
    return private_library


def test_search_json_shape(library_of_three: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["search", "budget", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"query", "total", "truncated", "articles"}
    assert data["query"] == "budget" and data["total"] == 3 and data["truncated"] is False
    titles = [group["title"] for group in data["articles"]]
    assert sorted(titles) == ["Budget talks stall", "Rain all week"]
    hit = data["articles"][0]["hits"][0]
    assert set(hit) == {"kind", "start", "end", "context"}
    line, (start, end) = hit["context"]["line"], hit["context"]["match"]
    assert line[start:end].casefold() == "budget"
    assert "indexing 3 article(s)" in err  # the first use builds the index


def test_search_text_and_filters(
    library_of_three: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(["search", "tax", "--color", "pink"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Budget talks stall  [")
    assert lines[1].split()[0] == "highlight" and "tax cut" in lines[1]
    assert lines[-1] == "1 match(es) in 1 article(s)"
    code, out, _ = run_cli(["search", "tax", "--color", "green"], capsys)
    assert out.strip() == "Nothing in the library matches 'tax'."


def test_search_errors_are_one_line(
    library_of_three: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_cli(["entities"], capsys)  # builds the index: its progress line is not an error
    code, _, err = run_cli(["search", "budget", "--entity", "Nobody"], capsys)
    assert code == 1
    assert_one_line_error(err, "no entity called 'Nobody'")
    code, _, err = run_cli(["search"], capsys)
    assert code == 2
    assert_one_line_error(err, "QUERY")


def test_quotes_json_and_speaker(
    library_of_three: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(["quotes", "--json"], capsys)
    assert code == 0
    speakers = json.loads(out)["speakers"]
    assert [group["speaker"] for group in speakers] == ["Angela Merkel"]
    quote = speakers[0]["quotes"][0]
    assert set(quote) == {
        "article_id",
        "title",
        "date",
        "text",
        "start",
        "end",
        "speaker_as_written",
        "kind",
    }
    code, out, _ = run_cli(["quotes", "--speaker", "merkel"], capsys)
    assert out.splitlines()[0] == "Angela Merkel (2)"
    assert "“This is a good day for the region,”" in out
    code, out, _ = run_cli(["quotes", "--speaker", "Scholz"], capsys)
    assert out.strip() == "No quotations by 'Scholz' in the library."


def test_entities_list_and_one(library_of_three: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["entities", "--json"], capsys)
    assert "indexing" in err
    names = {entity["name"]: entity for entity in json.loads(out)["entities"]}
    assert names["Angela Merkel"] == {
        "name": "Angela Merkel",
        "type": "PERSON",
        "aliases": ["Merkel"],
        "articles": 2,
        "mentions": 3,
    }
    code, out, _ = run_cli(["entities", "merkel", "--json"], capsys)
    data = json.loads(out)
    assert data["name"] == "Angela Merkel"
    assert [(item["title"], item["count"]) for item in data["in"]] == [
        ("Budget talks stall", 2),
        ("Acme opens a factory", 1),
    ]
    code, out, _ = run_cli(["entities", "Berlin"], capsys)
    assert out.splitlines()[0] == "Berlin  PLACE"
    code, _, err = run_cli(["entities", "Nobody"], capsys)  # the index is built by now
    assert code == 1
    assert_one_line_error(err, "no entity called 'Nobody'")


def test_article_text_cannot_reach_the_terminal(
    library_of_three: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from annotations.library.store import LibraryStore

    store = LibraryStore(library_of_three)
    nasty = make_article("nasty", "Evil\x1b]0;owned\x07 title\n\nBerlin \x1b[2J wiped the screen.")
    open_in_library(store, nasty)
    for args in (["search", "wiped"], ["entities", "Berlin"], ["search", "wiped", "--json"]):
        code, out, _ = run_cli(args, capsys)
        assert code == 0
        assert "\x1b" not in out and "\x07" not in out
        assert "wiped" in out


def test_a_corrupt_index_is_a_warning_not_a_failure(
    library_of_three: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_cli(["entities"], capsys)
    (library_of_three / "research-index.json").write_bytes(b"\x00garbage")
    code, out, err = run_cli(["search", "budget"], capsys)
    assert code == 0 and "Budget talks stall" in out
    assert "warning: research-index.json was unreadable" in err
