"""`--extractor auto` leaves a text too long for spaCy to the rules, in one line on stderr;
an explicit spaCy choice still uses the model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run_cli

from annotations.analysis.entities import auto_choice
from annotations.analysis.entities.auto_choice import rules_instead_of_model
from annotations.analysis.entities.spacy_backend import find_model_module

STORY = (
    "Council votes on budget\n\n"
    "Mayor Anna Berg of Oslo said the plan was “a fair deal for everyone in the city.”\n"
)
needs_spacy = pytest.mark.skipif(find_model_module() is None, reason="no spaCy pipeline")


def test_only_auto_with_a_model_and_a_long_text_falls_back() -> None:
    limit = auto_choice.AUTO_SPACY_MAX_CHARS
    assert rules_instead_of_model("auto", "spacy-md", limit + 1)
    assert not rules_instead_of_model("auto", "spacy-md", limit)
    assert not rules_instead_of_model("auto", "rules", limit + 1)  # no spaCy installed
    assert not rules_instead_of_model("spacy", "spacy-md", limit + 1)
    assert not rules_instead_of_model("spacy-sm", "spacy-sm", limit + 1)


@needs_spacy
@pytest.mark.parametrize("command", [["analyze", "--json"], ["export", "--only", "entities"]])
def test_auto_gives_a_long_text_to_the_rules_and_says_so(
    command: list[str],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(auto_choice, "AUTO_SPACY_MAX_CHARS", len(STORY) - 1)
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    args = ["--library", str(tmp_path / "lib"), "--extractor", "auto", command[0], str(story)]
    status, out, err = run_cli([*args, *command[1:]], capsys)
    assert status == 0, err
    lines = [line for line in err.splitlines() if "too long" in line]
    assert len(lines) == 1, err
    assert lines[0].startswith("newsdesk: ") and "--extractor spacy" in lines[0]
    assert "built-in rules" in lines[0]
    if command[0] == "analyze":
        assert json.loads(out)["extractor"] == "built-in rules"
    assert "Anna Berg" in out


@pytest.mark.skipif(find_model_module("sm") is None, reason="en_core_web_sm is not installed")
def test_an_explicit_spacy_choice_uses_the_model_whatever_the_length(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auto_choice, "AUTO_SPACY_MAX_CHARS", len(STORY) - 1)
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    args = ["--library", str(tmp_path / "lib"), "--extractor", "spacy-sm", "analyze", str(story)]
    status, out, err = run_cli([*args, "--json"], capsys)
    assert status == 0, err
    assert "too long" not in err
    assert json.loads(out)["extractor"].startswith("spaCy en_core_web_sm")
