"""The command line's one error edge: a `NewsdeskError` raised anywhere below a command is
one ``newsdesk: <message>`` line and its exit status; anything else is not swallowed."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import assert_one_line_error, run_cli

from annotations.errors import NewsdeskError
from annotations.library.session import AnnotationSession
from annotations.library.storage import CorruptFileError
from annotations.library.store import LibraryStore
from annotations.sources.load import load_source


class DeepTrouble(NewsdeskError):
    exit_status = 3


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A library holding one article, so `list` reaches the per-article counts."""
    folder = tmp_path / "library"
    story = tmp_path / "story.txt"
    story.write_text("Ferry cut\n\nThe ferry will run every forty minutes.\n", encoding="utf-8")
    AnnotationSession(LibraryStore(folder), load_source(str(story)))
    return folder


def fail_counting(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    def counts(self: LibraryStore, article_id: str) -> tuple[int, int]:
        raise error

    monkeypatch.setattr(LibraryStore, "counts", counts)


def test_a_newsdesk_error_deep_inside_a_command_is_one_line_and_its_status(
    library: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fail_counting(monkeypatch, DeepTrouble("the shelf\ncollapsed"))
    code, out, err = run_cli(["--library", str(library), "list"], capsys)
    assert code == 3
    assert out == ""
    assert_one_line_error(err, "newsdesk: the shelf collapsed")


def test_a_corrupt_file_found_late_is_one_line_with_status_1(
    library: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = library / "annotations" / "x.json"
    fail_counting(monkeypatch, CorruptFileError(bad, "not JSON"))
    code, _out, err = run_cli(["--library", str(library), "list"], capsys)
    assert code == 1
    assert_one_line_error(err, f"{bad}: not JSON")


def test_a_bug_is_not_turned_into_a_one_line_message(
    library: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fail_counting(monkeypatch, ZeroDivisionError("a bug"))
    with pytest.raises(ZeroDivisionError):
        run_cli(["--library", str(library), "list"], capsys)
