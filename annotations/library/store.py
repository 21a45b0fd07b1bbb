"""The library: which articles were opened, and their highlights, kept in a folder.

Layout of a library folder::

    library.json              articles index and schema version (TinyDB: "meta", "articles")
    annotations/<article>.json one TinyDB file per article with its "annotations"
    .library.lock             the lock every writer holds

One file per article keeps the cost of saving a highlight proportional to that article's
highlights, not to the whole library (TinyDB rewrites a whole file on every change).

Safety:

- every change is written when it is made, through `AtomicJSONStorage` (temp file, fsync,
  rename, fsync folder), so a crash leaves the old or the new file;
- every read-modify-write holds a `filelock.FileLock` on the library and opens a fresh TinyDB
  inside it, so two processes never lose each other's changes (TinyDB's cached next id and
  query cache are never reused across operations; annotations carry UUIDs);
- a file that exists but cannot be parsed (or is a directory, FIFO or device, or unreadable)
  is never overwritten: it is renamed to ``<name>.corrupt-<UTC time>``, a warning naming
  that file is added to `LibraryStore.warnings` (and passed to `LibraryStore.on_warning`),
  and the store goes on with an empty file;
- a file that parses but holds a few bad documents (a highlight with an unknown colour, an
  article record with a wrong field) keeps the good ones: only the bad documents are moved,
  to ``<name>.corrupt-<UTC time>``, with a warning;
- a lost index (missing, or moved aside) is rebuilt from the kept texts (``texts/``) and the
  annotation files, so nothing saved becomes unreachable;
- the schema version lives in ``library.json``; older libraries are upgraded by the step
  functions in `MIGRATIONS` when the store opens; an index whose version mark is lost or
  malformed but whose records are current is repaired, not migrated;
- temporary files left by a writer that was killed are deleted when the store opens.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tinydb import Query, TinyDB

if TYPE_CHECKING:
    from filelock import FileLock  # imported on first use: ~10 ms of the app's start-up

from annotations.article.model import Article, article_from_dict, article_to_dict
from annotations.dates import iso_utc, utc_now
from annotations.errors import NewsdeskError
from annotations.library.corrections import Correction
from annotations.library.model import (
    Annotation,
    ArticleRecord,
    Color,
    TextPositionSelector,
    TextQuoteSelector,
    normalize_tags,
)
from annotations.library.storage import (
    TEMP_SUFFIX,
    AtomicJSONStorage,
    CorruptDocumentsError,
    CorruptFileError,
    Documents,
    EncodedTables,
    Tables,
    Validator,
    atomic_write_bytes,
    bad_documents,
    fsync_folder,
    is_disk_problem,
    loads_json,
    os_error_reason,
    read_regular_file,
    read_tables,
    write_tables,
)
from annotations.library.write_queue import flush_all

SCHEMA_VERSION = 1
#: How long a read waits for this process's queued writes before reading what is on disk (a
#: bound for a hung disk; a healthy write takes milliseconds).
READ_WAITS_FOR_WRITES_SECONDS = 10.0
INDEX_FILE = "library.json"
ANNOTATIONS_FOLDER = "annotations"
#: Copies of the articles themselves, so a URL or a moved file reopens from the library.
TEXTS_FOLDER = "texts"
#: Analyses (`annotations.analysis.cache.CACHE_FOLDER`); cleaned of stale temp files too.
CACHE_FOLDER = "cache"
LOCK_FILE = ".library.lock"

_META_TABLE = "meta"
_ARTICLES_TABLE = "articles"
_ANNOTATIONS_TABLE = "annotations"
#: The reader's corrections of the analysis live in the same file, in a table of their own.
_CORRECTIONS_TABLE = "corrections"
_ARTICLE_TEXT_FIELDS = ("id", "source", "title", "fingerprint", "first_opened", "last_opened")
_SAFE_FILE_STEM = re.compile(r"[A-Za-z0-9_-]{1,64}")

T = TypeVar("T")
_NO_CHANGES: Mapping[str, Any] = {}


class LibraryVersionError(NewsdeskError, RuntimeError):
    """The library was written by a newer newsdesk; this one must not change it."""


class LibraryStore:
    """Articles and annotations kept in one library folder, safe across crashes and processes.

    Methods take and return plain values (`ArticleRecord`, `Annotation`); they raise only
    for real I/O failures (`OSError`, or `filelock.Timeout` when another process holds the
    library lock for longer than `lock_timeout` seconds).

    Attributes:
        folder: The library folder.
        warnings: One line per problem the app should show, e.g. a corrupt file moved aside.
    """

    def __init__(self, folder: Path, *, lock_timeout: float = 10.0) -> None:
        self.folder = Path(folder)
        self.warnings: list[str] = []
        #: Called with each new warning as it happens (the CLI prints it, the app shows it).
        self.on_warning: Callable[[str], None] | None = None
        #: Per file, its revision just before and just after this store's latest write to it.
        self._last_write: dict[Path, tuple[object, object]] = {}
        #: Per annotation file, its revision after this store's latest `save_changes` and
        #: what it wrote then, so the next save need not read the file again.
        self._encoded: dict[Path, tuple[object, EncodedTables]] = {}
        (self.folder / ANNOTATIONS_FOLDER).mkdir(parents=True, exist_ok=True)
        self._index_path = self.folder / INDEX_FILE
        self._lock_timeout = lock_timeout
        self._file_lock: FileLock | None = None
        self._making_the_lock = threading.Lock()
        try:
            self._open()
        except OSError as error:
            if not is_disk_problem(error) or not self._index_path.is_file():
                raise
            # A library on a read-only disk can still be read; each write says why it fails.
            self.warn(
                f"the library at {self.folder} cannot be written ({os_error_reason(error)}): "
                "nothing can be saved until it can"
            )

    @property
    def _lock(self) -> FileLock:
        """The library lock, made on first use (by any thread: the app's or its writer's)."""
        if self._file_lock is None:
            with self._making_the_lock:
                if self._file_lock is None:
                    from filelock import FileLock

                    # A short poll keeps a waiting writer's delay near the holder's few ms.
                    self._file_lock = FileLock(
                        self.folder / LOCK_FILE, timeout=self._lock_timeout, poll_interval=0.001
                    )
        return self._file_lock

    def _open(self) -> None:
        """Tidy and upgrade the library as it opens, holding the lock only when there is
        something to do: a library that is current and tidy (nearly always) is opened
        without importing filelock, which `newsdesk FILE` would wait ~10 ms for."""
        # Raises what taking the lock would raise on a disk that cannot be written.
        os.close(os.open(self.folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644))
        if self._has_temp_files() or not self._is_current():
            with self._lock:  # and, under it, looked at again
                self._remove_temp_files()
                self._upgrade()

    def _has_temp_files(self) -> bool:
        return any(
            True
            for name in ("", ANNOTATIONS_FOLDER, TEXTS_FOLDER, CACHE_FOLDER)
            for _ in (self.folder / name).glob(f".*{TEMP_SUFFIX}")
        )

    def _is_current(self) -> bool:
        """Whether the index exists, parses and is marked with this schema (no lock taken:
        atomic replacement means a reader sees a whole file)."""
        try:
            data = read_tables(self._index_path)
        except CorruptFileError:
            return False
        return (
            data is not None
            and _schema_is_well_formed(data)
            and (_schema_of(data) == SCHEMA_VERSION)
        )

    # --- articles -----------------------------------------------------------------------

    def open_article(
        self, id: str, source: str, title: str, fingerprint: str, *, now: str | None = None
    ) -> ArticleRecord:
        """Record that an article was opened (now, or at `now`); creates its record the
        first time."""

        def change(db: TinyDB) -> ArticleRecord:
            table = db.table(_ARTICLES_TABLE)
            found = table.get(Query().id == id)
            previous = None if found is None else ArticleRecord.from_dict(found)
            record = opened_record(previous, id, source, title, fingerprint, now or utc_now())
            if found is None:
                table.insert(record.to_dict())
            else:
                table.update(record.to_dict(), doc_ids=[found.doc_id])
            return record

        return self._write(self._index_path, _INDEX_CHECKS, change)

    def get_article(self, id: str) -> ArticleRecord | None:
        found = self._read(self._index_path, _INDEX_CHECKS, _ARTICLES_TABLE, Query().id == id)
        return ArticleRecord.from_dict(found[0]) if found else None

    def articles(self) -> list[ArticleRecord]:
        """Every article in the library, most recently opened first."""
        records = [
            ArticleRecord.from_dict(document)
            for document in self._read(self._index_path, _INDEX_CHECKS, _ARTICLES_TABLE)
        ]
        records.sort(key=lambda record: (record.last_opened, record.id), reverse=True)
        return records

    def set_reading_position(self, id: str, offset: int) -> None:
        """Remember where the reader is in an article (ignored for an unknown article)."""

        def change(db: TinyDB) -> None:
            db.table(_ARTICLES_TABLE).update({"reading_position": offset}, Query().id == id)

        self._write(self._index_path, _INDEX_CHECKS, change)

    def keep_article(self, article: Article) -> None:
        """Keep a copy of the article (text, blocks, metadata) unless the same one is kept."""
        path = self._text_path(article.id)
        kept = self.kept_article(article.id)
        if kept is not None and kept.fingerprint == article.fingerprint and kept == article:
            return
        payload = json.dumps(article_to_dict(article), ensure_ascii=False)
        with self._lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, payload.encode("utf-8", "surrogatepass"))

    def kept_article(self, article_id: str) -> Article | None:
        """The kept copy of an article, or None (never kept, or unreadable: moved aside)."""
        path = self._text_path(article_id)
        try:
            return _read_kept(path)
        except FileNotFoundError:
            return None
        except (ValueError, UnicodeDecodeError, CorruptFileError, PermissionError) as error:
            reason = error.reason if isinstance(error, CorruptFileError) else str(error)

            def still_corrupt() -> bool:
                try:
                    _read_kept(path)
                except FileNotFoundError:
                    return False
                except (ValueError, UnicodeDecodeError, CorruptFileError, PermissionError):
                    return True
                return False

            self._move_aside(path, reason, still_corrupt)
            return None

    def remove_article(self, id: str) -> None:
        """Forget an article: its annotations and its kept copy are deleted."""
        with self._lock:
            for path in (self._annotations_path(id), self._text_path(id)):
                if path.exists():
                    path.unlink()
                    fsync_folder(path.parent)

            def change(db: TinyDB) -> None:
                db.table(_ARTICLES_TABLE).remove(Query().id == id)

            self._write(self._index_path, _INDEX_CHECKS, change)

    # --- annotations ----------------------------------------------------------------------

    def annotations(self, article_id: str) -> list[Annotation]:
        """The article's annotations in reading order."""
        path = self._annotations_path(article_id)
        result = [
            Annotation.from_dict(document)
            for document in self._read(path, _ANNOTATION_CHECKS, _ANNOTATIONS_TABLE)
        ]
        result.sort(key=lambda item: (item.start, item.end, item.created, item.id))
        return result

    def add(self, annotation: Annotation) -> bool:
        """Save a new annotation. Returns False (and changes nothing) if its id is present."""

        def change(db: TinyDB) -> bool:
            table = db.table(_ANNOTATIONS_TABLE)
            if table.contains(Query().id == annotation.id):
                return False
            table.insert(annotation.to_dict())
            return True

        return self._write(
            self._annotations_path(annotation.article_id), _ANNOTATION_CHECKS, change
        )

    def add_many(self, annotations: Iterable[Annotation]) -> int:
        """Save many new annotations of one article in a single locked write.

        Annotations whose id is already stored (or repeats within `annotations`) are left
        out, as `add` would refuse them; saving thousands costs one file write, not one each.

        Args:
            annotations: New annotations, all of the same article.

        Returns:
            How many were new and saved.

        Raises:
            ValueError: They belong to more than one article; nothing is saved.
        """
        batch = list(annotations)
        if not batch:
            return 0
        article_ids = {annotation.article_id for annotation in batch}
        if len(article_ids) > 1:
            raise ValueError(f"add_many takes one article's annotations, got {len(article_ids)}")

        def change(db: TinyDB) -> int:
            table = db.table(_ANNOTATIONS_TABLE)
            seen = {document.get("id") for document in table.all()}
            new: list[dict[str, Any]] = []
            for annotation in batch:
                if annotation.id not in seen:
                    seen.add(annotation.id)
                    new.append(annotation.to_dict())
            if new:
                table.insert_multiple(new)  # one storage write for the whole batch
            return len(new)

        return self._write(self._annotations_path(batch[0].article_id), _ANNOTATION_CHECKS, change)

    def update(self, annotation: Annotation) -> bool:
        """Replace the stored annotation with the same id. False if it is gone (deleted)."""

        def change(db: TinyDB) -> bool:
            table = db.table(_ANNOTATIONS_TABLE)
            return bool(table.update(annotation.to_dict(), Query().id == annotation.id))

        return self._write(
            self._annotations_path(annotation.article_id), _ANNOTATION_CHECKS, change
        )

    def delete(self, annotation_id: str, article_id: str) -> bool:
        """Delete an annotation. False if there was none with that id."""

        def change(db: TinyDB) -> bool:
            return bool(db.table(_ANNOTATIONS_TABLE).remove(Query().id == annotation_id))

        return self._write(self._annotations_path(article_id), _ANNOTATION_CHECKS, change)

    def save_changes(
        self,
        article_id: str,
        annotations: Mapping[str, Annotation | None],
        corrections: Mapping[str, Correction | None] = _NO_CHANGES,
    ) -> tuple[object, object]:
        """Write an article's changed annotations and corrections in one locked write.

        Each id maps to its new state (None: deleted). An id not stored is added, so an edit
        of a highlight another process deleted meanwhile is saved anew: the reader's edit
        wins. While nobody else has written the file since this store did, the file is not
        read again: the documents this store last wrote are changed in place and only the
        changed ones encoded again, so a save costs what changed plus one file write.

        Returns:
            The file's revision just before and just after the write (as `last_write`).

        Raises:
            OSError: The write failed; the file is as it was.
        """
        path = self._annotations_path(article_id)
        with self._lock:
            found = _file_revision(path)
            cached = self._encoded.pop(path, None)
            if cached is None or cached[0] != found or found is None:
                tables = self._attempt(path, _ANNOTATION_CHECKS, _all_tables, locked=False)
                cached = (found, EncodedTables(tables))
            encoded = cached[1]
            for annotation_id, annotation in annotations.items():
                document = None if annotation is None else annotation.to_dict()
                encoded.put(_ANNOTATIONS_TABLE, annotation_id, document)
            for correction_id, correction in corrections.items():
                document = None if correction is None else correction.to_dict()
                encoded.put(_CORRECTIONS_TABLE, correction_id, document)
            atomic_write_bytes(path, encoded.pieces())  # on failure the cache is dropped
            left = _file_revision(path)
            self._encoded[path] = (left, encoded)
            self._last_write[path] = (found, left)
        return found, left

    # --- the reader's corrections of the analysis ------------------------------------------

    def corrections(self, article_id: str) -> list[Correction]:
        """The article's corrections in the order they were made (TinyDB keeps insertion
        order); a document that is no correction is left out (and kept in the file: it is the
        reader's, and a later version may read it)."""
        documents = self._read(
            self._annotations_path(article_id), _ANNOTATION_CHECKS, _CORRECTIONS_TABLE
        )
        found: list[Correction] = []
        for document in documents:
            try:
                found.append(Correction.from_dict(document))
            except (KeyError, TypeError, ValueError):
                continue
        return found

    def add_correction(self, correction: Correction) -> None:
        """Save a correction in the article's file."""

        def change(db: TinyDB) -> None:
            db.table(_CORRECTIONS_TABLE).insert(correction.to_dict())

        self._write(self._annotations_path(correction.article_id), _ANNOTATION_CHECKS, change)

    def delete_correction(self, correction_id: str, article_id: str) -> bool:
        """Delete a correction (undo). False if there was none with that id."""

        def change(db: TinyDB) -> bool:
            return bool(db.table(_CORRECTIONS_TABLE).remove(Query().id == correction_id))

        return self._write(self._annotations_path(article_id), _ANNOTATION_CHECKS, change)

    def counts(self, article_id: str) -> tuple[int, int]:
        """How many highlights the article has, and how many of them have a note."""
        annotations = self.annotations(article_id)
        return len(annotations), sum(1 for annotation in annotations if annotation.has_note)

    # --- noticing other processes' changes --------------------------------------------------

    def revision(self, article_id: str) -> object:
        """A value that changes whenever the article's annotations change; cheap to poll.

        Each save replaces the file, so its inode changes as well as its mtime and size.
        """
        return _file_revision(self._annotations_path(article_id))

    def last_write(self, article_id: str) -> tuple[object, object]:
        """The article's revision just before and just after this store's latest write to it.

        Both are read while the write holds the library lock. A caller that knew the revision
        before writing compares it with the first: if they differ, another process saved in
        between, and the caller must read again rather than take the second as current.
        """
        return self._last_write.get(self._annotations_path(article_id), (None, None))

    def library_revision(self) -> object:
        """Like `revision`, for the articles index (titles, reading positions, removals)."""
        return _file_revision(self._index_path)

    # --- files ------------------------------------------------------------------------------

    def _annotations_path(self, article_id: str) -> Path:
        return annotations_file(self.folder, article_id)

    def _text_path(self, article_id: str) -> Path:
        stem = annotations_file(self.folder, article_id).stem
        return self.folder / TEXTS_FOLDER / f"{stem}.json"

    def _read(
        self, path: Path, checks: Checks, table: str, condition: Any = None
    ) -> list[Mapping[str, Any]]:
        """Documents of one table (those matching `condition`), without taking the lock.

        Atomic replacement means a reader always sees a whole file, so reads need no lock.
        Writes this process queued (`annotations.library.write_queue`) are waited for first.
        """
        flush_all(READ_WAITS_FOR_WRITES_SECONDS)

        def query(db: TinyDB) -> list[Mapping[str, Any]]:
            documents = db.table(table)
            return list(documents.all() if condition is None else documents.search(condition))

        return self._attempt(path, checks, query, locked=False)

    def _write(self, path: Path, checks: Checks, change: Callable[[TinyDB], T]) -> T:
        """Run a read-modify-write on a fresh TinyDB while holding the library lock."""
        return self._attempt(path, checks, change, locked=True)

    def _attempt(
        self, path: Path, checks: Checks, action: Callable[[TinyDB], T], *, locked: bool
    ) -> T:
        if path == self._index_path and not _exists(path):
            self._rebuild_lost_index()
        # A corrupt file raises before anything is written; set it (or its bad documents)
        # aside and try again.
        for _ in range(3):
            try:
                if locked:
                    with self._lock:
                        found = _file_revision(path)
                        result = _run(path, checks, action)
                        self._last_write[path] = (found, _file_revision(path))
                        return result
                return _run(path, checks, action)
            except CorruptDocumentsError as error:
                self._set_aside_documents(error.path, checks)
            except CorruptFileError as error:
                self._quarantine(error, checks)
        raise OSError(f"{path} keeps turning corrupt; giving up")

    def warn(self, message: str) -> None:
        """Record a warning the user must see, and pass it to `on_warning`."""
        self.warnings.append(message)
        if self.on_warning is not None:
            self.on_warning(message)

    def _quarantine(self, error: CorruptFileError, checks: Checks) -> None:
        """Move a corrupt library file aside (if it still is corrupt once we hold the lock);
        a lost index is rebuilt at once from what the library still holds."""
        validate, _documents = checks

        def still_corrupt() -> bool:
            try:
                read_tables(error.path, validate)
            except CorruptFileError:
                return True
            return False

        moved = self._move_aside(error.path, error.reason, still_corrupt)
        if moved and error.path == self._index_path:
            rebuilt = None
            with self._lock:
                if not self._index_path.exists():
                    rebuilt = self._write_rebuilt_index()
            if rebuilt:
                self.warn(rebuilt)

    def _set_aside_documents(self, path: Path, checks: Checks) -> None:
        """Move the bad documents of a file to ``<name>.corrupt-<time>``, keeping the rest."""
        _validate, documents = checks
        assert documents is not None
        table = documents[0]
        with self._lock:
            try:
                data = read_tables(path)
            except CorruptFileError:
                return  # worse now: the next attempt moves the whole file aside
            if data is None:
                return
            bad = bad_documents(data, documents)
            if not bad:
                return  # another process dealt with it
            target = _aside_name(path)
            bad_documents_ = {doc_id: data[table][doc_id] for doc_id in bad}
            write_tables(target, {table: bad_documents_})
            data[table] = {key: doc for key, doc in data[table].items() if key not in bad}
            kept = len(data[table])
            salvaged = 0
            if path == self._index_path:
                salvaged = self._salvage_records(data, bad_documents_.values())
            write_tables(path, data)
        first = next(iter(bad.values()))
        also = "; still listed with what could be read of it" if salvaged else ""
        self.warn(
            f"{path.name}: {_plural(len(bad), 'entry', 'entries')} could not be read ({first}); "
            f"moved {'it' if len(bad) == 1 else 'them'} to {target}, kept the other {kept}{also}"
        )

    def _salvage_records(self, data: Tables, bad: Iterable[Mapping[str, Any]]) -> int:
        """Put back into the index a clean record for each bad one whose article the library
        still holds (its kept text or highlights): every readable field is kept, the rest
        comes from the kept text. Returns how many were put back."""
        recovered = {record.id: record for record in self._recovered_articles()}
        table = data[_ARTICLES_TABLE]
        present = {document.get("id") for document in table.values()}
        count = 0
        for document in bad:
            record = _salvaged_record(document, recovered)
            if record is None or record.id in present:
                continue
            table[str(max((int(key) for key in table), default=0) + 1)] = record.to_dict()
            present.add(record.id)
            count += 1
        return count

    def _move_aside(self, path: Path, reason: str, still_corrupt: Callable[[], bool]) -> bool:
        """Rename an unreadable file out of the way, never overwriting it, and say where."""
        with self._lock:
            if not _exists(path) or not still_corrupt():
                return False  # Another process already dealt with it.
            target = _aside_name(path)
            path.rename(target)
            fsync_folder(path.parent)
        self.warn(
            f"{path.name} could not be read ({reason}); moved it to {target} and started it afresh"
        )
        return True

    def _remove_temp_files(self) -> None:
        """Delete temp files left by writers that were killed (we hold the lock)."""
        for name in ("", ANNOTATIONS_FOLDER, TEXTS_FOLDER, CACHE_FOLDER):
            for temp in (self.folder / name).glob(f".*{TEMP_SUFFIX}"):
                temp.unlink(missing_ok=True)

    # --- a lost index ------------------------------------------------------------------------

    def _rebuild_lost_index(self) -> None:
        """The index vanished while the library was open (deleted by hand, a sync tool):
        rebuild it before anything reads or writes it, so no article drops out of sight."""
        rebuilt = None
        with self._lock:
            if not _exists(self._index_path):
                rebuilt = self._write_rebuilt_index()
        if rebuilt:
            self.warn(f"{INDEX_FILE} was missing; {rebuilt}")

    def _write_rebuilt_index(self) -> str | None:
        """Write an index listing every article the library still holds (lock held).

        Returns the warning to give once the lock is released (a listener may wait on the
        UI thread, which may be waiting for the lock), or None when nothing was found.
        """
        articles = self._recovered_articles()
        documents = {str(number): record.to_dict() for number, record in enumerate(articles, 1)}
        write_tables(self._index_path, {**_empty_index(), _ARTICLES_TABLE: documents})
        if not articles:
            return None
        return (
            f"rebuilt the library index ({INDEX_FILE}) from the kept texts and highlights: "
            f"{_plural(len(articles), 'article')} found again"
        )

    def _recovered_articles(self) -> list[ArticleRecord]:
        """Records for the kept texts, and for annotation files whose text was not kept."""
        records: dict[str, ArticleRecord] = {}
        for path in sorted((self.folder / TEXTS_FOLDER).glob("*.json")):
            try:
                article = _read_kept(path)
            except (OSError, ValueError, CorruptFileError):
                continue  # set aside when it is next opened
            when = _mtime_stamp(path)
            records[article.id] = ArticleRecord(
                article.id, article.source, article.title, article.fingerprint, when, when
            )
        for path in sorted((self.folder / ANNOTATIONS_FOLDER).glob("*.json")):
            try:
                data = read_tables(path)
            except (OSError, CorruptFileError):
                continue
            for document in (data or {}).get(_ANNOTATIONS_TABLE, {}).values():
                article_id = document.get("article_id") if isinstance(document, dict) else None
                if isinstance(article_id, str) and article_id not in records:
                    when = _mtime_stamp(path)
                    title = f"(recovered highlights, {path.name})"
                    records[article_id] = ArticleRecord(article_id, "", title, "", when, when)
        return list(records.values())

    # --- schema versions ---------------------------------------------------------------------

    def _upgrade(self) -> None:
        """Bring the library to `SCHEMA_VERSION` (called with the lock held)."""
        data = self._stored_index()
        if data is None:
            rebuilt = self._write_rebuilt_index()
            if rebuilt:
                self.warn(rebuilt)  # while opening: no listener yet
            return
        version = _schema_of(data)
        if version is None:
            if not _looks_like_v0(data):
                self._repair_schema_mark(data)
                return
            version = 0
        if version > SCHEMA_VERSION:
            raise LibraryVersionError(
                f"{self._index_path} has schema version {version}; "
                f"this newsdesk understands up to {SCHEMA_VERSION}"
            )
        if version == SCHEMA_VERSION and not _schema_is_well_formed(data):
            self._repair_schema_mark(data)
        while version < SCHEMA_VERSION:
            for warning in MIGRATIONS[version](self.folder):
                self.warn(warning)
            version += 1

    def _repair_schema_mark(self, data: Tables) -> None:
        """The index lost (or garbled) its version mark but its records are current: mark it
        again, keeping every table and record as it is."""
        write_tables(self._index_path, {**data, _META_TABLE: {"1": {"schema": SCHEMA_VERSION}}})
        count = len(data.get(_ARTICLES_TABLE, {}))
        self.warn(
            f"{INDEX_FILE} had no valid schema version; marked it version {SCHEMA_VERSION} and "
            f"kept its {_plural(count, 'article')} as they were"
        )

    def _stored_index(self) -> Tables | None:
        """The index's tables (TinyDB's shape checked only); None for a new library."""
        for _ in range(3):
            try:
                # Only TinyDB's shape is checked: older versions hold other documents.
                return read_tables(self._index_path)
            except CorruptFileError as error:

                def still_corrupt() -> bool:
                    try:
                        read_tables(self._index_path)
                    except CorruptFileError:
                        return True
                    return False

                self._move_aside(error.path, error.reason, still_corrupt)
        raise OSError(f"{self._index_path} keeps turning corrupt; giving up")


