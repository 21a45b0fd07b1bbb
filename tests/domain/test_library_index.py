"""The library index: built once, redone per changed article, rebuilt when unreadable."""

from __future__ import annotations

import json
from pathlib import Path

from research_support import NamesExtractor, build_library, highlight, make_article, open_in_library

from annotations.analysis.cache import AnalysisCache, analyze
from annotations.library.store import LibraryStore
from annotations.research.library_index import INDEX_NAME, LibraryIndex, open_index


def fresh(store: LibraryStore) -> LibraryIndex:
    """The index as another process would load it from the file alone."""
    index = LibraryIndex(store.folder, NamesExtractor.version)
    index.load()
    return index


def test_first_refresh_builds_every_article_and_writes_the_file(library: Path) -> None:
    store, articles = build_library(library)
    index = open_index(store, NamesExtractor())
    assert set(index.articles) == {article.id for article in articles.values()}
    budget = index.articles[articles["budget"].id]
    assert budget.text == articles["budget"].text
    assert [h["quote"]["exact"] for h in budget.highlights] == [
        "Talks on the budget stalled",
        "lobbied for a tax cut",
    ]
    assert [e["name"] for e in budget.entities] == ["Angela Merkel", "Acme Corporation", "Berlin"]
    assert budget.quotes[0]["speaker"] == "Angela Merkel"
    # Loaded from the file, it holds the same.
    assert fresh(store).articles[budget.id].to_dict() == budget.to_dict()


def test_unchanged_library_changes_nothing_and_does_not_rewrite(library: Path) -> None:
    store, _ = build_library(library)
    open_index(store, NamesExtractor())
    before = (library / INDEX_NAME).stat().st_ino
    index = fresh(store)
    report = index.refresh(store, NamesExtractor())
    assert not report.touched
    assert (library / INDEX_NAME).stat().st_ino == before


def test_adding_an_article_redoes_only_that_one(library: Path) -> None:
    store, _ = build_library(library)
    open_index(store, NamesExtractor())
    extra = make_article("extra", "Late news\n\nAngela Merkel visited Berlin again.")
    open_in_library(store, extra)
    index = fresh(store)
    report = index.refresh(store, NamesExtractor())
    assert report.added == [extra.id]
    assert report.changed == [] and report.removed == []
    assert [e["name"] for e in fresh(store).articles[extra.id].entities] == [
        "Angela Merkel",
        "Berlin",
    ]


def test_a_new_highlight_note_or_removal_updates_that_article(library: Path) -> None:
    store, articles = build_library(library)
    weather = articles["weather"]
    open_index(store, NamesExtractor())
    added = highlight(store, weather, "rain all week", note="umbrella")
    report = fresh(store).refresh(store, NamesExtractor())
    assert report.changed == [weather.id]
    assert [h["note"] for h in fresh(store).articles[weather.id].highlights] == ["umbrella"]
    store.update(added.with_note("raincoat"))
    fresh(store).refresh(store, NamesExtractor())
    assert [h["note"] for h in fresh(store).articles[weather.id].highlights] == ["raincoat"]
    store.delete(added.id, weather.id)
    fresh(store).refresh(store, NamesExtractor())
    assert fresh(store).articles[weather.id].highlights == []


def test_a_changed_text_is_analysed_again(library: Path) -> None:
    store, articles = build_library(library)
    open_index(store, NamesExtractor())
    changed = make_article("weather", "Rain all week\n\nAngela Merkel cancelled her walk.")
    assert changed.id == articles["weather"].id
    open_in_library(store, changed)
    report = fresh(store).refresh(store, NamesExtractor())
    assert report.changed == [changed.id]
    entry = fresh(store).articles[changed.id]
    assert entry.text == changed.text
    assert [e["name"] for e in entry.entities] == ["Angela Merkel"]


def test_a_removed_article_leaves_the_index(library: Path) -> None:
    store, articles = build_library(library)
    open_index(store, NamesExtractor())
    store.remove_article(articles["factory"].id)
    report = fresh(store).refresh(store, NamesExtractor())
    assert report.removed == [articles["factory"].id]
    assert articles["factory"].id not in fresh(store).articles


def test_a_title_or_position_change_is_copied_without_redoing(library: Path) -> None:
    store, articles = build_library(library)
    open_index(store, NamesExtractor())
    store.set_reading_position(articles["budget"].id, 40)
    report = fresh(store).refresh(store, NamesExtractor())
    assert report.changed == [articles["budget"].id] and not report.added
    assert fresh(store).articles[articles["budget"].id].reading_position == 40


