"""Entity errors seen on real news (tests/data/realnews), one kind per test.

Rules are tested on their own with the spans a model proposes, then through the extractors:
the built-in rules always, spaCy when it is installed.
"""

from __future__ import annotations

import pytest

from annotations.analysis.entities import Entity, EntityType, find_entity_by_surface, get_extractor
from annotations.analysis.entities.candidates import Candidate
from annotations.analysis.entities.entity_rules import type_cue
from annotations.analysis.entities.mention_rules import (
    abbreviates,
    acronym_definitions,
    drop_headline_only,
    drop_portfolio,
    drop_the_person,
    extend_over_org_tail,
    extend_to_surname,
    is_named_entity,
    is_title_case_line,
    join_adjacent,
    join_name_parts,
    split_coordination,
    trim_mention,
)
from annotations.analysis.entities.spacy_backend import find_model_module

ORG, PERSON, PLACE, OTHER = EntityType.ORG, EntityType.PERSON, EntityType.PLACE, EntityType.OTHER
BACKENDS = [
    "rules",
    pytest.param(
        "spacy",
        marks=pytest.mark.skipif(find_model_module() is None, reason="spaCy is not installed"),
    ),
]


def span(text: str, surface: str, kind: EntityType | None = None, nth: int = 0) -> Candidate:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Candidate(start, start + len(surface), kind)


def surfaces(text: str, candidates: list[Candidate]) -> list[str]:
    return [c.surface(text) for c in candidates]


def extract(backend: str, text: str) -> list[Entity]:
    return get_extractor(backend).extract(text)  # type: ignore[arg-type]


def names(entities: list[Entity]) -> dict[str, EntityType]:
    return {entity.name: entity.type for entity in entities}


# -- headlines ------------------------------------------------------------------------


HEADLINE = (
    "NASA’s Laser Navigation Tech Enables Commercial Lunar Exploration\n\n"
    "Later this month, NASA will launch a lander built by Intuitive Machines."
)


def test_title_case_lines_are_told_from_sentences() -> None:
    assert is_title_case_line("NASA Opens Astronaut Applications as Newest Class Graduates")
    assert is_title_case_line("After Three Years on Mars, NASA’s Ingenuity Helicopter Ends")
    assert not is_title_case_line("Later this month, NASA will launch a lander.")
    assert not is_title_case_line("Warhol's photo legacy spread by university exhibits")


