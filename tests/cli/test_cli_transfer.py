"""`newsdesk export` and `newsdesk import`, run through the command line's entry point."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli_helpers import assert_one_line_error, run_cli
from markdown_it import MarkdownIt
from markdown_it.token import Token

from annotations.article.model import Article
from annotations.export.filenames import safe_filename
from annotations.library.model import Annotation, Color
from annotations.library.session import AnnotationSession
from annotations.library.store import LibraryStore
from annotations.sources.load import load_path, load_seed

STORY = (
    "Harbour Town Votes on Ferry Plan\n\n"
    "The council of Harbour Town voted on Tuesday to keep the night ferry running.\n\n"
    '"We listened to the people who ride it every evening," said Mayor Ines Duarte.\n\n'
    "The ferry company said fares would not rise before the spring.\n"
)
#: The story with its last sentence rewritten: a highlight of it can no longer be placed.
EDITED_STORY = STORY.replace(
    "The ferry company said fares would not rise before the spring.",
    "Tickets go on sale next week at the harbour office.",
)


def highlight_sentences(
    library: Path, article: Article, sentences: list[int], notes: dict[int, str]
) -> list[Annotation]:
    """Open `article` in `library` and highlight the given sentences, some with notes."""
    session = AnnotationSession(LibraryStore(library), article)
    made = []
    for index in sentences:
        start, end = article.sentences[index]
        made.append(
            session.create(start, end, note=notes.get(index, ""), tags=["t"], color=Color.BLUE)
        )
    return made


def story_file(folder: Path, name: str = "story.txt", text: str = STORY) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def markdown_body(document: str) -> tuple[dict[str, Any], list[Token]]:
    """The front matter (as YAML reads it) and the CommonMark tokens of the body."""
    assert document.startswith("---\n")
    end = document.index("\n---\n", 4)
    front = yaml.safe_load(document[4:end])
    assert isinstance(front, dict)
    return front, MarkdownIt("commonmark").parse(document[end + 5 :])


def shown(inline: Token) -> str:
    parts = [
        child.content if child.type == "text" else " "
        for child in inline.children or []
        if child.type in {"text", "softbreak"}
    ]
    return "".join(parts)


def quoted_and_plain(tokens: list[Token]) -> tuple[list[str], list[str]]:
    """Text of the paragraphs inside block quotes, and of the paragraphs outside them."""
    depth = 0
    quoted: list[str] = []
    plain: list[str] = []
    for token in tokens:
        depth += {"blockquote_open": 1, "blockquote_close": -1}.get(token.type, 0)
        if token.type == "inline":
            (quoted if depth else plain).append(shown(token))
    return quoted, plain


def headings(tokens: list[Token]) -> list[str]:
    return [
        shown(tokens[index + 1])
        for index, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


def highlights_of(collection: dict[str, Any]) -> set[tuple[Any, ...]]:
    """What matters of each exported annotation: id, quote, place, note, tags, colour."""
    result = set()
    for item in collection["first"]["items"]:
        quote, position = item["target"]["selector"]
        bodies = tuple(sorted((body["purpose"], body["value"]) for body in item["body"]))
        result.add((item["id"], quote["exact"], position["start"], position["end"], bodies))
    return result


# --- export -----------------------------------------------------------------------------------


def test_export_to_stdout_is_commonmark_with_highlights_notes_and_quotations(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    article = load_path(story_file(tmp_path / "news"))
    made = highlight_sentences(library, article, [1, 3], {1: "Why *this* matters: [see]"})
    code, out, err = run_cli(
        ["--library", str(library), "export", "--rules", article.source], capsys
    )
    assert code == 0, err
    front, tokens = markdown_body(out)
    assert front["highlights"] == 2 and front["notes"] == 1
    quoted, plain = quoted_and_plain(tokens)
    assert [article.text[a.start : a.end] for a in made] == quoted
    assert "Why *this* matters: [see]" in plain
    assert {"Highlights", "Quotations"} <= set(headings(tokens))
    # The quotation the story contains is listed with its words.
    assert any("We listened to the people" in text for text in plain)


def test_export_writes_a_file_with_o(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    article = load_seed()
    highlight_sentences(library, article, [2], {2: "a note"})
    target = tmp_path / "out" / "notes.md"
    target.parent.mkdir()
    code, out, _err = run_cli(
        ["--library", str(library), "export", "--rules", "-o", str(target)], capsys
    )
    assert code == 0
    assert str(target) in out
    front, tokens = markdown_body(target.read_text(encoding="utf-8"))
    assert front["article_id"] == article.id
    assert "a note" in quoted_and_plain(tokens)[1]


def test_export_never_overwrites_a_file_of_the_user_s_without_force(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    # Issue 15 changed this: instead of refusing, the export goes beside the user's file.
    highlight_sentences(library, load_seed(), [0], {})
    target = tmp_path / "mine.json"
    target.write_text("my own work", encoding="utf-8")
    args = ["--library", str(library), "export", "--format", "json", "-o", str(target)]
    code, _out, err = run_cli(args, capsys)
    assert code == 0
    assert_one_line_error(err, str(target), "kept as it is", "mine.new.json")
    assert target.read_text(encoding="utf-8") == "my own work"
    assert json.loads((tmp_path / "mine.new.json").read_text(encoding="utf-8"))["total"] == 1

    code, out, _err = run_cli([*args, "--force"], capsys)
    assert code == 0 and out.startswith("replaced ")
    assert json.loads(target.read_text(encoding="utf-8"))["total"] == 1


def test_format_follows_the_output_suffix(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    highlight_sentences(library, load_seed(), [0], {})
    target = tmp_path / "highlights.json"
    code, _out, _err = run_cli(["--library", str(library), "export", "-o", str(target)], capsys)
    assert code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["type"] == "AnnotationCollection"


def test_export_all_writes_one_safely_named_file_per_article(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    seed = load_seed()
    odd_title = story_file(tmp_path / "news", "odd.txt", "What/Why: <A> “Test”?\n\nBody text here.")
    articles = [seed, load_path(story_file(tmp_path / "news")), load_path(odd_title)]
    for article in articles:
        highlight_sentences(library, article, [1], {})
    folder = tmp_path / "exports" / "all"
    code, out, err = run_cli(
        ["--library", str(library), "export", "--all", "--rules", "-o", str(folder)], capsys
    )
    assert code == 0, err
    expected = {safe_filename(a.title, a.id, ".md") for a in articles}
    assert {path.name for path in folder.iterdir()} == expected
    lines = out.strip().splitlines()
    assert len(lines) == len(articles) + 1
    assert lines[-1].startswith(f"exported {len(articles)} of {len(articles)} articles")
    for path in folder.iterdir():
        front, _tokens = markdown_body(path.read_text(encoding="utf-8"))
        assert front["highlights"] == 1


def test_export_all_keeps_a_file_of_the_user_s_and_writes_beside_it(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    # Issue 15 changed this: --all updates in place instead of refusing the whole folder.
    seed, story = load_seed(), load_path(story_file(tmp_path / "news"))
    for article in (seed, story):
        highlight_sentences(library, article, [1], {})
    folder = tmp_path / "out"
    folder.mkdir()
    taken = folder / safe_filename(story.title, story.id, ".json")
    taken.write_text("keep me", encoding="utf-8")
    code, _out, err = run_cli(
        ["--library", str(library), "export", "--all", "--format", "json", "-o", str(folder)],
        capsys,
    )
    assert code == 0
    assert_one_line_error(err, taken.name, "kept as it is")
    assert taken.read_text(encoding="utf-8") == "keep me"
    names = {path.name for path in folder.iterdir() if not path.name.startswith(".")}
    assert names == {
        taken.name,
        taken.name.replace(".json", ".new.json"),
        safe_filename(seed.title, seed.id, ".json"),
    }


def test_export_by_article_id_and_id_prefix_uses_the_kept_copy(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    path = story_file(tmp_path / "news")
    article = load_path(path)
    highlight_sentences(library, article, [1], {1: "kept"})
    LibraryStore(library).keep_article(article)
    path.unlink()  # only the library's copy is left
    for name in (article.id, article.id[:8]):
        code, out, err = run_cli(["--library", str(library), "export", "--rules", name], capsys)
        assert code == 0, err
        front, tokens = markdown_body(out)
        assert front["article_id"] == article.id
        assert quoted_and_plain(tokens)[0] == [article.text[slice(*article.sentences[1])]]


def test_export_without_source_takes_the_most_recently_opened_article(
    capsys: pytest.CaptureFixture[str],
    library: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    story = load_path(story_file(tmp_path / "news"))
    highlight_sentences(library, story, [1], {})
    highlight_sentences(library, load_seed(), [0], {})
    # Opened again a minute into the future: now the latest, whatever the clock's resolution.
    monkeypatch.setattr("annotations.library.store.utc_now", lambda: "2999-01-01T00:00:00.000Z")
    AnnotationSession(LibraryStore(library), story)  # opened again: now the latest
    code, out, _err = run_cli(["--library", str(library), "export", "--rules"], capsys)
    assert code == 0
    assert markdown_body(out)[0]["article_id"] == story.id


def test_export_with_an_empty_library_says_to_open_an_article(
    capsys: pytest.CaptureFixture[str], library: Path
) -> None:
    code, out, err = run_cli(["--library", str(library), "export"], capsys)
    assert code == 1
    assert out == ""
    assert_one_line_error(err, "empty", "open an article first")
    code, _out, err = run_cli(["--library", str(library), "export", "--all", "-o", "x"], capsys)
    assert code == 1
    assert_one_line_error(err, "empty")


def test_export_lists_highlights_whose_text_is_gone_as_orphans(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    path = story_file(tmp_path / "news")
    article = load_path(path)
    highlight_sentences(library, article, [3], {3: "about fares"})
    path.write_text(EDITED_STORY, encoding="utf-8")
    code, out, _err = run_cli(["--library", str(library), "export", "--rules", str(path)], capsys)
    assert code == 0
    front, tokens = markdown_body(out)
    assert front["could_not_be_placed"] == 1
    assert "Could not be placed" in headings(tokens)
    assert any("fares would not rise" in text for text in quoted_and_plain(tokens)[0])

    code, out, _err = run_cli(
        ["--library", str(library), "export", "--format", "json", str(path)], capsys
    )
    assert json.loads(out)["total"] == 1  # JSON keeps orphans as they were


# --- import -----------------------------------------------------------------------------------


def test_json_round_trip_through_an_empty_library_and_a_second_import_adds_nothing(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    path = story_file(tmp_path / "news")
    article = load_path(path)
    highlight_sentences(library, article, [0, 1, 3], {1: "first note", 3: "second\n\nnote"})
    exported = tmp_path / "highlights.json"
    code, _out, _err = run_cli(
        ["--library", str(library), "export", str(path), "-o", str(exported)], capsys
    )
    assert code == 0

    fresh = tmp_path / "fresh-library"
    code, out, err = run_cli(
        ["--library", str(fresh), "import", str(exported), "--article", str(path)], capsys
    )
    assert code == 0, err
    assert out.strip() == "added 3 highlights"

    code, again, _err = run_cli(
        ["--library", str(fresh), "export", "--format", "json", article.id], capsys
    )
    assert code == 0
    original = json.loads(exported.read_text(encoding="utf-8"))
    assert highlights_of(json.loads(again)) == highlights_of(original)

    code, out, _err = run_cli(["--library", str(fresh), "import", str(exported)], capsys)
    assert code == 0
    assert out.strip() == "added 0 highlights; 3 already in the library"
    assert len(LibraryStore(fresh).annotations(article.id)) == 3


def test_import_finds_the_article_by_the_annotations_source(
    capsys: pytest.CaptureFixture[str],
    library: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed = load_seed()
    made = highlight_sentences(library, seed, [1, 2], {})
    code, exported, _err = run_cli(
        ["--library", str(library), "export", "--format", "json"], capsys
    )
    other = tmp_path / "other-library"
    AnnotationSession(LibraryStore(other), seed)  # the library knows the seed, no highlights
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(exported.encode("utf-8"))))
    code, out, err = run_cli(["--library", str(other), "import", "-"], capsys)
    assert code == 0, err
    assert out.strip() == "added 2 highlights"
    assert {a.id for a in LibraryStore(other).annotations(seed.id)} == {a.id for a in made}


def test_import_counts_highlights_that_cannot_be_placed(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    path = story_file(tmp_path / "news")
    highlight_sentences(library, load_path(path), [1, 3], {})
    exported = tmp_path / "h.json"
    run_cli(["--library", str(library), "export", str(path), "-o", str(exported)], capsys)
    edited = story_file(tmp_path / "edited", text=EDITED_STORY)
    code, out, _err = run_cli(
        ["--library", str(tmp_path / "lib2"), "import", str(exported), "--article", str(edited)],
        capsys,
    )
    assert code == 0
    assert out.strip() == "added 2 highlights (1 could not be placed in the current text)"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{not json", "not valid JSON"),
        ('{"type": "Dataset"}', "expected a Web Annotation"),
        ('[{"type": "Annotation", "target": {"source": "x"}}]', "annotation 1"),
    ],
)
def test_import_of_a_bad_file_is_one_line(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path, content: str, fragment: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    code, _out, err = run_cli(["--library", str(library), "import", str(path)], capsys)
    assert code == 1
    assert_one_line_error(err, fragment)


def test_import_for_an_unknown_article_is_one_line(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    highlight_sentences(library, load_seed(), [1], {})
    exported = tmp_path / "h.json"
    run_cli(["--library", str(library), "export", "-o", str(exported)], capsys)
    code, _out, err = run_cli(
        ["--library", str(tmp_path / "empty"), "import", str(exported)], capsys
    )
    assert code == 1
    assert_one_line_error(err, "no article in the library", "--article")
    code, _out, err = run_cli(
        ["--library", str(library), "import", str(tmp_path / "missing.json")], capsys
    )
    assert code == 1
    assert_one_line_error(err, "missing.json", "no such file")
