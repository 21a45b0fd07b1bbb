"""Print how long word and sentence segmentation take on the seed and on a ~1 MB article.

Run: ``python benchmarks/bench_segmentation.py``. The reader segments an article when it
opens it, so the 1 MB figure is the pause a user would feel on a very long article; the aim
is under 150 ms for words and sentences together. Each figure is the best of several runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from annotations.article.model import Article
from annotations.article.segmentation import split_sentences, split_words
from annotations.sources.load import article_from_text, load_seed

TARGET_BYTES = 1_000_000
REPEATS = 5


def best_ms(work: Callable[[], object]) -> float:
    timings = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        work()
        timings.append((time.perf_counter() - start) * 1000)
    return min(timings)


def large_article(seed: Article) -> Article:
    """Seed-like text of about `TARGET_BYTES`: the seed's paragraphs repeated."""
    paragraph_text = "\n\n".join(seed.text[b.start : b.end] for b in seed.blocks)
    copies = TARGET_BYTES // len(paragraph_text.encode("utf-8")) + 1
    text = "\n\n".join([paragraph_text] * copies)
    return article_from_text(text, source="bench", source_key="bench:large", fmt="text")


def report(name: str, article: Article) -> None:
    words_ms = best_ms(lambda: split_words(article.text, article.blocks))
    sentences_ms = best_ms(lambda: split_sentences(article.text, article.blocks))
    words = len(split_words(article.text, article.blocks))
    sentences = len(split_sentences(article.text, article.blocks))
    size_kb = len(article.text.encode("utf-8")) / 1024
    print(
        f"{name:<6} {size_kb:8.0f} KB  {len(article.blocks):6d} blocks  "
        f"words {words:7d} in {words_ms:6.1f} ms  "
        f"sentences {sentences:6d} in {sentences_ms:6.1f} ms  "
        f"total {words_ms + sentences_ms:6.1f} ms"
    )


def main() -> None:
    seed = load_seed()
    # Warm up: the word pattern is compiled (and its combining-mark class built) once.
    split_words("warm up", ())
    report("seed", seed)
    report("1 MB", large_article(seed))


if __name__ == "__main__":
    main()
