"""Crash-safe files for the library: atomic replacement and a TinyDB storage built on it.

TinyDB's own `JSONStorage` rewrites its file in place, so a process killed mid-write can
leave a truncated file or one that still parses but lost saves (see /work/shared/facts.md).
Here every write goes to a temporary file in the same folder, is fsynced, renamed over the
old file with `os.replace` (atomic on POSIX) and the folder is fsynced so the rename itself
survives a power cut: a reader sees the old file or the new one, never a mixture.

Only `annotations.store` uses this module.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

#: Temporary files are named ``.<target>.<random>.tmp`` next to their target.
TEMP_SUFFIX = ".tmp"

Tables = dict[str, dict[str, Any]]
#: Checks a file's parsed content and raises ValueError, KeyError or TypeError if it is wrong.
Validator = Callable[[Tables], None]


class CorruptFileError(Exception):
    """A library file that exists but cannot be used: bad encoding, bad JSON or wrong shape."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def fsync_folder(folder: Path) -> None:
    """Make renames and removals in `folder` durable."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that any crash leaves either the old or the new file."""
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
    try:
        with open(temp, "xb") as file:
            file.write(data)
            file.flush()
            # The kernel stamps mtimes with a coarse (jiffy) clock and a freed inode number
            # can come straight back, so give each version a precise mtime of its own.
            now = time.time_ns()
            os.utime(file.fileno(), ns=(now, now))
            os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def read_tables(path: Path, validate: Validator | None = None) -> Tables | None:
    """Parse a TinyDB JSON file; None if it does not exist.

    Raises:
        CorruptFileError: the file exists but is not a valid TinyDB file, or `validate`
            rejected its content.
        OSError: the file could not be read at all (permissions, I/O error).
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    if not raw.strip():
        # We never write an empty file, so one is the remains of an interrupted write.
        raise CorruptFileError(path, "empty file")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise CorruptFileError(path, f"not UTF-8 ({error.reason})") from error
    except ValueError as error:
        raise CorruptFileError(path, f"bad JSON ({error})") from error
    _check_tinydb_shape(path, data)
    if validate is not None:
        try:
            validate(data)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise CorruptFileError(path, f"wrong shape ({error!r})") from error
    return data  # type: ignore[no-any-return]


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

    def __init__(self, path: str | Path, validate: Validator | None = None) -> None:
        super().__init__()
        self.path = Path(path)
        self.validate = validate
        self._loaded = False
        self._data: Tables | None = None

    def read(self) -> Tables | None:
        if not self._loaded:
            self._data = read_tables(self.path, self.validate)
            self._loaded = True
        # TinyDB changes the returned tables in place and then writes them; a failed write
        # ends the operation, and this storage with it.
        return self._data

    def write(self, data: Tables) -> None:
        write_tables(self.path, data)
        self._data, self._loaded = data, True
