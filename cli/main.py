"""The `newsdesk` command's entry point: `newsdesk FILE` opens the reader at once.

Opening a file is what `newsdesk` is run for most, and its start-up is what the reader waits
for, so that case is recognised here and run without click (importing click and the commands'
modules cost ~0.02 s before the first frame). Everything else — options, subcommands, URLs,
stdin, anything unusual in the environment — goes to the click commands in `cli.commands`,
which open a file the same way (`newsdesk open FILE`). Every failure is one line on stderr.
"""

from __future__ import annotations

import gc
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from annotations.article.model import Article
from annotations.errors import NewsdeskError
from annotations.gc_pacing import space_out_young_collections
from annotations.library.storage import os_error_reason
from annotations.settings import (
    EXTRACTOR_CHOICES,
    EXTRACTOR_ENV,
    LIBRARY_ENV,
    ExtractorChoice,
    default_library,
)
from annotations.sources.load import is_url, load_source
from cli.context import CliContext
from cli.messages import fail

#: Every subcommand's name (`cli.commands` lists them; a test keeps the two the same): a
#: file named like one is not opened here, as click runs the command instead.
COMMAND_NAMES = frozenset(
    {
        "open",
        "list",
        "export",
        "import",
        "analyze",
        "config",
        "search",
        "quotes",
        "entities",
        "highlights",
    }
)


def file_to_open(args: list[str]) -> str | None:
    """The FILE of `newsdesk FILE` when that is all that is asked, and click would take the
    environment's settings as they are; None for anything else (click decides then)."""
    if len(args) != 1:
        return None
    source = args[0]
    if source.startswith("-") or source in COMMAND_NAMES or is_url(source):
        return None
    if (os.environ.get(EXTRACTOR_ENV) or "auto") not in EXTRACTOR_CHOICES:
        return None  # click says why
    library = os.environ.get(LIBRARY_ENV)
    if library and not _a_folder_or_nothing(library):
        return None  # click says why (a file, an unreadable folder)
    return source if Path(source).is_file() else None


def _a_folder_or_nothing(path: str) -> bool:
    """What click's `Path(file_okay=False)` takes without a word: nothing yet, or a
    readable folder."""
    try:
        found = os.stat(path)
    except OSError:
        return True
    return stat.S_ISDIR(found.st_mode) and os.access(path, os.R_OK)


def _open_file(source: str) -> None:
    """`newsdesk open FILE` with the environment's settings, as `cli.commands` runs it."""
    library = os.environ.get(LIBRARY_ENV)
    context = CliContext(
        library=(Path(library) if library else default_library()).expanduser(),
        # One of EXTRACTOR_CHOICES (`file_to_open` made sure).
        extractor_choice=cast(ExtractorChoice, os.environ.get(EXTRACTOR_ENV) or "auto"),
    )
    _run_app(load_source(source), context)


def _attach_terminal() -> None:
    """After reading the article from a pipe, read keys from the terminal instead."""
    if sys.stdin.isatty():
        return
    try:
        tty = os.open("/dev/tty", os.O_RDWR)
    except OSError:
        fail("no terminal to show the article on (stdin was a pipe and there is no /dev/tty)")
    os.dup2(tty, 0)
    os.close(tty)
    sys.stdin = open(0, closefd=False)  # noqa: SIM115 - fd 0 lives as long as the process


@contextmanager
def _importing_the_app() -> Iterator[None]:
    """Import the app without collecting, then keep what the imports made out of collections.

    Modules, classes and functions live as long as the process, yet the collector walked
    them as they were made: ~65 collections (~10-15 ms) at Python's default threshold, and
    with young collections spaced out (`annotations.gc_pacing`) one young collection over
    ~50,000 of them (~15-30 ms), before the first frame. Frozen afterwards (as
    `tui.long_lived.settle` does later), they are never walked, and the young generation
    starts empty.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _run_app(article: Article, context: CliContext) -> None:
    with _importing_the_app():
        from annotations.analysis.entities.deferred import DeferredExtractor
        from tui.app import NewsdeskApp  # imported late: `newsdesk --help` stays fast

    if not sys.stdout.isatty():
        fail("standard output is not a terminal; the reader needs one")
    store = context.store
    choice = context.extractor_choice
    # Chosen on first use, after the first frame; a spaCy choice that may fail, at once.
    extractor = DeferredExtractor(choice) if choice in ("auto", "rules") else context.extractor()
    _attach_terminal()
    NewsdeskApp(article, store=store, extractor=extractor, config=context.config).run()


def main(argv: list[str] | None = None) -> Any:
    """Entry point: run the CLI, turning every expected failure into one line.

    The one place the command line catches newsdesk's errors (`NewsdeskError`): the
    commands let them rise here (click's own are turned into one line in `cli.commands`).
    """
    if argv is None:  # the real command line, not a test calling in
        space_out_young_collections()
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        source = file_to_open(args)
        if source is not None:
            return _open_file(source)
        from cli.commands import run

        return run(args)
    except NewsdeskError as error:
        fail(error.message, error.exit_status)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except OSError as error:
        # Disk full, read-only, permission denied, a lock held too long: every library write
        # is atomic, so what was saved before is intact.
        where = f"'{error.filename}'" if error.filename else "the library"
        fail(f"{where}: {os_error_reason(error)} (nothing saved earlier was changed)")


if __name__ == "__main__":
    main()
