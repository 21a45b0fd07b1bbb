"""How long saving one highlight takes as the library grows.

Builds libraries of 10, 1,000 and 10,000 annotations (10 per article, so 1, 100 and 1,000
articles), then times `LibraryStore` calls on them: adding one highlight to a random article,
updating one, opening an article (which rewrites the articles index), saving a reading
position, loading an article's annotations and polling `revision`. Prints median and p95 in
milliseconds. Libraries are built by writing their files directly (same format the store
writes) so the script stays well under a minute.

Run: ``python benchmarks/bench_store.py``
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotations.library.anchoring import describe
from annotations.library.model import Annotation, ArticleRecord, Color, utc_now
from annotations.library.storage import write_tables
from annotations.library.store import INDEX_FILE, SCHEMA_VERSION, LibraryStore, annotations_file

PER_ARTICLE = 10
SIZES = (10, 1_000, 10_000)
SAMPLES = 200
TEXT = (
    Path(__file__).resolve().parent.parent / "seeds" / "meta-spotify-open-source-ai.txt"
).read_text(encoding="utf-8")


def random_annotation(rng: random.Random, article_id: str) -> Annotation:
    start = rng.randrange(0, len(TEXT) - 200)
    end = start + rng.randrange(20, 200)
    return Annotation.new(
        article_id,
        *describe(TEXT, start, end),
        color=rng.choice(list(Color)),
        note=rng.choice(["", "", "Worth checking against the earlier report."]),
        tags=rng.choice([(), ("ai",), ("ai", "open source")]),
    )


def build_library(folder: Path, annotations: int, rng: random.Random) -> list[str]:
    """A library with `annotations` spread PER_ARTICLE to an article; returns article ids."""
    article_ids = [f"{number:016x}" for number in range(max(1, annotations // PER_ARTICLE))]
    now = utc_now()
    articles = {
        str(number): ArticleRecord(
            article_id, f"/news/{article_id}.txt", f"Article {number}", "f" * 32, now, now
        ).to_dict()
        for number, article_id in enumerate(article_ids, start=1)
    }
    (folder / "annotations").mkdir(parents=True)
    write_tables(
        folder / INDEX_FILE, {"meta": {"1": {"schema": SCHEMA_VERSION}}, "articles": articles}
    )
    per_article = annotations // len(article_ids)
    for article_id in article_ids:
        documents = {
            str(number): random_annotation(rng, article_id).to_dict()
            for number in range(1, per_article + 1)
        }
        write_tables(annotations_file(folder, article_id), {"annotations": documents})
    return article_ids


def timed(
    action: Callable[[], object],
    samples: int = SAMPLES,
    undo: Callable[[], object] | None = None,
) -> tuple[float, float]:
    """Median and p95 of `action`, in milliseconds; `undo` (untimed) runs after each."""
    times: list[float] = []
    for _ in range(samples):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
        if undo is not None:
            undo()
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def measure(annotations: int) -> dict[str, tuple[float, float]]:
    rng = random.Random(annotations)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "library"
        article_ids = build_library(folder, annotations, rng)
        store = LibraryStore(folder)
        existing = store.annotations(article_ids[0])

        added: list[Annotation] = []

        def add() -> None:
            added.append(random_annotation(rng, rng.choice(article_ids)))
            store.add(added[-1])

        def remove_added() -> None:
            # Keeps every article at its size, so each sample adds to a library of `annotations`.
            store.delete(added[-1].id, added[-1].article_id)

        def update() -> None:
            store.update(existing[0].with_note(f"edited {rng.random()}"))

        def open_article() -> None:
            article_id = rng.choice(article_ids)
            store.open_article(article_id, f"/news/{article_id}.txt", "Title", "f" * 32)

        def reading_position() -> None:
            store.set_reading_position(rng.choice(article_ids), rng.randrange(10_000))

        return {
            "add highlight": timed(add, undo=remove_added),
            "update highlight": timed(update),
            "open article (index)": timed(open_article, 100),
            "save reading position": timed(reading_position, 100),
            "load annotations": timed(lambda: store.annotations(rng.choice(article_ids))),
            "revision poll": timed(lambda: store.revision(rng.choice(article_ids))),
        }


def main() -> None:
    results = {size: measure(size) for size in SIZES}
    header = ["operation (ms: median / p95)"] + [
        f"{size:,} ann. / {max(1, size // PER_ARTICLE):,} art." for size in SIZES
    ]
    rows = [
        [name] + [f"{results[size][name][0]:.2f} / {results[size][name][1]:.2f}" for size in SIZES]
        for name in results[SIZES[0]]
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * width for width in widths], *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
