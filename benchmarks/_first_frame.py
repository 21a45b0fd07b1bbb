"""Child process for bench_reader: open a file in the app headless, print when the first frame is
drawn (wall-clock seconds since the epoch), then exit."""

from __future__ import annotations

import sys
import time

from annotations.sources.load import load_path
from tui.app import NewsdeskApp


class TimedApp(NewsdeskApp):
    def on_ready(self) -> None:  # Textual sends Ready after the first frame is drawn
        # Textual captures print() while running: write to the real stdout instead.
        sys.__stdout__.write(f"{time.time():.6f}\n")
        sys.__stdout__.flush()
        self.exit()


if __name__ == "__main__":
    TimedApp(load_path(sys.argv[1])).run(headless=True, size=(120, 40))
