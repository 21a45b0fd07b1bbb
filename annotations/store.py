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
- a file that exists but cannot be parsed is never overwritten: it is renamed to
  ``<name>.corrupt-<UTC time>``, a warning is added to `LibraryStore.warnings`, and the store
  goes on with an empty file;
- the schema version lives in ``library.json``; older libraries are upgraded by the step
  functions in `MIGRATIONS` when the store opens.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock
from tinydb import Query, TinyDB

from annotations.article import Article, article_from_dict, article_to_dict
from annotations.corrections import Correction
from annotations.model import (
    Annotation,
    ArticleRecord,
    Color,
    TextPositionSelector,
    TextQuoteSelector,
    normalize_tags,
    utc_now,
)
from annotations.storage import (
    TEMP_SUFFIX,
    AtomicJSONStorage,
    CorruptFileError,
    Tables,
    Validator,
    atomic_write_bytes,
    fsync_folder,
    read_tables,
    write_tables,
)

SCHEMA_VERSION = 1
INDEX_FILE = "library.json"
ANNOTATIONS_FOLDER = "annotations"
#: Copies of the articles themselves, so a URL or a moved file reopens from the library.
TEXTS_FOLDER = "texts"
LOCK_FILE = ".library.lock"

_META_TABLE = "meta"
_ARTICLES_TABLE = "articles"
_ANNOTATIONS_TABLE = "annotations"
#: The reader's corrections of the analysis live in the same file, in a table of their own.
_CORRECTIONS_TABLE = "corrections"
_ARTICLE_TEXT_FIELDS = ("id", "source", "title", "fingerprint", "first_opened", "last_opened")
_SAFE_FILE_STEM = re.compile(r"[A-Za-z0-9_-]{1,64}")

T = TypeVar("T")