# --- module helpers -----------------------------------------------------------------------


def annotations_file(folder: Path, article_id: str) -> Path:
    """Where a library folder keeps an article's annotations."""
    if _SAFE_FILE_STEM.fullmatch(article_id):
        stem = article_id
    else:
        # Any other id still gets a stable, safe file name.
        digest = hashlib.sha256(article_id.encode("utf-8", "surrogatepass")).hexdigest()
        stem = f"id-{digest[:32]}"
    return folder / ANNOTATIONS_FOLDER / f"{stem}.json"


def opened_record(
    previous: ArticleRecord | None, id: str, source: str, title: str, fingerprint: str, now: str
) -> ArticleRecord:
    """An article's record once it is opened at `now` (`previous`: its record until then)."""
    if previous is None:
        return ArticleRecord(id, source, title, fingerprint, now, now)
    return replace(previous, source=source, title=title, fingerprint=fingerprint, last_opened=now)


def _all_tables(db: TinyDB) -> Tables:
    """Every table of a file as read (validated), for `save_changes`."""
    return db.storage.read() or {}


def _run(path: Path, checks: Checks, action: Callable[[TinyDB], T]) -> T:
    validate, documents = checks
    with TinyDB(path, storage=AtomicJSONStorage, validate=validate, documents=documents) as db:
        return action(db)


