"""LibraryStore: every method, corrupt files, schema migration, and unicode round trips."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from clock_support import ticking_clock
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.library.anchoring import describe
from annotations.library.model import Annotation, Color
from annotations.library.store import (
    ANNOTATIONS_FOLDER,
    INDEX_FILE,
    SCHEMA_VERSION,
    LibraryStore,
    LibraryVersionError,
    annotations_file,
)

TEXT = "The minister said on Monday that the budget would be balanced by next year. " * 3


def highlight(article_id: str, start: int, end: int, **changes: object) -> Annotation:
    return Annotation.new(article_id, *describe(TEXT, start, end), **changes)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> LibraryStore:
    return LibraryStore(tmp_path / "library")


# --- articles -------------------------------------------------------------------------------


def test_store_creates_its_folder_and_a_versioned_index(tmp_path: Path) -> None:
    folder = tmp_path / "deep" / "library"
    store = LibraryStore(folder)
    index = json.loads((folder / INDEX_FILE).read_text())
    assert index["meta"]["1"]["schema"] == SCHEMA_VERSION
    assert store.articles() == [] and store.warnings == []


def test_open_article_creates_then_updates(store: LibraryStore) -> None:
    first = store.open_article("a1", "/news/a.txt", "Old title", "fp1")
    assert (first.id, first.title, first.fingerprint) == ("a1", "Old title", "fp1")
    assert first.first_opened == first.last_opened
    again = store.open_article("a1", "/news/a.txt", "New title", "fp2")
    assert again.first_opened == first.first_opened
    assert again.last_opened >= first.last_opened
    assert (again.title, again.fingerprint) == ("New title", "fp2")
    assert store.get_article("a1") == again
    assert len(store.articles()) == 1


def test_get_article_of_unknown_id_is_none(store: LibraryStore) -> None:
    assert store.get_article("nope") is None


def test_articles_are_most_recently_opened_first(
    store: LibraryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticking_clock(monkeypatch)  # each opening is later than the one before, however fast
    for article_id in ("a", "b", "c", "a"):
        store.open_article(article_id, f"src-{article_id}", article_id.upper(), "fp")
    assert [record.id for record in store.articles()] == ["a", "c", "b"]


def test_reading_position_is_kept_across_reopening(store: LibraryStore, tmp_path: Path) -> None:
    store.open_article("a1", "s", "T", "fp")
    store.set_reading_position("a1", 1234)
    store.set_reading_position("unknown", 5)  # ignored
    reopened = LibraryStore(tmp_path / "library")
    record = reopened.get_article("a1")
    assert record is not None and record.reading_position == 1234
    assert reopened.open_article("a1", "s", "T", "fp").reading_position == 1234


def test_remove_article_removes_its_annotations(store: LibraryStore) -> None:
    store.open_article("a1", "s", "T", "fp")
    store.open_article("a2", "s", "T", "fp")
    store.add(highlight("a1", 0, 12))
    kept = highlight("a2", 4, 12)
    store.add(kept)
    store.remove_article("a1")
    assert store.get_article("a1") is None
    assert store.annotations("a1") == []
    assert not annotations_file(store.folder, "a1").exists()
    assert store.annotations("a2") == [kept]
    store.remove_article("never-there")  # no error


# --- annotations ----------------------------------------------------------------------------


def test_add_then_annotations_returns_equal_values_in_reading_order(store: LibraryStore) -> None:
    later, earlier, same_start_longer = (
        highlight("a1", 40, 50),
        highlight("a1", 4, 12),
        highlight("a1", 4, 20),
    )
    for annotation in (later, earlier, same_start_longer):
        assert store.add(annotation) is True
    assert store.annotations("a1") == [earlier, same_start_longer, later]
    assert store.annotations("other") == []


def test_add_is_idempotent_on_id(store: LibraryStore) -> None:
    annotation = highlight("a1", 4, 12)
    assert store.add(annotation) is True
    assert store.add(annotation.with_note("changed")) is False
    assert store.annotations("a1") == [annotation]


def test_update_replaces_by_id_and_reports_missing(store: LibraryStore) -> None:
    annotation = highlight("a1", 4, 12)
    store.add(annotation)
    changed = annotation.with_note("why this matters").with_color(Color.PINK).with_tags(["x"])
    assert store.update(changed) is True
    assert store.annotations("a1") == [changed]
    assert store.update(highlight("a1", 0, 3)) is False
    assert len(store.annotations("a1")) == 1


def test_delete_removes_only_that_annotation(store: LibraryStore) -> None:
    first, second = highlight("a1", 4, 12), highlight("a1", 20, 30)
    store.add(first)
    store.add(second)
    assert store.delete(first.id, "a1") is True
    assert store.delete(first.id, "a1") is False
    assert store.annotations("a1") == [second]


def test_counts_highlights_and_notes(store: LibraryStore) -> None:
    assert store.counts("a1") == (0, 0)
    store.add(highlight("a1", 0, 3, note="a note"))
    store.add(highlight("a1", 4, 8, note="   "))
    store.add(highlight("a1", 9, 12))
    assert store.counts("a1") == (3, 1)


def test_changes_are_on_disk_at_once(store: LibraryStore, tmp_path: Path) -> None:
    annotation = highlight("a1", 4, 12)
    store.add(annotation)
    assert LibraryStore(tmp_path / "library").annotations("a1") == [annotation]


def test_revision_changes_with_every_change_of_that_article(store: LibraryStore) -> None:
    seen = [store.revision("a1")]
    annotation = highlight("a1", 4, 12)
    store.add(annotation)
    seen.append(store.revision("a1"))
    # Same size and (possibly) same mtime: the replaced file still has a new inode.
    store.update(annotation.with_color(Color.BLUE))
    seen.append(store.revision("a1"))
    other_before = store.revision("a2")
    store.delete(annotation.id, "a1")
    seen.append(store.revision("a1"))
    assert len(set(seen)) == len(seen)
    assert store.revision("a2") == other_before
    assert store.revision("a1") == store.revision("a1")


def test_library_revision_changes_when_the_index_changes(store: LibraryStore) -> None:
    before = store.library_revision()
    store.open_article("a1", "s", "T", "fp")
    assert store.library_revision() != before


def test_a_second_store_sees_the_first_stores_changes(tmp_path: Path) -> None:
    one, two = LibraryStore(tmp_path / "lib"), LibraryStore(tmp_path / "lib")
    first, second = highlight("a1", 4, 12), highlight("a1", 20, 30)
    one.add(first)
    two.add(second)  # must not be based on a stale copy
    one.open_article("x", "s", "T", "fp")
    two.open_article("y", "s", "T", "fp")
    assert one.annotations("a1") == [first, second]
    assert {record.id for record in one.articles()} == {"x", "y"}


def test_unusual_article_ids_get_safe_file_names(store: LibraryStore) -> None:
    article_id = "../../etc/passwd?x=ü"
    annotation = highlight(article_id, 4, 12)
    store.add(annotation)
    path = annotations_file(store.folder, article_id)
    assert path.parent == store.folder / ANNOTATIONS_FOLDER
    assert path.exists()
    assert store.annotations(article_id) == [annotation]


def test_leftover_temp_files_are_removed_on_open(tmp_path: Path) -> None:
    LibraryStore(tmp_path / "lib")
    leftover = tmp_path / "lib" / ANNOTATIONS_FOLDER / ".a1.json.deadbeef.tmp"
    leftover.write_text("{partial")
    LibraryStore(tmp_path / "lib")
    assert not leftover.exists()


# --- corrupt files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b'{"annotations": {"1": {"id": "x", "arti',  # truncated
        b"",  # empty
        b"\xff\xfe not utf-8",
        b'["a", "list"]',  # wrong shape for TinyDB
        b'{"annotations": {"one": {}}}',  # bad document id
    ],
)
def test_corrupt_annotations_file_is_moved_aside_never_overwritten(
    store: LibraryStore, content: bytes
) -> None:
    path = annotations_file(store.folder, "a1")
    path.write_bytes(content)
    assert store.annotations("a1") == []
    assert len(store.warnings) == 1
    moved = [p for p in path.parent.iterdir() if p.name.startswith("a1.json.corrupt-")]
    assert len(moved) == 1
    assert moved[0].read_bytes() == content
    assert str(moved[0]) in store.warnings[0]
    annotation = highlight("a1", 4, 12)
    store.add(annotation)
    assert store.annotations("a1") == [annotation]
    assert moved[0].read_bytes() == content


def test_corrupt_file_found_by_a_write_is_moved_aside_first(store: LibraryStore) -> None:
    path = annotations_file(store.folder, "a1")
    path.write_text("{not json")
    annotation = highlight("a1", 4, 12)
    assert store.add(annotation) is True
    assert store.annotations("a1") == [annotation]
    assert len(list(path.parent.glob("a1.json.corrupt-*"))) == 1
    assert len(store.warnings) == 1


def test_two_corruptions_in_one_second_keep_both_copies(store: LibraryStore) -> None:
    path = annotations_file(store.folder, "a1")
    for content in ("{first", "{second"):
        path.write_text(content)
        store.annotations("a1")
    copies = sorted(p.read_text() for p in path.parent.glob("a1.json.corrupt-*"))
    assert copies == ["{first", "{second"]


def test_corrupt_index_is_moved_aside_when_the_store_opens(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    store = LibraryStore(folder)
    store.open_article("a1", "s", "T", "fp")
    annotation = highlight("a1", 4, 12)
    store.add(annotation)
    index = folder / INDEX_FILE
    index.write_bytes(index.read_bytes()[:25])
    reopened = LibraryStore(folder)
    assert len(reopened.warnings) == 2 and INDEX_FILE in reopened.warnings[0]
    # The index is rebuilt from the annotation files: the article is found again.
    assert "rebuilt" in reopened.warnings[1]
    assert [record.id for record in reopened.articles()] == ["a1"]
    # Annotations live in their own file and survive the loss of the index.
    assert reopened.annotations("a1") == [annotation]


def test_index_with_a_bad_article_record_is_moved_aside(store: LibraryStore) -> None:
    store.open_article("a1", "s", "T", "fp")
    index = store.folder / INDEX_FILE
    data = json.loads(index.read_text())
    data["articles"]["1"]["reading_position"] = "top"
    index.write_text(json.dumps(data))
    assert store.get_article("a1") is None
    assert "corrupt-" in store.warnings[0]


def test_library_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    newer = {"meta": {"1": {"schema": SCHEMA_VERSION + 1}}, "articles": {}}
    (folder / INDEX_FILE).write_text(json.dumps(newer))
    with pytest.raises(LibraryVersionError):
        LibraryStore(folder)
    assert json.loads((folder / INDEX_FILE).read_text()) == newer


# --- migration --------------------------------------------------------------------------------

V0_LIBRARY = {
    "articles": {
        "1": {
            "id": "art1",
            "source": "/news/one.txt",
            "title": "One",
            "fingerprint": "abc",
            "opened": "2024-05-01T10:00:00.000Z",
            "position": 321,
        },
        "2": {"id": "art2", "source": "seed:x", "title": "Two", "fingerprint": "def"},
    },
    "highlights": {
        "1": {
            "id": "h1",
            "article": "art1",
            "start": 4,
            "end": 12,
            "text": "minister",
            "color": "green",
            "note": "who?",
            "tags": "politics, #people,,Politics",
            "created": "2024-05-01T10:05:00.000Z",
        },
        "2": {
            "id": "h2",
            "article": "art1",
            "start": 0,
            "end": 3,
            "text": "The",
            "color": "chartreuse",
            "created": "2024-05-01T10:06:00.000Z",
        },
        "3": {"id": "h3", "article": "art2", "start": 1, "end": 2, "text": "h"},
        "4": {"id": "broken", "start": 1},
    },
}


def test_v0_library_is_migrated_to_the_current_schema(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / INDEX_FILE).write_text(json.dumps(V0_LIBRARY))
    store = LibraryStore(folder)

    one = store.get_article("art1")
    assert one is not None
    assert (one.title, one.fingerprint, one.reading_position) == ("One", "abc", 321)
    assert one.first_opened == one.last_opened == "2024-05-01T10:00:00.000Z"
    assert store.get_article("art2") is not None

    h2, h1 = store.annotations("art1")
    assert (h1.id, h1.start, h1.end, h1.quote.exact) == ("h1", 4, 12, "minister")
    assert (h1.color, h1.note, h1.tags) == (Color.GREEN, "who?", ("politics", "people"))
    assert h1.updated == h1.created == "2024-05-01T10:05:00.000Z"
    assert h2.color is Color.YELLOW  # unknown colour names fall back to the default
    assert [a.id for a in store.annotations("art2")] == ["h3"]

    assert any("broken" in warning or "4" in warning for warning in store.warnings)
    index = json.loads((folder / INDEX_FILE).read_text())
    assert index["meta"]["1"]["schema"] == SCHEMA_VERSION
    assert json.loads((folder / "library.v0.json").read_text()) == V0_LIBRARY
    # Opening again does not migrate again.
    assert LibraryStore(folder).warnings == []


# --- properties -------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(note=st.text(), tags=st.lists(st.text(), max_size=6), article_id=st.text(min_size=1))
def test_any_unicode_note_and_tags_round_trip(note: str, tags: list[str], article_id: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = LibraryStore(Path(folder))
        annotation = Annotation.new(
            article_id, *describe(TEXT, 4, 12), note=note, tags=tags, color=Color.BLUE
        )
        store.add(annotation)
        assert LibraryStore(Path(folder)).annotations(article_id) == [annotation]


def test_lone_surrogates_in_a_quote_round_trip(store: LibraryStore) -> None:
    text = "bad byte \udcff here"
    annotation = Annotation.new("a1", *describe(text, 4, 12))
    store.add(annotation)
    assert store.annotations("a1") == [annotation]


def test_kept_articles_round_trip_and_are_removed_with_the_article(tmp_path: Path) -> None:
    from annotations.sources.load import article_from_text

    store = LibraryStore(tmp_path)
    article = article_from_text(
        "# Title\n\nA *para* with [a link](http://x).\n\n> quoted\n\n1. one\n2. two\n",
        source="doc.md",
        source_key="file:/doc.md",
        fmt="markdown",
    )
    assert store.kept_article(article.id) is None
    store.keep_article(article)
    kept = store.kept_article(article.id)
    assert kept == article
    assert kept is not None and kept.blocks == article.blocks
    store.open_article(article.id, article.source, article.title, article.fingerprint)
    store.remove_article(article.id)
    assert store.kept_article(article.id) is None


def test_a_corrupt_kept_article_is_moved_aside(tmp_path: Path) -> None:
    from annotations.article.model import article_from_plain_text

    store = LibraryStore(tmp_path)
    article = article_from_plain_text("Some text here.", source="s", source_key="k")
    store.keep_article(article)
    kept_files = list((tmp_path / "texts").iterdir())
    kept_files[0].write_text('{"text": "trunc', encoding="utf-8")
    assert store.kept_article(article.id) is None
    assert any(".corrupt-" in p.name for p in (tmp_path / "texts").iterdir())
    assert store.warnings and "moved it to" in store.warnings[-1]
