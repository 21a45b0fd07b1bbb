"""Speed of exporting an article's highlights as Markdown and as W3C Web Annotation JSON.

Run: ``python benchmarks/bench_export.py``. The article is the seed repeated to about 120,000
characters, with 5,000 highlights (a third with notes, most with tags); every figure is the
median of several runs. The target for the Markdown export is 0.5 s.
"""

from __future__ import annotations

import dataclasses
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from annotations.anchoring import describe  # noqa: E402
from annotations.article import Article, article_from_plain_text  # noqa: E402
from annotations.export_markdown import to_markdown  # noqa: E402
from annotations.model import Annotation, Color  # noqa: E402
from annotations.sources import load_seed  # noqa: E402
from annotations.store import LibraryStore  # noqa: E402
from annotations.web_annotation import (  # noqa: E402
    import_annotations,
    parse_web_annotations,
    to_web_annotations,
)

HIGHLIGHTS = 5_000
COPIES = 40
RUNS = 7
IMPORTED = 200
MARKDOWN_TARGET_S = 0.5
TAGS = ["ai", "policy", "big tech", "eu", "music industry", "privacy"]


def long_article() -> Article:
    seed = load_seed()
    text = "\n\n".join([seed.text] * COPIES)
    return article_from_plain_text(text, source="bench", source_key="bench:export")


def many_highlights(article: Article, count: int) -> list[Annotation]:
    rng = random.Random(7)
    result = []
    for index in range(count):
        start = rng.randrange(0, len(article.text) - 300)
        end = start + rng.randint(5, 250)
        result.append(
            Annotation.new(
                article.id,
                *describe(article.text, start, end),
                color=rng.choice(list(Color)),
                note=f"Note {index}: *why* this matters.\n\nA second thought." if index % 3 else "",
                tags=rng.sample(TAGS, rng.randint(0, 3)),
            )
        )
    return result


def median_seconds(action: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def import_seconds(article: Article, annotations: list[Annotation]) -> float:
    """Median time to import `annotations` into an empty library."""
    data = to_web_annotations(article, annotations)
    times = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as folder:
            store = LibraryStore(Path(folder))
            began = time.perf_counter()
            import_annotations(store, article, data)
            times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    article = long_article()
    annotations = many_highlights(article, HIGHLIGHTS)
    print(f"article: {len(article.text):,} characters, {len(article.blocks)} blocks")
    print(f"highlights: {len(annotations):,}, median of {RUNS} runs\n")

    markdown = to_markdown(article, annotations)
    seconds = median_seconds(lambda: to_markdown(article, annotations))
    verdict = "ok" if seconds <= MARKDOWN_TARGET_S else "OVER TARGET"
    print(
        f"Markdown export:        {seconds * 1000:8.1f} ms  "
        f"({len(markdown) / 1e6:.1f} MB; target <= {MARKDOWN_TARGET_S * 1000:.0f} ms: {verdict})"
    )
    # Every highlight moved: the export anchors each one by its quote instead of in place.
    moved = dataclasses.replace(article, text="Update: a new first line.\n\n" + article.text)
    seconds = median_seconds(lambda: to_markdown(moved, annotations), runs=3)
    print(f"  ...all moved:         {seconds * 1000:8.1f} ms")

    collection = to_web_annotations(article, annotations)
    seconds = median_seconds(lambda: to_web_annotations(article, annotations))
    print(f"JSON export (dict):     {seconds * 1000:8.1f} ms")
    seconds = median_seconds(lambda: json.dumps(to_web_annotations(article, annotations)))
    size = len(json.dumps(collection)) / 1e6
    print(f"JSON export + dumps:    {seconds * 1000:8.1f} ms  ({size:.1f} MB)")
    seconds = median_seconds(lambda: parse_web_annotations(collection))
    print(f"JSON parse:             {seconds * 1000:8.1f} ms")

    seconds = import_seconds(article, annotations[:IMPORTED])
    print(
        f"import {IMPORTED} into a library: {seconds * 1000:6.1f} ms "
        f"({seconds / IMPORTED * 1000:.2f} ms each; one store write per highlight)"
    )


if __name__ == "__main__":
    main()
