"""`newsdesk analyze`: the JSON contract and the readable summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.main import main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    main(args)
    return capsys.readouterr().out


def test_json_contract_on_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(
        "Council votes on [bold] budget\n\n"
        "Mayor Anna Berg of Oslo said the plan was “a fair deal for everyone in the city.” "
        "The Oslo City Council approved it on Monday.\n\n"
        "“We will watch the costs,” Berg added.",
        encoding="utf-8",
    )
    out = run(
        [
            "--library",
            str(tmp_path / "lib"),
            "--extractor",
            "rules",
            "analyze",
            str(story),
            "--json",
        ],
        capsys,
    )
    data = json.loads(out)
    assert set(data) >= {"title", "source", "text", "entities", "quotes"}
    assert data["title"] == "Council votes on [bold] budget"
    text = data["text"]
    for entity in data["entities"]:
        assert entity["type"] in {"PERSON", "ORG", "PLACE", "OTHER"}
        assert isinstance(entity["name"], str) and entity["mentions"]
        for mention in entity["mentions"]:
            assert 0 <= mention["start"] < mention["end"] <= len(text)
    names = {entity["name"] for entity in data["entities"]}
    assert "Anna Berg" in names
    quotes = data["quotes"]
    assert [q["text"] for q in quotes] == [
        "a fair deal for everyone in the city.",
        "We will watch the costs,",
    ]
    for quote in quotes:
        assert text[quote["start"] : quote["end"]] == quote["text"]
    assert [q["speaker"] for q in quotes] == ["Anna Berg", "Anna Berg"]


def test_summary_tables_on_the_seed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    out = run(["--library", str(tmp_path / "lib"), "--extractor", "rules", "analyze"], capsys)
    assert "Entities" in out and "Quotations" in out
    assert "Spotify" in out and "extortion" in out


def test_missing_source_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--library", str(tmp_path), "analyze", str(tmp_path / "nope.txt"), "--json"])
    assert exit_info.value.code == 1
    assert capsys.readouterr().err.count("\n") == 1


def test_a_long_text_reports_progress_on_stderr_and_gives_the_whole_analysis(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seed_text: str
) -> None:
    from annotations.analysis.cache import analyze
    from annotations.analysis.entities import get_extractor
    from annotations.article.model import article_from_plain_text

    story = tmp_path / "long.txt"
    story.write_text(
        "A very long read\n\n" + "\n\n".join(f"Part {i}. {seed_text}" for i in range(25)),
        encoding="utf-8",
    )
    args = ["--library", str(tmp_path / "lib"), "--extractor", "rules", "analyze", str(story)]
    main([*args, "--json"])
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert lines[-1] == "newsdesk: analysing… 100%"
    percents = [int(line.rsplit(" ", 1)[1].rstrip("%")) for line in lines]
    assert len(percents) >= 4 and percents == sorted(percents)
    data = json.loads(captured.out)
    article = article_from_plain_text(data["text"], source="x", source_key="x")
    expected = analyze(article, get_extractor("rules"))
    assert [e["name"] for e in data["entities"]] == [e.name for e in expected.entities]
    assert [(q["start"], q["end"]) for q in data["quotes"]] == [
        (q.start, q.end) for q in expected.quotes
    ]
