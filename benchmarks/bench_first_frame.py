"""Seconds from starting the process until the article's first words are on a pseudo-terminal.

In one session, alternating so that the machine's noise falls on all alike, --runs times each:
the owner's baseline (a minimal Textual app showing the seed in one Static, as
/work/shared/tools/hello_textual.py), newsdesk on the seed, and newsdesk on a generated 1 MB
article. A run ends when the words "once again" (the seed's first line, also the 1 MB
article's first section) have been written. Prints medians, newsdesk ÷ baseline on the seed
(goal ≤ 1.3) and 1 MB − seed (goal ≤ 0.5 s).

newsdesk's modules are compiled to bytecode first, as `pip install` does on a user's machine:
where PYTHONDONTWRITEBYTECODE is set (as on this machine), an uncompiled checkout would
otherwise compile every module on every start (~0.13 s) and the baseline, one small file,
would not.

With --compare DIR, also newsdesk on the seed from another checkout's sources (e.g.
`git archive main | tar -x -C DIR`), compiled the same way and run by this interpreter, to
measure a change against the code before it in the same run. --compare PYTHON runs another
checkout's interpreter instead (`PYTHON -P -m cli.main`: its own installed sources, compiled
or not as it finds them).

Run: python benchmarks/bench_first_frame.py [--runs 9] [--compare DIR]
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.fixtures import SEED, long_article
from benchmarks.pty_timing import PtyProgram

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NEWSDESK = [sys.executable, "-m", "cli.main"]
MARKER = b"once again"


def first_frame(argv: list[str], env: dict[str, str] | None = None) -> float:
    program = PtyProgram(argv, env=env)
    try:
        seconds = program.wait_for(MARKER, timeout=60)
        if seconds is None:
            raise SystemExit(f"{argv}: the first words never showed")
        return seconds
    finally:
        program.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--compare", help="another checkout (or its Python), run on the seed too")
    args = parser.parse_args()
    compared = Path(args.compare) if args.compare else None
    for tree in (ROOT, compared):
        if tree is not None and tree.is_dir():
            for package in ("annotations", "tui", "cli"):
                compileall.compile_dir(tree / package, quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        big = long_article(Path(folder) / "long.txt")
        library = {"NEWSDESK_LIBRARY": str(Path(folder) / "library")}
        runs = {
            "minimal Textual app (Static), seed": (
                [sys.executable, str(HERE / "_minimal_apps.py"), "static", str(SEED)],
                None,
            ),
            "newsdesk, seed": ([*NEWSDESK, str(SEED)], library),
            "newsdesk, 1 MB": ([*NEWSDESK, str(big)], library),
        }
        if compared is not None and compared.is_dir():
            runs["compared checkout, seed"] = (
                [sys.executable, "-P", "-m", "cli.main", str(SEED)],
                {**library, "PYTHONPATH": str(compared.resolve())},
            )
        elif compared is not None:
            runs["compared checkout, seed"] = (
                [str(compared), "-P", "-m", "cli.main", str(SEED)],
                library,
            )
        samples: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.runs):
            for name, (argv, env) in runs.items():
                samples[name].append(first_frame(argv, env))
        medians = {name: statistics.median(values) for name, values in samples.items()}
        for name, value in medians.items():
            low, high = min(samples[name]), max(samples[name])
            print(f"{name:<36} median {value:.3f} s  (min {low:.3f}, max {high:.3f})")
        baseline, seed, big_seconds = list(medians.values())[:3]
        print(f"newsdesk ÷ baseline, seed: {seed / baseline:.2f} (goal ≤ 1.3)")
        print(f"1 MB − seed: {big_seconds - seed:+.3f} s (goal ≤ 0.5 s)")
        if compared is not None:
            other = medians["compared checkout, seed"]
            print(f"compared checkout ÷ baseline, seed: {other / baseline:.2f}")


if __name__ == "__main__":
    main()
