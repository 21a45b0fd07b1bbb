"""The README stays true: its key table is the live bindings, its commands are the CI's."""

from __future__ import annotations

from pathlib import Path

from tui.keys_table import live_rows, markdown_table, readme_table

ROOT = Path(__file__).resolve().parents[2]


async def test_readme_key_table_matches_the_live_bindings() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    expected = markdown_table(await live_rows())
    assert readme_table(readme) == expected, "run: python -m tui.keys_table --update README.md"


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in readme.splitlines() if line.startswith("python3 -m venv")]
    assert len(commands) == 2, "the README has exactly two set-up commands"
    run_command, test_command = commands
    assert run_command.endswith("newsdesk")
    assert test_command in ci.splitlines()