def test_a_corrupt_index_is_rebuilt_and_says_so(library: Path) -> None:
    store, articles = build_library(library)
    open_index(store, NamesExtractor())
    (library / INDEX_NAME).write_bytes(b'{"version": 1, "articles": {"x": {"id": 3')
    index = open_index(store, NamesExtractor())
    assert len(index.warnings) == 1 and INDEX_NAME in index.warnings[0]
    assert "rebuilding" in index.warnings[0]
    assert set(index.articles) == {article.id for article in articles.values()}
    assert fresh(store).warnings == []  # the file written again is whole


def test_an_index_of_the_wrong_shape_is_rebuilt(library: Path) -> None:
    store, articles = build_library(library)
    (library / INDEX_NAME).write_text(json.dumps({"version": 1, "articles": {"a": {"id": 1}}}))
    index = open_index(store, NamesExtractor())
    assert index.warnings
    assert set(index.articles) == {article.id for article in articles.values()}


def test_a_missing_index_is_built_without_warning(library: Path) -> None:
    store, _ = build_library(library)
    open_index(store, NamesExtractor())
    (library / INDEX_NAME).unlink()
    index = open_index(store, NamesExtractor())
    assert index.warnings == [] and len(index.articles) == 3
    assert (library / INDEX_NAME).exists()


def test_without_analysing_an_uncached_article_is_pending_then_done(library: Path) -> None:
    store, articles = build_library(library)
    index = open_index(store, NamesExtractor(), analyse=False)
    entry = index.articles[articles["budget"].id]
    assert entry.entities == [] and not entry.analysed
    assert entry.highlights  # highlights are indexed at once, analysis or not
    report = fresh(store).refresh(store, NamesExtractor())
    assert articles["budget"].id in report.changed
    assert fresh(store).articles[articles["budget"].id].analysed


def test_entries_come_from_the_analysis_cache(library: Path) -> None:
    store, articles = build_library(library)
    budget = articles["budget"]
    # A cached analysis is used as it is: the extractor is not asked again.
    cached = analyze(
        make_article("budget", budget.text.replace("Berlin", "Bonn")), NamesExtractor()
    )
    AnalysisCache.in_library(library).put(budget, NamesExtractor(), cached)
    index = open_index(store, NamesExtractor(), analyse=False)
    assert "Berlin" not in [e["name"] for e in index.articles[budget.id].entities]
    assert index.articles[budget.id].analysed


def test_another_extractor_redoes_the_analyses(library: Path) -> None:
    store, _ = build_library(library)
    open_index(store, NamesExtractor())

    class Other(NamesExtractor):
        version = "names-2"

    index = LibraryIndex(library, Other.version)
    index.load()
    report = index.refresh(store, Other())
    assert len(report.changed) == 3


def test_an_entry_with_a_wrong_inner_shape_is_rebuilt_not_fatal(library: Path) -> None:
    store, articles = build_library(library)
    open_index(store, NamesExtractor())
    data = json.loads((library / INDEX_NAME).read_bytes())
    budget = data["articles"][articles["budget"].id]
    budget["highlights"][0]["position"] = {"start": "3", "end": None}
    (library / INDEX_NAME).write_text(json.dumps(data))
    index = open_index(store, NamesExtractor())
    assert index.warnings and "rebuilding" in index.warnings[0]
    position = index.articles[articles["budget"].id].highlights[0]["position"]
    assert isinstance(position["start"], int)


def test_the_index_shows_the_readers_corrected_speakers(tmp_path: Path) -> None:
    """Who said what uses the reader's corrections: a corrected speaker is the one listed."""
    from annotations.analysis.entities import get_extractor
    from annotations.library.corrections import Correction, CorrectionKind
    from annotations.library.session import AnnotationSession
    from annotations.sources.load import load_seed

    store = LibraryStore(tmp_path / "library")
    article = load_seed()
    session = AnnotationSession(store, article)
    extractor = get_extractor("rules")
    index = open_index(store, extractor)
    quote = next(q for q in index.articles[article.id].quotes if q["kind"] == "full")
    session.correct(
        Correction.new(
            article.id,
            CorrectionKind.QUOTE_SPEAKER,
            value="Jane Reader",
            text=article.text,
            span=(quote["start"], quote["end"]),
        )
    )
    index = open_index(store, extractor)
    speakers = {q["speaker"]: q["by"] for q in index.articles[article.id].quotes}
    assert speakers["Jane Reader"] == "reader"
