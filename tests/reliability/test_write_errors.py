"""A full, read-only or forbidden disk: a clear message, nothing earlier damaged, no crash.

Each case runs on a small tmpfs mounted for the test (a real full or read-only file system)
where the test may mount one, and on a simulated `OSError` (fsync failing with the same errno)
everywhere. Earlier saves must stay intact and the failed edit must not appear as saved.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_helpers import run_cli
from pilot_support import GIVE_UP_SECONDS

from annotations.article.model import article_from_plain_text
from annotations.library.session import AnnotationSession, SaveError
from annotations.library.store import LibraryStore
from tui.app import NewsdeskApp
from tui.screens.reader import ReaderScreen
from tui.widgets.masthead import Masthead

TEXT = "A title\n\nThe first sentence is here. The second one follows it.\n\nMore text."


@dataclass
class Disk:
    """A folder whose file system can be made to refuse writes."""

    folder: Path
    refuse: Callable[[], None]
    reason: str
    #: A real file system (every write fails), not only the library's fsynced ones.
    real: bool = True


def _mount(point: Path, options: str) -> bool:
    point.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
            capture_output=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def _fill(folder: Path) -> None:
    """Write until the file system is full."""
    descriptor = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(descriptor, b"\0" * 65536)
    except OSError as error:
        assert error.errno == errno.ENOSPC
    finally:
        os.close(descriptor)
    # Small files may still fit in the last partial block: take those too.
    number = 0
    try:
        while True:
            number += 1
            (folder / f"filler-{number}").write_bytes(b"x" * 512)
    except OSError as error:
        assert error.errno == errno.ENOSPC


@pytest.fixture(params=["tmpfs-full", "tmpfs-read-only", "simulated-full", "simulated-denied"])
def disk(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Disk]:
    kind: str = request.param
    if kind.startswith("tmpfs"):
        point = tmp_path / "mnt"
        if not _mount(point, "size=4m"):
            pytest.skip("cannot mount a tmpfs here (needs root and mount rights)")
        try:
            if kind == "tmpfs-full":
                yield Disk(point, lambda: _fill(point), "the disk is full")
            else:

                def read_only() -> None:
                    subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True)

                yield Disk(point, read_only, "the disk is read-only")
        finally:
            subprocess.run(["umount", "-l", str(point)], capture_output=True)
        return
    code = errno.ENOSPC if kind == "simulated-full" else errno.EACCES

    def refuse() -> None:
        def failing_fsync(_descriptor: int) -> None:
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(os, "fsync", failing_fsync)

    reason = "the disk is full" if code == errno.ENOSPC else "permission denied"
    yield Disk(tmp_path / "disk", refuse, reason, real=False)


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every regular file under `folder` (but the filler) and its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith("filler")
    }


def _library_with_a_highlight(folder: Path) -> tuple[LibraryStore, AnnotationSession]:
    store = LibraryStore(folder / "lib")
    article = article_from_plain_text(TEXT, source="t.txt", source_key="k:t")
    session = AnnotationSession(store, article)
    session.create(9, 36, note="kept")
    return store, session


def test_a_failed_save_changes_nothing_and_says_why(disk: Disk) -> None:
    store, session = _library_with_a_highlight(disk.folder)
    before = _snapshot(disk.folder)
    highlights = list(session.highlights)
    disk.refuse()
    with pytest.raises(SaveError, match=disk.reason):
        session.create(37, 60)
    with pytest.raises(SaveError, match=disk.reason):
        session.set_note(highlights[0], "changed")
    with pytest.raises(SaveError):
        session.undo()
    # Nothing changed in memory (undo history included) or on disk; no temp file was left.
    assert session.highlights == highlights
    assert session.can_undo and not session.can_redo
    assert _snapshot(disk.folder) == before
    assert store.annotations(session.article.id) == highlights


async def test_the_app_keeps_running_and_shows_the_edit_as_not_saved(disk: Disk) -> None:
    store, session = _library_with_a_highlight(disk.folder)
    app = NewsdeskApp(session.article, store=store, export_dir=disk.folder / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        disk.refuse()
        before = _snapshot(disk.folder)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        count = len(screen.session.highlights)
        await pilot.press("}", "}", "h")  # highlight the last paragraph's sentence
        assert app.writer.flush(GIVE_UP_SECONDS)  # the save ran (and failed)
        if disk.real:
            await pilot.press("E")  # export: the file must not be left half written
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [notification.message for notification in app._notifications]
        assert any("Could not save 1 change" in m and disk.reason in m for m in messages), messages
        assert any("Could not export" in m for m in messages) or not disk.real
        # The edit stays on screen, marked unsaved, never silently lost.
        assert len(screen.session.highlights) == count + 1
        assert screen.session.unsaved == 1
        assert screen.query_one(Masthead).mode == "UNSAVED 1"
        assert app.is_running
        screen._cursor += 5  # the reading position is saved when the screen closes
    app.writer.flush(GIVE_UP_SECONDS)
    assert _snapshot(disk.folder) == before
    exports = disk.folder / "exports"
    assert not exports.exists() or list(exports.iterdir()) == []


async def test_quitting_with_unsaved_edits_keeps_them_and_says_where(
    disk: Disk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "elsewhere"))
    (tmp_path / "elsewhere").mkdir()
    store, session = _library_with_a_highlight(disk.folder)
    app = NewsdeskApp(session.article, store=store, export_dir=disk.folder / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        disk.refuse()
        await pilot.press("}", "}", "h", "q")
    assert app.return_code == 1  # and `run` exits with it (the CLI's status)
    said = app.unsaved_at_quit or ""  # printed on stderr after "newsdesk: " as the app ends
    assert said.startswith("Could not save 1 change") and disk.reason in said, said
    kept = Path(said.split("kept in ", 1)[1].rstrip("."))
    documents = json.loads(kept.read_text())
    notes = sorted(document["note"] for document in documents["annotations"].values())
    assert len(notes) == 2 and "kept" in notes  # the earlier highlight and the unsaved one


async def test_the_app_starts_on_a_disk_that_refuses_writes(disk: Disk) -> None:
    store = LibraryStore(disk.folder / "lib")
    disk.refuse()
    article = article_from_plain_text(TEXT, source="new.txt", source_key="k:new")
    app = NewsdeskApp(article, store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [notification.message for notification in app._notifications]
        assert any("could not record this article" in m and disk.reason in m for m in messages)
        assert app.is_running


def test_cli_import_and_export_fail_in_one_line(
    disk: Disk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store, session = _library_with_a_highlight(disk.folder)
    library = str(store.folder)
    code, exported, _err = run_cli(["--library", library, "export", "--format", "json"], capsys)
    assert code == 0
    payload = tmp_path / "annotations.json"
    payload.write_text(exported)
    session.delete(session.highlights[0])  # importing brings it back: a write
    before = _snapshot(disk.folder)
    disk.refuse()
    code, _out, err = run_cli(["--library", library, "import", str(payload)], capsys)
    assert code == 1 and "Traceback" not in err
    # One line saying why (after a warning, on a read-only disk, that nothing can be saved).
    assert all(line.startswith("newsdesk: ") for line in err.strip().splitlines())
    assert disk.reason in err.strip().splitlines()[-1]
    target = disk.folder / "out.md"
    code, _out, err = run_cli(["--library", library, "export", "-o", str(target)], capsys)
    assert code == 1 and "Traceback" not in err
    assert not target.exists()  # no partial output
    assert _snapshot(disk.folder) == before
