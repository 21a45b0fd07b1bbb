"""The first article of the app's life: seconds until the Entities pane shows rows, and until
the whole analysis is there, with spaCy (no pool yet: the model loads).

Each run starts newsdesk headless (120×40) in its own process, on an empty library (nothing
cached), with the extractor asked for, and watches the Entities pane every 10 ms from inside
the app: ``frame`` is when the first frame is out (the app then mounts the panes), ``rows``
when the pane first lists entities (a preview or the whole analysis), ``whole`` when the
reader's analysis is over. All are seconds from the process's start (before any import);
``rows − frame`` is how long the reader looks at the article before its names show. The
seed runs to the whole analysis; the generated 1 MB article only to its first rows (its
whole analysis takes minutes), then quits.

With ``--before DIR`` (an earlier checkout: ``git archive main | tar -x -C DIR``) each case is
also run with that code, alternately with this code in the same session, so both see the
same machine. The medians of ``--runs`` runs are printed.

Run: python benchmarks/bench_first_analysis.py [--runs 3] [--extractor spacy-md] [--before DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.fixtures import SEED, long_article  # noqa: E402

SCRIPT = """
import time
started = time.perf_counter()
import asyncio, json, sys
from pathlib import Path
from annotations.analysis.entities import get_extractor
from annotations.article.model import article_from_plain_text
from annotations.library.store import LibraryStore
from tui.app import NewsdeskApp
from tui.screens.reader import ReaderScreen
from textual.widgets import OptionList
from tui.widgets.entities_pane import EntitiesPane

library, article_path, backend, until = sys.argv[1:5]
text = Path(article_path).read_text(encoding="utf-8")
article = article_from_plain_text(text, source="bench", source_key="bench:first")
app = NewsdeskApp(article, store=LibraryStore(Path(library)), extractor=get_extractor(backend))
marks = {}
show_the_rest = ReaderScreen.show_the_rest

async def first_frame_drawn(screen):  # the app calls it once its first frame is out
    marks.setdefault("frame", time.perf_counter() - started)
    await show_the_rest(screen)

ReaderScreen.show_the_rest = first_frame_drawn

async def watch(pilot):
    while True:
        now = time.perf_counter() - started
        reader = app.screen
        if isinstance(reader, ReaderScreen):
            panes = reader.query(EntitiesPane)
            # The panes are mounted after the first frame; their lists a moment later.
            lists = panes.first().query(OptionList) if panes else []
            if "rows" not in marks and lists and lists[0].option_count:
                marks["rows"] = now
            if reader.analysed.is_set():
                marks["whole"] = now
                break
        if until == "rows" and "rows" in marks:
            break
        await asyncio.sleep(0.01)  # a benchmark's sampling, not a test's synchronisation
    print(json.dumps(marks), flush=True)
    await pilot.press("q")

app.run(headless=True, size=(120, 40), auto_pilot=watch)
"""


def one_run(code: Path, article: Path, backend: str, until: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "PYTHONPATH": str(code)}
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(Path(folder) / "lib"), str(article), backend, until],
            cwd=code,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise SystemExit(f"no figures from {code}: {done.stderr[-2000:]}")
    marks: dict[str, float] = json.loads(lines[-1])
    return marks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--extractor", default="spacy-md")
    parser.add_argument("--before", type=Path, help="earlier code to run in the same session")
    args = parser.parse_args()
    codes = [("this code", ROOT)]
    if args.before is not None:
        codes.insert(0, ("before", args.before.resolve()))
    with tempfile.TemporaryDirectory() as folder:
        big = long_article(Path(folder) / "long.txt", 1_000_000)
        cases = [("seed", SEED, "whole"), ("1 MB", big, "rows")]
        print(f"first article of the app's life, {args.extractor}; medians of {args.runs} runs")
        print(
            f"{'case':<8}{'code':<12}{'frame s':>9}{'rows s':>9}{'−frame':>9}{'whole s':>9}"
            "   every run (rows / whole)"
        )
        for name, article, until in cases:
            results: dict[str, list[dict[str, float]]] = {label: [] for label, _ in codes}
            for _ in range(args.runs):
                for label, code in codes:  # alternately: the same machine for both
                    results[label].append(one_run(code, article, args.extractor, until))
            for label, _ in codes:
                runs = results[label]
                rows = statistics.median(r.get("rows", float("nan")) for r in runs)
                frame = statistics.median(r.get("frame", float("nan")) for r in runs)
                after = statistics.median(
                    r.get("rows", float("nan")) - r.get("frame", float("nan")) for r in runs
                )
                wholes = [r["whole"] for r in runs if "whole" in r]
                whole = f"{statistics.median(wholes):9.2f}" if wholes else f"{'—':>9}"
                each = ", ".join(
                    f"{r.get('rows', float('nan')):.2f}"
                    + (f"/{r['whole']:.2f}" if "whole" in r else "")
                    for r in runs
                )
                print(f"{name:<8}{label:<12}{frame:9.2f}{rows:9.2f}{after:9.2f}{whole}   {each}")


if __name__ == "__main__":
    main()
