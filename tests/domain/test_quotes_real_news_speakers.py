"""Speaker patterns seen in real news (tests/data/realnews), each on a short text of its own.

Each test is one kind of error the real articles showed; entities are built by hand (the
names a good extractor finds), and where the pattern matters without an extractor too, the
test also runs with no entities at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from annotations.analysis.entities.model import Entity
from annotations.analysis.quotes import find_quotes
from annotations.analysis.quotes.evaluation import entities_from_specs
from annotations.article.model import article_from_plain_text


def person(name: str, *aliases: str) -> dict[str, Any]:
    return {"name": name, "type": "PERSON", "aliases": list(aliases)}


def org(name: str, *aliases: str) -> dict[str, Any]:
    return {"name": name, "type": "ORG", "aliases": list(aliases)}


def place(name: str) -> dict[str, Any]:
    return {"name": name, "type": "PLACE", "aliases": []}


def quotes_of(text: str, specs: Sequence[dict[str, Any]] | None) -> list[tuple[str, str | None]]:
    """(quoted text, speaker) of every quotation; `specs` None means no entities at all."""
    article = article_from_plain_text(text, source="test", source_key="test:real-news")
    entities: Sequence[Entity] = [] if specs is None else entities_from_specs(text, specs)
    return [(quote.text, quote.speaker) for quote in find_quotes(article, entities)]


def speakers(text: str, specs: Sequence[dict[str, Any]] | None) -> list[str | None]:
    return [speaker for _, speaker in quotes_of(text, specs)]


STATING = (
    "It quoted critics like immigration barrister Colin Yeo, and campaigner Caitlin Boswell, "
    "with Boswell stating: “People fleeing desperate circumstances need quicker decisions.”"
)


@pytest.mark.parametrize(
    "specs", [[person("Colin Yeo", "Yeo"), person("Caitlin Boswell", "Boswell")], None]
)
def test_with_x_stating_colon_is_x_not_the_nearest_other_person(
    specs: list[dict[str, Any]] | None,
) -> None:
    assert speakers(STATING, specs) == ["Caitlin Boswell"]


def test_with_x_saying_is_x() -> None:
    text = (
        "The council met Jane Roe and Omar Haddad on Monday, with Haddad saying "
        "“the plan will not survive the winter”."
    )
    specs = [person("Jane Roe", "Roe"), person("Omar Haddad", "Haddad")]
    assert speakers(text, specs) == ["Omar Haddad"]


def test_speaker_named_in_the_previous_sentence_speaks_on() -> None:
    text = (
        "Kristen Wilkins curated the show. Wilkins also said Warhol was a businessman. "
        "“As a way to sell his work, he would make a blue Marilyn and a pink one.”"
    )
    specs = [person("Kristen Wilkins", "Wilkins"), person("Andy Warhol", "Warhol")]
    assert speakers(text, specs) == ["Kristen Wilkins"]


def test_a_sentence_without_a_reporting_verb_passes_no_speaker_on() -> None:
    text = "Kristen Wilkins curated the show in May. “As a way to sell his work, he made more.”"
    assert speakers(text, [person("Kristen Wilkins", "Wilkins")]) == [None]


def test_pronoun_is_the_sentence_topic_not_the_nearest_person() -> None:
    text = (
        "For Kevin Allton, a lecturer in English, Andy Warhol was also a legend. "
        "He said, “Warhol was the center of the Zeitgeist for the 20th century.”"
    )
    specs = [person("Kevin Allton", "Allton"), person("Andy Warhol", "Warhol")]
    assert speakers(text, specs) == ["Kevin Allton"]


def test_pronoun_after_a_subject_that_won_an_award() -> None:
    text = (
        "Harry Kane won the Man of the Match award against Tunisia. "
        "He said, “In the first half it felt good out there.”"
    )
    specs = [person("Harry Kane", "Kane"), person("Match"), place("Tunisia")]
    assert speakers(text, specs) == ["Harry Kane"]


def test_but_he_replied() -> None:
    text = (
        "Thomas Sam was asked to take his daughter to a doctor, but he replied "
        "“I am not able to do that”."
    )
    assert speakers(text, [person("Thomas Sam", "Sam")]) == ["Thomas Sam"]


def test_in_the_words_of_a_described_and_named_speaker() -> None:
    text = (
        "The skin broke every time, and in the words of the Crown prosecutor, Mark Tedeschi, "
        "QC, “Gloria spent a lot of the last five months in pain.”"
    )
    assert speakers(text, [person("Mark Tedeschi", "Tedeschi")]) == ["Mark Tedeschi"]


def test_a_title_after_a_possessive_names_the_person() -> None:
    text = "After the match, Tunisia's coach Nabil Maaloul said, “We were playing a strong team.”"
    specs = [place("Tunisia"), person("Nabil Maaloul", "Maaloul")]
    assert speakers(text, specs) == ["Nabil Maaloul"]
    assert speakers(text, None) == ["Nabil Maaloul"]


def test_a_possessive_with_a_title_but_no_name_names_no_one() -> None:
    text = "Corvana’s chief executive said, “We will hire again in spring.”"
    assert speakers(text, [org("Corvana")]) == [None]


def test_organisation_with_a_bracketed_acronym_then_a_person() -> None:
    text = (
        "“Congratulations to the graduates,” said U.S. Office of Personnel Management (OPM) "
        "Director Kiran Ahuja."
    )
    specs = [org("U.S. Office of Personnel Management", "OPM"), person("Kiran Ahuja", "Ahuja")]
    assert speakers(text, specs) == ["Kiran Ahuja"]


def test_colon_after_a_clause_without_a_reporting_verb_is_its_subject() -> None:
    text = (
        "During questions on Wednesday, Sunak defended the record whilst promising an update "
        "from Braverman is coming: “We are working intensely on that legislation.”"
    )
    specs = [person("Rishi Sunak", "Sunak"), person("Suella Braverman", "Braverman")]
    assert speakers(text, specs) == ["Rishi Sunak"]


def test_a_participle_after_the_quotation_leaves_the_speaker_to_the_sentence() -> None:
    text = (
        "Analysts at Brightline Research called the guidance “conservative,” noting that "
        "Veltrix had beaten its forecasts."
    )
    specs = [org("Brightline Research"), org("Veltrix")]
    assert speakers(text, specs) == ["Brightline Research"]


def test_a_document_that_reads_speaks_for_its_owner() -> None:
    text = (
        "Ministers met on Monday. The Home Office letter reads “we may extend the use of the "
        "questionnaire to other claimants”, but no plans exist."
    )
    assert speakers(text, [org("Home Office")]) == ["Home Office"]
    assert speakers(text, None) == ["Home Office"]


def test_a_sign_that_reads_is_a_title_not_speech() -> None:
    assert quotes_of("The sign on the door reads “Closed For Good”.", None) == []


def test_statement_by_an_organisation_named_after_the_quotation() -> None:
    text = "“We regret the delay,” said the statement by Northgate Energy."
    assert speakers(text, [org("Northgate Energy")]) == ["Northgate Energy"]


def test_joint_speakers_give_one_of_them() -> None:
    text = "“We are delighted with the result,” said Ann Webb and Tom Hart."
    specs = [person("Ann Webb", "Webb"), person("Tom Hart", "Hart")]
    assert speakers(text, specs)[0] in {"Ann Webb", "Tom Hart"}


@pytest.mark.parametrize(
    "text",
    [
        "“The plant will close by March,” a source close to the talks said.",
        "“There is no money left,” officials said on Friday.",
        "“It is a disaster,” one resident told reporters.",
    ],
)
def test_unnamed_sources_are_unknown_not_a_guess(text: str) -> None:
    text = "Acme Corp runs the plant, said Jane Roe. " + text
    specs = [org("Acme Corp"), person("Jane Roe", "Roe")]
    assert speakers(text, specs)[-1] is None


def test_british_single_quotation_marks() -> None:
    text = (
        "‘We will not back down,’ said union leader Ann Webb. The students’ union agreed. "
        "Jo Hart disagreed: ‘It is over.’"
    )
    found = quotes_of(text, None)
    assert found == [("We will not back down,", "Ann Webb"), ("It is over.", "Jo Hart")]
    assert quotes_of(text, [person("Ann Webb", "Webb"), person("Jo Hart", "Hart")]) == found


@pytest.mark.parametrize(
    "text",
    [
        "Don't expect the players' union to agree; the ’90s are gone.",
        "The team was honored for 'courageous achievement' at the fair.",
        "Reports: 'streamlined' UK asylum process to replace interview",
    ],
)
def test_apostrophes_and_quoted_words_are_not_single_quoted_quotations(text: str) -> None:
    assert quotes_of(text, None) == []


def test_single_marks_inside_double_quotations_stay_nested() -> None:
    text = "“My editor told me, ‘Trust the quiet chapters,’ and she was right,” Lena Holt said."
    assert quotes_of(text, None) == [
        ("My editor told me, ‘Trust the quiet chapters,’ and she was right,", "Lena Holt")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The attack was launched by a user labelled “Anonymous”, on a website.",
        "It appeared on the website “Insurgency Wiki”, a spinoff of a forum.",
        "The refugee team listed their country as “Hope” on their shirts.",
    ],
)
def test_a_short_title_cased_name_in_quotation_marks_is_not_speech(text: str) -> None:
    assert quotes_of(text, None) == []


def test_a_lower_case_word_beside_a_cue_is_still_attributed_speech() -> None:
    text = "Spotify labeled the plan as “extortion” on Monday."
    assert quotes_of(text, [org("Spotify")]) == [("extortion", "Spotify")]


def test_a_title_then_a_comma_then_the_name_after_the_quotation() -> None:
    text = (
        "“It is humbling to carry the team’s work,” said Ingenuity’s project manager, "
        "Teddy Tzanetos of JPL."
    )
    specs = [org("Ingenuity"), person("Teddy Tzanetos", "Tzanetos"), org("JPL")]
    assert speakers(text, specs) == ["Teddy Tzanetos"]


def test_of_an_organisation_and_a_person_in_apposition_the_person_speaks() -> None:
    text = (
        "The secretary general of CEI, Nunzio Galantino, called the ruling “dangerous” and "
        "added: “We face a dangerous sentence.”"
    )
    specs = [org("CEI"), person("Nunzio Galantino", "Galantino")]
    assert speakers(text, specs) == ["Nunzio Galantino", "Nunzio Galantino"]


@pytest.mark.parametrize(
    "text",
    [
        "They all love rock 'n' roll, and the whole town loves the Joneses'.",
        "The '90s were loud, and the club got 'em dancing with the Smiths'.",
    ],
)
def test_elisions_open_no_single_quoted_quotation(text: str) -> None:
    assert quotes_of(text, None) == []
