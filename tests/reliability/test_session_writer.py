"""An annotation session saving through the app's writer thread.

Edits show at once and are saved by the writer; what ends on disk is what the session holds,
whatever the edits; a save that fails is told and kept, never lost; another process's saves
meanwhile are kept too. Tests wait for the writer with `flush`, never by time.
"""

from __future__ import annotations

import contextlib
import errno
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.analysis.entities.model import EntityType
from annotations.article.model import Article
from annotations.library.corrections import Correction, CorrectionKind
from annotations.library.model import Annotation, Color
from annotations.library.session import AlreadyHighlighted, AnnotationSession
from annotations.library.storage import EncodedTables, atomic_write_bytes, write_tables
from annotations.library.store import LibraryStore
from annotations.library.write_queue import WriteQueue

GIVE_UP_SECONDS = 60


@pytest.fixture
def writer() -> Iterator[WriteQueue]:
    queue = WriteQueue()
    yield queue
    queue.close(GIVE_UP_SECONDS)


def on_disk(folder: Path, article_id: str) -> list[Annotation]:
    """What a fresh store (another process, or the next run) reads."""
    return LibraryStore(folder).annotations(article_id)


def in_memory(session: AnnotationSession) -> list[Annotation]:
    held = [*session.highlights, *session.orphans]
    return sorted(held, key=lambda a: (a.start, a.end, a.created, a.id))


def hold(writer: WriteQueue) -> threading.Event:
    release, started = threading.Event(), threading.Event()

    def gate() -> None:
        started.set()
        release.wait(GIVE_UP_SECONDS)

    writer.submit(object(), gate)
    assert started.wait(GIVE_UP_SECONDS)
    return release


def test_an_edit_shows_at_once_and_is_on_disk_after_the_writer_ran(
    library: Path, seed_article: Article, writer: WriteQueue
) -> None:
    session = AnnotationSession(LibraryStore(library), seed_article, writer)
    release = hold(writer)
    made = session.create(0, 20, note="first")
    assert session.highlights == [made]  # shown before anything was written
    assert on_disk(library, seed_article.id) == []
    assert session.busy
    release.set()
    assert writer.flush(GIVE_UP_SECONDS)
    assert on_disk(library, seed_article.id) == [made]
    assert not session.busy and session.unsaved == 0


