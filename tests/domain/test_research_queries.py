"""Questions across the library: search, who said what, where else."""

from __future__ import annotations

from pathlib import Path

import pytest
from research_support import NamesExtractor, build_library, highlight, make_article, open_in_library

from annotations.article.model import Article
from annotations.research.entities import entity_directory, where_else
from annotations.research.library_index import LibraryIndex, open_index
from annotations.research.search import Filters, SearchError, search
from annotations.research.snippets import printable, snippet
from annotations.research.speakers import who_said_what


@pytest.fixture
def desk(library: Path) -> tuple[LibraryIndex, dict[str, Article]]:
    store, articles = build_library(library)
    return open_index(store, NamesExtractor()), articles


def hits_by_title(
    index: LibraryIndex, query: str, filters: Filters | None = None
) -> dict[str, list[str]]:
    result = search(index, query, filters or Filters())
    return {group.title: [hit.kind for hit in group.hits] for group in result.groups}


def test_search_finds_text_in_every_article_grouped(
    desk: tuple[LibraryIndex, dict[str, Article]],
) -> None:
    index, articles = desk
    found = hits_by_title(index, "BUDGET")
    assert found == {
        # the title, then the highlighted sentence
        "Budget talks stall": ["text", "highlight"],
        "Rain all week": ["text"],
    }
    for group in search(index, "budget").groups:
        text = articles_text(articles, group.article_id)
        for hit in group.hits:
            assert text[hit.start : hit.end].casefold() == "budget"
            line = hit.context.line
            assert line[hit.context.match_start : hit.context.match_end].casefold() == "budget"


def test_search_finds_notes_tags_quotes_and_entities(
    desk: tuple[LibraryIndex, dict[str, Article]],
) -> None:
    index, articles = desk
    assert hits_by_title(index, "check the date") == {"Budget talks stall": ["note"]}
    assert hits_by_title(index, "to-verify") == {"Budget talks stall": ["tag"]}
    assert hits_by_title(index, "good day") == {"Acme opens a factory": ["quote"]}
    note = search(index, "check the date").groups[0].hits[0]
    # A note hit opens the article at its highlight.
    assert articles["budget"].text[note.start : note.end] == "Talks on the budget stalled"
    # "Merkel" twice in the text, and the entity "Angela Merkel" at its first mention.
    kinds = hits_by_title(index, "merkel")
    assert sorted(kinds["Budget talks stall"]) == ["entity", "text", "text"]


def test_filters_narrow_to_highlights_speakers_entities_articles(
    desk: tuple[LibraryIndex, dict[str, Article]],
) -> None:
    index, _ = desk
    # The tagged highlight's note ("Check the date") and its text ("on the budget").
    assert hits_by_title(index, "the", Filters(tag="To-Verify")) == {
        "Budget talks stall": ["note", "highlight"]
    }
    assert hits_by_title(index, "tax", Filters(color="pink")) == {
        "Budget talks stall": ["highlight"]
    }
    assert hits_by_title(index, "tax", Filters(color="green")) == {}
    assert hits_by_title(index, "the", Filters(speaker="merkel")) == {
        "Acme opens a factory": ["quote"]
    }
    assert set(hits_by_title(index, "a", Filters(entity="Berlin"))) == {
        "Budget talks stall",
        "Acme opens a factory",
    }
    assert set(hits_by_title(index, "a", Filters(article="rain"))) == {"Rain all week"}


def test_bad_searches_are_one_clear_error(desk: tuple[LibraryIndex, dict[str, Article]]) -> None:
    index, _ = desk
    with pytest.raises(SearchError, match="empty"):
        search(index, "   ")
    with pytest.raises(SearchError, match="no entity called 'Nobody'"):
        search(index, "a", Filters(entity="Nobody"))


def test_search_is_literal_not_a_pattern(desk: tuple[LibraryIndex, dict[str, Article]]) -> None:
    index, _ = desk
    assert search(index, "b.dget").groups == ()
    assert search(index, "[").groups == ()


def test_search_stops_at_its_limit_and_says_so(
    desk: tuple[LibraryIndex, dict[str, Article]],
) -> None:
    index, _ = desk
    result = search(index, "e", limit=5)
    assert result.total == 5 and result.truncated
    assert not search(index, "budget").truncated


def test_snippets_are_one_printable_line_around_the_match() -> None:
    text = "first paragraph\n" + "word " * 40 + "\x1b[31mTARGET\x07 " + "more " * 40 + "\nlast"
    start = text.index("TARGET")
    found = snippet(text, start, start + 6)
    assert "\n" not in found.line and "\x1b" not in found.line and "\x07" not in found.line
    assert found.line[found.match_start : found.match_end] == "TARGET"
    assert found.line.startswith("…") and found.line.endswith("…")
    assert printable("a\tb\x9bc") == "a b\ufffdc"


