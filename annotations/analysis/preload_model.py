"""Imported only by the analysis fork server (see `annotations.analysis.engine`): loads the
extractor once, so every worker forked from that server shares the model's pages.

What to load comes from the environment the server was started with; it is never imported
by the app, which would then pay for spaCy itself.
"""

from __future__ import annotations

import contextlib
import os

from annotations.analysis import engine

_backend = os.environ.get(engine.PRELOAD_BACKEND_VARIABLE)
if _backend:
    if os.environ.get(engine.PRELOAD_QUIET_VARIABLE):  # under a full-screen app: no output
        _devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(_devnull, 2)
        os.dup2(_devnull, 1)
    # A model that fails to load here is loaded (and its error raised) by the first task.
    with contextlib.suppress(Exception):
        engine.preload_extractor(_backend)
    # Loaded at the caller's priority (the part being read waits for it); under the app the
    # workers forked from here lower their own (see `engine._start_worker`).
