"""Speed of exporting an article's highlights as Markdown and as W3C Web Annotation JSON.

Run: ``python benchmarks/bench_export.py``. The article is the seed repeated to about 120,000
characters, with 5,000 highlights (a third with notes, most with tags); every figure is the
median of several runs. The target for the Markdown export is 0.5 s.

Import figures: all 5,000 highlights into an empty library (one store write), the same file
again (all already there), `newsdesk import` end to end (reading the file included), and
for comparison the former way of one locked store write per highlight.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
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

from annotations.article.model import Article, article_from_plain_text  # noqa: E402
from annotations.export.document import ExportInput, ExportOptions  # noqa: E402
from annotations.export.markdown import render_markdown  # noqa: E402
from annotations.export.web_annotation import (  # noqa: E402
    import_annotations,
    parse_web_annotations,
    to_web_annotations,
)
from annotations.library.anchoring import describe  # noqa: E402
from annotations.library.model import Annotation, Color  # noqa: E402
from annotations.library.store import LibraryStore  # noqa: E402
from annotations.sources.load import load_path, load_seed  # noqa: E402
from cli.main import main as newsdesk  # noqa: E402

HIGHLIGHTS = 5_000
COPIES = 40
RUNS = 7
#: Highlights saved one write each in the comparison (all 5,000 would take long).
ONE_BY_ONE = 200
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


def import_seconds(article: Article, annotations: list[Annotation]) -> tuple[float, float]:
    """Median times to import `annotations` into an empty library, then to import them again."""
    data = to_web_annotations(article, annotations)
    first, again = [], []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as folder:
            store = LibraryStore(Path(folder))
            began = time.perf_counter()
            report = import_annotations(store, article, data)
            first.append(time.perf_counter() - began)
            assert report.added == len(annotations), report
            began = time.perf_counter()
            report = import_annotations(store, article, data)
            again.append(time.perf_counter() - began)
            assert report.added == 0, report
    return statistics.median(first), statistics.median(again)


def one_write_each_seconds(annotations: list[Annotation]) -> float:
    """Median time to save `annotations` with one locked store write each (`add`)."""
    times = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as folder:
            store = LibraryStore(Path(folder))
            began = time.perf_counter()
            for annotation in annotations:
                store.add(annotation)
            times.append(time.perf_counter() - began)
    return statistics.median(times)


def cli_import_seconds(article: Article, annotations: list[Annotation]) -> float:
    """Median time of `newsdesk import FILE --article PATH` into an empty library."""
    times = []
    with tempfile.TemporaryDirectory() as scratch:
        text_path = Path(scratch) / "article.txt"
        text_path.write_text(article.text, encoding="utf-8")
        # The id the CLI will give the article, so the highlights belong to it.
        target = load_path(text_path)
        moved = [dataclasses.replace(a, article_id=target.id) for a in annotations]
        json_path = Path(scratch) / "highlights.json"
        json_path.write_text(json.dumps(to_web_annotations(target, moved)), encoding="utf-8")
        for run in range(3):
            library = Path(scratch) / f"library-{run}"
            args = ["--library", str(library), "import", str(json_path), "--article"]
            began = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):
                newsdesk([*args, str(text_path)])
            times.append(time.perf_counter() - began)
    return statistics.median(times)


def to_markdown(article: Article, annotations: list[Annotation]) -> str:
    """The Markdown export with the built-in template, as `export` renders it."""
    return render_markdown(ExportInput.build(article, annotations), ExportOptions())


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

    first, again = import_seconds(article, annotations)
    print(
        f"import {len(annotations):,} into a library: {first * 1000:6.1f} ms "
        f"({first / len(annotations) * 1000:.3f} ms each; one store write)"
    )
    print(f"  ...same file again:   {again * 1000:8.1f} ms  (all already there, nothing written)")
    seconds = cli_import_seconds(article, annotations)
    print(
        f"newsdesk import {len(annotations):,}:  {seconds * 1000:8.1f} ms  (end to end, file read)"
    )
    seconds = one_write_each_seconds(annotations[:ONE_BY_ONE])
    print(
        f"one write each, {ONE_BY_ONE}:    {seconds * 1000:8.1f} ms  "
        f"({seconds / ONE_BY_ONE * 1000:.2f} ms each; the way import used to save)"
    )


if __name__ == "__main__":
    main()
