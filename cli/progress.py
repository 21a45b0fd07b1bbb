"""Progress of a long analysis on stderr, for `analyze` and `export` (stdout stays the result)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from cli.support import PROG

if TYPE_CHECKING:
    from annotations.analysis.cache import Analysis
    from annotations.analysis.engine import Progress
    from annotations.analysis.entities import Extractor
    from annotations.article.model import Article

#: Without a terminal, one line per this many percent (a log, not a flood).
LINE_STEP = 10


def stderr_progress(stream: TextIO | None = None) -> Callable[[Progress], None]:
    """Report progress on `stream` (stderr): redrawn in place on a terminal, else every 10%."""
    out = stream if stream is not None else sys.stderr
    on_terminal = out.isatty()
    last = [-LINE_STEP]

    def report(progress: Progress) -> None:
        percent = progress.percent
        done = percent >= 100
        if on_terminal:
            out.write(f"\r{PROG}: analysing… {percent}%" + ("\n" if done else ""))
        elif percent - last[0] >= LINE_STEP or done:
            out.write(f"{PROG}: analysing… {percent}%\n")
            last[0] = percent
        out.flush()

    return report


def cached_analysis(folder: Path, article: Article, extractor: Extractor) -> Analysis:
    """The library's cached analysis of `article`, computed (with progress) when missing."""
    from annotations.analysis.cache import AnalysisCache, analyze_cached

    return analyze_cached(article, extractor, AnalysisCache.in_library(folder), stderr_progress())