def test_a_headline_span_never_repeated_in_the_article_is_dropped() -> None:
    text = HEADLINE
    candidates = [
        span(text, "NASA", ORG),
        span(text, "Laser Navigation Tech Enables Commercial Lunar Exploration", ORG),
        span(text, "NASA", ORG, nth=1),
    ]
    kept = drop_headline_only(text, candidates)
    assert surfaces(text, kept) == ["NASA", "NASA"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_no_organisation_is_made_of_a_headline(backend: str) -> None:
    found = names(extract(backend, HEADLINE))
    assert not [name for name in found if "Enables" in name or "Lunar" in name]
    assert found.get("NASA") is ORG


# -- long official names ------------------------------------------------------------


def test_a_name_with_and_before_its_acronym_stays_whole() -> None:
    text = "the Department of Environment and Natural Resources Philippines (DENR) said"
    whole = span(text, "Department of Environment and Natural Resources Philippines", ORG)
    assert split_coordination(text, whole) == [whole]


def test_a_name_whose_part_cannot_stand_alone_stays_whole() -> None:
    text = "exhibits at the Tang Teaching Museum and Art Gallery opened; art lovers came"
    whole = span(text, "Tang Teaching Museum and Art Gallery", ORG)
    assert split_coordination(text, whole) == [whole]


def test_a_title_with_a_capital_the_stays_whole() -> None:
    text = "he wrote in The Globe and Mail last week"
    whole = span(text, "Globe and Mail", ORG)
    assert split_coordination(text, whole) == [whole]


def test_a_part_opening_with_a_function_word_is_no_name() -> None:
    text = "FIRST (For Inspiration and Recognition of Science and Technology) was founded"
    whole = span(text, "For Inspiration and Recognition of Science and Technology", ORG)
    assert split_coordination(text, whole) == [whole]


def test_two_names_joined_by_and_still_split() -> None:
    text = "data from Facebook and Instagram because"
    pieces = split_coordination(text, span(text, "Facebook and Instagram", ORG))
    assert surfaces(text, pieces) == ["Facebook", "Instagram"]


def test_a_comma_containing_official_name_defined_by_its_acronym_is_one_mention() -> None:
    text = "The Ministry of Agriculture, Fisheries and Food (MAFF) banned it. MAFF said so."
    cut = [
        span(text, "Ministry of Agriculture", ORG),
        span(text, "Fisheries", ORG),
        span(text, "Food", ORG),
    ]
    found = acronym_definitions(text, cut)
    assert surfaces(text, found) == ["Ministry of Agriculture, Fisheries and Food"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_comma_containing_official_name_through_the_extractor(backend: str) -> None:
    text = (
        "The Ministry of Agriculture, Fisheries and Food (MAFF) banned the sale on Monday. "
        "A MAFF spokesman said the ban would stay."
    )
    found = extract(backend, text)
    ministry = find_entity_by_surface(found, "MAFF")
    assert ministry is not None
    assert ministry.name == "Ministry of Agriculture, Fisheries and Food"
    assert ministry.type is ORG
    assert "Fisheries" not in names(found) and "Food" not in names(found)


def test_campus_names_and_two_organisations_at_each_other() -> None:
    text = (
        "shown at the University of North Carolina at Chapel Hill and at the Mary & Leigh "
        "Block Museum of Art at Northwestern University in Evanston"
    )
    candidates = [
        span(text, "University of North Carolina", ORG),
        span(text, "Chapel Hill", PLACE),
        span(text, "Block Museum of Art at Northwestern University", ORG),
    ]
    joined = join_name_parts(text, candidates)
    assert surfaces(text, joined) == [
        "University of North Carolina at Chapel Hill",
        "Mary & Leigh Block Museum of Art",
        "Northwestern University",
    ]


# -- places and titles glued to people ------------------------------------------------


def test_a_place_and_a_person_side_by_side_stay_apart() -> None:
    text = "visas from the United States Hamdullah Mohib said"
    parts = [span(text, "United States", PLACE), span(text, "Hamdullah Mohib", PERSON)]
    assert join_adjacent(text, parts) == parts


def test_an_organisation_and_a_person_side_by_side_stay_apart() -> None:
    text = "chief executive of the Refugee Council Enver Solomon told"
    parts = [span(text, "Refugee Council", ORG), span(text, "Enver Solomon", PERSON)]
    assert join_adjacent(text, parts) == parts


def test_a_place_before_a_title_is_not_a_portfolio() -> None:
    text = "Oregon Governor Jane Roe said; Health Secretary Neil Gray agreed"
    assert drop_portfolio(text, span(text, "Oregon", PLACE)) == span(text, "Oregon", PLACE)
    assert drop_portfolio(text, span(text, "Health", ORG)) is None


def test_a_multiword_portfolio_named_only_before_a_title_is_dropped() -> None:
    text = "Labour's Shadow Home Secretary Yvette Cooper said. The United Nations Secretary "
    text += "General Ann Lee agreed with the United Nations."
    assert drop_portfolio(text, span(text, "Shadow Home", ORG)) is None
    kept = drop_portfolio(text, span(text, "United Nations", ORG))
    assert kept == span(text, "United Nations", ORG)


@pytest.mark.parametrize("backend", BACKENDS)
def test_no_person_is_named_after_the_place_or_title_before_them(backend: str) -> None:
    text = "Oregon Governor Jane Roe said on Monday that the state would help farmers."
    found = names(extract(backend, text))
    assert found.get("Jane Roe") is PERSON
    assert not [name for name in found if "Oregon" in name and "Roe" in name]
    assert not [name for name in found if "Governor" in name]
    if backend == "spacy":
        assert found.get("Oregon") is PLACE


def test_a_forename_takes_the_surname_the_model_cut_off() -> None:
    text = "said union leader Hélène Marchand, speaking to reporters"
    cut = span(text, "Hélène", PERSON)
    assert extend_to_surname(text, cut).surface(text) == "Hélène Marchand"
    text = "said Anna Thursday morning"
    assert extend_to_surname(text, span(text, "Anna", PERSON)).surface(text) == "Anna"


# -- acronyms ------------------------------------------------------------------------------


def test_abbreviations_follow_the_capitals_in_order() -> None:
    assert abbreviates("GISTDA", "Geo-Informatics and Space Technology Development Agency")
    assert abbreviates("DENR", "Department of Environment and Natural Resources Philippines")
    assert abbreviates("WFA", "World Food Agency")
    assert not abbreviates("WFA", "Food Agency")
    assert not abbreviates("NASA", "National Football League")
    assert not abbreviates("EU", "European Research Union")  # two letters: exact initials


def test_a_parenthesised_acronym_is_not_swallowed_into_the_name() -> None:
    text = "The World Food Agency (WFA) warned on Monday."
    swallowed = Candidate(text.index("World"), text.index(")"), ORG)  # "World Food Agency (WFA"
    found = acronym_definitions(text, [swallowed])
    assert surfaces(text, found) == ["World Food Agency"]


def test_an_acronym_and_its_expansion_after_it() -> None:
    text = (
        "The FIRST Global competition (For Inspiration and Recognition of Science and "
        "Technology) began."
    )
    cut = [
        span(text, "For Inspiration", ORG),
        span(text, "Recognition of Science", ORG),
        span(text, "Technology", PERSON),
    ]
    found = acronym_definitions(text, cut)
    assert surfaces(text, found) == ["For Inspiration and Recognition of Science and Technology"]
    # Letters that do not spell the acronym in order define nothing.
    text = "The FIRST Global competition (For Inspiration and Recognition of Science) began."
    cut = [span(text, "For Inspiration", ORG), span(text, "Recognition of Science", ORG)]
    assert acronym_definitions(text, cut) == cut


@pytest.mark.parametrize("backend", BACKENDS)
def test_acronym_and_full_name_are_one_entity(backend: str) -> None:
    text = (
        "The World Food Agency (WFA) warned on Monday that grain prices would rise. "
        "The WFA said farmers in Kenya were the hardest hit, and WFA staff would visit."
    )
    found = extract(backend, text)
    agency = find_entity_by_surface(found, "WFA")
    assert agency is not None and agency.name == "World Food Agency"
    assert agency.type is ORG
    assert "WFA" in agency.aliases
    # The full name, the bracketed acronym and the two later "WFA".
    assert len(agency.mentions) == 4
    assert all("(" not in text[m.start : m.end] for m in agency.mentions)
    assert find_entity_by_surface(found, "World Food Agency") is agency


# -- sentence openers and common words ------------------------------------------------


def test_rules_skip_capitalised_sentence_openers_that_are_no_names() -> None:
    text = (
        "Congratulations to the crew of the station. Allegedly, the firm hid the fault. "
        "Looking ahead, Acme Robotics will hire. Gawker reported it first, and readers of "
        "Gawker agreed."
    )
    found = names(extract("rules", text))
    assert not {"Congratulations", "Allegedly", "Looking"} & set(found)
    assert "Acme Robotics" in found
    assert "Gawker" in found


def test_rules_skip_hyphenated_adjectives_and_the_pronoun_i() -> None:
    text = "The Warhol-like prints sold well, said Ann Webb. I've seen Scientology-related sites."
    found = names(extract("rules", text))
    assert not [name for name in found if "-like" in name or "-related" in name or name == "I"]
    assert not [name for name in found if name.startswith("I'")]


def test_rules_split_a_person_from_the_place_they_are_from() -> None:
    text = "The class includes Nichole Ayers of Colorado Springs and Luke Delaney of Debary."
    found = names(extract("rules", text))
    assert found.get("Nichole Ayers") is PERSON
    assert found.get("Luke Delaney") is PERSON
    assert "Colorado Springs" in found


def test_a_one_word_person_after_the_is_no_person() -> None:
    text = "Warhol was the center of the Zeitgeist for the century."
    assert drop_the_person(text, span(text, "Zeitgeist", PERSON)) is None
    assert drop_the_person(text, span(text, "Warhol", PERSON)) == span(text, "Warhol", PERSON)


def test_a_quoted_sentence_is_no_name() -> None:
    assert not is_named_entity("Nous ne céderons pas")
    assert is_named_entity("Bank of England")
    assert is_named_entity("Daughters of the American Revolution")


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_currency_is_no_country_and_the_moon_is_a_place(backend: str) -> None:
    text = "He was released on US$ 20,000 bail. The lander will reach the Moon in May."
    found = names(extract(backend, text))
    assert "US" not in found
    assert found.get("Moon") is PLACE


def test_common_words_ending_with_an_organisation_word_finish_the_name_before() -> None:
    text = "from the Mohammad Bin Rashid Space Centre went to space; the Tang Teaching Museum "
    text += "and Art Gallery showed art; Jane Roe Said Nothing"
    centre = extend_over_org_tail(text, span(text, "Mohammad Bin Rashid", PERSON))
    assert (centre.surface(text), centre.type) == ("Mohammad Bin Rashid Space Centre", ORG)
    museum = extend_over_org_tail(text, span(text, "Tang Teaching Museum", ORG))
    assert museum.surface(text) == "Tang Teaching Museum and Art Gallery"
    roe = span(text, "Jane Roe", PERSON)
    assert extend_over_org_tail(text, roe) == roe


def test_a_company_keeps_the_full_stop_of_inc() -> None:
    text = "built by AeroVironment Inc. in California"
    trimmed = trim_mention(text, span(text, "AeroVironment Inc.", ORG))
    assert trimmed is not None and trimmed.surface(text) == "AeroVironment Inc."
    text = "Acme said. Then it left."
    trimmed = trim_mention(text, span(text, "Acme said.", ORG))
    assert trimmed is not None and trimmed.surface(text) == "Acme said"


def test_a_number_in_a_name_counts_for_its_acronym() -> None:
    assert abbreviates("M5S", "Movimento 5 Stelle")
    text = "the Movimento 5 Stelle (M5S) party"
    cut = [span(text, "Movimento", ORG), span(text, "Stelle", PERSON)]
    assert surfaces(text, acronym_definitions(text, cut)) == ["Movimento 5 Stelle"]


def test_a_given_name_before_a_place_word_is_no_place() -> None:
    assert type_cue("Lisa Hill") is None  # a common given name first
    assert type_cue("Capitol Hill") is PLACE
