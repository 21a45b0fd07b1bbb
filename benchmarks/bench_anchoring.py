"""How long anchoring takes on a news-sized article and on a 1 MB text.

For each text, highlights of 20-200 characters are made, the text is changed, and
`anchor` is timed per highlight in four cases: text moved (an insertion before it), a few
characters of the quote edited (approximate match), the quote deleted (orphan), and the
quote repeated elsewhere. Prints median and p95 in milliseconds, and how many were found.

Run: ``python benchmarks/bench_anchoring.py``
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotations.library.anchoring import anchor, describe
from annotations.library.model import TextPositionSelector, TextQuoteSelector

SEED = Path(__file__).resolve().parent.parent / "seeds" / "meta-spotify-open-source-ai.txt"
SAMPLES = 40

Selectors = tuple[TextPositionSelector, TextQuoteSelector]
Span = tuple[int, int] | None
#: Makes a changed text from (text, start, end); returns it and where the highlight is now
#: (None when it should be an orphan).
Change = Callable[[str, int, int, random.Random], tuple[str, Span]]


def shuffled_text(words: list[str], characters: int, rng: random.Random) -> str:
    """A long text of real words in random order (so phrases rarely repeat by chance)."""
    parts: list[str] = []
    size = 0
    while size < characters:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randrange(8, 25))) + "."
        parts.append(sentence)
        size += len(sentence) + 1
    return " ".join(parts)


def moved(text: str, start: int, end: int, rng: random.Random) -> tuple[str, Span]:
    added = "A paragraph added at the top of the article.\n\n"
    return added + text, (start + len(added), end + len(added))


def edited(text: str, start: int, end: int, rng: random.Random) -> tuple[str, Span]:
    where = rng.randrange(start, end - 4)
    return "Intro.\n\n" + text[:where] + "EDIT" + text[where + 4 :], (start + 8, end + 8)


def deleted(text: str, start: int, end: int, rng: random.Random) -> tuple[str, Span]:
    return text[:start] + text[end:], None


def repeated(text: str, start: int, end: int, rng: random.Random) -> tuple[str, Span]:
    """A copy of the quote inserted elsewhere; the original (by context) must win."""
    copy = rng.choice([rng.randrange(0, start), rng.randrange(end, len(text))])
    shift = end - start if copy <= start else 0
    return text[:copy] + text[start:end] + text[copy:], (start + shift, end + shift)


def measure(text: str, change: Change, rng: random.Random) -> tuple[float, float, int]:
    times: list[float] = []
    correct = 0
    for _ in range(SAMPLES):
        start = rng.randrange(0, len(text) - 250)
        end = start + rng.randrange(20, 200)
        selectors: Selectors = describe(text, start, end)
        changed, expected = change(text, start, end, rng)
        began = time.perf_counter()
        found = anchor(changed, *selectors)
        times.append((time.perf_counter() - began) * 1000)
        correct += found == expected
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], correct


def main() -> None:
    rng = random.Random(1)
    words = SEED.read_text(encoding="utf-8").split()
    texts = {
        "15 kB article": shuffled_text(words, 15_000, rng),
        "1 MB text": shuffled_text(words, 1_000_000, rng),
    }
    changes: dict[str, Change] = {
        "moved": moved,
        "quote edited": edited,
        "quote deleted": deleted,
        "quote repeated": repeated,
    }
    print(f"{'text':<15}{'change':<16}{'median ms':>10}{'p95 ms':>10}{'exact place':>13}")
    for text_name, text in texts.items():
        for change_name, change in changes.items():
            median, p95, correct = measure(text, change, rng)
            print(
                f"{text_name:<15}{change_name:<16}{median:>10.2f}{p95:>10.2f}"
                f"{f'{correct}/{SAMPLES}':>13}"
            )


if __name__ == "__main__":
    main()
