"""`CliContext`: what the root command hands every subcommand, typed and read-only, opening
the library only when a command needs it, and once."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from cli_helpers import run_cli

from annotations.analysis.entities.rules_backend import RuleExtractor
from cli.context import CliContext


def test_nothing_is_opened_until_asked_and_the_store_is_opened_once(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    context = CliContext(library=folder, extractor_choice="rules")
    assert not folder.exists()
    store = context.store
    assert folder.is_dir() and store.folder == folder
    assert context.store is store


def test_it_is_read_only(tmp_path: Path) -> None:
    context = CliContext(library=tmp_path)
    with pytest.raises(dataclasses.FrozenInstanceError):
        context.library = tmp_path / "elsewhere"  # type: ignore[misc]


def test_rules_override_the_chosen_extractor(tmp_path: Path) -> None:
    context = CliContext(library=tmp_path, extractor_choice="spacy-trf")
    assert isinstance(context.extractor(rules=True), RuleExtractor)


def test_the_root_options_reach_the_subcommand(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "chosen-library"
    code, out, _err = run_cli(["--library", str(folder), "list"], capsys)
    assert code == 0 and folder.is_dir()
    assert str(folder) in "".join(out.split())  # however the console wrapped it
