"""Accuracy of newsdesk's extractors on hand-labelled texts.

Run: ``python benchmarks/accuracy.py [--verbose]``. Each section is a function that prints
one table; the entity section scores every available backend on the seed article and on the
news texts under ``tests/data/news``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from annotations.analysis.entities import Extractor, get_extractor  # noqa: E402
from annotations.analysis.entities.evaluation import (  # noqa: E402
    EntityScore,
    combine,
    labelled_texts,
    score_entities,
)
from annotations.analysis.entities.spacy_backend import find_model_module  # noqa: E402


def available_extractors() -> list[Extractor]:
    """The spaCy backend when installed, and always the rule-based one."""
    extractors = [get_extractor("spacy")] if find_model_module() is not None else []
    return [*extractors, get_extractor("rules")]


def entity_scores(extractor: Extractor) -> list[tuple[str, EntityScore]]:
    """Per labelled text, the extractor's score."""
    return [
        (item.name, score_entities(item.text, extractor.extract(item.text), item.gold))
        for item in labelled_texts(ROOT)
    ]


def _row(label: str, score: EntityScore) -> str:
    return (
        f"{label:<28} {score.true_positives:>3} {score.false_positives:>3} "
        f"{score.false_negatives:>3} {score.precision:>6.3f} {score.recall:>6.3f} "
        f"{score.f1:>6.3f} {score.type_agreement:>6.3f}"
    )


def entity_section(verbose: bool = False) -> None:
    """Print precision, recall, F1 and type agreement per backend per text."""
    print("== Entities ==")
    for extractor in available_extractors():
        print(f"\n{extractor.name}  (version {extractor.version})")
        print(f"{'text':<28}  TP  FP  FN  prec.  recall    F1   type")
        scores = entity_scores(extractor)
        for name, score in scores:
            print(_row(name, score))
            if verbose:
                for label, items in (
                    ("spurious", score.spurious),
                    ("missed", score.missed),
                    ("mistyped", score.mistyped),
                ):
                    if items:
                        print(f"    {label}: {', '.join(items)}")
        print(_row("ALL (micro)", combine([s for _, s in scores])))
        news = [s for name, s in scores if name != "seed"]
        print(_row("news texts only (micro)", combine(news)))
        held_out = [s for name, s in scores if name.startswith("heldout-")]
        print(_row("held-out texts (micro)", combine(held_out)))


def main() -> None:
    verbose = "--verbose" in sys.argv[1:]
    entity_section(verbose)


if __name__ == "__main__":
    main()