def test_quick_edits_are_written_together_not_one_file_write_each(
    library: Path, seed_article: Article, writer: WriteQueue, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = LibraryStore(library)
    session = AnnotationSession(store, seed_article, writer)
    writes: list[int] = []
    save_changes = store.save_changes

    def counting(*args: Any) -> tuple[object, object]:
        writes.append(len(args[1]))
        return save_changes(*args)

    monkeypatch.setattr(store, "save_changes", counting)
    release = hold(writer)
    made = [session.create(start, start + 5) for start in range(0, 500, 10)]
    for annotation in made[:10]:
        session.recolor(annotation, Color.PINK)
    session.delete(made[-1])
    release.set()
    assert writer.flush(GIVE_UP_SECONDS)
    assert writes == [50]  # 61 edits of 50 highlights: one write
    assert on_disk(library, seed_article.id) == in_memory(session)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_what_is_on_disk_equals_the_session_after_any_edits(
    tmp_path_factory: pytest.TempPathFactory, seed_article: Article, data: st.DataObject
) -> None:
    library = tmp_path_factory.mktemp("library")
    writer = WriteQueue()
    try:
        session = AnnotationSession(LibraryStore(library), seed_article, writer)
        length = len(seed_article.text)
        release: threading.Event | None = None
        for _ in range(data.draw(st.integers(1, 25), label="steps")):
            action = data.draw(
                st.sampled_from(
                    [
                        *("create", "color", "note", "tags", "delete", "undo", "redo"),
                        *("correct", "hold", "release", "flush"),
                    ]
                )
            )
            target = data.draw(st.sampled_from(session.highlights)) if session.highlights else None
            if action == "create":
                start = data.draw(st.integers(0, length - 2))
                end = data.draw(st.integers(start + 1, min(length, start + 80)))
                with contextlib.suppress(AlreadyHighlighted):
                    session.create(start, end)
            elif action == "color" and target is not None:
                session.recolor(target, data.draw(st.sampled_from(list(Color))))
            elif action == "note" and target is not None:
                session.set_note(target, data.draw(st.text(max_size=12)))
            elif action == "tags" and target is not None:
                session.set_tags(target, data.draw(st.lists(st.sampled_from("abc"), max_size=3)))
            elif action == "delete" and target is not None:
                session.delete(target)
            elif action == "undo":
                session.undo()
            elif action == "redo":
                session.redo()
            elif action == "correct":
                session.correct(
                    Correction.new(
                        seed_article.id,
                        CorrectionKind.ENTITY_TYPE,
                        entity="Meta",
                        entity_type=EntityType.ORG,
                    )
                )
            elif action == "hold" and release is None:
                release = hold(writer)
            elif action == "release" and release is not None:
                release.set()
                release = None
            elif action == "flush" and release is None:
                assert writer.flush(GIVE_UP_SECONDS)
        if release is not None:
            release.set()
        assert writer.flush(GIVE_UP_SECONDS)
        assert on_disk(library, seed_article.id) == in_memory(session)
        corrections = LibraryStore(library).corrections(seed_article.id)
        assert corrections == session.corrections
        assert session.unsaved == 0 and not writer.failures
    finally:
        writer.close(GIVE_UP_SECONDS)


def test_a_failed_save_is_told_kept_and_saved_on_retry(
    library: Path, seed_article: Article, writer: WriteQueue, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = AnnotationSession(LibraryStore(library), seed_article, writer)
    kept = session.create(0, 10)
    assert writer.flush(GIVE_UP_SECONDS)
    told: list[str] = []
    session.on_save_failed = told.append
    real_fsync = os.fsync

    def full(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    unsaved = session.create(20, 30)
    session.recolor(kept, Color.BLUE)
    assert writer.flush(GIVE_UP_SECONDS)
    assert told and "the disk is full" in told[-1]
    assert session.unsaved == 2
    assert in_memory(session)[1] == unsaved  # still shown
    assert on_disk(library, seed_article.id) == [kept]  # the file is as it was

    monkeypatch.setattr(os, "fsync", real_fsync)
    session.retry_unsaved()
    assert writer.flush(GIVE_UP_SECONDS)
    assert session.unsaved == 0
    assert on_disk(library, seed_article.id) == in_memory(session)


def test_an_edit_after_a_failed_save_saves_both(
    library: Path, seed_article: Article, writer: WriteQueue, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = AnnotationSession(LibraryStore(library), seed_article, writer)
    real_fsync = os.fsync

    def denied(_descriptor: int) -> None:
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "fsync", denied)
    session.create(0, 10)
    assert writer.flush(GIVE_UP_SECONDS)
    assert session.unsaved == 1
    monkeypatch.setattr(os, "fsync", real_fsync)
    session.create(20, 30)
    assert writer.flush(GIVE_UP_SECONDS)
    assert session.unsaved == 0
    assert len(on_disk(library, seed_article.id)) == 2


def test_another_process_saving_meanwhile_keeps_both_and_is_read_when_idle(
    library: Path, seed_article: Article, writer: WriteQueue
) -> None:
    session = AnnotationSession(LibraryStore(library), seed_article, writer)
    session.create(0, 10)
    assert writer.flush(GIVE_UP_SECONDS)
    other = AnnotationSession(LibraryStore(library), seed_article)  # another window
    theirs = other.create(40, 50)
    ours = session.create(20, 30)
    assert writer.flush(GIVE_UP_SECONDS)
    assert [a.id for a in on_disk(library, seed_article.id)][1:] == [ours.id, theirs.id]
    assert session.changed_elsewhere()
    loaded = session.load()
    assert loaded is not None and session.adopt(loaded)
    assert in_memory(session) == on_disk(library, seed_article.id)


def test_a_read_begun_before_an_edit_is_not_adopted(
    library: Path, seed_article: Article, writer: WriteQueue
) -> None:
    session = AnnotationSession(LibraryStore(library), seed_article, writer)
    loaded = session.load()
    assert loaded is not None
    made = session.create(0, 10)
    assert not session.adopt(loaded)  # it would hide the edit
    assert session.highlights == [made]


def test_the_reading_position_is_saved_by_the_writer_last_one_winning(
    library: Path, seed_article: Article, writer: WriteQueue
) -> None:
    session = AnnotationSession(LibraryStore(library), seed_article, writer)
    release = hold(writer)
    for offset in (10, 20, 30):
        session.save_reading_position(offset)
    assert writer.pending == 2  # the gate and one position
    release.set()
    assert writer.flush(GIVE_UP_SECONDS)
    record = LibraryStore(library).get_article(seed_article.id)
    assert record is not None and record.reading_position == 30


def test_unsaved_highlights_are_kept_in_a_file_shaped_like_the_articles(
    library: Path, seed_article: Article, tmp_path: Path
) -> None:
    session = AnnotationSession(LibraryStore(library), seed_article)
    made = session.create(0, 10, note="keep me")
    refused = tmp_path / "refused"  # not a folder: nothing can be written in it
    refused.write_text("")
    kept = session.keep_unsaved([refused, tmp_path])
    assert kept is not None and kept.parent == tmp_path
    target = tmp_path / "lib2" / "annotations" / "x.json"
    target.parent.mkdir(parents=True)
    kept.rename(target)
    assert [a.id for a in LibraryStore(tmp_path / "lib2").annotations("x")] == [made.id]


_NOTES = st.text(max_size=8)


@settings(max_examples=60, deadline=None)
@given(
    tables=st.dictionaries(
        st.sampled_from(["annotations", "corrections", "other"]),
        st.dictionaries(st.integers(1, 50), _NOTES, max_size=5),
        max_size=3,
    ),
    changes=st.lists(
        st.tuples(
            st.sampled_from(["annotations", "corrections"]),
            st.integers(1, 60).map(lambda n: f"n{n}"),
            st.one_of(st.none(), _NOTES),
        ),
        max_size=8,
    ),
)
def test_encoded_tables_write_what_tinydb_tables_would(
    tmp_path_factory: pytest.TempPathFactory,
    tables: dict[str, dict[int, str]],
    changes: list[tuple[str, str, str | None]],
) -> None:
    """Changed in place, the encoded file is byte for byte what `write_tables` writes for the
    same tables changed the same way (a new document takes TinyDB's next id: one more than
    the largest read, then counting on)."""
    original = {
        name: {str(k): {"id": f"n{k}", "note": note} for k, note in documents.items()}
        for name, documents in tables.items()
    }
    encoded = EncodedTables(original)
    expected = {name: dict(documents) for name, documents in original.items()}
    next_ids = {name: max(map(int, docs), default=0) + 1 for name, docs in original.items()}
    for table, key, note in changes:
        encoded.put(table, key, None if note is None else {"id": key, "note": note})
        documents = expected.setdefault(table, {})
        found = next((k for k, d in documents.items() if d["id"] == key), None)
        if note is None:
            if found is not None:
                del documents[found]
        elif found is not None:
            documents[found] = {"id": key, "note": note}
        else:
            number = next_ids.get(table, 1)
            next_ids[table] = number + 1
            documents[str(number)] = {"id": key, "note": note}
    path = tmp_path_factory.mktemp("encoded") / "file.json"
    write_tables(path, expected)
    assert encoded.to_bytes() == path.read_bytes()


def test_encoded_tables_written_in_pieces_are_the_same_file(tmp_path: Path) -> None:
    """An article with hundreds of highlights is written a few hundred documents at a time
    (so the writer lets go of the interpreter between pieces); the file is still exactly
    what `write_tables` writes, empty tables and several tables included."""
    tables = {
        "annotations": {str(k): {"id": f"n{k}", "note": "é" * (k % 3)} for k in range(1, 451)},
        "corrections": {},
        "extra": {"1": {"id": "x"}},
    }
    encoded = EncodedTables(tables)
    pieces = list(encoded.pieces())
    assert len(pieces) > 4 and max(map(len, pieces)) < len(b"".join(pieces)) // 2
    expected, written = tmp_path / "expected.json", tmp_path / "written.json"
    write_tables(expected, tables)
    atomic_write_bytes(written, encoded.pieces())
    assert written.read_bytes() == expected.read_bytes() == encoded.to_bytes()


def test_a_write_failing_between_pieces_leaves_the_old_file(tmp_path: Path) -> None:
    """A write that fails part way through its pieces leaves the old file whole and no
    temporary file behind."""
    path = tmp_path / "file.json"
    path.write_bytes(b"old")

    def pieces() -> Iterator[bytes]:
        yield b"new, part one"
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError):
        atomic_write_bytes(path, pieces())
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.json"]
