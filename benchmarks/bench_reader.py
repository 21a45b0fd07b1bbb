"""How fast the reader opens and answers keys, on the seed and on a generated 1 MB article.

Prints, for each article: seconds from process start to the first frame (median of runs, a
fresh `python` process each time, imports included) and milliseconds to handle a cursor key
and redraw the screen (median and p95), measured two ways: the widget's own work (the action
plus drawing every visible line) and end to end: the CPU time of a key through Textual's whole
pipeline (bindings, messages, compositor), less that of an unbound key, as Pilot sends them.
Wall-clock time end to end is not shown: Pilot's own settle waits and Textual's frame pacing
(at most one frame per ~16 ms) dominate it.

Run: python benchmarks/bench_reader.py
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from annotations.analysis.entities import get_extractor
from annotations.library.store import LibraryStore
from annotations.sources.load import load_path
from tui.app import NewsdeskApp
from tui.widgets.article_view import ArticleView

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "meta-spotify-open-source-ai.txt"
KEYS = ["w", "w", "j", "right_parenthesis", "j", "b", "right_curly_bracket", "k"]


def make_big_article(path: Path, size: int = 1_000_000) -> Path:
    """About `size` bytes of news-like text: the seed's paragraphs, numbered, blank-line apart."""
    paragraphs = SEED.read_text(encoding="utf-8").split("\n")
    chunks = ["A very long article\n"]
    total = 0
    n = 0
    while total < size:
        paragraph = f"{n}. {paragraphs[n % len(paragraphs)]}"
        chunks.append(paragraph)
        total += len(paragraph.encode()) + 2
        n += 1
    path.write_text("\n\n".join(chunks), encoding="utf-8")
    return path


def first_frame_seconds(path: Path, library: Path, runs: int = 5) -> float:
    """Median seconds from starting `python` to the first frame, with analysis running.

    The default extractor (spaCy when installed) starts in a worker right after the first
    frame, so this also shows that loading the model does not delay it.
    """
    env = {**os.environ, "NEWSDESK_LIBRARY": str(library), "NEWSDESK_EXTRACTOR": "auto"}
    samples = []
    for _ in range(runs):
        start = time.time()
        out = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "_first_frame.py"), str(path)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        ).stdout
        samples.append(float(out.strip().splitlines()[-1]) - start)
    return statistics.median(samples)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * share), len(ordered) - 1)]


async def key_timings(
    path: Path, library: Path, presses: int = 200
) -> tuple[list[float], list[float]]:
    article = load_path(path)
    app = NewsdeskApp(article, store=LibraryStore(library), extractor=get_extractor("rules"))
    widget_ms: list[float] = []
    pilot_ms: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.screen.query_one(ArticleView)
        await pilot.press("right_curly_bracket")  # warm the word/sentence indexes
        actions = {
            "w": lambda: view.action_cursor_word(1),
            "b": lambda: view.action_cursor_word(-1),
            "j": lambda: view.action_cursor_line(1),
            "k": lambda: view.action_cursor_line(-1),
            "right_parenthesis": lambda: view.action_cursor_sentence(1),
            "right_curly_bracket": lambda: view.action_cursor_paragraph(1),
        }
        for index in range(presses):
            key = KEYS[index % len(KEYS)]
            start = time.perf_counter()
            actions[key]()
            for y in range(view.size.height):
                view.render_line(y)
            widget_ms.append((time.perf_counter() - start) * 1000)
        # Pilot waits for the app to settle after each press; an unbound key measures that wait,
        # and the difference is what the key itself costs end to end.
        baseline: list[float] = []
        for index in range(presses // 4):
            key = KEYS[index % len(KEYS)]
            start = time.process_time()
            await pilot.press("f12")
            middle = time.process_time()
            await pilot.press(key)
            end = time.process_time()
            baseline.append((middle - start) * 1000)
            pilot_ms.append((end - middle) * 1000)
        floor = statistics.median(baseline)
        pilot_ms = [max(sample - floor, 0.0) for sample in pilot_ms]
    return widget_ms, pilot_ms


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        big = make_big_article(Path(folder) / "big.txt")
        print(
            f"{'article':<10} {'size':>9} {'first frame':>12} "
            f"{'key+draw median':>16} {'p95':>7} {'app CPU median':>18} {'p95':>7}"
        )
        for name, path in (("seed", SEED), ("1 MB", big)):
            library = Path(folder) / f"library-{name}"
            frame = first_frame_seconds(path, library)
            widget_ms, pilot_ms = asyncio.run(key_timings(path, library))
            print(
                f"{name:<10} {path.stat().st_size:>9,} {frame:>11.3f}s "
                f"{statistics.median(widget_ms):>14.2f}ms {percentile(widget_ms, 0.95):>5.2f}ms "
                f"{statistics.median(pilot_ms):>16.2f}ms {percentile(pilot_ms, 0.95):>5.2f}ms"
            )


if __name__ == "__main__":
    main()
