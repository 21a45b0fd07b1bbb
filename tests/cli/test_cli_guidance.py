"""The command line guides a user who slipped: a mistyped command, `-` with nothing piped
in, an id that names no article (issue 10)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from cli_helpers import assert_one_line_error, run_cli


class TerminalStdin(io.BytesIO):
    """Standard input that is a terminal: nothing was piped in."""

    def isatty(self) -> bool:
        return True

    @property
    def buffer(self) -> io.BytesIO:
        return self


def test_a_mistyped_command_gets_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run_cli(["lsit"], capsys)
    assert code == 2
    assert_one_line_error(err, "lsit", "did you mean 'list'")


def test_a_missing_file_that_looks_like_no_command_is_a_missing_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _out, err = run_cli(["my-story.txt"], capsys)
    assert code == 1
    assert_one_line_error(err, "my-story.txt", "no such file")
    assert "did you mean" not in err


def test_a_file_named_like_a_command_typo_still_opens_as_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("lsit").write_text("", encoding="utf-8")  # empty: opening it fails, but as a file
    code, _out, err = run_cli(["lsit"], capsys)
    assert code == 1
    assert "did you mean" not in err


def test_dash_from_a_terminal_says_how_to_use_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", TerminalStdin(b""))
    code, _out, err = run_cli(["-"], capsys)
    assert code == 2
    assert_one_line_error(err, "standard input", "pipe")


def test_export_of_an_unknown_id_says_no_article_has_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _out, err = run_cli(["export", "nosuchid"], capsys)
    assert code == 1
    assert_one_line_error(err, "nosuchid", "no article")
