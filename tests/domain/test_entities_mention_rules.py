"""Each mention-level quality rule of entity extraction, on its own."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations.analysis.entities.candidates import Candidate
from annotations.analysis.entities.mention_rules import (
    complete_coordinations,
    drop_opening_common_word,
    drop_portfolio,
    extend_cut_name,
    initials,
    is_acronym,
    is_named_entity,
    join_adjacent,
    known_places,
    place_after_in,
    split_at_line_breaks,
    split_coordination,
    split_inner_possessive,
    straighten_quotes,
    trim_mention,
)
from annotations.analysis.entities.model import EntityType

ORG, PERSON, PLACE, OTHER = EntityType.ORG, EntityType.PERSON, EntityType.PLACE, EntityType.OTHER


def span(text: str, surface: str, kind: EntityType | None = None) -> Candidate:
    start = text.index(surface)
    return Candidate(start, start + len(surface), kind)


def surfaces(text: str, candidates: list[Candidate]) -> list[str]:
    return [c.surface(text) for c in candidates]


@given(st.text())
def test_straighten_quotes_keeps_length_and_leaves_no_curly_quote(text: str) -> None:
    straight = straighten_quotes(text)
    assert len(straight) == len(text)
    assert not set(straight) & set("‘’“”")


def test_straighten_quotes_maps_curly_to_straight() -> None:
    assert straighten_quotes("“Meta’s” ‘plan’") == "\"Meta's\" 'plan'"


@given(st.text(alphabet=st.sampled_from("ab ‘’‚‛′“”„‟″'\"\n")))
def test_straighten_quotes_maps_every_mark_one_for_one(text: str) -> None:
    straight = straighten_quotes(text)
    for before, after in zip(text, straight, strict=True):
        expected = {"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'"}.get(before, before)
        assert after == ('"' if before in "“”„‟″" else expected)


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("Meta's", "Meta"),
        ("Meta’s", "Meta"),
        ("Farmers'", "Farmers"),
        ("the European Union", "European Union"),
        ("The European Union's", "European Union"),
        ("Councillor Ravi Patel", "Ravi Patel"),
        ("Dr. Priya Raman", "Priya Raman"),
        ("“Apple,", "Apple"),
        ("the U.S.", "U.S."),
    ],
)
def test_trim_mention_drops_articles_titles_possessives_and_punctuation(
    surface: str, expected: str
) -> None:
    text = f"x {surface} y"
    trimmed = trim_mention(text, span(text, surface))
    assert trimmed is not None and trimmed.surface(text) == expected


def test_trim_mention_keeps_title_words_inside_organisation_names() -> None:
    text = "under the General Data Protection Regulation today"
    trimmed = trim_mention(text, span(text, "General Data Protection Regulation", OTHER))
    assert trimmed is not None and trimmed.surface(text) == "General Data Protection Regulation"


def test_trim_mention_drops_dangling_connector() -> None:
    text = "by the App Drivers and"
    trimmed = trim_mention(text, span(text, "App Drivers and"))
    assert trimmed is not None and trimmed.surface(text) == "App Drivers"


def test_split_at_line_breaks() -> None:
    text = "Harbour Dairy\n\nNorthwind Foods agreed"
    pieces = split_at_line_breaks(text, span(text, "Harbour Dairy\n\nNorthwind Foods", ORG))
    assert surfaces(text, pieces) == ["Harbour Dairy", "Northwind Foods"]
    assert all(piece.type is ORG for piece in pieces)


def test_split_inner_possessive_separates_owner_and_owned() -> None:
    text = "to use Meta's AI technology"
    pieces = split_inner_possessive(text, span(text, "Meta's AI", ORG))
    assert surfaces(text, pieces) == ["Meta", "AI"]


@pytest.mark.parametrize("name", ["St Mary's Church Hall", "Lloyd's of London", "Farmers' Union"])
def test_split_inner_possessive_keeps_possessives_that_belong_to_the_name(name: str) -> None:
    text = f"at {name} today"
    assert surfaces(text, split_inner_possessive(text, span(text, name))) == [name]


def test_split_coordination_splits_two_names() -> None:
    text = "data from Facebook and Instagram because"
    pieces = split_coordination(text, span(text, "Facebook and Instagram", ORG))
    assert surfaces(text, pieces) == ["Facebook", "Instagram"]
    assert [p.type for p in pieces] == [ORG, ORG]


def test_split_coordination_splits_lists_and_drops_a_title_reading() -> None:
    text = "against Uber, Lyft and Ola in"
    pieces = split_coordination(text, span(text, "Uber, Lyft and Ola", OTHER))
    assert surfaces(text, pieces) == ["Uber", "Lyft", "Ola"]
    assert all(p.type is None for p in pieces)


def test_split_coordination_keeps_a_name_whose_acronym_is_used() -> None:
    text = "the Competition and Markets Authority (CMA) said"
    whole = span(text, "Competition and Markets Authority", ORG)
    assert split_coordination(text, whole, acronyms={"CMA"}) == [whole]


def test_split_coordination_keeps_a_name_ending_with_an_organisation_word() -> None:
    text = "the Food and Drug Administration approved it"
    whole = span(text, "Food and Drug Administration", ORG)
    assert split_coordination(text, whole) == [whole]


def test_split_coordination_keeps_a_name_with_a_common_word_part() -> None:
    text = "Health and Social Care Alliance Scotland warned; health boards agreed"
    whole = span(text, "Health and Social Care Alliance Scotland", ORG)
    assert split_coordination(text, whole) == [whole]


def test_join_adjacent_joins_a_name_cut_in_two() -> None:
    text = "meet at St Mary's Church Hall soon"
    parts = [span(text, "St Mary's", ORG), span(text, "Church Hall", PLACE)]
    joined = join_adjacent(text, parts)
    assert surfaces(text, joined) == ["St Mary's Church Hall"]
    assert joined[0].type is PLACE


def test_join_adjacent_leaves_names_separated_by_punctuation() -> None:
    text = "Paris, France"
    parts = [span(text, "Paris", PLACE), span(text, "France", PLACE)]
    assert join_adjacent(text, parts) == parts


def test_extend_cut_name_over_the_capitalised_words_after_a_connector() -> None:
    text = "the Organisation for Economic Co-operation and Development (OECD) said"
    cut = span(text, "Organisation for Economic Co-operation and", ORG)
    extended = extend_cut_name(text, cut)
    assert extended.surface(text) == "Organisation for Economic Co-operation and Development"


def test_initials_skip_connectors_and_hyphenated_tails() -> None:
    assert initials("European Union") == "EU"
    assert initials("Organisation for Economic Co-operation and Development") == "OECD"
    assert initials("Digital Markets Act") == "DMA"


@pytest.mark.parametrize("word", ["EU", "OECD", "G7", "AT&T", "MPs"])
def test_is_acronym_accepts(word: str) -> None:
    assert is_acronym(word)


@pytest.mark.parametrize("word", ["E", "Meta", "eBay", "TOOLONGNAME"])
def test_is_acronym_rejects(word: str) -> None:
    assert not is_acronym(word)


@pytest.mark.parametrize(
    "surface", ["AI", "CEO", "GDP", "2023", "£2.1bn", "50%", "Friday", "German", "x", "open"]
)
def test_is_named_entity_rejects_non_entities(surface: str) -> None:
    assert not is_named_entity(surface)


@pytest.mark.parametrize("surface", ["Meta", "EU", "iPhone", "Europeans", "Anneke de Vries"])
def test_is_named_entity_accepts_names(surface: str) -> None:
    assert is_named_entity(surface)


def test_drop_opening_common_word_that_the_text_also_writes_in_lower_case() -> None:
    text = "Telescope spots water. The telescope was launched."
    assert drop_opening_common_word(text, span(text, "Telescope", ORG)) is None


def test_drop_opening_common_word_before_a_name() -> None:
    text = "Residents of Thornbury will get defences."
    kept = drop_opening_common_word(text, span(text, "Residents of Thornbury", ORG))
    assert kept is not None and kept.surface(text) == "Thornbury"


def test_drop_opening_common_word_keeps_a_name_opening_a_sentence() -> None:
    text = "Spotify refers to its investments."
    mention = span(text, "Spotify", ORG)
    assert drop_opening_common_word(text, mention) == mention


def test_drop_portfolio_before_a_job_title() -> None:
    text = "Health Secretary Neil Gray said"
    assert drop_portfolio(text, span(text, "Health", ORG)) is None
    meta = "Meta CEO Mark Zuckerberg said"
    assert drop_portfolio(meta, span(meta, "Meta", ORG)) is not None


def test_complete_coordinations_adds_the_other_half() -> None:
    text = "Analysts at Barclays and HSBC said plants in Devon and Cumbria"
    found = [span(text, "HSBC", ORG), span(text, "Devon", PLACE)]
    completed = complete_coordinations(text, found)
    assert sorted(surfaces(text, completed)) == ["Barclays", "Cumbria", "Devon", "HSBC"]
    types = {c.surface(text): c.type for c in completed}
    assert types["Barclays"] is ORG and types["Cumbria"] is PLACE


def test_complete_coordinations_ignores_dates() -> None:
    text = "between Monday and Friday the Commission met"
    found = [span(text, "Commission", ORG)]
    assert complete_coordinations(text, found) == found


def test_place_after_in_retypes_a_person() -> None:
    text = "plants in Devon"
    assert place_after_in(text, span(text, "Devon", PERSON)).type is PLACE
    captain = "from captain Dan McAllister"
    assert place_after_in(captain, span(captain, "Dan McAllister", PERSON)).type is PERSON


def test_known_places_adds_missed_places_only() -> None:
    text = "Kyiv shipped grain while Paris Hilton watched."
    found = known_places(text, [span(text, "Paris Hilton", PERSON)])
    assert surfaces(text, found) == ["Paris Hilton", "Kyiv"]
    assert found[-1].type is PLACE
