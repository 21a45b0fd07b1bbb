"""Cursor keys on a real pseudo-terminal: first byte, repaint done and writes per key.

Runs, in one session so the noisy machine is the same for all: a minimal Textual app whose
cursor row j/k move (the baseline), newsdesk on the seed, and newsdesk on a 1 MB article with
5,000 highlights: first while its spaCy analysis runs, then with the rules extractor, whose
analysis is over before the keys. Each gets --n keys (line, word, sentence and paragraph
moves, down and back up) after settling; prints median / p95 in milliseconds and the ratio
of newsdesk's "done" to the baseline's.

With `--before DIR` (a checkout of an earlier commit, e.g. `git archive main | tar -x -C DIR`),
each newsdesk case is also timed with that code (PYTHONPATH=DIR), right after it, in the same
run.

Run: python benchmarks/bench_keys.py [--n 120] [--keys 'jjjwjb)jk}kkkbkw(kj{'] [--before DIR]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.fixtures import SEED, annotations_json, long_article
from benchmarks.pty_timing import KeyTimes, PtyProgram, median, p95

HERE = Path(__file__).resolve().parent
NEWSDESK = [sys.executable, "-m", "cli.main"]


def time_keys(
    argv: list[str],
    keys: str,
    n: int,
    env: dict[str, str] | None = None,
    wait: bytes = b"\x1b[",
    cwd: Path | None = None,
) -> KeyTimes:
    """`n` keys' timings, once `wait` has shown and the screen has been quiet for 2 s."""
    program = PtyProgram(argv, env=env, cwd=cwd)
    try:
        if program.wait_for(wait, timeout=120) is None:
            raise SystemExit(f"{argv}: {wait!r} never showed")
        program.settle(quiet=2.0)
        times = KeyTimes()
        for index in range(n):
            program.press(keys[index % len(keys)].encode(), times)
        return times
    finally:
        program.close()


def import_highlights(article: Path, count: int, library: Path) -> None:
    anns = annotations_json(article, count, article.with_suffix(".json"))
    env = {**os.environ, "NEWSDESK_LIBRARY": str(library)}
    subprocess.run(
        [*NEWSDESK, "import", str(anns), "--article", str(article)],
        check=True,
        env=env,
        capture_output=True,
    )


#: A timed case: its name, argv, keys, environment and working folder.
Run = tuple[str, list[str], str, "dict[str, str] | None", "Path | None"]


def before(run: Run, code: Path) -> Run:
    """`run` with an earlier checkout's code, run from its folder (`python -m` puts the
    working folder on the path ahead of PYTHONPATH)."""
    name, argv, keys, env, _ = run
    env = {**(env or {}), "PYTHONPATH": str(code.resolve())}
    return ("  before: " + name.strip(), argv, keys, env, code.resolve())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=120)
    parser.add_argument("--keys", default="jjjwjb)jk}kkkbkw(kj{")
    parser.add_argument("--highlights", type=int, default=5000)
    parser.add_argument("--before", type=Path, help="an earlier checkout, timed beside this one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        big = long_article(Path(folder) / "long.txt")
        big_library = Path(folder) / "library-big"
        import_highlights(big, args.highlights, big_library)
        runs: list[Run] = [
            (
                "minimal Textual app (j/k)",
                [sys.executable, str(HERE / "_minimal_apps.py"), "cursor", str(SEED)],
                "jjjjjk",
                None,
                None,
            ),
            (
                "newsdesk, seed",
                [*NEWSDESK, str(SEED)],
                args.keys,
                {"NEWSDESK_LIBRARY": str(Path(folder) / "library-seed")},
                None,
            ),
            (
                f"newsdesk, 1 MB, {args.highlights:,} highlights",
                [*NEWSDESK, str(big)],
                args.keys,
                {"NEWSDESK_LIBRARY": str(big_library)},
                None,
            ),
            # The same with the analysis over before the keys (the built-in rules extractor
            # takes seconds): what the reader itself costs, apart from the spaCy thread.
            (
                "  the same, analysis done (rules)",
                [*NEWSDESK, str(big)],
                args.keys,
                {"NEWSDESK_LIBRARY": str(big_library), "NEWSDESK_EXTRACTOR": "rules"},
                None,
            ),
        ]
        if args.before is not None:
            runs = [
                runs[0],
                *(each for run in runs[1:] for each in (run, before(run, args.before))),
            ]
        baseline = None
        print(f"{args.n} keys each; median / p95")
        for name, argv, keys, env, cwd in runs:
            times = time_keys(argv, keys, args.n, env, cwd=cwd)
            if baseline is None:
                baseline = times
                ratio = ""
            else:
                ratio = (
                    f"  done ÷ baseline {median(times.done) / median(baseline.done):.2f} /"
                    f" {p95(times.done) / p95(baseline.done):.2f}"
                )
            print(f"{name:<36} {times.summary()}{ratio}")


if __name__ == "__main__":
    main()
