"""Analysis speed and peak memory: newsdesk's chunked engine against spaCy small alone.

Run: ``python benchmarks/bench_analysis.py [--sizes seed,dev,1mb] [--extractor spacy-md]``.

Inputs: the bundled seed, the 14 real articles of ``tests/data/realnews`` (the dev set, one
after another, each a fresh analysis) and a generated 1 MB article (``fixtures.long_article``).
Each case runs in its own process, measured from outside:

- ``bare spaCy sm, 1 core``: the baseline of issue 14, in the same run: en_core_web_sm with
  only tagger + NER (and the attribute ruler the tagger needs), ``nlp.pipe`` over ~20 kB
  chunks of whole lines, model loaded before the clock starts. ``batch_size=1`` (one chunk
  per batch): with spaCy's default of 1,000 texts a 1 MB article goes through the network
  as one batch, measured here at 2.9 GB and 99 s (85 s with one chunk per batch, in
  another run on the same busy machine): a baseline that weak would flatter newsdesk;
- ``newsdesk <extractor>``: `ChunkedAnalysis` as ``newsdesk analyze`` runs it (the shared pool
  of worker processes on both cores, at full priority: under the app they are niced, which
  on a loaded machine leaves them a fraction of a core), from nothing to the final analysis:
  starting the fork server, loading the model (once, in the server) and forking the workers
  are inside the time; entities and quotations. The dev set's articles run one after another
  on the same pool, as the app reuses it. ``first chunk s``: from the start until the chunk
  being read is back (what the reader's panes wait for), for the first article (cold: the model
  loads) and the last (warm: the pool is there).

words/s is the text's whitespace-separated words over wall time. Peak memory is the largest
sum, over the process and its children, of resident memory (VmRSS: shared pages count once
per process, so this over-counts) sampled every 20 ms; the largest sum of proportional memory
(Pss, shared pages split) is shown beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.fixtures import SEED, long_article  # noqa: E402

REALNEWS = ROOT / "tests" / "data" / "realnews" / "articles"


def texts_of(case: str, folder: Path) -> list[Path]:
    if case == "seed":
        return [SEED]
    if case == "dev":
        return sorted(REALNEWS.glob("*.txt"))
    return [long_article(folder / "long-1mb.txt", 1_000_000)]


# -- measured from outside ------------------------------------------------------------------------


def _kib(path: str, field: str) -> int:
    try:
        with open(path) as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


#: How often memory is sampled. Reading smaps_rollup walks a process's page tables: sampled
#: every 0.02 s over newsdesk's four processes, the sampler took a share of the two cores that
#: newsdesk's workers use, and not of the core the one-process baseline leaves free.
SAMPLE_SECONDS = float(os.environ.get("BENCH_SAMPLE_SECONDS", "0.25"))


def _family(pid: int) -> list[int]:
    """`pid` and every descendant (through /proc's children lists)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                queue += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
    return found


def measured(args: list[str]) -> tuple[dict[str, float], float, float]:
    """Run a case; its JSON result, and the peak sums of RSS and PSS over its processes (MB)."""
    process = subprocess.Popen(
        [sys.executable, __file__, *args], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    peaks = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            family = _family(process.pid)
            rss = sum(_kib(f"/proc/{p}/status", "VmRSS:") for p in family)
            pss = sum(_kib(f"/proc/{p}/smaps_rollup", "Pss:") for p in family)
            peaks[0], peaks[1] = max(peaks[0], rss), max(peaks[1], pss)
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample)
    sampler.start()
    out, _ = process.communicate()
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"case {args} failed")
    return json.loads(out.strip().splitlines()[-1]), peaks[0] / 1024, peaks[1] / 1024


# -- the cases, each in its own process -----------------------------------------------------------


def run_bare(paths: list[Path]) -> dict[str, float]:
    from annotations.analysis.entities.spacy_backend import chunk_ranges, find_model_module

    package = find_model_module("sm")
    if package is None:
        raise SystemExit("the baseline needs spaCy's en_core_web_sm")
    import importlib

    started = time.perf_counter()
    nlp = importlib.import_module(package.module).load(exclude=["parser", "lemmatizer", "senter"])
    loaded = time.perf_counter() - started
    texts = [p.read_text(encoding="utf-8") for p in paths]
    started = time.perf_counter()
    entities = 0
    for text in texts:
        chunks = [text[s:e] for s, e in chunk_ranges(text)]
        entities += sum(len(doc.ents) for doc in nlp.pipe(chunks, batch_size=1))
    seconds = time.perf_counter() - started
    words = sum(len(t.split()) for t in texts)
    return {"seconds": seconds, "words": words, "load": loaded, "found": entities}


def run_engine(paths: list[Path], backend: str) -> dict[str, float]:
    from annotations.analysis.engine import ChunkedAnalysis
    from annotations.analysis.entities import get_extractor
    from annotations.sources.load import load_source

    extractor = get_extractor(backend)  # type: ignore[arg-type]
    articles = [load_source(str(p)) for p in paths]
    started = time.perf_counter()
    found = 0
    first_chunks: list[float] = []
    for article in articles:
        began = time.perf_counter()
        firsts: list[float] = []

        def first_back(_: object, began: float = began, firsts: list[float] = firsts) -> None:
            if not firsts:
                firsts.append(time.perf_counter() - began)

        analysis = ChunkedAnalysis(article, extractor).run(first_back)  # type: ignore[arg-type]
        first_chunks.append(firsts[0])
        found += len(analysis.entities) + len(analysis.quotes)
    seconds = time.perf_counter() - started
    words = sum(len(a.text.split()) for a in articles)
    return {
        "seconds": seconds,
        "words": words,
        "load": 0.0,
        "found": found,
        "first_cold": first_chunks[0],
        "first_warm": first_chunks[-1],
    }


def _firsts(result: dict[str, float]) -> str:
    if "first_cold" not in result:
        return "-"
    return f"{result['first_cold']:.2f} / {result['first_warm']:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="seed,dev,1mb")
    parser.add_argument("--extractor", default="spacy-md")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--paths", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.case:
        paths = [Path(p) for p in options.paths.split(os.pathsep)]
        result = run_bare(paths) if options.case == "bare" else run_engine(paths, options.case)
        print(json.dumps(result))
        return
    print(f"cores: {os.cpu_count()}; load average before: {os.getloadavg()[0]:.2f}")
    header = (
        f"{'input':<6} {'what':<28} {'words':>7} {'wall s':>7} {'words/s':>8} {'ratio':>6} "
        f"{'peak RSS sum MB':>16} {'peak PSS sum MB':>16} {'first chunk s cold/warm':>24}"
    )
    print(header)
    with tempfile.TemporaryDirectory() as folder:
        for case in options.sizes.split(","):
            paths = os.pathsep.join(str(p) for p in texts_of(case, Path(folder)))
            base = None
            for what in ("bare", options.extractor):
                result, rss, pss = measured(["--case", what, "--paths", paths])
                speed = result["words"] / result["seconds"]
                base = speed if base is None else base
                label = "bare spaCy sm, 1 core" if what == "bare" else f"newsdesk {what}, 2 cores"
                print(
                    f"{case:<6} {label:<28} {int(result['words']):>7} {result['seconds']:>7.2f} "
                    f"{speed:>8.0f} {speed / base:>6.2f} {rss:>16.0f} {pss:>16.0f} "
                    f"{_firsts(result):>24}",
                    flush=True,
                )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