def test_who_said_what_groups_a_speaker_across_articles(
    desk: tuple[LibraryIndex, dict[str, Article]],
) -> None:
    index, articles = desk
    groups = who_said_what(index)
    assert [group.speaker for group in groups] == ["Angela Merkel"]
    quotes = groups[0].quotes
    # "Merkel" in the factory piece is Angela Merkel, named in full in the budget piece.
    assert {quote.article_id for quote in quotes} == {articles["budget"].id, articles["factory"].id}
    assert [quote.speaker for quote in quotes].count("Merkel") == 1
    for quote in quotes:
        assert articles_text(articles, quote.article_id)[quote.start : quote.end] == quote.text
    assert who_said_what(index, "angela") == groups
    assert who_said_what(index, "Merkel") == groups
    assert who_said_what(index, "Scholz") == []


def test_who_said_what_newest_first(library: Path) -> None:
    store, _ = build_library(library)
    later = make_article("later", 'Later\n\n"Again no," said Angela Merkel.')
    object.__setattr__(later, "date", "2099-01-01")
    open_in_library(store, later)
    groups = who_said_what(open_index(store, NamesExtractor()), "merkel")
    assert groups[0].quotes[0].article_id == later.id


def articles_text(articles: dict[str, Article], article_id: str) -> str:
    return next(a.text for a in articles.values() if a.id == article_id)


def test_where_else_matches_by_name_and_alias(
    desk: tuple[LibraryIndex, dict[str, Article]],
) -> None:
    index, articles = desk
    entity, elsewhere = where_else(index, "Merkel", exclude=articles["factory"].id)
    assert entity is not None and entity.name == "Angela Merkel"
    assert [item.article_id for item in elsewhere] == [articles["budget"].id]
    first = elsewhere[0]
    assert first.count == 2
    assert articles["budget"].text[first.start : first.end] == "Angela Merkel"
    assert (
        first.context.line[first.context.match_start : first.context.match_end] == "Angela Merkel"
    )
    berlin, places = where_else(index, "berlin")
    assert berlin is not None and len(places) == 2
    assert where_else(index, "Nobody") == (None, [])


def test_entity_directory_counts_articles_and_mentions(
    desk: tuple[LibraryIndex, dict[str, Article]],
) -> None:
    index, _ = desk
    everything = {entity.name: entity.to_dict() for entity in entity_directory(index).all()}
    assert everything["Angela Merkel"]["articles"] == 2
    assert everything["Angela Merkel"]["mentions"] == 3
    assert everything["Berlin"]["articles"] == 2


def test_the_directory_follows_the_index(library: Path) -> None:
    store, articles = build_library(library)
    index = open_index(store, NamesExtractor())
    assert entity_directory(index).find("Merkel") is not None
    store.remove_article(articles["budget"].id)
    store.remove_article(articles["factory"].id)
    index.refresh(store, NamesExtractor())
    assert entity_directory(index).find("Merkel") is None
    extra = make_article("extra", "News\n\nBerlin again.")
    open_in_library(store, extra)
    highlight(store, extra, "Berlin")
    index.refresh(store, NamesExtractor())
    assert entity_directory(index).find("Berlin") is not None


def test_search_offsets_hold_where_lower_casing_changes_lengths(library: Path) -> None:
    # "İ".lower() is two characters: the search must not drift past it.
    store, _ = build_library(library)
    turkish = make_article("turkish", "İstanbul news\n\nİzmir and İstanbul met in Berlin.")
    open_in_library(store, turkish)
    index = open_index(store, NamesExtractor())
    group = next(g for g in search(index, "berlin").groups if g.article_id == turkish.id)
    assert [turkish.text[hit.start : hit.end] for hit in group.hits] == ["Berlin", "Berlin"]
    assert sorted(hit.kind for hit in group.hits) == ["entity", "text"]


def test_parse_query_takes_filters_out_of_the_words() -> None:
    from annotations.research.search import parse_query

    words, filters = parse_query('tax  tag:to-verify Colour:pink speaker:"Angela Merkel" cut')
    assert words == "tax cut"
    assert filters == Filters(tag="to-verify", color="pink", speaker="Angela Merkel")
    assert parse_query("ratio 3:1 article:budget") == ("ratio 3:1", Filters(article="budget"))
    assert parse_query("http://x.org") == ("http://x.org", Filters())


def test_the_speaker_filter_knows_a_speaker_by_any_of_their_names(
    desk: tuple[LibraryIndex, dict[str, Article]],
) -> None:
    index, _ = desk
    # The factory piece attributes its quotation to "Merkel" only; "angela" still finds it.
    assert hits_by_title(index, "good day", Filters(speaker="angela")) == {
        "Acme opens a factory": ["quote"]
    }
    assert hits_by_title(index, "good day", Filters(speaker="Scholz")) == {}
