"""Crash-safe files for the library: atomic replacement and a TinyDB storage built on it.

TinyDB's own `JSONStorage` rewrites its file in place, so a process killed mid-write can
leave a truncated file or one that still parses but lost saves (see /work/shared/facts.md).
Here every write goes to a temporary file in the same folder, is fsynced, renamed over the
old file with `os.replace` (atomic on POSIX) and the folder is fsynced so the rename itself
survives a power cut: a reader sees the old file or the new one, never a mixture.

Only `annotations.library.store` uses this module.
"""

from __future__ import annotations

import errno
import json
import os
import secrets
import stat
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from annotations.errors import NewsdeskError

#: Temporary files are named ``.<target>.<random>.tmp`` next to their target.
TEMP_SUFFIX = ".tmp"

Tables = dict[str, dict[str, Any]]
#: Checks a file's parsed content and raises ValueError, KeyError or TypeError if it is wrong.
Validator = Callable[[Tables], None]
#: Checks one document of a table the same way; a bad document is set aside alone.
DocumentCheck = Callable[[Mapping[str, Any]], None]
#: The table whose documents are checked one by one, and the check.
Documents = tuple[str, DocumentCheck]
_CHECK_ERRORS = (ValueError, KeyError, TypeError, AttributeError)


class CorruptFileError(NewsdeskError):
    """A library file that exists but cannot be used: bad encoding, bad JSON or wrong shape."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class CorruptDocumentsError(CorruptFileError):
    """A library file that reads fine but holds documents that do not.

    Attributes:
        table: The table holding them.
        bad: Each bad document's id and why it is bad.
    """

    def __init__(self, path: Path, table: str, bad: dict[str, str]) -> None:
        first = next(iter(bad.values()))
        super().__init__(path, f"{len(bad)} unreadable document(s) in {table!r}: {first}")
        self.table = table
        self.bad = bad


def read_regular_file(path: Path, limit: int | None = None) -> bytes:
    """The bytes of `path`, which must be a regular file; never blocks on a FIFO or device.

    Raises:
        FileNotFoundError: There is no such file.
        CorruptFileError: It is a directory, FIFO, socket or device, or larger than `limit`.
        OSError: It could not be read (permissions, I/O error).
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except IsADirectoryError:
        raise CorruptFileError(path, "not a regular file (a directory)") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a FIFO, socket or device"
            raise CorruptFileError(path, f"not a regular file ({kind})")
        if limit is not None and info.st_size > limit:
            raise CorruptFileError(path, f"larger than {limit // (1024 * 1024)} MB")
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            data = file.read() if limit is None else file.read(limit + 1)
    finally:
        os.close(descriptor)
    if limit is not None and len(data) > limit:
        raise CorruptFileError(path, f"larger than {limit // (1024 * 1024)} MB")
    return data


def loads_json(raw: bytes | str) -> Any:
    """Parse JSON; nesting too deep for the parser is a ValueError, never a RecursionError."""
    try:
        return json.loads(raw)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def is_disk_problem(error: OSError) -> bool:
    """Disk full, read-only or permission denied: the reader can do something about it."""
    return error.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT)


def os_error_reason(error: OSError) -> str:
    """What went wrong with a write, in words a reader can act on."""
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the disk is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
    }
    return reasons.get(error.errno or 0) or (error.strerror or str(error)).lower()


