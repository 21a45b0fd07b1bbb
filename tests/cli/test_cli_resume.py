"""A bare `newsdesk` reopens the article read last; the sample the first time or with --sample."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import run_cli
from clock_support import ticking_clock
from research_support import make_article, open_in_library

import cli.main
from annotations.article.model import Article
from annotations.library.store import LibraryStore
from annotations.sources.load import load_seed


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Article]:
    """The articles the reader would have been started on (no terminal needed)."""
    started: list[Article] = []
    monkeypatch.setattr(cli.main, "_run_app", lambda article, ctx: started.append(article))
    return started


def test_first_run_opens_the_sample(
    opened: list[Article], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli([], capsys)[0] == 0
    assert opened == [load_seed()]


def test_bare_newsdesk_resumes_the_last_article(
    private_library: Path,
    opened: list[Article],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ticking_clock(monkeypatch)  # each opening is later than the one before, however fast
    store = LibraryStore(private_library)
    open_in_library(store, make_article("budget"))
    last = make_article("factory")
    open_in_library(store, last)
    assert run_cli([], capsys)[0] == 0
    assert [article.id for article in opened] == [last.id]
    assert opened[0].text == last.text
    assert run_cli(["--sample"], capsys)[0] == 0
    assert opened[1] == load_seed()


def test_a_last_article_that_cannot_be_read_falls_back_to_the_sample_and_says_so(
    private_library: Path, tmp_path: Path, opened: list[Article], capsys: pytest.CaptureFixture[str]
) -> None:
    store = LibraryStore(private_library)
    store.open_article("gone", str(tmp_path / "missing.txt"), "Gone \x1b[2J story", "f" * 32)
    code, _, err = run_cli([], capsys)
    assert code == 0 and opened == [load_seed()]
    assert "cannot reopen 'Gone \ufffd[2J story'" in err and "\x1b" not in err
