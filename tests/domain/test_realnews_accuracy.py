"""Accuracy on the 14 real news articles of tests/data/realnews, scored by the owner's scorer.

The floors are the issue's targets (entities F1 and type agreement 0.93, quotations 0.95,
speakers end to end 0.90; the rules fallback 0.85 and 0.80), checked on all 14 articles with
the scorer's own `score`, on what `newsdesk analyze --json` prints. The quality layer must
also never be less precise, nor recall less, than the spaCy model it wraps.
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from annotations.analysis.cache import analyze
from annotations.analysis.entities import Extractor, get_extractor
from annotations.analysis.entities.candidates import SPACY_LABELS
from annotations.analysis.entities.spacy_backend import SpacyExtractor, find_model_module
from annotations.sources.load import load_source

DATA = Path(__file__).resolve().parents[1] / "data" / "realnews"
needs_spacy = pytest.mark.skipif(find_model_module() is None, reason="spaCy is not installed")


@cache
def scorer() -> Any:
    spec = importlib.util.spec_from_file_location("eval_nlp", DATA / "eval_nlp.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def split() -> dict[str, str]:
    lines = (DATA / "SPLIT").read_text().splitlines()
    pairs = (line.split() for line in lines if line and not line.startswith("#"))
    return {name: part for part, name in pairs}


def articles(part: str = "all") -> list[str]:
    return [stem for stem, kind in sorted(split().items()) if part in ("all", kind)]


def gold(stem: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "gold" / f"{stem}.json").read_text())
    return data


def newsdesk_json(extractor: Extractor, stem: str) -> dict[str, Any]:
    """What `newsdesk analyze --json` prints for the article (entities, quotes, text)."""
    article = load_source(str(DATA / "articles" / f"{stem}.txt"))
    analysis = analyze(article, extractor)
    return {
        "text": article.text,
        "entities": [
            {
                "name": e.name,
                "type": e.type.value,
                "mentions": [{"start": m.start, "end": m.end} for m in e.mentions],
            }
            for e in analysis.entities
        ],
        "quotes": [
            {"text": q.text, "start": q.start, "end": q.end, "speaker": q.speaker}
            for q in analysis.quotes
        ],
    }


def bare_json(extractor: SpacyExtractor, stem: str) -> dict[str, Any]:
    """The model's own PERSON/ORG/place entities, grouped by surface: no newsdesk rules."""
    text = (DATA / "articles" / f"{stem}.txt").read_text(encoding="utf-8")
    doc = extractor._load_locked()(text)
    mentions: dict[str, list[dict[str, int]]] = {}
    votes: dict[str, Counter[str]] = {}
    for ent in doc.ents:
        kind = SPACY_LABELS.get(ent.label_)
        if kind is not None:
            mentions.setdefault(ent.text, []).append({"start": ent.start_char, "end": ent.end_char})
            votes.setdefault(ent.text, Counter())[kind.value] += 1
    entities = [
        {"name": name, "type": votes[name].most_common(1)[0][0], "mentions": found}
        for name, found in mentions.items()
    ]
    return {"text": text, "entities": entities, "quotes": []}


def totals(predictions: dict[str, dict[str, Any]]) -> dict[str, float]:
    tot: Counter[str] = Counter()
    for stem, pred in predictions.items():
        tot.update(scorer().score(gold(stem), pred))

    def ratio(a: str, b: str) -> float:
        return tot[a] / tot[b] if tot[b] else 0.0

    precision, recall = ratio("etp", "ep"), ratio("egot", "eg")
    return {
        "P": precision,
        "R": recall,
        "F1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "type": ratio("etyped", "etp"),
        "qP": ratio("qright", "qp"),
        "qR": ratio("qfound", "qg"),
        "speakers": ratio("sok", "sall"),
    }


@cache
def scores(backend: str, part: str = "all") -> dict[str, float]:
    extractor = get_extractor(backend)  # type: ignore[arg-type]
    return totals({stem: newsdesk_json(extractor, stem) for stem in articles(part)})


def test_the_split_keeps_four_articles_aside() -> None:
    assert len(articles("dev")) == 10
    assert len(articles("heldout")) == 4
    assert sorted(articles()) == sorted(p.stem for p in (DATA / "gold").glob("*.json"))


@needs_spacy
def test_spacy_reaches_the_real_news_targets() -> None:
    found = scores("spacy")
    assert found["F1"] >= 0.93
    assert found["type"] >= 0.93
    assert found["qP"] >= 0.95 and found["qR"] >= 0.95
    assert found["speakers"] >= 0.90


def test_the_rules_fallback_reaches_its_targets() -> None:
    found = scores("rules")
    assert found["F1"] >= 0.85
    assert found["qP"] >= 0.95 and found["qR"] >= 0.95
    assert found["speakers"] >= 0.80


@needs_spacy
@pytest.mark.parametrize("part", ["dev", "all"])
def test_the_quality_layer_only_adds_to_the_model(part: str) -> None:
    extractor = get_extractor("spacy")
    assert isinstance(extractor, SpacyExtractor)
    bare = totals({stem: bare_json(extractor, stem) for stem in articles(part)})
    ours = scores("spacy", part)
    assert ours["P"] >= bare["P"]
    assert ours["R"] >= bare["R"]
