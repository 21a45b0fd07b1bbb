"""Write an export into a notes folder in place, never losing what the user wrote there.

Each article has one file name (`annotations.export.filenames.safe_filename`), and exporting again
updates that file. A Markdown export is *managed*: its front matter records a hash of what
newsdesk wrote, and its body sits between two marker lines::

    ---
    title: "..."
    newsdesk_hash: "sha256:3f2a9c1b8d7e6f50"
    ---
    <!-- newsdesk:start: newsdesk rewrites what is between these two lines -->
    ...
    <!-- newsdesk:end: write your own notes above the start line or below this one -->

On the next export:

- text the user added outside the markers is kept where it is, and newsdesk's part is
  replaced;
- if the user edited newsdesk's part (or the front matter), nothing is overwritten: the new
  export is written beside it, ``NAME.new.md``, and the result says so;
- a file newsdesk did not write (no hash) is treated the same way.

Other formats (JSON, CSV) have no place for a hash: an existing file is replaced only when it
is exactly what newsdesk wrote last time (its hash is kept in a hidden ``.newsdesk-exports``
file in the folder); otherwise the export goes beside it. With ``force`` a file is replaced
whatever it holds.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from annotations.errors import NewsdeskError
from annotations.library.storage import atomic_write_bytes, durable_temp_beside, fsync_folder

START_MARKER = "<!-- newsdesk:start: newsdesk rewrites what is between these two lines -->"
END_MARKER = "<!-- newsdesk:end: write your own notes above the start line or below this one -->"
HASH_KEY = "newsdesk_hash"
#: The infix of the file written beside one the user edited: ``NAME.new.md``.
BESIDE_INFIX = ".new"
#: The hidden file where the hashes of unmanaged exports (JSON, CSV) are kept.
LEDGER_NAME = ".newsdesk-exports.json"

_HASH_LINE = re.compile(rf'^{HASH_KEY}: "sha256:([0-9a-f]{{16}})"$', re.MULTILINE)
_EXPORTED_LINE = re.compile(r"^exported: .*$", re.MULTILINE)
_PLACEHOLDER = f'{HASH_KEY}: "sha256:"'


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    BESIDE = "beside"
    REPLACED = "replaced"  # with force, over a file newsdesk did not write as it is


@dataclass(frozen=True)
class WriteResult:
    """What the writer did: `path` is the file written (or left unchanged); `kept` is the
    user's file left untouched when the export went beside it."""

    outcome: Outcome
    path: Path
    kept: Path | None = None

    @property
    def message(self) -> str:
        """One line for the user."""
        if self.outcome is Outcome.BESIDE:
            return (
                f"'{self.kept}' was edited inside newsdesk's part or not written by newsdesk, "
                f"so it is kept as it is; the new export is '{self.path}'"
            )
        verbs = {
            Outcome.CREATED: "wrote",
            Outcome.UPDATED: "updated",
            Outcome.UNCHANGED: "up to date:",
            Outcome.REPLACED: "replaced",
        }
        return f"{verbs[self.outcome]} {self.path}"


class ExportWriteError(NewsdeskError):
    """The export could not be written; its str() is one line."""


@dataclass(frozen=True)
class _Managed:
    """A managed Markdown file cut into its parts."""

    front: str  # the front matter, "---" lines included, its hash line as written
    before: str  # the user's text between the front matter and the start marker
    region: str  # newsdesk's part, between the markers
    after: str  # the user's text after the end marker
    recorded: str | None  # the hash its front matter records


# --- managed Markdown -------------------------------------------------------------------------


def _split_front(document: str) -> tuple[str, str]:
    """The front matter ("---" lines included, "" if none) and the rest."""
    if document.startswith("---\n"):
        end = document.find("\n---\n", 3)
        if end != -1:
            return document[: end + 5], document[end + 5 :]
        if document.endswith("\n---"):
            return document + "\n", ""
    return "", document


def _fingerprint(front: str, region: str) -> str:
    neutral = _HASH_LINE.sub(_PLACEHOLDER, front)
    data = (neutral + "\0" + region).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:16]


def _with_hash(front: str, region: str) -> str:
    """`front` (front matter, possibly empty) with a hash line for `front` + `region`."""
    if not front:
        front = "---\n---\n"
    front = _HASH_LINE.sub("", front).replace("\n\n---\n", "\n---\n")
    placeholder = front[:-4] + _PLACEHOLDER + "\n---\n"
    digest = _fingerprint(placeholder, region)
    return placeholder.replace(_PLACEHOLDER, f'{HASH_KEY}: "sha256:{digest}"')


def managed_document(document: str) -> str:
    """A rendered Markdown document as newsdesk writes it to a file: its body between the
    markers, a hash of both in its front matter."""
    front, body = _split_front(document)
    region = "\n" + body.strip("\n") + "\n\n"
    return f"{_with_hash(front, region)}{START_MARKER}\n{region}{END_MARKER}\n"


def _parse_managed(text: str) -> _Managed | None:
    """The parts of a managed file, or None when it is not one (no markers)."""
    front, rest = _split_front(text)
    start = rest.find(START_MARKER + "\n")
    if not front or start == -1:
        return None
    end = rest.find("\n" + END_MARKER, start)
    if end == -1:
        return None
    region_start = start + len(START_MARKER) + 1
    after_start = end + 1 + len(END_MARKER)
    after = rest[after_start:]
    after = after[1:] if after.startswith("\n") else after
    found = _HASH_LINE.search(front)
    return _Managed(
        front=front,
        before=rest[:start],
        region=rest[region_start : end + 1],
        after=after,
        recorded=found.group(1) if found else None,
    )


