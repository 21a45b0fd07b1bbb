"""One long paragraph, and many tiny blocks: no path may be quadratic, no key may wait.

Run: ``python benchmarks/bench_long_paragraph.py [--part analysis|keys|all] [--n 120]``.

analysis: analyses (rules entities + quotations) an article that is a single paragraph of
25 KB to 1 MB, then one of the same size made of one-line blocks; then spaCy on one paragraph
of 25 and 100 KB. Time per KB should stay flat as the size grows. The baseline rows time the
end-anchored search the rules backend used before (a scan from the line's start for every
word) on the 25 and 50 KB paragraphs.

keys: on a pseudo-terminal, as bench_keys, cursor keys (line, word, sentence and paragraph
moves) on a 1 MB article that is ONE paragraph (the seed's paragraphs run together) — while
its spaCy analysis runs, and with the rules extractor once its analysis is over — beside a
minimal Textual app in the same run; then `q` while spaCy's analysis runs: seconds until the
program answers and until it has exited. Goals: ≤ 8 ms median / ≤ 16 ms p95; `q` at once.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from annotations.analysis.cache import analyze  # noqa: E402
from annotations.analysis.entities import Backend, get_extractor  # noqa: E402
from annotations.article.model import article_from_plain_text  # noqa: E402
from benchmarks.bench_keys import time_keys  # noqa: E402
from benchmarks.fixtures import SEED, one_paragraph_article  # noqa: E402
from benchmarks.pty_timing import PtyProgram, median  # noqa: E402

HERE = Path(__file__).resolve().parent
NEWSDESK = [sys.executable, "-m", "cli.main"]
KEYS = "jjjwjb)jk}kkkbkw(kj{"
#: What the Entities pane shows once the analysis is over (a group header).
ANALYSED = b"People ("

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


def analysis_table() -> None:
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


def quit_while_analysing(article: Path, env: dict[str, str]) -> tuple[float | None, float | None]:
    program = PtyProgram([*NEWSDESK, str(article)], env=env)
    try:
        program.wait_for(b"once again", timeout=60)
        program.settle(quiet=1.0)
        return program.quit(b"q")
    finally:
        program.close()


def keys_table(n: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        article = one_paragraph_article(Path(folder) / "one-paragraph.txt")
        library = str(Path(folder) / "library")
        baseline = time_keys(
            [sys.executable, str(HERE / "_minimal_apps.py"), "cursor", str(SEED)], "jjjjjk", n
        )
        print(f"{n} keys each; median / p95")
        print(f"{'minimal Textual app (j/k)':<44} {baseline.summary()}")
        runs = [
            ("newsdesk, 1 MB one paragraph, spaCy running", {}, b"\x1b["),
            ("  the same, analysis over (rules)", {"NEWSDESK_EXTRACTOR": "rules"}, ANALYSED),
        ]
        for name, extra, wait in runs:
            env = {"NEWSDESK_LIBRARY": library, **extra}
            times = time_keys([*NEWSDESK, str(article)], KEYS, n, env, wait)
            ratio = median(times.done) / median(baseline.done)
            print(f"{name:<44} {times.summary()}  done ÷ baseline {ratio:.2f}")
        answered, exited = quit_while_analysing(
            article, {"NEWSDESK_LIBRARY": str(Path(folder) / "library-quit")}
        )

        def shown(value: float | None) -> str:
            return "never (10 s)" if value is None else f"{value:.2f} s"

        print(
            f"q while spaCy analyses: answered after {shown(answered)},"
            f" exited after {shown(exited)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", choices=("analysis", "keys", "all"), default="all")
    parser.add_argument("--n", type=int, default=120)
    args = parser.parse_args()
    if args.part in ("analysis", "all"):
        analysis_table()
    if args.part in ("keys", "all"):
        keys_table(args.n)


if __name__ == "__main__":
    main()
