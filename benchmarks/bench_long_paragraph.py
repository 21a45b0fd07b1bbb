"""Analysis time of one long paragraph, and of many tiny blocks: no path may be quadratic.

Run: ``python benchmarks/bench_long_paragraph.py``. Analyses (rules entities + quotations)
an article that is a single paragraph of 25 KB to 1 MB, then one of the same size made of
one-line blocks; then spaCy on one paragraph of 25 and 100 KB. Time per KB should stay flat
as the size grows. The baseline rows time the end-anchored search the rules backend used
before (a scan from the line's start for every word) on the 25 and 50 KB paragraphs.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from annotations.analysis.cache import analyze  # noqa: E402
from annotations.analysis.entities import Backend, get_extractor  # noqa: E402
from annotations.article.model import article_from_plain_text  # noqa: E402

SENTENCE = (
    "The council met on Monday in Springfield. \u201cWe agree,\u201d said Jane Smith of "
    "Acme Corp, and Mayor Anna Berg of Oslo nodded. "
)
_OLD_SENTENCE_END = re.compile(r"(?:^|[.!?:]|\n)[\s\"'“‘(\[]*$")


def paragraph(kilobytes: int) -> str:
    return "Title\n\n" + SENTENCE * (kilobytes * 1024 // len(SENTENCE))


def tiny_blocks(kilobytes: int) -> str:
    return "Title\n\n" + "\n\n".join(["Oslo."] * (kilobytes * 1024 // 7))


def seconds(text: str, key: str, backend: Backend = "rules") -> float:
    article = article_from_plain_text(text, source="bench", source_key=key)
    extractor = get_extractor(backend)
    extractor.extract("Warm up: Jane Smith in Oslo.")  # spaCy loads its model once
    start = time.perf_counter()
    analyze(article, extractor)
    return time.perf_counter() - start


def old_scan_seconds(text: str) -> float:
    """The former per-word check alone, on the same text."""
    start = time.perf_counter()
    for match in re.finditer(r"\w+", text):
        _OLD_SENTENCE_END.search(text, 0, match.start())
    return time.perf_counter() - start


def main() -> None:
    print(f"{'input':<34}{'seconds':>10}{'ms per KB':>12}")
    for kilobytes in (25, 50, 100, 1024):
        for name, make in (("one paragraph", paragraph), ("one-line blocks", tiny_blocks)):
            took = seconds(make(kilobytes), f"{name}{kilobytes}")
            label = f"{name}, {kilobytes} KB"
            print(f"{label:<34}{took:>10.2f}{took * 1000 / kilobytes:>12.2f}")
    try:
        for kilobytes in (25, 100):
            took = seconds(paragraph(kilobytes), f"spacy{kilobytes}", "spacy")
            label = f"spaCy: one paragraph, {kilobytes} KB"
            print(f"{label:<34}{took:>10.2f}{took * 1000 / kilobytes:>12.2f}")
    except RuntimeError:
        print("spaCy: not installed")
    for kilobytes in (25, 50):
        took = old_scan_seconds(paragraph(kilobytes))
        label = f"baseline: old scan, {kilobytes} KB"
        print(f"{label:<34}{took:>10.2f}{took * 1000 / kilobytes:>12.2f}")


if __name__ == "__main__":
    main()
