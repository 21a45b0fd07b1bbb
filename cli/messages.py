"""The command's name and its one-line failures and warnings, without click.

`newsdesk FILE` opens the reader without importing click (`cli.main`); these are what it
needs to fail or warn exactly as every subcommand does (`cli.support` re-exports them).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

from annotations.library.storage import os_error_reason
from annotations.library.store import LibraryStore
from annotations.visible_text import visible_line

PROG = "newsdesk"


def _line_on_stderr(line: str) -> None:
    sys.stderr.write(f"{line}\n")
    sys.stderr.flush()


def fail(message: str, status: int = 1) -> NoReturn:
    """Print one line on stderr and exit (1 for bad input, 2 for a usage error)."""
    _line_on_stderr(f"{PROG}: {visible_line(message)}")
    sys.exit(status)


def warn(message: str) -> None:
    """One ``newsdesk: warning: ...`` line on stderr."""
    _line_on_stderr(f"{PROG}: warning: {visible_line(message)}")


def open_store(library: Path) -> LibraryStore:
    """The library, or one clear line saying why it cannot be used.

    Raises:
        LibraryVersionError: A newer newsdesk wrote it (a `NewsdeskError`: one line).
    """
    try:
        store = LibraryStore(library)
    except OSError as error:
        fail(f"cannot use the library folder '{library}': {os_error_reason(error)}")
    for warning in store.warnings:
        warn(warning)
    # Files set aside later (while listing, exporting) are reported the moment it happens.
    store.on_warning = warn
    return store
