"""File names for exported articles that are safe on Linux, macOS and Windows.

A name is a slug of the title (unicode letters and digits kept, everything else a hyphen)
followed by a short part of the article's id, so two articles with the same title get
different files and exporting the same article again gives the same name, e.g.
``meta-and-spotify-are-once-again-collaborating-caaec01e.md``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

#: The title part is cut (at a hyphen where possible) to at most this many characters...
MAX_SLUG_CHARS = 60
#: ...and this many UTF-8 bytes, so that the whole name stays far below the 255-byte limit
#: of common file systems even for scripts that take 3-4 bytes a character.
MAX_SLUG_BYTES = 120
#: Characters of the article id kept in the name.
ID_CHARS = 8
#: The slug used when a title has no letter or digit at all.
FALLBACK_SLUG = "article"

# Apostrophes join a word ("Meta's" → "metas") rather than split it.
_APOSTROPHES = frozenset("'’ʼ`")
_HEX_ID = re.compile(r"[0-9a-f]{8,}")
_SUFFIX = re.compile(r"\.?[A-Za-z0-9]{1,16}")
_HYPHENS = re.compile(r"-{2,}")


def safe_filename(title: str, article_id: str, suffix: str) -> str:
    """A stable, portable file name for an article's export.

    Args:
        title: The article's title; may contain any characters, or none.
        article_id: The article's id (`Article.id`); a short part of it keeps names apart.
        suffix: The extension, with or without its dot, e.g. ``".md"`` or ``"json"``.

    Returns:
        A name such as ``meta-and-spotify-are-once-again-caaec01e.md``: no path separators,
        control characters or characters Windows forbids, no leading dot, no reserved
        Windows name, at most about 140 UTF-8 bytes.

    Raises:
        ValueError: The suffix is not a short run of ASCII letters and digits.
    """
    if not _SUFFIX.fullmatch(suffix):
        raise ValueError(f"bad file suffix {suffix!r}: use letters and digits, like '.md'")
    extension = "." + suffix.lstrip(".").lower()
    # The id part always follows the slug, so the name before its extension can never be
    # one Windows reserves ("con", "nul", "com1"...).
    slug = _slug(title) or FALLBACK_SLUG
    return f"{slug}-{_id_part(article_id)}{extension}"


def _slug(title: str) -> str:
    """Lower-case letters, digits and combining marks of `title`, words joined by hyphens."""
    # NFKC turns compatibility forms (full-width letters, ligatures) into plain ones.
    text = unicodedata.normalize("NFKC", title).lower()
    chars: list[str] = []
    for char in text:
        if char in _APOSTROPHES:
            continue
        category = unicodedata.category(char)
        # A combining mark is only kept on a letter or digit (Indic scripts need them).
        keep = category[0] in "LN" or (category[0] == "M" and chars and chars[-1] != "-")
        chars.append(char if keep else "-")
    slug = _HYPHENS.sub("-", "".join(chars)).strip("-")
    return _cut(slug)


def _cut(slug: str) -> str:
    """Shorten `slug` to the limits, at a word boundary when there is one."""
    if len(slug) <= MAX_SLUG_CHARS and len(slug.encode("utf-8")) <= MAX_SLUG_BYTES:
        return slug
    cut = slug[:MAX_SLUG_CHARS]
    while len(cut.encode("utf-8")) > MAX_SLUG_BYTES:
        cut = cut[:-1]
    boundary = cut.rfind("-")
    # Cutting at a hyphen keeps whole words unless that would throw most of the slug away.
    if boundary >= len(cut) // 2:
        cut = cut[:boundary]
    return cut.strip("-")


def _id_part(article_id: str) -> str:
    """The id's first characters if it is hex (as `article_id` makes), else a hash of it."""
    lowered = article_id.lower()
    if _HEX_ID.fullmatch(lowered):
        return lowered[:ID_CHARS]
    digest = hashlib.sha256(article_id.encode("utf-8", "surrogatepass")).hexdigest()
    return digest[:ID_CHARS]
