"""Analysis: entities then quotations, cached per text and extractor version."""

from __future__ import annotations

from pathlib import Path

from annotations.analysis.cache import Analysis, AnalysisCache, analyze, analyze_cached
from annotations.analysis.entities import get_extractor
from annotations.analysis.entities.model import Entity
from annotations.article.model import Article, article_from_plain_text


class CountingExtractor:
    """The rules backend, counting how often it is asked."""

    def __init__(self, version: str = "test-1") -> None:
        self._inner = get_extractor("rules")
        self.name = "counting rules"
        self.version = version
        self.calls = 0

    def extract(self, text: str) -> list[Entity]:
        self.calls += 1
        return self._inner.extract(text)


def test_analysis_finds_entities_and_quotes_on_the_seed(seed_article: Article) -> None:
    analysis = analyze(seed_article, get_extractor("rules"))
    names = {entity.name for entity in analysis.entities}
    assert {"Meta", "Spotify", "Apple"} <= names
    assert any(q.text.startswith("In the short term") for q in analysis.quotes)
    for quote in analysis.quotes:
        assert seed_article.text[quote.start : quote.end] == quote.text


def test_round_trip_through_a_dict(seed_article: Article) -> None:
    analysis = analyze(seed_article, get_extractor("rules"))
    assert Analysis.from_dict(analysis.to_dict()) == analysis


def test_cache_hits_for_the_same_text_and_extractor(seed_article: Article, tmp_path: Path) -> None:
    cache = AnalysisCache(tmp_path)
    extractor = CountingExtractor()
    first = analyze_cached(seed_article, extractor, cache)
    second = analyze_cached(seed_article, extractor, cache)
    assert first == second
    assert extractor.calls == 1


def test_changed_text_or_extractor_version_recomputes(
    seed_article: Article, tmp_path: Path
) -> None:
    cache = AnalysisCache(tmp_path)
    extractor = CountingExtractor()
    analyze_cached(seed_article, extractor, cache)
    edited = article_from_plain_text(
        seed_article.text + "\nApple said nothing.", source="s", source_key="seed:test"
    )
    analyze_cached(edited, extractor, cache)
    assert extractor.calls == 2
    newer = CountingExtractor(version="test-2")
    analyze_cached(seed_article, newer, cache)
    assert newer.calls == 1


def test_an_unreadable_cache_entry_is_recomputed(seed_article: Article, tmp_path: Path) -> None:
    cache = AnalysisCache(tmp_path)
    extractor = CountingExtractor()
    analyze_cached(seed_article, extractor, cache)
    for path in tmp_path.iterdir():
        path.write_text("{not json")
    analyze_cached(seed_article, extractor, cache)
    assert extractor.calls == 2
