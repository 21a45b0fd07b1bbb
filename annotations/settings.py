"""Where newsdesk keeps things and which extractor it uses: environment and platform defaults.

Shared by the CLI and the app; it imports neither Textual nor spaCy, so `newsdesk --help`
stays fast.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from annotations.analysis.entities import BACKENDS, Backend
from annotations.config import Config

LIBRARY_ENV = "NEWSDESK_LIBRARY"
EXPORT_ENV = "NEWSDESK_EXPORT_DIR"
EXTRACTOR_ENV = "NEWSDESK_EXTRACTOR"
#: auto: the best installed spaCy pipeline (trf, lg, md, sm), else rules; spacy-md etc.: that one.
ExtractorChoice = Backend
EXTRACTOR_CHOICES: tuple[ExtractorChoice, ...] = BACKENDS


def default_library() -> Path:
    """$NEWSDESK_LIBRARY, else the platform's user data folder (~/.local/share/newsdesk/library)."""
    configured = os.environ.get(LIBRARY_ENV)
    if configured:
        return Path(configured).expanduser()
    return platformdirs.user_data_path("newsdesk", appauthor=False) / "library"


def default_export_dir() -> Path:
    """$NEWSDESK_EXPORT_DIR, else a newsdesk folder in the user's documents."""
    configured = os.environ.get(EXPORT_ENV)
    if configured:
        return Path(configured).expanduser()
    return platformdirs.user_documents_path() / "newsdesk"


def export_folder(config: Config) -> Path:
    """Where `E`, auto-export and ``export --all`` write: $NEWSDESK_EXPORT_DIR, else the
    config's ``export.folder``, else a newsdesk folder in the user's documents."""
    if os.environ.get(EXPORT_ENV) or config.export_folder is None:
        return default_export_dir()
    return config.export_folder


def extractor_choice() -> ExtractorChoice:
    """$NEWSDESK_EXTRACTOR when it names a choice, else "auto" (spaCy when installed)."""
    choice = os.environ.get(EXTRACTOR_ENV, "auto").strip().lower()
    return choice if choice in EXTRACTOR_CHOICES else "auto"
