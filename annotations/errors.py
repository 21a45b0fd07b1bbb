"""The one base of every error newsdesk tells its user about.

Each `NewsdeskError`'s str() is one line a user can act on (``cannot open 'x.txt': no such
file``). The command line catches them once, at its edge (`cli.main.main`), printing
``newsdesk: <message>`` and exiting with `exit_status`; the app shows them in one place
(`tui.errors`). Anything else escaping is a bug, not bad input.
"""

from __future__ import annotations

from typing import ClassVar


def one_line(message: str) -> str:
    """`message` with its line breaks turned into spaces: a path or an OS message may hold
    one, and a message must stay one line."""
    return " ".join(message.splitlines())


class NewsdeskError(Exception):
    """An expected failure: bad input, an unreadable file, a failed save or export."""

    #: The command line's exit status for it: 1 for bad input (2 is click's, for usage).
    exit_status: ClassVar[int] = 1

    @property
    def message(self) -> str:
        """The one line shown to the user."""
        return one_line(str(self))


class ExtractorUnavailable(NewsdeskError, RuntimeError):
    """The spaCy pipeline asked for is not installed (a RuntimeError, as it always was)."""
