"""`newsdesk FILE` opens without click (`cli.main`), and behaves as `newsdesk open FILE` does.

The quick path takes only one argument naming an existing file, with settings from the
environment that click would take as they are; these tests hold its failures to click's,
byte for byte, and check that everything else still goes to click.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from cli_helpers import run_cli

import cli.main
from cli.commands import cli as click_group
from cli.main import COMMAND_NAMES, file_to_open

GIVE_UP_SECONDS = 60


def test_the_quick_path_knows_every_command_name() -> None:
    with click.Context(click_group) as context:
        assert set(click_group.list_commands(context)) == COMMAND_NAMES


def _story(folder: Path, name: str = "story.txt") -> Path:
    path = folder / name
    path.write_text("Ferry cut\n\nThe ferry will run every forty minutes.\n", encoding="utf-8")
    return path


def test_only_one_existing_file_takes_the_quick_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = str(_story(tmp_path))
    assert file_to_open([story]) == story
    monkeypatch.chdir(tmp_path)
    _story(tmp_path, "list")  # a file named like a command: click runs the command
    not_quick = [
        [],
        [story, "--format", "md"],
        ["--sample"],
        ["-"],
        ["list"],
        [str(tmp_path)],  # a folder
        [str(tmp_path / "missing.txt")],
        ["https://example.org/story"],
    ]
    for args in not_quick:
        assert file_to_open(args) is None, args


@pytest.mark.parametrize(
    ("variable", "value"),
    [("NEWSDESK_EXTRACTOR", "spacy-xl"), ("NEWSDESK_LIBRARY", "story.txt")],
)
def test_settings_click_refuses_go_to_click(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variable: str,
    value: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    story = str(_story(tmp_path))
    monkeypatch.setenv(variable, value)
    assert file_to_open([story]) is None
    code, _out, err = run_cli([story], capsys)
    assert code == 2  # click's usage error, as before the quick path
    assert err.startswith("newsdesk: ") and "--help" in err


def _bad_files(folder: Path) -> list[Path]:
    binary = folder / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    empty = folder / "empty.txt"
    empty.write_text("", encoding="utf-8")
    bad_utf8 = folder / "story.md"
    bad_utf8.write_bytes(b"# Title\n\n\xff\xfe broken \x80 text\n")
    return [binary, empty, bad_utf8, _story(folder)]  # the last: stdout is no terminal here


def test_the_quick_path_fails_as_click_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in _bad_files(tmp_path):
        assert file_to_open([str(path)]) == str(path)
        quick = run_cli([str(path)], capsys)
        through_click = run_cli(["open", str(path)], capsys)
        assert quick == through_click, path
        assert quick[0] == 1 and quick[2].startswith("newsdesk: "), quick


def test_an_unusable_library_fails_as_click_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    story = str(_story(tmp_path))
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the library's folder should be", encoding="utf-8")
    monkeypatch.setenv("NEWSDESK_LIBRARY", str(blocked / "library"))  # cannot be made
    assert file_to_open([story]) == story
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)  # the store opens before the app
    quick = run_cli([story], capsys)
    through_click = run_cli(["open", story], capsys)
    assert quick == through_click
    assert quick[0] == 1 and "cannot use the library folder" in quick[2]


def test_the_quick_path_opens_the_reader_as_open_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    story = str(_story(tmp_path))
    monkeypatch.setenv("NEWSDESK_EXTRACTOR", "rules")
    started: list[tuple[str, str, Path]] = []
    monkeypatch.setattr(
        cli.main,
        "_run_app",
        lambda article, ctx: started.append((article.title, ctx.extractor_choice, ctx.library)),
    )
    assert run_cli([story], capsys)[0] == 0
    assert run_cli(["open", story], capsys)[0] == 0
    assert started[0] == started[1] == ("Ferry cut", "rules", started[0][2])


def test_newsdesk_file_does_not_import_click(tmp_path: Path) -> None:
    story = _story(tmp_path)
    probe = (
        "import sys, cli.main as m\n"
        "m._run_app = lambda article, context: print('click' in sys.modules, article.title)\n"
        "m.main(sys.argv[1:])\n"
    )
    environment = {**os.environ, "NEWSDESK_LIBRARY": str(tmp_path / "library")}
    done = subprocess.run(
        [sys.executable, "-c", probe, str(story)],
        capture_output=True,
        text=True,
        timeout=GIVE_UP_SECONDS,
        env=environment,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "False Ferry cut\n"), done.stderr


def test_newsdesk_file_leaves_what_comes_later_unimported(tmp_path: Path) -> None:
    """Up to the app's run: no click, no filelock (a current library opens without its lock),
    no export document module (the config names its defaults from a small module), and no
    help screen and no dialog (bindings are named as each class is made; the panes' one-line
    excerpts come from a module of their own)."""
    from annotations.library.store import LibraryStore

    story = _story(tmp_path)
    LibraryStore(tmp_path / "library").open_article("a", "a.txt", "A", "f")
    later = (
        "click",
        "filelock",
        "annotations.export.document",
        "tui.screens.help",
        "tui.screens.library",
        "tui.dialogs.choice_dialog",
        "tui.dialogs.prompt_dialog",
        "tui.dialogs.tags_dialog",
        "tui.dialogs.note_dialog",
        "tui.dialogs.confirm_dialog",
    )
    probe = (
        "import sys, cli.main as m\n"
        "def run(article, context):\n"
        "    import tui.app\n"
        "    assert context.store.get_article('a') is not None\n"
        f"    print([name for name in {later!r} if name in sys.modules])\n"
        "m._run_app = run\n"
        "m.main(sys.argv[1:])\n"
    )
    environment = {**os.environ, "NEWSDESK_LIBRARY": str(tmp_path / "library")}
    done = subprocess.run(
        [sys.executable, "-c", probe, str(story)],
        capture_output=True,
        text=True,
        timeout=GIVE_UP_SECONDS,
        env=environment,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "[]\n"), done.stderr


def test_the_app_is_imported_without_collecting_and_then_frozen(tmp_path: Path) -> None:
    """The app's imports make only long-lived objects: no collection walks them meanwhile,
    and they are frozen after (the collector then starts from an empty young generation)."""
    probe = (
        "import gc, sys\n"
        "from pathlib import Path\n"
        "import cli.main as m\n"
        "from annotations.sources.load import load_seed\n"
        "from cli.context import CliContext\n"
        "starts = []\n"
        "gc.callbacks.append(lambda phase, info: phase == 'start' and starts.append(1))\n"
        "seen = []\n"
        "def fail(message, status=1):\n"  # the check after the imports: stdout is no terminal
        "    seen.append((len(starts), gc.isenabled(), gc.get_freeze_count() > 0))\n"
        "    raise SystemExit(1)\n"
        "m.fail = fail\n"
        "context = CliContext(library=Path(sys.argv[1]), extractor_choice='rules')\n"
        "gc.collect()\n"
        "starts.clear()\n"
        "try:\n"
        "    m._run_app(load_seed(), context)\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('tui.app' in sys.modules, [(n <= 1, *rest) for n, *rest in seen])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / "library")],
        capture_output=True,
        text=True,
        timeout=GIVE_UP_SECONDS,
        check=False,
    )
    # At most one collection (~65 before): the first after the imports, of a generation
    # the freeze emptied.
    assert done.stdout == "True [(True, True, True)]\n", done.stderr
