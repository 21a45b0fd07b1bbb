"""Scoring quotation extraction against hand-labelled gold (used by tests and benchmarks).

Gold files hold ``"entities"`` (name, type, aliases) and ``"quotes"`` (text, speaker, and
optionally ``partial`` for a phrase and ``uncertain`` for one that counts neither way when
missed). A predicted quote matches a gold one when their texts are equal after stripping
surrounding punctuation and space; speakers compare equal whatever their apostrophes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotations.analysis.entities.model import Entity, EntityType, Mention
from annotations.analysis.quotes.model import Quote


@dataclass(frozen=True, slots=True)
class GoldQuote:
    text: str
    speaker: str | None
    partial: bool = False
    uncertain: bool = False


@dataclass(frozen=True, slots=True)
class QuoteScores:
    """Counts and rates of one or more scored articles."""

    gold: int  # gold quotes that count (uncertain ones only when found)
    predicted: int
    matched: int  # gold quotes found
    correct_predictions: int  # predicted quotes that match some gold quote
    speakers_right: int  # matched quotes whose speaker equals the gold speaker
    kinds_right: int  # matched quotes whose kind agrees with the gold ``partial`` flag

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct_predictions / self.predicted if self.predicted else 1.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speakers_right / self.matched if self.matched else 1.0

    @property
    def kind_accuracy(self) -> float:
        return self.kinds_right / self.matched if self.matched else 1.0

    def __add__(self, other: QuoteScores) -> QuoteScores:
        return QuoteScores(
            self.gold + other.gold,
            self.predicted + other.predicted,
            self.matched + other.matched,
            self.correct_predictions + other.correct_predictions,
            self.speakers_right + other.speakers_right,
            self.kinds_right + other.kinds_right,
        )


EMPTY_SCORES = QuoteScores(0, 0, 0, 0, 0, 0)


def normalise_quote_text(text: str) -> str:
    """A quote's words without surrounding punctuation or space, for matching."""
    return re.sub(r"^[\W_]+|[\W_]+$", "", text)


def load_gold(path: Path) -> tuple[list[dict[str, Any]], list[GoldQuote]]:
    """The entity specs and gold quotes of one gold file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    quotes = [
        GoldQuote(
            text=item["text"],
            speaker=item.get("speaker"),
            partial=bool(item.get("partial", False)),
            uncertain=bool(item.get("uncertain", False)),
        )
        for item in data.get("quotes", [])
    ]
    return list(data.get("entities", [])), quotes


def entities_from_specs(text: str, specs: Iterable[dict[str, Any]]) -> list[Entity]:
    """Entities built by hand: every whole-word occurrence of a name or alias is a mention.

    Longer names claim their text first, so "Eastfield" inside "Eastfield Aviation" is not
    also a mention of the place Eastfield.
    """
    surfaces: list[tuple[str, int]] = []
    spec_list = list(specs)
    for index, spec in enumerate(spec_list):
        for surface in [spec["name"], *spec.get("aliases", [])]:
            surfaces.append((surface, index))
    surfaces.sort(key=lambda item: len(item[0]), reverse=True)
    taken: list[tuple[int, int]] = []
    mentions: dict[int, list[Mention]] = {index: [] for index in range(len(spec_list))}
    for surface, index in surfaces:
        for match in re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            mentions[index].append(Mention(match.start(), match.end()))
    return [
        Entity(spec["name"], EntityType(spec["type"]), tuple(sorted(mentions[index])))
        for index, spec in enumerate(spec_list)
        if mentions[index]
    ]


def score_quotes(predicted: Sequence[Quote], gold: Sequence[GoldQuote]) -> QuoteScores:
    """Score one article's predicted quotes against its gold quotes."""
    by_text: dict[str, list[Quote]] = {}
    for quote in predicted:
        by_text.setdefault(normalise_quote_text(quote.text), []).append(quote)
    gold_texts = {normalise_quote_text(item.text) for item in gold}
    counted = matched = speakers_right = kinds_right = 0
    for item in gold:
        found = by_text.get(normalise_quote_text(item.text))
        if not found:
            counted += 0 if item.uncertain else 1
            continue
        counted += 1
        matched += 1
        speakers_right += _same_speaker(found[0].speaker, item.speaker)
        kinds_right += (found[0].kind == "phrase") == item.partial
    correct = sum(1 for quote in predicted if normalise_quote_text(quote.text) in gold_texts)
    return QuoteScores(counted, len(predicted), matched, correct, speakers_right, kinds_right)


def _same_speaker(predicted: str | None, gold: str | None) -> bool:
    """Equal names, whichever apostrophe they are written with (O’Neill, O'Neill)."""
    if predicted is None or gold is None:
        return predicted is gold
    return predicted.replace("’", "'") == gold.replace("’", "'")
