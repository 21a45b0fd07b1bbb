"""Accuracy over hand-labelled gold: the seed article and short news texts never tuned on
sentence by sentence (labels were written before the extractor ran on them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.analysis.quotes import find_quotes
from annotations.analysis.quotes.evaluation import (
    EMPTY_SCORES,
    QuoteScores,
    entities_from_specs,
    load_gold,
    normalise_quote_text,
    score_quotes,
)
from annotations.article.model import article_from_plain_text

DATA = Path(__file__).parents[1] / "data"
SEED = (
    Path(__file__).parents[2] / "seeds" / "meta-spotify-open-source-ai.txt",
    DATA / "gold" / "meta-spotify-open-source-ai.json",
)
TEXTS = [
    (path, path.with_suffix(".json"))
    for path in sorted((DATA / "quotes").glob("*.txt")) + sorted((DATA / "quotes").glob("*/*.txt"))
]


def score(text_path: Path, gold_path: Path, *, with_entities: bool = True) -> QuoteScores:
    text = text_path.read_text(encoding="utf-8")
    article = article_from_plain_text(text, source=text_path.name, source_key=str(text_path))
    specs, gold = load_gold(gold_path)
    entities = entities_from_specs(text, specs) if with_entities else []
    return score_quotes(find_quotes(article, entities), gold)


def test_there_is_a_dozen_texts_or_more() -> None:
    assert len(TEXTS) >= 12


def test_seed_meets_the_targets() -> None:
    scores = score(*SEED)
    assert scores.recall >= 0.95
    assert scores.precision >= 0.95
    assert scores.speaker_accuracy >= 0.90


def test_labelled_texts_meet_the_targets() -> None:
    total = EMPTY_SCORES
    for text_path, gold_path in TEXTS:
        total = total + score(text_path, gold_path)
    assert total.recall >= 0.95
    assert total.precision >= 0.95
    assert total.speaker_accuracy >= 0.90
    assert total.kind_accuracy >= 0.90


def test_detection_does_not_depend_on_entities() -> None:
    total = EMPTY_SCORES
    for text_path, gold_path in [SEED, *TEXTS]:
        total = total + score(text_path, gold_path, with_entities=False)
    assert total.recall >= 0.95
    assert total.precision >= 0.95


@pytest.mark.parametrize("paths", [SEED, *TEXTS], ids=lambda paths: paths[0].stem)
def test_offsets_point_at_the_words_and_non_quotes_are_dropped(paths: tuple[Path, Path]) -> None:
    text_path, gold_path = paths
    text = text_path.read_text(encoding="utf-8")
    article = article_from_plain_text(text, source=text_path.name, source_key=str(text_path))
    quotes = find_quotes(article)
    for quote in quotes:
        assert text[quote.start : quote.end] == quote.text
    not_quotes = json.loads(gold_path.read_text(encoding="utf-8")).get("not_quotes", [])
    found = {normalise_quote_text(quote.text) for quote in quotes}
    assert not found & {normalise_quote_text(item) for item in not_quotes}