def fsync_folder(folder: Path) -> None:
    """Make renames and removals in `folder` durable."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def durable_temp_beside(path: Path, data: bytes | Iterable[bytes]) -> Path:
    """A new hidden temporary file beside `path` holding `data` (or its pieces, in order),
    on disk (fsynced).

    The caller renames or links it into place, and removes it if that fails.
    """
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
    try:
        with open(temp, "xb") as file:
            if isinstance(data, bytes):
                file.write(data)
            else:
                for piece in data:
                    file.write(piece)
            file.flush()
            # The kernel stamps mtimes with a coarse (jiffy) clock and a freed inode number
            # can come straight back, so give each version a precise mtime of its own.
            now = time.time_ns()
            os.utime(file.fileno(), ns=(now, now))
            os.fsync(file.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def atomic_write_bytes(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Replace `path` with `data` (or its pieces, in order) so that any crash leaves either
    the old or the new file."""
    temp = durable_temp_beside(path, data)
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def read_tables(
    path: Path, validate: Validator | None = None, documents: Documents | None = None
) -> Tables | None:
    """Parse a TinyDB JSON file; None if it does not exist.

    Args:
        path: The file.
        validate: Checks the whole content (e.g. its schema version).
        documents: A table and a check run on each of its documents.

    Raises:
        CorruptDocumentsError: the file is fine but some documents of `documents`' table fail
            its check.
        CorruptFileError: the file exists but is not a regular file, cannot be read for lack
            of permission, is not a valid TinyDB file, or `validate` rejected its content.
        OSError: the file could not be read for another reason (an I/O error).
    """
    try:
        raw = read_regular_file(path)
    except FileNotFoundError:
        return None
    except PermissionError as error:
        raise CorruptFileError(path, f"cannot be read ({error.strerror})") from error
    if not raw.strip():
        # We never write an empty file, so one is the remains of an interrupted write.
        raise CorruptFileError(path, "empty file")
    try:
        data = loads_json(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise CorruptFileError(path, f"not UTF-8 ({error.reason})") from error
    except ValueError as error:
        raise CorruptFileError(path, f"bad JSON ({error})") from error
    _check_tinydb_shape(path, data)
    if validate is not None:
        try:
            validate(data)
        except _CHECK_ERRORS as error:
            raise CorruptFileError(path, f"wrong shape ({error!r})") from error
    if documents is not None:
        bad = bad_documents(data, documents)
        if bad:
            raise CorruptDocumentsError(path, documents[0], bad)
    return data  # type: ignore[no-any-return]


def bad_documents(data: Tables, documents: Documents) -> dict[str, str]:
    """The ids of the documents of a table that fail its check, with the reasons."""
    table, check = documents
    bad: dict[str, str] = {}
    for doc_id, document in data.get(table, {}).items():
        try:
            check(document)
        except _CHECK_ERRORS as error:
            bad[doc_id] = f"document {doc_id}: {error}"
    return bad


def write_tables(path: Path, data: Tables) -> None:
    """Write TinyDB tables atomically as compact ASCII JSON.

    ASCII escapes keep lone surrogates (which an article decoded with ``surrogateescape``
    may contain) representable, so a quote never makes a save fail.
    """
    encoded = json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    atomic_write_bytes(path, encoded)


def _check_tinydb_shape(path: Path, data: object) -> None:
    """TinyDB expects ``{table: {doc_id: {field: value}}}`` with integer doc ids."""
    if not isinstance(data, dict):
        raise CorruptFileError(path, f"wrong shape (top level is {type(data).__name__})")
    for table_name, table in data.items():
        if not isinstance(table, dict):
            raise CorruptFileError(path, f"wrong shape (table {table_name!r} is not an object)")
        for doc_id, document in table.items():
            if not (doc_id.isascii() and doc_id.isdigit()) or not isinstance(document, dict):
                raise CorruptFileError(path, f"wrong shape (document {doc_id!r})")


class AtomicJSONStorage(Storage):
    """A TinyDB storage that validates what it reads and replaces its file atomically.

    Open one per operation, while holding the library lock for a read-modify-write: it
    reads the file once, then serves TinyDB's further reads (a lookup then an update reads
    three times) from what it read or last wrote. A TinyDB opened on it therefore never
    works from a copy older than the operation, so changes by other processes are seen.
    """

    def __init__(
        self,
        path: str | Path,
        validate: Validator | None = None,
        documents: Documents | None = None,
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self.validate = validate
        self.documents = documents
        self._loaded = False
        self._data: Tables | None = None

    def read(self) -> Tables | None:
        if not self._loaded:
            self._data = read_tables(self.path, self.validate, self.documents)
            self._loaded = True
        # TinyDB changes the returned tables in place and then writes them; a failed write
        # ends the operation, and this storage with it.
        return self._data

    def write(self, data: Tables) -> None:
        write_tables(self.path, data)
        self._data, self._loaded = data, True


def encode_document(document: Mapping[str, Any]) -> str:
    """One document as `write_tables` writes it (compact ASCII JSON)."""
    return json.dumps(document, ensure_ascii=True, separators=(",", ":"))


#: Documents joined per piece of a file written from `EncodedTables` (~40 kB at ~200 bytes
#: a highlight): each piece is one short C-level join, and the file write between pieces
#: lets go of the interpreter, so the writer thread never holds it from the UI for long.
_DOCUMENTS_PER_PIECE = 200


class EncodedTables:
    """A TinyDB file's tables kept with each document's JSON, for writes proportional to a
    change: changing one document encodes that one again, and the file is the documents'
    JSON joined (what `write_tables` would write for the same tables, byte for byte).

    Documents are found by a field of theirs (`key_field`, e.g. an annotation's ``id``).
    """

    def __init__(self, tables: Tables, key_field: str = "id") -> None:
        self._key_field = key_field
        #: Per table, each document's ``"doc_id":{...}`` ASCII JSON, in the file's order.
        self._tables: dict[str, dict[str, bytes]] = {}
        self._doc_ids: dict[str, dict[object, str]] = {}
        #: TinyDB's next id per table: one more than the largest.
        self._next_id: dict[str, int] = {}
        for name, documents in tables.items():
            encoded = self._tables.setdefault(name, {})
            doc_ids = self._doc_ids.setdefault(name, {})
            for doc_id, document in documents.items():
                encoded[doc_id] = _entry(doc_id, document)
                doc_ids.setdefault(document.get(key_field), doc_id)
            self._next_id[name] = max((int(doc_id) for doc_id in documents), default=0) + 1

    def put(self, table: str, key: object, document: Mapping[str, Any] | None) -> None:
        """Store `document` as the one whose key field is `key` (a new one if there is none);
        None removes it."""
        encoded = self._tables.setdefault(table, {})
        doc_ids = self._doc_ids.setdefault(table, {})
        doc_id = doc_ids.get(key)
        if document is None:
            if doc_id is not None:
                del encoded[doc_id]
                del doc_ids[key]
            return
        if doc_id is None:
            number = self._next_id.get(table, 1)
            self._next_id[table] = number + 1
            doc_id = doc_ids[key] = str(number)
        encoded[doc_id] = _entry(doc_id, document)

    def keys(self, table: str) -> set[object]:
        """The key fields of a table's documents."""
        return set(self._doc_ids.get(table, {}))

    def pieces(self) -> Iterable[bytes]:
        """The file in pieces of a few hundred documents, in order (see `to_bytes`)."""
        yield b"{"
        for number, (name, entries) in enumerate(self._tables.items()):
            yield (b"," if number else b"") + json.dumps(name).encode("ascii") + b":{"
            documents = list(entries.values())
            for start in range(0, len(documents), _DOCUMENTS_PER_PIECE):
                piece = b",".join(documents[start : start + _DOCUMENTS_PER_PIECE])
                yield (b"," if start else b"") + piece
            yield b"}"
        yield b"}"

    def to_bytes(self) -> bytes:
        """The file: the same bytes `write_tables` writes for these tables."""
        return b"".join(self.pieces())


def _entry(doc_id: str, document: Mapping[str, Any]) -> bytes:
    """A document as it stands in its table's JSON object: ``"id":{...}``."""
    return f"{json.dumps(doc_id)}:{encode_document(document)}".encode("ascii")
