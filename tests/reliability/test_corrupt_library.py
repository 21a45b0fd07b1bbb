"""The corrupt-library matrix, through the CLI: faults never lose and never hide.

Each case damages one file of a library holding two articles with highlights, runs
`newsdesk list` (and `export` where it matters), and checks the exit status, that stderr names
what was set aside and where, what the aside file holds, and that no other file changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import run_cli

import annotations.library.storage as storage
from annotations.article.model import Article, article_from_plain_text
from annotations.library.anchoring import describe
from annotations.library.model import Annotation
from annotations.library.store import INDEX_FILE, TEXTS_FOLDER, LibraryStore, annotations_file

TEXT_A = "Alpha story\n\nThe first sentence of alpha. The second sentence of alpha."
TEXT_B = "Beta story\n\nThe first sentence of beta. The second sentence of beta."


def make_library(folder: Path) -> tuple[Article, Article, list[Annotation]]:
    store = LibraryStore(folder)
    articles = [
        article_from_plain_text(text, source=f"{name}.txt", source_key=f"k:{name}")
        for name, text in (("alpha", TEXT_A), ("beta", TEXT_B))
    ]
    saved: list[Annotation] = []
    for article in articles:
        store.open_article(article.id, article.source, article.title, article.fingerprint)
        store.keep_article(article)
        store.set_reading_position(article.id, 17)
        for start, end in ((12, 40), (41, 66)):
            position, quote = describe(article.text, start, end)
            annotation = Annotation.new(article.id, position, quote, note="n")
            store.add(annotation)
            saved.append(annotation)
    return articles[0], articles[1], saved


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }


def aside_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if ".corrupt-" in path.name)


def cli(library: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run_cli(["--library", str(library), *args], capsys)


def list_rows(out: str, article: Article) -> list[str]:
    return [line for line in out.splitlines() if article.id[:8] in line]


# --- whole files ---


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:20])


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00\xffnot json at all")


def _wrong_shape(path: Path) -> None:
    path.write_text('["a", "list"]')


def _directory(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "inside").write_text("x")


CASES: dict[str, Callable[[Path], None]] = {
    "truncated": _truncate,
    "garbage": _garbage,
    "wrong shape": _wrong_shape,
    "directory": _directory,
}


@pytest.mark.parametrize("damage", CASES.values(), ids=CASES.keys())
def test_a_bad_annotations_file_is_set_aside_and_said(
    damage: Callable[[Path], None], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = tmp_path / "lib"
    alpha, beta, _saved = make_library(library)
    target = annotations_file(library, alpha.id)
    damage(target)
    damaged = target.read_bytes() if target.is_file() else None
    damaged_name = f"annotations/{target.name}"
    before = {k: v for k, v in snapshot(library).items() if not k.startswith(damaged_name)}
    code, out, err = cli(library, capsys, "list")
    assert code == 0 and "Traceback" not in err
    (aside,) = aside_files(library)
    assert f"{target.name} could not be read" in err and str(aside) in err
    if damaged is not None:
        assert aside.read_bytes() == damaged  # kept exactly as it was
    else:
        assert (aside / "inside").read_text() == "x"
    # Beta and the index are untouched; alpha is still listed, with no highlights now.
    after = snapshot(library)
    assert {k: v for k, v in after.items() if k in before} == before
    assert " 2 " in list_rows(out, beta)[0]
    assert len(list_rows(out, alpha)) == 1


@pytest.mark.parametrize("damage", CASES.values(), ids=CASES.keys())
def test_a_lost_index_is_rebuilt_from_texts_and_annotations(
    damage: Callable[[Path], None], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = tmp_path / "lib"
    alpha, beta, saved = make_library(library)
    damage(library / INDEX_FILE)
    code, out, err = cli(library, capsys, "list")
    assert code == 0 and "Traceback" not in err
    (aside,) = aside_files(library)
    assert f"{INDEX_FILE} could not be read" in err and str(aside) in err
    assert "rebuilt the library index" in err and "2 articles found again" in err
    for article in (alpha, beta):
        (row,) = list_rows(out, article)
        assert article.title in row and " 2 " in row
    # Every highlight is reachable again: export by id finds the article and its highlights.
    code, exported, err = cli(library, capsys, "export", alpha.id, "--format", "json")
    assert code == 0, err
    collection = json.loads(exported)
    assert collection["label"] == alpha.title
    assert collection["total"] == sum(1 for a in saved if a.article_id == alpha.id)


def test_an_unreadable_file_is_set_aside_and_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    library = tmp_path / "lib"
    alpha, _beta, _saved = make_library(library)
    target = annotations_file(library, alpha.id)
    content = target.read_bytes()
    real_read = storage.read_regular_file

    def unreadable(path: Path, limit: int | None = None) -> bytes:
        if path == target and path.exists():  # as chmod 000 would, for root too
            raise PermissionError(13, "Permission denied")
        return real_read(path, limit)

    monkeypatch.setattr(storage, "read_regular_file", unreadable)
    code, _out, err = cli(library, capsys, "list")
    assert code == 0 and "Traceback" not in err, err
    (aside,) = aside_files(library)
    assert "could not be read (cannot be read (Permission denied))" in err and str(aside) in err
    assert aside.read_bytes() == content


def test_a_kept_text_that_is_a_directory_is_set_aside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = tmp_path / "lib"
    alpha, _beta, _saved = make_library(library)
    (text_file,) = [p for p in (library / TEXTS_FOLDER).glob("*.json") if alpha.id in p.name]
    text_file.unlink()
    text_file.mkdir()
    code, _out, err = cli(library, capsys, "export", alpha.id)
    assert "Traceback" not in err
    assert "could not be read (not a regular file (a directory))" in err
    assert code == 1  # its source alpha.txt is gone too: said in one more line
    assert "cannot be read again" in err


# --- single documents ---


def _set_field(path: Path, table: str, number: str, field: str, value: object) -> None:
    data = json.loads(path.read_text())
    data[table][number][field] = value
    path.write_text(json.dumps(data))


@pytest.mark.parametrize(
    ("field", "value"),
    [("color", "magenta"), ("position", {"start": 50, "end": 10}), ("tags", 7)],
)
def test_a_bad_highlight_is_set_aside_alone(
    field: str, value: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = tmp_path / "lib"
    alpha, _beta, saved = make_library(library)
    target = annotations_file(library, alpha.id)
    _set_field(target, "annotations", "1", field, value)
    bad = json.loads(target.read_text())["annotations"]["1"]
    code, out, err = cli(library, capsys, "list")
    assert code == 0 and "Traceback" not in err
    (aside,) = aside_files(library)
    assert f"{target.name}: 1 entry could not be read" in err and str(aside) in err
    assert "kept the other 1" in err
    assert json.loads(aside.read_text()) == {"annotations": {"1": bad}}
    (row,) = list_rows(out, alpha)
    assert " 1 " in row  # the other highlight is still there
    remaining = LibraryStore(library).annotations(alpha.id)
    assert [a.id for a in remaining] == [saved[1].id]


@pytest.mark.parametrize(
    ("field", "value"),
    [("reading_position", "top"), ("meta", 5), ("text_file", 5), ("title", None)],
)
def test_a_bad_index_record_is_set_aside_alone(
    field: str, value: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = tmp_path / "lib"
    alpha, beta, _saved = make_library(library)
    index = library / INDEX_FILE
    _set_field(index, "articles", "1", field, value)
    bad = json.loads(index.read_text())["articles"]["1"]
    code, out, err = cli(library, capsys, "list")
    assert code == 0 and "Traceback" not in err
    (aside,) = aside_files(library)
    assert f"{INDEX_FILE}: 1 entry could not be read" in err and str(aside) in err
    assert json.loads(aside.read_text()) == {"articles": {"1": bad}}
    assert "still listed with what could be read of it" in err
    # Nothing becomes unreachable: alpha is listed again, every readable field kept.
    assert list_rows(out, beta) and list_rows(out, alpha)
    store = LibraryStore(library)
    record = store.get_article(alpha.id)
    assert record is not None
    for key in ("source", "first_opened", "last_opened", "reading_position"):
        if key != field:
            assert getattr(record, key) == bad[key]
    assert record.title == (alpha.title if field == "title" else bad["title"])
    assert len(store.annotations(alpha.id)) == 2


# --- versions ---


@pytest.mark.parametrize("meta", [None, {"1": {"schema": "1"}}, {"1": {"version": 1}}])
def test_a_lost_version_mark_is_repaired_not_migrated(
    meta: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = tmp_path / "lib"
    alpha, _beta, _saved = make_library(library)
    index = library / INDEX_FILE
    data = json.loads(index.read_text())
    if meta is None:
        del data["meta"]
    else:
        data["meta"] = meta
    index.write_text(json.dumps(data))
    (library / "library.v0.json").write_text('{"an": "earlier backup"}')
    code, _out, err = cli(library, capsys, "list")
    assert code == 0 and "Traceback" not in err
    assert "had no valid schema version" in err and "kept its 2 articles" in err
    assert (library / "library.v0.json").read_text() == '{"an": "earlier backup"}'
    assert not (library / "library.v0-2.json").exists()
    repaired = json.loads(index.read_text())
    assert repaired["meta"] == {"1": {"schema": 1}}
    assert repaired["articles"] == data["articles"]  # positions, first_opened: all kept
    record = LibraryStore(library).get_article(alpha.id)
    assert record is not None and record.reading_position == 17


def test_a_real_v0_library_never_overwrites_an_earlier_backup(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    v0 = {
        "articles": {
            "1": {
                "id": "a1",
                "source": "s.txt",
                "title": "T",
                "fingerprint": "f",
                "opened": "2024-01-01T00:00:00Z",
                "position": 12,
            }
        },
        "highlights": {
            "1": {"id": "h1", "article": "a1", "start": 0, "end": 4, "text": "Some"},
        },
    }
    (library / INDEX_FILE).write_text(json.dumps(v0))
    (library / "library.v0.json").write_text('{"an": "earlier backup"}')
    store = LibraryStore(library)
    assert (library / "library.v0.json").read_text() == '{"an": "earlier backup"}'
    assert json.loads((library / "library.v0-2.json").read_text()) == v0
    assert any("library.v0-2.json" in warning for warning in store.warnings)
    record = store.get_article("a1")
    assert record is not None and record.reading_position == 12
    assert [a.id for a in store.annotations("a1")] == ["h1"]


async def test_the_app_says_when_it_sets_something_aside(tmp_path: Path) -> None:
    from tui.app import NewsdeskApp
    from tui.screens.reader import ReaderScreen

    library = tmp_path / "lib"
    alpha, _beta, saved = make_library(library)
    store = LibraryStore(library)
    app = NewsdeskApp(alpha, store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert len(screen.session.highlights) == 2
        # Another program damages one highlight while the app runs; the next poll finds it.
        _set_field(annotations_file(library, alpha.id), "annotations", "2", "color", "magenta")
        screen.poll_store()
        await app.workers.wait_for_complete()  # the poll reads in a worker thread
        await pilot.pause()
        (aside,) = aside_files(library)
        messages = [n.message for n in app._notifications]
        assert any("1 entry could not be read" in m and str(aside) in m for m in messages)
        assert [a.id for a in screen.session.highlights] == [saved[0].id]


def test_an_index_deleted_while_open_is_rebuilt_before_the_next_write(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    alpha, beta, _saved = make_library(library)
    store = LibraryStore(library)
    (library / INDEX_FILE).unlink()
    store.open_article("new", "new.txt", "New", "fp")
    assert {record.id for record in store.articles()} == {alpha.id, beta.id, "new"}
    assert any("was missing" in warning for warning in store.warnings)
