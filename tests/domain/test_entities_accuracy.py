"""Extraction accuracy against hand labels, and the scoring rules behind the figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.analysis.entities import Entity, EntityType, Mention, get_extractor
from annotations.analysis.entities.evaluation import (
    GoldEntity,
    combine,
    labelled_texts,
    score_entities,
)
from annotations.analysis.entities.spacy_backend import find_model_module

ROOT = Path(__file__).resolve().parents[2]
needs_spacy = pytest.mark.skipif(
    find_model_module() is None,
    reason="spaCy with an English pipeline is not installed (pip install newsdesk[nlp])",
)
ORG, PERSON, PLACE, OTHER = EntityType.ORG, EntityType.PERSON, EntityType.PLACE, EntityType.OTHER

#: Floors: spaCy's are the brief's targets; the rule-based backend's sit a little under
#: what it reaches today (seed F1 0.96, type 0.92; all news F1 0.93, type 0.92).
SPACY_FLOOR = 0.92
RULES_F1_FLOOR = 0.85
RULES_TYPE_FLOOR = 0.85


def seed_score(backend: str) -> tuple[float, float]:
    seed = next(item for item in labelled_texts(ROOT) if item.name == "seed")
    extracted = get_extractor(backend).extract(seed.text)  # type: ignore[arg-type]
    score = score_entities(seed.text, extracted, seed.gold)
    return score.f1, score.type_agreement


def news_score(backend: str) -> tuple[float, float]:
    extractor = get_extractor(backend)  # type: ignore[arg-type]
    scores = [
        score_entities(item.text, extractor.extract(item.text), item.gold)
        for item in labelled_texts(ROOT)
        if item.name != "seed"
    ]
    total = combine(scores)
    return total.f1, total.type_agreement


@needs_spacy
def test_spacy_backend_on_the_seed_gold() -> None:
    f1, types = seed_score("spacy")
    assert f1 >= SPACY_FLOOR
    assert types >= SPACY_FLOOR


@needs_spacy
def test_spacy_backend_on_the_labelled_news_texts() -> None:
    f1, types = news_score("spacy")
    assert f1 >= SPACY_FLOOR
    assert types >= SPACY_FLOOR


def test_rules_backend_on_the_seed_gold() -> None:
    f1, types = seed_score("rules")
    assert f1 >= RULES_F1_FLOOR
    assert types >= RULES_TYPE_FLOOR


def test_rules_backend_on_the_labelled_news_texts() -> None:
    f1, types = news_score("rules")
    assert f1 >= RULES_F1_FLOOR
    assert types >= RULES_TYPE_FLOOR


def test_labelled_texts_have_gold_for_every_text() -> None:
    texts = labelled_texts(ROOT)
    assert len(texts) >= 7
    assert all(item.gold for item in texts)


TEXT = "Meta met the EU. Zuckerberg and Europeans. Apple too. Meta's plan."


def predicted(name: str, kind: EntityType, *surfaces: str) -> Entity:
    mentions = tuple(Mention(TEXT.index(s), TEXT.index(s) + len(s)) for s in surfaces)
    return Entity(name, kind, mentions)


GOLD = (
    GoldEntity("Meta", ORG),
    GoldEntity("European Union", ORG, ("EU",), (PLACE,)),
    GoldEntity("Mark Zuckerberg", PERSON, ("Zuckerberg",)),
    GoldEntity("Europeans", OTHER, optional=True),
    GoldEntity("Apple", ORG),
)


def test_score_matches_by_name_alias_or_mention_and_checks_types() -> None:
    entities = [
        predicted("Meta", ORG, "Meta", "Meta's"),
        predicted("EU", PLACE, "EU"),  # an alias, and an allowed alternative type
        predicted("Zuckerberg", ORG, "Zuckerberg"),  # matched, wrong type
        predicted("Europeans", OTHER, "Europeans"),  # optional: counts neither way
        predicted("Meta's plan", ORG, "Meta's plan"),  # spurious
    ]
    score = score_entities(TEXT, entities, GOLD)
    assert (score.true_positives, score.false_positives, score.false_negatives) == (3, 1, 1)
    assert score.type_agreements == 2
    assert score.missed == ("Apple",)
    assert score.precision == pytest.approx(0.75)
    assert score.recall == pytest.approx(0.75)
    assert score.f1 == pytest.approx(0.75)


def test_score_counts_an_unmerged_duplicate_as_a_false_positive() -> None:
    entities = [predicted("Meta", ORG, "Meta"), predicted("Meta", ORG, "Meta's")]
    score = score_entities(TEXT, entities, GOLD)
    assert (score.true_positives, score.false_positives) == (1, 1)
