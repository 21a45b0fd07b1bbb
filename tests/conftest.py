"""Shared fixtures: the bundled seed article and throwaway libraries."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.article.model import Article, article_from_plain_text

SEED_PATH = Path(__file__).resolve().parent.parent / "seeds" / "meta-spotify-open-source-ai.txt"


@pytest.fixture
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture
def seed_article(seed_text: str) -> Article:
    return article_from_plain_text(seed_text, source="seed", source_key="seed:test")


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return tmp_path / "library"


@pytest.fixture(autouse=True)
def private_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own library: nothing touches the user's real one."""
    folder = tmp_path / "default-library"
    monkeypatch.setenv("NEWSDESK_LIBRARY", str(folder))
    monkeypatch.setenv("NEWSDESK_EXPORT_DIR", str(tmp_path / "exports"))
    # Nor the user's config file: a test that wants one writes it here.
    monkeypatch.setenv("NEWSDESK_CONFIG", str(tmp_path / "config" / "config.toml"))
    # The built-in extractor keeps app tests quick; tests of the spaCy backend ask for it.
    monkeypatch.setenv("NEWSDESK_EXTRACTOR", "rules")
    return folder


@pytest.fixture(autouse=True)
def no_real_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    """Copying in tests never reaches the machine's clipboard or a tmux the tests run in."""
    import tui.clipboard

    monkeypatch.delenv("TMUX", raising=False)
    monkeypatch.setattr(tui.clipboard, "system_copy", lambda text: False)
