"""No control byte from outside text reaches the terminal, in any widget or CLI output.

The app runs with a driver that records every string Textual writes, exactly what a terminal
would receive; the CLI runs in-process with Rich told it writes to a terminal. The hostile text
carries OSC 52 (clipboard), OSC 2 (title), ESC c (reset), BEL, a CSI with a marker parameter,
a C1 CSI (U+009B), DEL and backspace. After the sequences Textual itself writes (CSI, and OSC 22
for the pointer shape) are taken out, no ESC, BEL or C1 character may remain.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import textual.drivers.headless_driver as headless_module
from cli_helpers import run_cli
from textual.drivers.headless_driver import HeadlessDriver

from annotations.analysis.cache import Analysis
from annotations.analysis.entities.model import Entity, EntityType, Mention
from annotations.analysis.quotes.model import Quote
from annotations.article.model import Article, article_from_plain_text
from annotations.library.anchoring import describe
from annotations.library.model import Annotation
from annotations.library.store import LibraryStore
from annotations.visible_text import visible
from tui.app import NewsdeskApp
from tui.dialogs.confirm_dialog import ConfirmDialog
from tui.dialogs.note_dialog import NoteDialog
from tui.dialogs.tags_dialog import TagsDialog
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.search_bar import SearchBar

HOSTILE = "A\x1b]52;c;Y3VybCBldmlsfHNo\x07B\x1b]2;PWNED\x07C\x1bcD\x07E\x9b2JF\x1b[1337XG\x7fH\x08I"
#: Sequences that only the hostile text could have produced.
MARKERS = ("\x1b]52;c;Y3Vyb", "\x1b]2;PWNED", "\x1bc", "\x1b[1337X", "\x9b")
_OWN_SEQUENCES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\]22;[a-z-]*\x07")
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def leaks(output: str) -> list[str]:
    """Every hostile marker, and every control character not part of Textual's own output."""
    found = [marker for marker in MARKERS if marker in output]
    rest = _OWN_SEQUENCES.sub("", output).replace("\r", "").replace("\t", "")
    found += sorted({repr(match.group()) for match in _FORBIDDEN.finditer(rest)})
    return found


def around_leaks(output: str) -> list[str]:
    """Text around each leak, to tell which widget it came from."""
    return [
        repr(output[max(0, m.start() - 60) : m.end() + 20])
        for m in re.finditer(r"\x1b\]52;c;Y3Vyb|\x1b\]2;PWNED|\x07B|\x9b", output)
    ][:6]


