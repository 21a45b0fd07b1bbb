"""Every input is bounded: special files, endless streams, deep JSON, hostile HTTP servers.

Commands that used to hang or run out of memory run in subprocesses with a generous
`timeout` as a hang guard (a hang fails the test; nothing waits on time otherwise).
"""

from __future__ import annotations

import gzip
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import IO, Any

import pytest
from cli_helpers import run_cli
from web_server import LocalServer, respond

from annotations.article.model import article_from_plain_text
from annotations.library.storage import TEMP_SUFFIX
from annotations.library.store import TEXTS_FOLDER, LibraryStore
from annotations.sources.fetch import FetchError, fetch_url

REPO = Path(__file__).resolve().parents[2]
HANG_GUARD = 60


def newsdesk(
    *args: str, library: Path, stdin: int | IO[Any] | None = subprocess.DEVNULL
) -> tuple[int, str]:
    """Run the real command; returns its exit status and stderr."""
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", "--library", str(library), *args],
        cwd=REPO,
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )
    return done.returncode, done.stderr


def assert_one_line(err: str, *fragments: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsdesk: "), err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0], err


# --- special files and endless streams ---------------------------------------------------------


@pytest.mark.parametrize("command", [["import"], ["analyze"], ["export"], []])
def test_a_fifo_is_refused_not_waited_on(command: list[str], tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    code, err = newsdesk(*command, str(fifo), library=tmp_path / "lib")
    assert code == 1
    assert_one_line(err, "not a regular file")


def test_importing_dev_zero_is_refused(tmp_path: Path) -> None:
    code, err = newsdesk("import", "/dev/zero", library=tmp_path / "lib")
    assert code == 1
    assert_one_line(err, "not a regular file")


def test_importing_endless_stdin_stops_at_the_limit(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zeros:
        code, err = newsdesk("import", "-", library=tmp_path / "lib", stdin=zeros)
    assert code == 1
    assert_one_line(err, "over the 16 MB limit")


def test_deeply_nested_json_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nested = tmp_path / "nested.json"
    nested.write_text("[" * 100_000 + "]" * 100_000)
    code, _out, err = run_cli(["--library", str(tmp_path / "lib"), "import", str(nested)], capsys)
    assert code == 1
    assert_one_line(err, "not valid JSON", "nested too deeply")


def test_a_fifo_in_the_library_is_set_aside(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    store = LibraryStore(library)
    store.open_article("a1", "s.txt", "Kept", "fp")
    (library / "library.json").rename(library / "old.json")
    os.mkfifo(library / "library.json")
    code, err = newsdesk("list", library=library)
    assert code == 0
    assert "library.json could not be read (not a regular file" in err
    aside = [p for p in library.iterdir() if p.name.startswith("library.json.corrupt-")]
    assert len(aside) == 1 and stat.S_ISFIFO(aside[0].lstat().st_mode)


# --- --force -------------------------------------------------------------------------------------


def _library_with_an_article(tmp_path: Path) -> Path:
    library = tmp_path / "lib"
    store = LibraryStore(library)
    article = article_from_plain_text("T\n\nBody text.", source="t.txt", source_key="k")
    store.open_article(article.id, article.source, article.title, article.fingerprint)
    store.keep_article(article)
    return library


def _special_targets(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    fifo = tmp_path / "fifo.md"
    os.mkfifo(fifo)
    yield "fifo", fifo
    kept = tmp_path / "kept.md"
    kept.write_text("mine")
    link = tmp_path / "link.md"
    link.symlink_to(kept)
    yield "symlink", link
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "nowhere.md")
    yield "dangling symlink", dangling
    device = tmp_path / "null.md"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError):
        return  # not root: no device node to try
    yield "device", device


def test_force_replaces_only_regular_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = _library_with_an_article(tmp_path)
    for name, target in _special_targets(tmp_path):
        before = target.lstat()
        code, _out, err = run_cli(
            ["--library", str(library), "export", "-o", str(target), "--force"], capsys
        )
        assert code == 1, name
        assert_one_line(err)
        after = target.lstat()
        assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino), name
    assert (tmp_path / "kept.md").read_text() == "mine"
    assert not (tmp_path / "nowhere.md").exists()


# --- HTTP -------------------------------------------------------------------------------------


def _double_gzip(handler: BaseHTTPRequestHandler) -> None:
    body = gzip.compress(gzip.compress(b"<p>" + b"x" * (32 * 1024 * 1024) + b"</p>"))
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Encoding", "gzip, gzip")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _gzip_page(handler: BaseHTTPRequestHandler) -> None:
    body = gzip.compress(b"<html><body><p>Small page.</p></body></html>")
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Encoding", "gzip")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


class DrippingHeaders:
    """A raw server that answers a status line, then one header byte at a time, slowly,
    until the client hangs up or `stop` is set."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        connection, _ = self._socket.accept()
        with connection:
            connection.recv(65536)
            try:
                connection.sendall(b"HTTP/1.1 200 OK\r\n")
                # Bounded: 600 bytes at most, one every 0.1 s (the client gives up first).
                for _ in range(600):
                    if self.stop.wait(0.1):
                        return
                    connection.sendall(b"X")
            except OSError:
                return

    def close(self) -> None:
        self.stop.set()
        self._socket.close()


@pytest.fixture
def web() -> Iterator[LocalServer]:
    server = LocalServer()
    server.routes.update(
        {
            "/double-gzip": _double_gzip,
            "/gzip": _gzip_page,
            "/pdf-untyped": respond(200, "application/octet-stream", b"%PDF-1.4\n1 0 obj\n"),
            "/pdf-as-text": respond(200, "text/plain", b"%PDF-1.4\n1 0 obj\n"),
        }
    )
    try:
        yield server
    finally:
        server.stop()


def test_each_encoding_layer_is_capped(web: LocalServer) -> None:
    with pytest.raises(FetchError, match="larger than 1 MB unpacked"):
        fetch_url(web.url("/double-gzip"), max_bytes=1024 * 1024)


def test_a_gzipped_page_still_reads(web: LocalServer) -> None:
    assert b"Small page." in fetch_url(web.url("/gzip")).body


@pytest.mark.parametrize("path", ["/pdf-untyped", "/pdf-as-text"])
def test_binary_bodies_are_refused_whatever_their_type(web: LocalServer, path: str) -> None:
    with pytest.raises(FetchError, match=r"not a text or HTML page \(a PDF document\)"):
        fetch_url(web.url(path))


def test_dripping_headers_hit_the_overall_deadline() -> None:
    server = DrippingHeaders()
    try:
        with pytest.raises(FetchError, match="timed out after 1 s") as caught:
            fetch_url(f"http://127.0.0.1:{server.port}/", timeout=1.0)
        assert caught.value.unreachable
    finally:
        server.close()


# --- a writer killed while keeping an article -------------------------------------------------


#: Keeps a large article; stops just before its temp file would be renamed into place, says
#: so on stdout, and waits to be killed.
KEEPER = """
import os, sys, threading
from pathlib import Path
import annotations.library.storage as storage
from annotations.article.model import article_from_plain_text
from annotations.library.store import LibraryStore

def stop_before_rename(source, target):
    print("ready", flush=True)
    threading.Event().wait()

store = LibraryStore(Path(sys.argv[1]))
storage.os.replace = stop_before_rename
text = "Title\\n\\n" + "A long paragraph of the article. " * 60000
store.keep_article(article_from_plain_text(text, source="big.txt", source_key="k:big"))
"""


def test_a_kill_during_keep_article_leaves_nothing_after_the_next_start(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    LibraryStore(library)
    keeper = subprocess.Popen(
        [sys.executable, "-c", KEEPER, str(library)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert keeper.stdout is not None
        assert keeper.stdout.readline().strip() == "ready"  # the temp file is written
        temps = list((library / TEXTS_FOLDER).glob(f".*{TEMP_SUFFIX}"))
        assert len(temps) == 1 and temps[0].stat().st_size > 1024 * 1024
    finally:
        keeper.send_signal(signal.SIGKILL)
        keeper.wait(timeout=HANG_GUARD)
    LibraryStore(library)  # the next start
    assert list((library / TEXTS_FOLDER).glob(f".*{TEMP_SUFFIX}")) == []
    assert list((library / TEXTS_FOLDER).glob("*.json")) == []  # nothing half kept


def test_nested_json_in_a_kept_text_is_set_aside(tmp_path: Path) -> None:
    library = _library_with_an_article(tmp_path)
    store = LibraryStore(library)
    (text_file,) = (library / TEXTS_FOLDER).glob("*.json")
    text_file.write_text("[" * 100_000 + "]" * 100_000)
    record = store.articles()[0]
    assert store.kept_article(record.id) is None
    assert any("nested too deeply" in warning for warning in store.warnings)
    assert next(library.glob("texts/*.corrupt-*")).read_text().startswith("[[[")


def test_the_export_key_never_reads_or_replaces_a_fifo(tmp_path: Path) -> None:
    from annotations.export.in_place import ExportWriteError, write_export

    fifo = tmp_path / "story.md"
    os.mkfifo(fifo)
    for managed, force in ((True, False), (True, True), (False, True)):
        with pytest.raises(ExportWriteError, match="not a regular file"):
            write_export(fifo, "# Story\n", managed=managed, force=force)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.md"]
