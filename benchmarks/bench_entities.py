"""Speed of entity extraction: spaCy's import and load time, ms per 1,000 words per backend.

Run: ``python benchmarks/bench_entities.py``. The text is the labelled news texts joined and
repeated to about 20,000 words, so the figures cover paragraphs of real news prose.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from annotations.analysis.entities import Extractor, get_extractor  # noqa: E402
from annotations.analysis.entities.evaluation import labelled_texts  # noqa: E402
from annotations.analysis.entities.spacy_backend import find_model_module  # noqa: E402

TARGET_WORDS = 20_000
REPEATS = 3

_LOAD_PROBE = """
import time
start = time.perf_counter()
from annotations.analysis.entities import get_extractor
extractor = get_extractor("spacy")
imported = time.perf_counter()
extractor.load()
loaded = time.perf_counter()
extractor.extract("Meta CEO Mark Zuckerberg spoke in Paris.")
first = time.perf_counter()
print(imported - start, loaded - imported, first - loaded)
"""


def corpus(target_words: int = TARGET_WORDS) -> str:
    """The labelled texts, joined by blank lines and repeated to about `target_words`."""
    joined = "\n\n".join(item.text.strip() for item in labelled_texts(ROOT))
    copies = max(1, round(target_words / len(joined.split())))
    return "\n\n".join([joined] * copies)


def spacy_load_seconds() -> tuple[float, float, float]:
    """Import, model load and first-call seconds, measured in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-c", _LOAD_PROBE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    imported, loaded, first = (float(x) for x in result.stdout.split())
    return imported, loaded, first


def ms_per_1000_words(extractor: Extractor, text: str) -> tuple[float, int]:
    """Median milliseconds per 1,000 words over `REPEATS` runs, and the entity count."""
    words = len(text.split())
    extractor.extract("Warm-up in Paris.")
    timings: list[float] = []
    count = 0
    for _ in range(REPEATS):
        start = time.perf_counter()
        count = len(extractor.extract(text))
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000 / (words / 1000), count


def main() -> None:
    text = corpus()
    print(f"text: {len(text.split()):,} words, {len(text):,} characters")
    if find_model_module() is not None:
        imported, loaded, first = spacy_load_seconds()
        print(
            f"spaCy: import of the entities package + get_extractor {imported * 1000:.0f} ms, "
            f"import spaCy + load model {loaded:.2f} s, first extract {first * 1000:.0f} ms"
        )
        extractors = [get_extractor("spacy"), get_extractor("rules")]
    else:
        print("spaCy: not installed")
        extractors = [get_extractor("rules")]
    for extractor in extractors:
        ms, count = ms_per_1000_words(extractor, text)
        print(f"{extractor.name:<28} {ms:8.1f} ms per 1,000 words  ({count} entities)")


if __name__ == "__main__":
    main()
