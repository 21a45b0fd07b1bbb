"""The command line: one clear line and a non-zero status for every bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import assert_one_line_error, run_cli


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _out, err = run_cli([str(tmp_path / "missing.txt")], capsys)
    assert code == 1
    assert_one_line_error(err, "missing.txt", "no such file")


def test_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _out, err = run_cli([str(tmp_path)], capsys)
    assert code == 1
    assert_one_line_error(err, "directory")


def test_binary_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 20)
    code, _out, err = run_cli([str(path)], capsys)
    assert code == 1
    assert_one_line_error(err, "binary")


def test_empty_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n")
    code, _out, err = run_cli([str(path)], capsys)
    assert code == 1
    assert_one_line_error(err, "empty")


def test_file_over_the_size_limit(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from annotations.sources.load import MAX_SOURCE_BYTES

    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_SOURCE_BYTES + 1)
    code, _out, err = run_cli([str(path)], capsys)
    assert code == 1
    assert_one_line_error(err, "MB")


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run_cli(["--no-such-option"], capsys)
    assert code == 2
    assert_one_line_error(err, "--no-such-option", "--help")


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run_cli(["--version"], capsys)
    assert code == 0
    assert out.startswith("newsdesk ")
    code, out, _err = run_cli(["--help"], capsys)
    assert code == 0
    assert "--library" in out and "NEWSDESK_LIBRARY" in out


def test_reader_needs_a_terminal(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("A story.\n\nWith two paragraphs.")
    code, _out, err = run_cli([str(path)], capsys)
    assert code == 1
    assert_one_line_error(err, "terminal")


def test_no_traceback_from_a_real_process(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cli.main", str(tmp_path / "nope.md")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == f"newsdesk: cannot open '{tmp_path / 'nope.md'}': no such file"


def test_list_shows_articles_with_counts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotations.library.session import AnnotationSession
    from annotations.library.store import LibraryStore
    from annotations.sources.load import load_seed

    monkeypatch.setenv("COLUMNS", "200")
    library = tmp_path / "lib"
    session = AnnotationSession(LibraryStore(library), load_seed())
    session.create(0, 4, note="a note")
    session.create(10, 20)
    code, out, _err = run_cli(["--library", str(library), "list"], capsys)
    assert code == 0
    row = next(line for line in out.splitlines() if "Meta and Spotify" in line)
    cells = [cell.strip() for cell in row.split("│")]
    assert "2" in cells and "1" in cells


def test_list_on_an_empty_library(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _err = run_cli(["--library", str(tmp_path / "new"), "list"], capsys)
    assert code == 0
    assert "empty" in out


def test_library_env_var_is_used(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSDESK_LIBRARY", str(tmp_path / "from-env"))
    code, out, _err = run_cli(["list"], capsys)
    assert code == 0
    assert "from-env" in out
