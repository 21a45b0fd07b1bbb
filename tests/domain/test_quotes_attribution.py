"""Finding who said a quotation: each attribution pattern, with and without entities."""

from __future__ import annotations

from collections.abc import Sequence

from annotations.analysis.entities.model import Entity, EntityType
from annotations.analysis.quotes import find_quotes
from annotations.analysis.quotes.evaluation import entities_from_specs
from annotations.article.model import article_from_plain_text

PEOPLE_AND_ORGS: list[dict[str, object]] = [
    {"name": "Mark Zuckerberg", "type": "PERSON", "aliases": ["Zuckerberg"]},
    {"name": "Helen Eastman", "type": "PERSON", "aliases": ["Eastman"]},
    {"name": "Maria Lopez", "type": "PERSON", "aliases": ["Lopez"]},
    {"name": "Meta", "type": "ORG", "aliases": []},
    {"name": "Spotify", "type": "ORG", "aliases": []},
    {"name": "European Union", "type": "ORG", "aliases": ["EU"]},
    {"name": "Apple", "type": "ORG", "aliases": []},
]


def speakers(text: str, entities: Sequence[Entity] | None = None) -> list[str | None]:
    article = article_from_plain_text(text, source="test", source_key="test:attribution")
    if entities is None:
        entities = entities_from_specs(text, PEOPLE_AND_ORGS)
    return [quote.speaker for quote in find_quotes(article, entities)]


def test_subject_then_verb_after_the_quotation() -> None:
    assert speakers("“We are building for everyone,” Zuckerberg said.") == ["Mark Zuckerberg"]


def test_verb_then_speaker_after_the_quotation() -> None:
    text = "“We are building for everyone,” said Meta CEO Mark Zuckerberg, speaking in Paris."
    assert speakers(text) == ["Mark Zuckerberg"]


def test_pronoun_resolves_to_the_nearest_person_before_it() -> None:
    text = (
        "Apple met Maria Lopez, a developer, on Monday. "
        "“The new rules will cost small studios dearly,” she said."
    )
    assert speakers(text) == ["Maria Lopez"]


def test_it_and_the_company_resolve_to_the_nearest_organisation() -> None:
    text = (
        "Mark Zuckerberg spoke after Spotify posted its results. "
        "“Growth came from podcasts and new markets,” the company said. "
        "“We expect more of the same next year,” it added."
    )
    assert speakers(text) == ["Spotify", "Spotify"]


def test_title_and_surname_resolve_to_the_person_named_earlier() -> None:
    text = (
        "The study was led by Helen Eastman of Kingsbridge University.\n\n"
        "Professor Eastman cautioned against reading too much into it. "
        "“A link is not a cause,” Professor Eastman said."
    )
    assert speakers(text) == ["Helen Eastman"]


def test_courtesy_title_and_surname_without_entities_keep_the_name_as_written() -> None:
    text = "“The council has ignored us for years,” Ms. Okafor said."
    assert speakers(text, entities=[]) == ["Okafor"]


def test_possessive_document_speaks_for_its_owner() -> None:
    text = "“Europe will fall behind without clear rules on data,” warns Meta’s blog post."
    assert speakers(text) == ["Meta"]


def test_its_statement_speaks_for_the_organisation_its_refers_to() -> None:
    text = (
        "Spotify refers to its early investments in AI. "
        "“Open models help more artists find an audience,” its statement asserts."
    )
    assert speakers(text) == ["Spotify"]


def test_colon_introduction_in_the_same_sentence() -> None:
    text = "Mark Zuckerberg told investors on Monday: “We will keep spending on AI.”"
    assert speakers(text) == ["Mark Zuckerberg"]


def test_colon_introduction_at_the_end_of_the_previous_paragraph() -> None:
    text = (
        "Meta’s policy chief, Maria Lopez, was blunt about the timeline:\n\n"
        "“Some features will not launch in Europe this year. We are asking for clarity.”"
    )
    assert speakers(text) == ["Maria Lopez"]


def test_according_to_before_and_after_the_quotation() -> None:
    text = (
        "“Crews will work through the night to restore the service,” according to Spotify.\n\n"
        "According to Maria Lopez, an analyst, the results were “better than anyone expected.”"
    )
    assert speakers(text) == ["Spotify", "Maria Lopez"]


def test_split_quotation_keeps_its_speaker_on_both_sides_of_the_attribution() -> None:
    text = "Maria Lopez spoke first. “We are ready,” she said, “and we will not back down.”"
    assert speakers(text) == ["Maria Lopez", "Maria Lopez"]


def test_a_following_quotation_in_the_paragraph_keeps_the_speaker() -> None:
    text = (
        "“Apple has built a toll booth,” said Maria Lopez. “Developers pay for everything twice.”"
    )
    assert speakers(text) == ["Maria Lopez", "Maria Lopez"]


def test_a_new_attribution_changes_the_speaker_within_a_paragraph() -> None:
    text = (
        "“Apple has built a toll booth,” said Maria Lopez. "
        "“We disagree with every word of that claim,” Apple said."
    )
    assert speakers(text) == ["Maria Lopez", "Apple"]


def test_a_label_with_an_attributing_verb_is_an_attributed_quote() -> None:
    text = "Spotify labeled Apple's compliance strategy as “extortion” and a “complete farce.”"
    assert speakers(text) == ["Spotify", "Spotify"]


def test_group_of_an_acronym_resolves_to_the_entity_with_that_acronym() -> None:
    text = "EU regulators labeled Apple a Big Tech “gatekeeper” last year."
    assert speakers(text) == ["European Union"]


def test_acronym_matches_the_entity_even_without_a_mention_of_it() -> None:
    european_union = Entity("European Union", EntityType.ORG, ())
    text = "“The rules apply to everyone,” EU officials said."
    assert speakers(text, entities=[european_union]) == ["European Union"]


def test_appositive_name_is_the_speaker_not_the_organisation() -> None:
    text = (
        "“We have made the difficult decision to cut jobs,” Meta’s policy chief, "
        "Maria Lopez, wrote in a memo."
    )
    assert speakers(text) == ["Maria Lopez"]


def test_unknown_speaker_without_entities_is_named_as_written() -> None:
    text = "“The harbour will reopen on Friday,” said harbour master Tom Okoye."
    assert speakers(text, entities=[]) == ["Tom Okoye"]


def test_unresolvable_speaker_is_left_none_rather_than_guessed() -> None:
    text = (
        "Maria Lopez praised the plan. The students’ union called the proposal "
        "“a step backwards for every school in the state.”"
    )
    assert speakers(text) == [None]


def test_a_quotation_with_no_cue_and_no_previous_quote_has_no_speaker() -> None:
    text = "Apple is quiet. “Nobody expected the launch to slip again this year.”"
    assert speakers(text) == [None]
