"""The export choices a config names by default: sections and templates.

Apart from `annotations.export.document` because the config reads them at start-up, before
the first frame, and the document module (its dataclasses and protocols) is not needed then.
"""

from __future__ import annotations

#: Sections a document can have, in order; ``--only`` picks some.
SECTIONS: tuple[str, ...] = ("highlights", "quotations", "entities")
#: The template the Markdown export uses unless told otherwise.
DEFAULT_TEMPLATE = "default"
#: The template `y` copies one highlight with unless told otherwise.
DEFAULT_HIGHLIGHT_TEMPLATE = "highlight"
