"""How long opening web pages and the library takes.

Prints medians (of `RUNS` runs) for:

- reading a 1 MB HTML page from a file, from stdin, and from a URL on a local server
  (`load_source`: decoding, trafilatura extraction, blocks);
- opening an annotation session on that article the first time (record, kept copy written)
  and again (kept copy compared, nothing written);
- reading the library screen's rows (`library_entries`) for libraries of 100 and 1,000
  articles with a few highlights each.

- on a pseudo-terminal, a saved page of 200,000 tiny paragraphs (and 20,000, to see how it
  grows): seconds from start to its first words, then to the answer of the first keys
  (`j`, `G`, `g`), the median key after, and `q` to the end of the process (goal: first
  frame and keys answered within 5 s).

Run: python benchmarks/bench_open_web.py [--huge-only]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotations.article.model import article_from_plain_text
from annotations.library.session import AnnotationSession
from annotations.library.store import LibraryStore
from annotations.sources.load import load_source
from benchmarks.fixtures import tiny_paragraphs_page
from benchmarks.pty_timing import KeyTimes, PtyProgram, median
from tui.screens.library import library_entries

ROOT = Path(__file__).resolve().parent.parent
NEWS_PAGE = ROOT / "tests" / "data" / "html" / "news-page.html"
RUNS = 5


def big_page(size: int = 1_000_000) -> bytes:
    """A news page whose article body is repeated, numbered, to about `size` bytes."""
    page = NEWS_PAGE.read_text(encoding="utf-8")
    start = page.index("<p>The city council voted")
    end = page.index("</article>") if "</article>" in page else page.rindex("</p>") + 4
    body = page[start:end]
    copies: list[str] = []
    total = 0
    number = 0
    while total < size:
        number += 1
        chunk = f"<h2>Part {number}</h2>\n" + body.replace("<p>", f"<p>({number}) ")
        copies.append(chunk)
        total += len(chunk.encode("utf-8"))
    return (page[:start] + "\n".join(copies) + page[end:]).encode("utf-8")


def median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def serve(body: bytes) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/big"


def fill_library(folder: Path, count: int, highlights: int = 3) -> LibraryStore:
    store = LibraryStore(folder)
    for index in range(count):
        text = f"Story number {index}\n\nThe council met on day {index} and voted on the plan.\n"
        article = article_from_plain_text(text, source=f"s{index}.txt", source_key=f"b:{index}")
        session = AnnotationSession(store, article)
        # Different words: the session refuses a highlight of a range already highlighted.
        for word in ("council", "voted", "plan")[:highlights]:
            session.create(text.index(word), text.index(word) + len(word))
    return store


def huge_page_on_pty(folder: Path, count: int, extractor: str) -> str:
    """First frame, first keys answered, later keys and `q` for a page of `count` paragraphs."""
    page = tiny_paragraphs_page(folder / f"tiny-{count}.html", count)
    env = {"NEWSDESK_LIBRARY": str(folder / f"library-{count}"), "NEWSDESK_EXTRACTOR": extractor}
    program = PtyProgram([sys.executable, "-m", "cli.main", str(page)], env=env)
    try:
        first_frame = program.wait_for(b"Item 0 is short", timeout=120)
        if first_frame is None:
            return f"{count:,} paragraphs ({extractor}): no first frame within 120 s"
        opening = KeyTimes()
        for key in (b"j", b"G", b"g"):
            program.press(key, opening, timeout=120)
        answered = time.perf_counter() - program.started
        later = KeyTimes()
        for _ in range(20):
            program.press(b"j", later, timeout=30)
        sent = time.perf_counter()
        os.write(program.fd, b"q")
        while program._read(30) not in (b"", None):
            pass
        quit_seconds = time.perf_counter() - sent
    finally:
        program.close()
    return (
        f"{count:,} paragraphs ({extractor}): first frame {first_frame:.2f} s, "
        f"j G g answered at {answered:.2f} s, then j: median {median(later.done):.1f} ms "
        f"(unanswered {later.missed}), q to exit {quit_seconds:.2f} s"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        for count, extractor in ((20_000, "rules"), (200_000, "rules"), (200_000, "auto")):
            print(huge_page_on_pty(Path(temp), count, extractor), flush=True)
    if "--huge-only" in sys.argv:
        return
    data = big_page()
    print(f"1 MB page: {len(data) / 1e6:.2f} MB of HTML")
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        path = folder / "big.html"
        path.write_bytes(data)
        article = load_source(str(path))
        characters, blocks = len(article.text) / 1e6, len(article.blocks)
        print(f"  article: {characters:.2f} M characters, {blocks} blocks")
        print(f"  from a file:  {median_ms(lambda: load_source(str(path))):8.0f} ms")
        print(f"  from stdin:   {median_ms(lambda: load_source('-', stdin=BytesIO(data))):8.0f} ms")
        server, url = serve(data)
        try:
            print(f"  from a URL:   {median_ms(lambda: load_source(url)):8.0f} ms")
        finally:
            server.shutdown()
            server.server_close()

        def first_open() -> None:
            with tempfile.TemporaryDirectory() as library:
                AnnotationSession(LibraryStore(Path(library)), article)

        store = LibraryStore(folder / "library")
        AnnotationSession(store, article)
        print(f"  session, first open (copy kept): {median_ms(first_open):6.0f} ms")
        reopen = median_ms(lambda: AnnotationSession(store, article))
        print(f"  session, reopened (copy compared): {reopen:4.0f} ms")

        for count in (100, 1000):
            library = fill_library(folder / f"lib-{count}", count)
            took = median_ms(partial(library_entries, library), runs=3)
            print(f"library rows, {count:5d} articles: {took:8.0f} ms")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