def _file_revision(path: Path) -> object:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def _exists(path: Path) -> bool:
    """Whether anything (a file, a folder, a FIFO, a dangling link) has that name."""
    return path.is_symlink() or path.exists()


def _aside_name(path: Path) -> Path:
    """A new ``<name>.corrupt-<UTC time>[-n]`` beside `path`, never an existing one."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while _exists(target):
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    return target


def _mtime_stamp(path: Path) -> str:
    """A file's modification time in the library's time format (UTC, ISO 8601)."""
    return iso_utc(datetime.fromtimestamp(path.stat().st_mtime, UTC))


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def _empty_index() -> Tables:
    return {_META_TABLE: {"1": {"schema": SCHEMA_VERSION}}, _ARTICLES_TABLE: {}}


def _schema_of(data: Tables) -> int | None:
    """The index's schema version; None when it has no usable version mark.

    A version written as a string of digits ("1") is read as that number.
    """
    for document in data.get(_META_TABLE, {}).values():
        schema = document.get("schema")
        if isinstance(schema, bool):
            continue
        if isinstance(schema, int):
            return schema
        if isinstance(schema, str) and schema.strip().isdigit():
            return int(schema)
    return None


def _schema_is_well_formed(data: Tables) -> bool:
    return any(
        type(document.get("schema")) is int for document in data.get(_META_TABLE, {}).values()
    )


def _looks_like_v0(data: Tables) -> bool:
    """A real version 0 library: highlights in the index, or articles with v0 fields only.

    An index that merely lost its version mark has version 1 records (``first_opened``), and
    migrating it would reset reading positions and dates.
    """
    if "highlights" in data:
        return True
    articles = [doc for doc in data.get(_ARTICLES_TABLE, {}).values() if isinstance(doc, dict)]
    return any(
        "first_opened" not in doc and ("opened" in doc or "position" in doc) for doc in articles
    )


def _read_kept(path: Path) -> Article:
    data = loads_json(read_regular_file(path))
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    return article_from_dict(data)


def _validate_index(data: Tables) -> None:
    """The whole index: its schema version."""
    version = _schema_of(data)
    if version is not None and version > SCHEMA_VERSION:
        # Another, newer newsdesk upgraded the library while we ran: stop, do not touch it.
        raise LibraryVersionError(f"library schema {version} is newer than {SCHEMA_VERSION}")
    if version != SCHEMA_VERSION:
        raise ValueError(f"schema version {version}, expected {SCHEMA_VERSION}")


def _check_article(document: Mapping[str, Any]) -> None:
    """One article record. A field check rather than ArticleRecord.from_dict: five times
    faster on a big index, which is read on every open_article and set_reading_position."""
    for key in _ARTICLE_TEXT_FIELDS:
        if type(document.get(key)) is not str:
            raise ValueError(f"article field {key!r} is not a string")
    if type(document.get("reading_position", 0)) is not int:
        raise ValueError("article field 'reading_position' is not an integer")
    text_file = document.get("text_file")
    if text_file is not None and type(text_file) is not str:
        raise ValueError("article field 'text_file' is not a string")
    meta = document.get("meta", {})
    if type(meta) is not dict or not all(type(value) is str for value in meta.values()):
        raise ValueError("article field 'meta' does not map names to strings")


def _salvaged_record(
    document: Mapping[str, Any], recovered: Mapping[str, ArticleRecord]
) -> ArticleRecord | None:
    """An article record from what can be read of a bad one, the gaps filled from what the
    library holds; None when the article is not in the library any more."""
    article_id = document.get("id") if isinstance(document, Mapping) else None
    if not isinstance(article_id, str) or article_id not in recovered:
        return None
    fallback = recovered[article_id]
    texts = {
        key: value if type(value := document.get(key)) is str else getattr(fallback, key)
        for key in _ARTICLE_TEXT_FIELDS[1:]
    }
    position = document.get("reading_position")
    meta = document.get("meta")
    text_file = document.get("text_file")
    return ArticleRecord(
        id=article_id,
        source=texts["source"],
        title=texts["title"],
        fingerprint=texts["fingerprint"],
        first_opened=texts["first_opened"],
        last_opened=texts["last_opened"],
        reading_position=position if type(position) is int else 0,
        text_file=text_file if type(text_file) is str else None,
        meta=meta
        if type(meta) is dict and all(type(v) is str for v in meta.values())
        else fallback.meta,
    )


def _check_annotation(document: Mapping[str, Any]) -> None:
    Annotation.from_dict(document)


#: What a file's content is checked with: the whole file, then each document of one table.
Checks = tuple[Validator | None, Documents | None]
_INDEX_CHECKS: Checks = (_validate_index, (_ARTICLES_TABLE, _check_article))
_ANNOTATION_CHECKS: Checks = (None, (_ANNOTATIONS_TABLE, _check_annotation))


# --- migrations ---------------------------------------------------------------------------

#: Upgrades a library folder from one schema version to the next, in place. A step must be
#: safe to run again after a crash part-way through, and writes the new version last. It
#: returns one-line warnings about anything it could not carry over.
Migration = Callable[[Path], list[str]]


def migrate_v0_to_v1(folder: Path) -> list[str]:
    """From version 0 (everything in ``library.json``) to version 1 (a file per article).

    Version 0 kept ``{"articles": {...}, "highlights": {...}}`` in one TinyDB file, with no
    meta table. An article was ``{id, source, title, fingerprint, opened, position}``; a
    highlight was ``{id, article, start, end, text, color, note, tags, created}`` with tags
    as one comma-separated string and no context around the quote.

    The old file is kept as ``library.v0.json`` (``library.v0-2.json`` and so on when an
    earlier copy exists: a backup is never overwritten); documents that cannot be read are
    skipped with a warning (they stay in that copy). Highlights already in an article's
    annotation file are kept beside the migrated ones.
    """
    index_path = folder / INDEX_FILE
    old = read_tables(index_path)
    if old is None:
        return []
    backup = folder / "library.v0.json"
    counter = 1
    while _exists(backup):
        counter += 1
        backup = folder / f"library.v0-{counter}.json"
    write_tables(backup, old)
    warnings = [f"upgraded the library from version 0; the old index is kept as {backup}"]

    by_article: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for doc_id, highlight in old.get("highlights", {}).items():
        try:
            annotation = _annotation_from_v0(highlight)
        except (KeyError, ValueError, TypeError) as error:
            warnings.append(f"skipped highlight {doc_id} of the old library ({error!r})")
            continue
        by_article[annotation.article_id][str(len(by_article[annotation.article_id]) + 1)] = (
            annotation.to_dict()
        )
    # Annotations first and the index (with the new version) last: a crash in between
    # leaves a version 0 library, and this step simply runs again.
    (folder / ANNOTATIONS_FOLDER).mkdir(exist_ok=True)
    for article_id, documents in by_article.items():
        path = annotations_file(folder, article_id)
        try:
            existing = (read_tables(path) or {}).get(_ANNOTATIONS_TABLE, {})
        except CorruptFileError:
            existing = {}  # left for the store to set aside when it reads it
            path = path.with_name(f"{path.stem}.migrated.json")
            warnings.append(
                f"{annotations_file(folder, article_id).name} could not be read; "
                f"the migrated highlights are in {path}"
            )
        known = {doc.get("id") for doc in existing.values() if isinstance(doc, dict)}
        merged = dict(existing)
        for document in documents.values():
            if document["id"] not in known:
                merged[str(len(merged) + 1)] = document
        write_tables(path, {_ANNOTATIONS_TABLE: merged})

    articles: dict[str, dict[str, Any]] = {}
    for doc_id, article in old.get("articles", {}).items():
        try:
            articles[str(len(articles) + 1)] = _article_from_v0(article).to_dict()
        except (KeyError, ValueError, TypeError) as error:
            warnings.append(f"skipped article {doc_id} of the old library ({error!r})")
    write_tables(index_path, {**_empty_index(), _ARTICLES_TABLE: articles})
    return warnings


def _article_from_v0(article: Mapping[str, Any]) -> ArticleRecord:
    """A version 0 article record; fields a later version wrote (first_opened, a reading
    position) are kept rather than reset."""
    opened = str(article.get("opened") or article.get("last_opened") or utc_now())
    position = article.get("reading_position", article.get("position"))
    return ArticleRecord(
        id=str(article["id"]),
        source=str(article.get("source", "")),
        title=str(article.get("title", "")),
        fingerprint=str(article.get("fingerprint", "")),
        first_opened=str(article.get("first_opened") or opened),
        last_opened=str(article.get("last_opened") or opened),
        reading_position=int(position or 0),
    )


def _annotation_from_v0(highlight: Mapping[str, Any]) -> Annotation:
    created = str(highlight.get("created") or utc_now())
    try:
        color = Color(str(highlight.get("color")))
    except ValueError:
        color = Color.YELLOW  # v0 allowed any colour name; unknown ones become the default.
    return Annotation(
        id=str(highlight.get("id") or uuid.uuid4().hex),
        article_id=str(highlight["article"]),
        color=color,
        note=str(highlight.get("note") or ""),
        tags=normalize_tags(str(highlight.get("tags") or "").split(",")),
        created=created,
        updated=created,
        position=TextPositionSelector(int(highlight["start"]), int(highlight["end"])),
        quote=TextQuoteSelector(exact=str(highlight.get("text", ""))),
    )


#: Step functions by the version they upgrade from.
MIGRATIONS: dict[int, Migration] = {0: migrate_v0_to_v1}
