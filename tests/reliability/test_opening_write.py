"""Opening an article in the app records it in the library from the writer's thread.

The reader's first frame does not wait for that write (an fsynced rewrite of the index): the
session knows the record opening makes and the writer writes it, before any later change to
the article. A crash before it was written loses nothing the user saved: the library is as
the previous run left it, and the article reopens with its highlights. Tests wait on events
and on the writer's `flush`, never by time.
"""

from __future__ import annotations

import errno
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from annotations.article.model import Article
from annotations.library.model import ArticleRecord
from annotations.library.reopen import reopen_article
from annotations.library.session import AnnotationSession
from annotations.library.store import INDEX_FILE, LibraryStore
from annotations.library.write_queue import WriteQueue

GIVE_UP_SECONDS = 60


@pytest.fixture
def writer() -> Iterator[WriteQueue]:
    queue = WriteQueue()
    yield queue
    queue.close(GIVE_UP_SECONDS)


def records_on_disk(library: Path) -> dict[str, dict[str, Any]]:
    """The index's article records as the file holds them (read without the store, whose
    reads wait for the writer)."""
    index = json.loads((library / INDEX_FILE).read_text(encoding="utf-8"))
    return {document["id"]: document for document in index["articles"].values()}


class HeldOpening:
    """Holds the store's `open_article` (in the writer's thread) until released."""

    def __init__(self, store: LibraryStore, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        real = store.open_article

        def held(*args: Any, **kwargs: Any) -> ArticleRecord:
            self.started.set()
            assert self.release.wait(GIVE_UP_SECONDS)
            return real(*args, **kwargs)

        monkeypatch.setattr(store, "open_article", held)


def test_the_session_is_ready_before_the_opening_is_written_and_it_is_written_after(
    library: Path, seed_article: Article, writer: WriteQueue, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = LibraryStore(library)
    opening = HeldOpening(store, monkeypatch)
    session = AnnotationSession(store, seed_article, writer)
    assert opening.started.wait(GIVE_UP_SECONDS)  # in the writer's thread, not in ours
    assert seed_article.id not in records_on_disk(library)
    record = session.record
    assert (record.id, record.title, record.reading_position) == (
        seed_article.id,
        seed_article.title,
        0,
    )
    opening.release.set()
    assert writer.flush(GIVE_UP_SECONDS)
    assert LibraryStore(library).get_article(seed_article.id) == record  # what it said
    assert LibraryStore(library).kept_article(seed_article.id) == seed_article


def test_reopening_keeps_the_reading_position_and_first_opened(
    library: Path, seed_article: Article, writer: WriteQueue
) -> None:
    first = AnnotationSession(LibraryStore(library), seed_article)  # written at once
    first.save_reading_position(120)
    before = LibraryStore(library).get_article(seed_article.id)
    assert before is not None
    again = AnnotationSession(LibraryStore(library), seed_article, writer)
    assert again.record.reading_position == 120
    assert again.record.first_opened == before.first_opened
    assert writer.flush(GIVE_UP_SECONDS)
    assert LibraryStore(library).get_article(seed_article.id) == again.record


def test_a_highlight_made_at_once_is_saved_after_the_opening(
    library: Path, seed_article: Article, writer: WriteQueue, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = LibraryStore(library)
    opening = HeldOpening(store, monkeypatch)
    session = AnnotationSession(store, seed_article, writer)
    made = session.create(0, 4)  # queued behind the opening
    assert opening.started.wait(GIVE_UP_SECONDS)
    opening.release.set()
    assert writer.flush(GIVE_UP_SECONDS)
    fresh = LibraryStore(library)
    assert fresh.get_article(seed_article.id) == session.record
    assert fresh.annotations(seed_article.id) == [made]


def test_a_disk_that_refuses_the_opening_is_a_warning(
    library: Path, seed_article: Article, writer: WriteQueue, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = LibraryStore(library)

    def refuse(*_args: Any, **_kwargs: Any) -> ArticleRecord:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(store, "open_article", refuse)
    session = AnnotationSession(store, seed_article, writer)
    assert writer.flush(GIVE_UP_SECONDS)
    assert store.warnings == [
        "could not record this article in the library (the disk is read-only)"
    ]
    made = session.create(0, 4)  # the reader goes on; highlights are still saved
    assert writer.flush(GIVE_UP_SECONDS)
    assert LibraryStore(library).annotations(seed_article.id) == [made]


CRASH_BEFORE_THE_OPENING_IS_WRITTEN = """
import os, sys, threading
from pathlib import Path
from annotations.library.session import AnnotationSession
from annotations.library.store import LibraryStore
from annotations.library.write_queue import WriteQueue
from annotations.sources.load import load_seed

store = LibraryStore(Path(sys.argv[1]))
never = threading.Event()
store.open_article = lambda *args, **kwargs: never.wait()  # the disk never gets to it
session = AnnotationSession(store, load_seed(), WriteQueue())
print(session.record.last_opened, flush=True)
os._exit(1)  # the crash
"""


def test_a_crash_before_the_opening_is_written_loses_nothing(
    library: Path, seed_article: Article
) -> None:
    earlier = AnnotationSession(LibraryStore(library), seed_article)
    made = earlier.create(10, 30, note="kept")
    earlier.save_reading_position(200)
    before = LibraryStore(library).get_article(seed_article.id)
    assert before is not None
    crashed = subprocess.run(
        [sys.executable, "-c", CRASH_BEFORE_THE_OPENING_IS_WRITTEN, str(library)],
        capture_output=True,
        text=True,
        timeout=GIVE_UP_SECONDS,
        check=False,
    )
    assert crashed.returncode == 1, crashed.stderr
    assert crashed.stdout.strip() > before.last_opened  # it had opened the article anew
    store = LibraryStore(library)
    record = store.get_article(seed_article.id)
    assert record == before  # as the earlier run left it
    assert record is not None
    reopened = reopen_article(store, record)
    assert reopened.text == seed_article.text
    session = AnnotationSession(store, reopened)
    assert session.highlights == [made]
    assert session.record.reading_position == 200
