"""Scoring extracted entities against hand labels (used by tests and ``benchmarks/accuracy.py``).

Gold files are JSON: ``{"entities": [{"name", "type", "aliases", "alt_types"?, "optional"?}]}``.
A predicted entity is a true positive when its name or one of its mentions equals a gold
entity's name or alias, compared after straightening quotes and dropping a possessive or a
leading "the". Optional gold entities count neither way. A second prediction of an entity
already matched is a false positive: the extractor failed to merge them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from annotations.analysis.entities.mention_rules import straighten_quotes
from annotations.analysis.entities.model import Entity, EntityType


@dataclass(frozen=True, slots=True)
class GoldEntity:
    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    alt_types: tuple[EntityType, ...] = ()
    optional: bool = False

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(normalise_surface(s) for s in (self.name, *self.aliases))


@dataclass(frozen=True, slots=True)
class LabelledText:
    name: str
    text: str
    gold: tuple[GoldEntity, ...]


@dataclass(frozen=True, slots=True)
class EntityScore:
    true_positives: int
    false_positives: int
    false_negatives: int
    type_agreements: int
    #: Names of the predictions and gold entities behind the errors, for reports.
    spurious: tuple[str, ...] = ()
    missed: tuple[str, ...] = ()
    mistyped: tuple[str, ...] = ()

    @property
    def precision(self) -> float:
        return _ratio(self.true_positives, self.true_positives + self.false_positives)

    @property
    def recall(self) -> float:
        return _ratio(self.true_positives, self.true_positives + self.false_negatives)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    @property
    def type_agreement(self) -> float:
        return _ratio(self.type_agreements, self.true_positives)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def normalise_surface(surface: str) -> str:
    """Straight quotes, no leading "the", no trailing possessive."""
    text = straighten_quotes(surface).strip()
    if text.startswith(("the ", "The ")):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2]
    elif text.endswith("'"):
        text = text[:-1]
    return text


def load_gold(path: Path) -> tuple[GoldEntity, ...]:
    """The gold entities of one JSON label file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return tuple(
        GoldEntity(
            name=item["name"],
            type=EntityType(item["type"]),
            aliases=tuple(item.get("aliases", ())),
            alt_types=tuple(EntityType(t) for t in item.get("alt_types", ())),
            optional=bool(item.get("optional", False)),
        )
        for item in data["entities"]
    )


def labelled_texts(root: Path) -> list[LabelledText]:
    """The seed article and every ``tests/data/news/*.txt`` with its ``.json`` labels.

    Args:
        root: The repository root.
    """
    texts = [
        LabelledText(
            "seed",
            (root / "seeds" / "meta-spotify-open-source-ai.txt").read_text(encoding="utf-8"),
            load_gold(root / "tests" / "data" / "gold" / "meta-spotify-open-source-ai.json"),
        )
    ]
    for path in sorted((root / "tests" / "data" / "news").glob("*.txt")):
        labels = path.with_suffix(".json")
        if labels.exists():
            text = path.read_text(encoding="utf-8")
            texts.append(LabelledText(path.stem, text, load_gold(labels)))
    return texts


def score_entities(text: str, predicted: list[Entity], gold: tuple[GoldEntity, ...]) -> EntityScore:
    """Compare predicted entities with gold ones (see the module docstring for the rules)."""
    matched: set[int] = set()
    tp = fp = agree = 0
    spurious: list[str] = []
    mistyped: list[str] = []
    for entity in predicted:
        surfaces = {normalise_surface(entity.name)} | {
            normalise_surface(text[m.start : m.end]) for m in entity.mentions
        }
        hits = [i for i, g in enumerate(gold) if g.keys & surfaces]
        fresh = [i for i in hits if not gold[i].optional and i not in matched]
        if fresh:
            best = _best_match(entity, fresh, gold)
            matched.add(best)
            tp += 1
            if entity.type in (gold[best].type, *gold[best].alt_types):
                agree += 1
            else:
                mistyped.append(f"{entity.name}:{entity.type}≠{gold[best].type}")
        elif not any(gold[i].optional for i in hits):
            fp += 1
            spurious.append(entity.name)
    missed = [g.name for i, g in enumerate(gold) if not g.optional and i not in matched]
    return EntityScore(tp, fp, len(missed), agree, tuple(spurious), tuple(missed), tuple(mistyped))


def _best_match(entity: Entity, candidates: list[int], gold: tuple[GoldEntity, ...]) -> int:
    """Prefer the gold entity whose own name is the prediction's name."""
    name = normalise_surface(entity.name)
    for index in candidates:
        if normalise_surface(gold[index].name) == name:
            return index
    return candidates[0]


def combine(scores: list[EntityScore]) -> EntityScore:
    """Micro-averaged score over several texts."""
    return EntityScore(
        sum(s.true_positives for s in scores),
        sum(s.false_positives for s in scores),
        sum(s.false_negatives for s in scores),
        sum(s.type_agreements for s in scores),
    )