class LibraryVersionError(RuntimeError):
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
        #: Per file, its revision just before and just after this store's latest write to it.
        self._last_write: dict[Path, tuple[object, object]] = {}
        (self.folder / ANNOTATIONS_FOLDER).mkdir(parents=True, exist_ok=True)
        self._index_path = self.folder / INDEX_FILE
        # A short poll keeps a waiting writer's delay near the holder's few milliseconds.
        self._lock = FileLock(self.folder / LOCK_FILE, timeout=lock_timeout, poll_interval=0.001)
        with self._lock:
            self._remove_temp_files()
            self._upgrade()

    # --- articles -----------------------------------------------------------------------

    def open_article(self, id: str, source: str, title: str, fingerprint: str) -> ArticleRecord:
        """Record that an article was opened now; creates its record the first time."""

        def change(db: TinyDB) -> ArticleRecord:
            table = db.table(_ARTICLES_TABLE)
            now = utc_now()
            found = table.get(Query().id == id)
            if found is None:
                record = ArticleRecord(id, source, title, fingerprint, now, now)
                table.insert(record.to_dict())
            else:
                record = replace(
                    ArticleRecord.from_dict(found),
                    source=source,
                    title=title,
                    fingerprint=fingerprint,
                    last_opened=now,
                )
                table.update(record.to_dict(), doc_ids=[found.doc_id])
            return record

        return self._write(self._index_path, _validate_index, change)

    def get_article(self, id: str) -> ArticleRecord | None:
        found = self._read(self._index_path, _validate_index, _ARTICLES_TABLE, Query().id == id)
        return ArticleRecord.from_dict(found[0]) if found else None

    def articles(self) -> list[ArticleRecord]:
        """Every article in the library, most recently opened first."""
        records = [
            ArticleRecord.from_dict(document)
            for document in self._read(self._index_path, _validate_index, _ARTICLES_TABLE)
        ]
        records.sort(key=lambda record: (record.last_opened, record.id), reverse=True)
        return records

    def set_reading_position(self, id: str, offset: int) -> None:
        """Remember where the reader is in an article (ignored for an unknown article)."""

        def change(db: TinyDB) -> None:
            db.table(_ARTICLES_TABLE).update({"reading_position": offset}, Query().id == id)

        self._write(self._index_path, _validate_index, change)

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
        except (ValueError, UnicodeDecodeError) as error:

            def still_corrupt() -> bool:
                try:
                    _read_kept(path)
                except (ValueError, UnicodeDecodeError):
                    return True
                return False

            self._move_aside(path, str(error), still_corrupt)
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

            self._write(self._index_path, _validate_index, change)

    # --- annotations ----------------------------------------------------------------------

    def annotations(self, article_id: str) -> list[Annotation]:
        """The article's annotations in reading order."""
        path = self._annotations_path(article_id)
        result = [
            Annotation.from_dict(document)
            for document in self._read(path, _validate_annotations, _ANNOTATIONS_TABLE)
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
            self._annotations_path(annotation.article_id), _validate_annotations, change
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

        return self._write(
            self._annotations_path(batch[0].article_id), _validate_annotations, change
        )

    def update(self, annotation: Annotation) -> bool:
        """Replace the stored annotation with the same id. False if it is gone (deleted)."""

        def change(db: TinyDB) -> bool:
            table = db.table(_ANNOTATIONS_TABLE)
            return bool(table.update(annotation.to_dict(), Query().id == annotation.id))

        return self._write(
            self._annotations_path(annotation.article_id), _validate_annotations, change
        )

    def delete(self, annotation_id: str, article_id: str) -> bool:
        """Delete an annotation. False if there was none with that id."""

        def change(db: TinyDB) -> bool:
            return bool(db.table(_ANNOTATIONS_TABLE).remove(Query().id == annotation_id))

        return self._write(self._annotations_path(article_id), _validate_annotations, change)

    # --- the reader's corrections of the analysis ------------------------------------------

    def corrections(self, article_id: str) -> list[Correction]:
        """The article's corrections in the order they were made (TinyDB keeps insertion
        order); a document that is no correction is left out (and kept in the file: it is the
        reader's, and a later version may read it)."""
        documents = self._read(
            self._annotations_path(article_id), _validate_annotations, _CORRECTIONS_TABLE
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

        self._write(
            self._annotations_path(correction.article_id), _validate_annotations, change
        )

    def delete_correction(self, correction_id: str, article_id: str) -> bool:
        """Delete a correction (undo). False if there was none with that id."""

        def change(db: TinyDB) -> bool:
            return bool(db.table(_CORRECTIONS_TABLE).remove(Query().id == correction_id))

        return self._write(self._annotations_path(article_id), _validate_annotations, change)

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
        self, path: Path, validate: Validator, table: str, condition: Any = None
    ) -> list[Mapping[str, Any]]:
        """Documents of one table (those matching `condition`), without taking the lock.

        Atomic replacement means a reader always sees a whole file, so reads need no lock.
        """

        def query(db: TinyDB) -> list[Mapping[str, Any]]:
            documents = db.table(table)
            return list(documents.all() if condition is None else documents.search(condition))

        return self._attempt(path, validate, query, locked=False)

    def _write(self, path: Path, validate: Validator, change: Callable[[TinyDB], T]) -> T:
        """Run a read-modify-write on a fresh TinyDB while holding the library lock."""
        return self._attempt(path, validate, change, locked=True)

    def _attempt(
        self, path: Path, validate: Validator, action: Callable[[TinyDB], T], *, locked: bool
    ) -> T:
        # A corrupt file raises before anything is written; move it aside and try again.
        for _ in range(3):
            try:
                if locked:
                    with self._lock:
                        found = _file_revision(path)
                        result = _run(path, validate, action)
                        self._last_write[path] = (found, _file_revision(path))
                        return result
                return _run(path, validate, action)
            except CorruptFileError as error:
                self._quarantine(error, validate)
        raise OSError(f"{path} keeps turning corrupt; giving up")

    def _quarantine(self, error: CorruptFileError, validate: Validator) -> None:
        """Move a corrupt library file aside (if it still is corrupt once we hold the lock)."""

        def still_corrupt() -> bool:
            try:
                read_tables(error.path, validate)
            except CorruptFileError:
                return True
            return False

        self._move_aside(error.path, error.reason, still_corrupt)

    def _move_aside(self, path: Path, reason: str, still_corrupt: Callable[[], bool]) -> None:
        """Rename an unreadable file out of the way, never overwriting it, and say where."""
        with self._lock:
            if not path.exists() or not still_corrupt():
                return  # Another process already dealt with it.
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
            target = path.with_name(f"{path.name}.corrupt-{stamp}")
            counter = 1
            while target.exists():
                counter += 1
                target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
            path.rename(target)
            fsync_folder(path.parent)
        self.warnings.append(
            f"{path.name} could not be read ({reason}); moved it to {target} and started it afresh"
        )

    def _remove_temp_files(self) -> None:
        """Delete temp files left by writers that were killed (we hold the lock)."""
        for folder in (self.folder, self.folder / ANNOTATIONS_FOLDER):
            for temp in folder.glob(f".*{TEMP_SUFFIX}"):
                temp.unlink(missing_ok=True)

    # --- schema versions ---------------------------------------------------------------------

    def _upgrade(self) -> None:
        """Bring the library to `SCHEMA_VERSION` (called with the lock held)."""
        version = self._stored_version()
        if version is None:
            write_tables(self._index_path, _empty_index())
            return
        if version > SCHEMA_VERSION:
            raise LibraryVersionError(
                f"{self._index_path} has schema version {version}; "
                f"this newsdesk understands up to {SCHEMA_VERSION}"
            )
        while version < SCHEMA_VERSION:
            self.warnings.extend(MIGRATIONS[version](self.folder))
            version += 1

    def _stored_version(self) -> int | None:
        """The library's schema version; None for a new (or emptied) library."""
        for _ in range(3):
            try:
                # Only TinyDB's shape is checked: older versions hold other documents.
                data = read_tables(self._index_path)
            except CorruptFileError as error:
                self._quarantine(error, _accept_any)
                continue
            if data is None:
                return None
            return _schema_of(data)
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


def _run(path: Path, validate: Validator, action: Callable[[TinyDB], T]) -> T:
    with TinyDB(path, storage=AtomicJSONStorage, validate=validate) as db:
        return action(db)


def _file_revision(path: Path) -> object:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def _empty_index() -> Tables:
    return {_META_TABLE: {"1": {"schema": SCHEMA_VERSION}}, _ARTICLES_TABLE: {}}


def _schema_of(data: Tables) -> int:
    """Version 0 libraries had no meta table."""
    for document in data.get(_META_TABLE, {}).values():
        schema = document.get("schema")
        if isinstance(schema, int):
            return schema
    return 0


def _read_kept(path: Path) -> Article:
    data = json.loads(path.read_bytes())
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    return article_from_dict(data)


def _accept_any(data: Tables) -> None:
    pass


def _validate_index(data: Tables) -> None:
    version = _schema_of(data)
    if version > SCHEMA_VERSION:
        # Another, newer newsdesk upgraded the library while we ran: stop, do not touch it.
        raise LibraryVersionError(f"library schema {version} is newer than {SCHEMA_VERSION}")
    if version < SCHEMA_VERSION:
        raise ValueError(f"schema version {version}, expected {SCHEMA_VERSION}")
    # A field check rather than ArticleRecord.from_dict: five times faster on a big index,
    # which is read on every open_article and set_reading_position.
    for document in data.get(_ARTICLES_TABLE, {}).values():
        for key in _ARTICLE_TEXT_FIELDS:
            if type(document.get(key)) is not str:
                raise ValueError(f"article field {key!r} is not a string")
        if type(document.get("reading_position", 0)) is not int:
            raise ValueError("article field 'reading_position' is not an integer")


def _validate_annotations(data: Tables) -> None:
    for document in data.get(_ANNOTATIONS_TABLE, {}).values():
        Annotation.from_dict(document)


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

    The old file is kept as ``library.v0.json``; documents that cannot be read are skipped
    with a warning (they stay in that copy).
    """
    index_path = folder / INDEX_FILE
    old = read_tables(index_path)
    if old is None:
        return []
    write_tables(folder / "library.v0.json", old)
    warnings: list[str] = []

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
        write_tables(annotations_file(folder, article_id), {_ANNOTATIONS_TABLE: documents})

    articles: dict[str, dict[str, Any]] = {}
    for doc_id, article in old.get("articles", {}).items():
        try:
            articles[str(len(articles) + 1)] = _article_from_v0(article).to_dict()
        except (KeyError, ValueError, TypeError) as error:
            warnings.append(f"skipped article {doc_id} of the old library ({error!r})")
    write_tables(index_path, {**_empty_index(), _ARTICLES_TABLE: articles})
    return warnings


def _article_from_v0(article: Mapping[str, Any]) -> ArticleRecord:
    opened = str(article.get("opened") or utc_now())
    return ArticleRecord(
        id=str(article["id"]),
        source=str(article.get("source", "")),
        title=str(article.get("title", "")),
        fingerprint=str(article.get("fingerprint", "")),
        first_opened=opened,
        last_opened=opened,
        reading_position=int(article.get("position") or 0),
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
