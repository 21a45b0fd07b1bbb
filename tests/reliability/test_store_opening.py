"""Opening a library takes its lock only when there is something to tidy or upgrade.

A current, tidy library (nearly always) opens without the lock, so `newsdesk FILE` does not
wait for filelock to import before its first frame; anything to do is done under the lock.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Any

import pytest

from annotations.library.storage import TEMP_SUFFIX
from annotations.library.store import INDEX_FILE, LOCK_FILE, LibraryStore


def test_a_current_tidy_library_opens_without_its_lock(tmp_path: Path) -> None:
    LibraryStore(tmp_path)  # a new library: created under the lock
    store = LibraryStore(tmp_path)
    assert store._file_lock is None
    store.open_article("a", "a.txt", "A", "f")  # a write takes it
    assert store._file_lock is not None


def test_leftover_temp_files_are_tidied_under_the_lock(tmp_path: Path) -> None:
    LibraryStore(tmp_path)
    leftover = tmp_path / f".{INDEX_FILE}{TEMP_SUFFIX}"
    leftover.write_text("half a write")
    store = LibraryStore(tmp_path)
    assert not leftover.exists()
    assert store._file_lock is not None


def test_an_index_without_its_version_mark_is_repaired_under_the_lock(tmp_path: Path) -> None:
    store = LibraryStore(tmp_path)
    store.open_article("a", "a.txt", "A", "f")
    index = tmp_path / INDEX_FILE
    data = json.loads(index.read_text())
    del data["meta"]
    index.write_text(json.dumps(data))
    reopened = LibraryStore(tmp_path)
    assert reopened._file_lock is not None
    assert "meta" in json.loads(index.read_text())
    assert reopened.get_article("a") is not None


def test_a_read_only_library_still_says_so_when_it_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    LibraryStore(tmp_path).open_article("a", "a.txt", "A", "f")
    real_open = os.open

    def read_only_lock(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path).endswith(LOCK_FILE) and flags & (os.O_RDWR | os.O_WRONLY):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_lock)
    store = LibraryStore(tmp_path)
    assert any("cannot be written" in warning for warning in store.warnings)
    assert store.get_article("a") is not None  # still read
