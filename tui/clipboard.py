"""Copying text where the reader can paste it, and saying truthfully where it went.

A terminal app cannot see the clipboard it writes to. So copying tries, in order: the
system clipboard through pyperclip (xclip, wl-copy, pbcopy…, where one is installed);
inside tmux, tmux's own paste buffer (tmux passes it on to the terminal's clipboard unless
its `set-clipboard` is off — an app's own OSC 52 is dropped by tmux's default); elsewhere
the terminal's clipboard by OSC 52 (through Textual), with a copy in a file as well, since
whether the terminal honoured OSC 52 cannot be known.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Protocol

#: Seconds to wait for tmux to answer: it is local, so a slow answer means something is wrong.
TMUX_TIMEOUT = 2.0


class Clipboard(Protocol):
    """What copying needs of the app: Textual's OSC 52 copy."""

    def copy_to_clipboard(self, text: str) -> None: ...


def system_copy(text: str) -> bool:
    """Put `text` on the system clipboard; False when no clipboard tool is there."""
    try:
        import pyperclip

        pyperclip.copy(text)
    except Exception:  # pyperclip raises its own exception, or a tool fails: not copied
        return False
    return True


def tmux_set_clipboard() -> str | None:
    """tmux's `set-clipboard` option (on, external or off); None if tmux does not answer."""
    try:
        done = subprocess.run(
            ["tmux", "show-options", "-gv", "set-clipboard"],
            capture_output=True,
            text=True,
            timeout=TMUX_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def tmux_load_buffer(text: str) -> bool:
    """Put `text` in tmux's paste buffer (-w: and the terminal's clipboard, where allowed)."""
    for command in (["tmux", "load-buffer", "-w", "-"], ["tmux", "load-buffer", "-"]):
        try:
            done = subprocess.run(
                command,
                input=text,
                text=True,
                capture_output=True,
                timeout=TMUX_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return False
        if done.returncode == 0:
            return True
    return False


def copy_text(app: Clipboard, text: str, fallback: Path) -> str:
    """Copy `text` the best way this terminal allows; returns a sentence saying where it went."""
    app.copy_to_clipboard(text)  # OSC 52, and what the app's own inputs paste
    if system_copy(text):
        return "Copied to the clipboard."
    if os.environ.get("TMUX") and tmux_load_buffer(text):
        if tmux_set_clipboard() == "off":
            return (
                "Copied to tmux's paste buffer (prefix ] pastes); tmux's set-clipboard is off, "
                "so it did not reach the system clipboard."
            )
        return "Copied to tmux's paste buffer and passed on to the terminal's clipboard."
    where = "the terminal's clipboard (OSC 52)"
    try:
        fallback.parent.mkdir(parents=True, exist_ok=True)
        fallback.write_text(text, encoding="utf-8")
    except OSError as error:
        return f"Copied — sent to {where}; could not also save it to a file ({error.strerror})."
    return f"Copied — sent to {where} and saved in {fallback}."