def _unedited(managed: _Managed) -> bool:
    return managed.recorded is not None and managed.recorded == _fingerprint(
        managed.front, managed.region
    )


def _same_but_time(old: _Managed, new: _Managed) -> bool:
    """Whether only the export time (and so the hash) differs."""

    def strip(front: str) -> str:
        return _EXPORTED_LINE.sub("", _HASH_LINE.sub("", front))

    return old.region == new.region and strip(old.front) == strip(new.front)


def _merge(existing: _Managed, fresh: _Managed) -> str:
    return (
        f"{fresh.front}{existing.before}{START_MARKER}\n{fresh.region}{END_MARKER}\n"
        f"{existing.after}"
    )


# --- files ------------------------------------------------------------------------------------


def _read(path: Path) -> bytes | None:
    """The file's bytes; None if there is none. Anything but a regular file (a device, a
    FIFO, a symbolic link, a folder) is refused: reading a FIFO would hang, and replacing
    one, or /dev/null, with a file is never what the user meant."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ExportWriteError(f"cannot read '{path}': {_reason(error)}") from None
    if stat.S_ISDIR(mode):
        raise ExportWriteError(f"cannot write '{path}': it is a folder")
    if not stat.S_ISREG(mode):
        raise ExportWriteError(
            f"cannot write '{path}': it is not a regular file (newsdesk only writes files)"
        )
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ExportWriteError(f"cannot read '{path}': {_reason(error)}") from None


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def _create(path: Path, data: bytes) -> bool:
    """Write a new file, never over one that appeared meanwhile; False if one did."""
    temp = durable_temp_beside(path, data)
    try:
        try:
            os.link(temp, path)  # atomic, and fails if `path` exists
        except FileExistsError:
            return False
        except OSError:
            # A file system without hard links: exclusive creation is the next best thing.
            try:
                with open(path, "xb") as handle:
                    handle.write(data)
            except FileExistsError:
                return False
        fsync_folder(path.parent)
        return True
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()


def _replace(path: Path, data: bytes, expected: bytes) -> bool:
    """Replace `path` if it still holds `expected` (no one edited it meanwhile)."""
    if _read(path) != expected:
        return False
    atomic_write_bytes(path, data)
    return True


def beside_path(path: Path) -> Path:
    """Where an export goes when `path` holds the user's edits: ``NAME.new.md``."""
    return path.with_name(path.stem + BESIDE_INFIX + path.suffix)


def _encode(text: str) -> bytes:
    # A lone surrogate cannot be UTF-8; it is shown as U+FFFD rather than failing the export.
    return text.encode("utf-8", "replace")


def write_export(path: Path, document: str, *, managed: bool, force: bool = False) -> WriteResult:
    """Write an export to `path` in place (see the module docstring).

    Args:
        path: The export file.
        document: The rendered export (for a managed format, front matter and body).
        managed: Whether the format is Markdown with front matter (hash and markers).
        force: Replace the file whatever it holds.

    Returns:
        What was done, with a one-line `WriteResult.message`.

    Raises:
        ExportWriteError: The folder or file cannot be written, or the file beside is
            also the user's.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if managed:
            return _write_managed(path, managed_document(document), force=force)
        return _write_plain(path, _encode(document), force=force)
    except ExportWriteError:
        raise
    except OSError as error:
        raise ExportWriteError(f"cannot write '{path}': {_reason(error)}") from None


def _write_managed(path: Path, text: str, *, force: bool, beside: bool = False) -> WriteResult:
    data = _encode(text)
    existing = _read(path)
    if existing is None:
        if _create(path, data):
            return WriteResult(Outcome.CREATED, path)
        existing = _read(path) or b""
    old = _parse_managed(existing.decode("utf-8", "replace"))
    fresh = _parse_managed(text)
    assert fresh is not None  # made by managed_document
    if force:
        atomic_write_bytes(path, data)
        return WriteResult(Outcome.REPLACED, path)
    if old is not None and _unedited(old):
        if _same_but_time(old, fresh):
            return WriteResult(Outcome.UNCHANGED, path)
        if _replace(path, _encode(_merge(old, fresh)), existing):
            return WriteResult(Outcome.UPDATED, path)
    if beside:
        raise ExportWriteError(
            f"'{path}' holds edits too; move it or the file beside it away and export again"
        )
    written = _write_managed(beside_path(path), text, force=False, beside=True)
    return WriteResult(Outcome.BESIDE, written.path, kept=path)


def _ledger(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / LEDGER_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _remember(path: Path, data: bytes) -> None:
    ledger = _ledger(path.parent)
    ledger[path.name] = hashlib.sha256(data).hexdigest()
    body = json.dumps(ledger, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    atomic_write_bytes(path.parent / LEDGER_NAME, body.encode("utf-8"))


def _write_plain(path: Path, data: bytes, *, force: bool, beside: bool = False) -> WriteResult:
    existing = _read(path)
    if existing is None:
        if _create(path, data):
            _remember(path, data)
            return WriteResult(Outcome.CREATED, path)
        existing = _read(path) or b""
    if existing == data:
        _remember(path, data)
        return WriteResult(Outcome.UNCHANGED, path)
    ours = _ledger(path.parent).get(path.name) == hashlib.sha256(existing).hexdigest()
    if (force or ours) and _replace(path, data, existing):
        _remember(path, data)
        return WriteResult(Outcome.UPDATED if ours else Outcome.REPLACED, path)
    if beside:
        raise ExportWriteError(
            f"'{path}' holds edits too; move it or the file beside it away and export again"
        )
    written = _write_plain(beside_path(path), data, force=False, beside=True)
    return WriteResult(Outcome.BESIDE, written.path, kept=path)
