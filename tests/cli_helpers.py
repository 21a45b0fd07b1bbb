"""Running the CLI in-process, as a user would from a shell, and checking its errors."""

from __future__ import annotations

import pytest

from cli.main import main


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run `newsdesk ARGS`; returns the exit status, stdout and stderr."""
    with pytest.raises(SystemExit) as exit_info:
        main(args)
        raise SystemExit(0)
    captured = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), captured.out, captured.err


def assert_one_line_error(err: str, *fragments: str) -> None:
    """Bad input is one line on stderr, `newsdesk: ...`, naming what went wrong."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("newsdesk: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0]