class RecordingDriver(HeadlessDriver):
    """The headless driver, but it renders and keeps everything a terminal would get."""

    written: list[str]

    @property
    def is_headless(self) -> bool:
        return False

    def write(self, data: str) -> None:
        RecordingDriver.written.append(data)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The strings the app writes to its terminal."""
    RecordingDriver.written = []
    monkeypatch.setattr(headless_module, "HeadlessDriver", RecordingDriver)
    return RecordingDriver.written


def hostile_article() -> Article:
    text = (
        f"Title {HOSTILE} here\n\n"
        f"The council met. \u201cWe {HOSTILE} agree,\u201d said Jane Smith.\n\n"
        f"Another paragraph {HOSTILE} with a tail.\n"
    )
    base = article_from_plain_text(text, source=f"src{HOSTILE}.txt", source_key="k:hostile")
    return replace(base, byline=f"Ana {HOSTILE}", date=f"2025{HOSTILE}", site=f"Site{HOSTILE}")


def hostile_library(folder: Path, article: Article) -> LibraryStore:
    """A library holding the article (with a hostile note and tag) and a second hostile one."""
    store = LibraryStore(folder)
    store.open_article(article.id, article.source, article.title, article.fingerprint)
    store.keep_article(article)
    position, quote = describe(article.text, 0, 20)
    store.add(
        Annotation.new(article.id, position, quote, note=f"note {HOSTILE}", tags=[f"t{HOSTILE}"])
    )
    other = article_from_plain_text(
        f"Other {HOSTILE}\n\nBody.", source=f"https://x.test/{HOSTILE}", source_key="k:other"
    )
    store.open_article(other.id, other.source, other.title, other.fingerprint)
    return store


def hostile_analysis(article: Article) -> Analysis:
    start = article.text.index("We ")
    end = article.text.index(" agree") + len(" agree")
    entity = Entity(f"Jane {HOSTILE}", EntityType.PERSON, (Mention(start, end),))
    quote = Quote(article.text[start:end], start, end, f"Jane {HOSTILE}", "full", start - 1, end)
    phrase = Quote(article.text[start:end], start, end, None, "phrase", start - 1, end)
    return Analysis((entity,), (quote, phrase), f"rules{HOSTILE}")


async def test_every_widget_shows_hostile_text_without_control_bytes(
    terminal: list[str], tmp_path: Path
) -> None:
    article = hostile_article()
    store = hostile_library(tmp_path / "lib", article)
    app = NewsdeskApp(article, store=store, export_dir=tmp_path / f"out{HOSTILE}")
    async with app.run_test(size=(140, 45)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        screen._show_analysis(hostile_analysis(article))
        await pilot.pause()
        # The entity (its name goes to the masthead), then the quotation, highlighted.
        await pilot.press("tab")
        await pilot.press("down")
        await pilot.press("tab", "h")
        await pilot.pause()
        app.notify(f"message {HOSTILE}", title=f"title {HOSTILE}")
        screen.notify(f"screen {HOSTILE}", severity="error")
        await pilot.pause()
        search = screen.query_one(SearchBar)
        search.display = True
        search.value = f"find {HOSTILE}"
        await pilot.pause()
        search.display = False
        for dialog in (
            NoteDialog(f"quote {HOSTILE}", f"note {HOSTILE}"),
            TagsDialog(f"quote {HOSTILE}", [f"tag{HOSTILE}"], [f"known{HOSTILE}"]),
            ConfirmDialog(f"Remove {HOSTILE}?", f"detail {HOSTILE}"),
        ):
            await app.push_screen(dialog)
            await pilot.pause()
            app.pop_screen()
            await pilot.pause()
        screen.query_one("#entities").show_message(f"Could not analyse ({HOSTILE})")  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("escape")
        app.action_open_library()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert len(app.screen.shown) == 2
    output = "".join(terminal)
    assert "PWNED" in output  # the text was drawn, as pictures
    assert leaks(output) == [], around_leaks(output)


def test_leak_detector_catches_each_kind_of_byte() -> None:
    assert leaks("\x1b[0mplain\x1b]22;default\x07") == []
    for bad in ("\x1b]2;PWNED\x07", "\x07", "\x9b", "\x1bc", "\x7f", "\x08"):
        assert leaks(f"ok {bad}"), bad


# --- the command line -----------------------------------------------------------------------


@pytest.fixture
def cli_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Article]:
    """A hostile library as the CLI's default, and Rich writing as to a terminal."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    folder = tmp_path / "lib"
    monkeypatch.setenv("NEWSDESK_LIBRARY", str(folder))
    article = hostile_article()
    hostile_library(folder, article)
    return folder, article


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["export"],
        ["export", "--format", "json"],
        ["analyze", "{file}"],
        ["analyze", "{file}", "--json"],
        ["export", "{file}"],
        ["{missing}"],
        ["import", "{missing}"],
        ["export", "{missing}"],
        ["analyze", "{url}"],
    ],
    ids=lambda args: "-".join(args),
)
def test_cli_outputs_carry_no_control_bytes(
    args: list[str],
    cli_library: tuple[Path, Article],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    article_file = tmp_path / "hostile.txt"
    article_file.write_text(hostile_article().text, encoding="utf-8")
    names = {
        "file": str(article_file),
        "missing": str(tmp_path / f"gone{HOSTILE}.txt"),
        "url": f"http://x.test/{HOSTILE}",
    }
    _code, out, err = run_cli([arg.format(**names) for arg in args], capsys)
    assert "PWNED" in out + err  # the hostile text was printed, as pictures
    assert leaks(out) == []
    assert leaks(err) == []


def test_json_output_keeps_the_text_exactly(
    cli_library: tuple[Path, Article], capsys: pytest.CaptureFixture[str]
) -> None:
    """JSON escapes the controls (\\u001b, \\u009b): the data is whole, the terminal safe."""
    _folder, article = cli_library
    code, out, _err = run_cli(["export", article.id, "--format", "json"], capsys)
    assert code == 0 and leaks(out) == []
    collection = json.loads(out)
    assert f"Title {HOSTILE} here" in strings_in(collection)
    assert f"note {HOSTILE}" in strings_in(collection)
    assert visible(HOSTILE) not in out


def strings_in(data: object) -> list[str]:
    """Every string anywhere in parsed JSON."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in strings_in(value)]
    if isinstance(data, list):
        return [s for value in data for s in strings_in(value)]
    return []


class _HostileReason(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        # The reason phrase is raw bytes: latin-1 0x9b is the C1 CSI once decoded.
        self.wfile.write(b"HTTP/1.1 404 Gone \x9b2J PWNED\r\nContent-Length: 0\r\n\r\n")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def hostile_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _HostileReason)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/a"
    server.shutdown()
    server.server_close()


def test_http_errors_are_shown_without_control_bytes(
    hostile_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(["analyze", hostile_server], capsys)
    assert code == 1
    assert "404" in err and "PWNED" in err
    assert leaks(out + err) == []
