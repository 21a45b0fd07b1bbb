"""Quotation accuracy on the seed gold and the hand-labelled quote texts, and speed.

Prints recall, precision, speaker accuracy and kind agreement (a predicted quote is a phrase
exactly when the gold marks it ``partial``), first per text and then in total, for each
source of entities: hand-built from the gold names, none at all, and the entity extractors
that are installed. Then prints how long `find_quotes` takes on a large article.

Run: ``python benchmarks/accuracy_quotes.py``
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotations.analysis.entities.model import Entity  # noqa: E402
from annotations.analysis.quotes import find_quotes  # noqa: E402
from annotations.analysis.quotes.evaluation import (  # noqa: E402
    EMPTY_SCORES,
    QuoteScores,
    entities_from_specs,
    load_gold,
    score_quotes,
)
from annotations.article.model import Article, article_from_plain_text  # noqa: E402

SEED = (
    ROOT / "seeds" / "meta-spotify-open-source-ai.txt",
    ROOT / "tests" / "data" / "gold" / "meta-spotify-open-source-ai.json",
)
QUOTE_DATA = ROOT / "tests" / "data" / "quotes"
#: Written and labelled before the extractor existed (its rules were designed alongside).
HELD_OUT = [(path, path.with_suffix(".json")) for path in sorted(QUOTE_DATA.glob("*.txt"))]
#: Written and labelled after the extractor was built, before it first ran on them.
FRESH = [(path, path.with_suffix(".json")) for path in sorted(QUOTE_DATA.glob("fresh/*.txt"))]

EntitySource = Callable[[str, list[dict[str, Any]]], Sequence[Entity]]


def _line(label: str, scores: QuoteScores) -> str:
    return (
        f"  {label:34} recall {scores.recall:5.3f}  precision {scores.precision:5.3f}  "
        f"speaker {scores.speaker_accuracy:5.3f}  kind {scores.kind_accuracy:5.3f}  "
        f"(gold {scores.gold}, predicted {scores.predicted}, matched {scores.matched})"
    )


def _article(path: Path) -> Article:
    text = path.read_text(encoding="utf-8")
    return article_from_plain_text(text, source=path.name, source_key=f"bench:{path.name}")


def score_set(files: list[tuple[Path, Path]], entities: EntitySource, verbose: bool) -> QuoteScores:
    total = EMPTY_SCORES
    for text_path, gold_path in files:
        article = _article(text_path)
        specs, gold = load_gold(gold_path)
        scores = score_quotes(find_quotes(article, entities(article.text, specs)), gold)
        if verbose:
            print(_line(text_path.stem, scores))
        total = total + scores
    return total


def _extractor_sources() -> list[tuple[str, EntitySource]]:
    """The installed entity extractors, if the entities package offers them."""
    try:
        from annotations.analysis.entities import get_extractor
    except ImportError:
        return []
    sources: list[tuple[str, EntitySource]] = []
    for backend in ("rules", "spacy"):
        try:
            extractor = get_extractor(backend)  # type: ignore[arg-type]
        except (RuntimeError, ValueError) as error:
            print(f"  ({backend} extractor unavailable: {error})")
            continue
        sources.append((extractor.name, lambda text, _specs, e=extractor: e.extract(text)))
    return sources


def accuracy() -> None:
    sources: list[tuple[str, EntitySource]] = [
        ("hand-built entities", entities_from_specs),
        ("no entities", lambda _text, _specs: []),
        *_extractor_sources(),
    ]
    for name, source in sources:
        verbose = name == "hand-built entities"
        print(f"\nEntities: {name}")
        seed = score_set([SEED], source, verbose)
        held_out = score_set(HELD_OUT, source, verbose)
        fresh = score_set(FRESH, source, verbose)
        print(_line("SEED (meta-spotify)", seed))
        print(_line(f"HELD-OUT ({len(HELD_OUT)} texts)", held_out))
        print(_line(f"FRESH ({len(FRESH)} texts)", fresh))
        print(_line("ALL", seed + held_out + fresh))


def speed() -> None:
    """Time `find_quotes` on one long article made of the test texts repeated."""
    paragraphs = [path.read_text(encoding="utf-8").strip() for path, _ in [SEED, *HELD_OUT, *FRESH]]
    body = "\n\n".join(paragraphs)
    text = "\n\n".join([body] * max(1, 1_000_000 // len(body)))
    article = article_from_plain_text(text, source="bench", source_key="bench:long")
    started = time.perf_counter()
    quotes = find_quotes(article)
    elapsed = time.perf_counter() - started
    print(
        f"\nSpeed: {len(text) / 1e6:.2f} MB article, {len(article.blocks)} paragraphs, "
        f"{len(quotes)} quotes, no entities: {elapsed:.2f} s "
        f"({len(text) / 1e6 / elapsed:.2f} MB/s)"
    )
    specs = [
        {"name": name, "type": kind, "aliases": []}
        for name, kind in [("Meta", "ORG"), ("Spotify", "ORG"), ("Maya Lindqvist", "PERSON")]
    ]
    entities = entities_from_specs(text, specs)
    started = time.perf_counter()
    quotes = find_quotes(article, entities)
    elapsed = time.perf_counter() - started
    mentions = sum(entity.count for entity in entities)
    print(f"       same with {mentions} entity mentions: {elapsed:.2f} s")


if __name__ == "__main__":
    accuracy()
    speed()
