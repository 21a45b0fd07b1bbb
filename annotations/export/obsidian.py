"""What makes an export read well in an Obsidian vault: valid tags and stable block ids.

Obsidian tags may hold letters (any script), digits, ``_``, ``-`` and ``/`` (nesting), and
must hold something other than digits. `obsidian_tag` turns any tag text into such a tag
once, so the front matter's ``tags:`` and the body's ``#tag`` are always the same tag.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

#: Prefix for a tag that would otherwise be digits only (``#1984`` is not a tag).
NUMERIC_TAG_PREFIX = "tag-"
#: The tag used for a tag text with no letter or digit at all.
FALLBACK_TAG = "tag"
#: Characters of a highlight's id kept in its block id.
BLOCK_ID_CHARS = 8

_HEX_ID = re.compile(r"[0-9a-f]{8,}")
_HYPHENS = re.compile(r"-{2,}")
_SLASHES = re.compile(r"/{2,}")


def _tag_char(char: str) -> bool:
    category = unicodedata.category(char)
    # "_" is left out on purpose: "#_a_" would open emphasis in CommonMark.
    return category[0] in "LM" or category == "Nd" or char in "-/"


@lru_cache(maxsize=4096)  # a library has few distinct tags, used again and again
def obsidian_tag(tag: str) -> str:
    """`tag` as a valid Obsidian tag, without its ``#``: ``"EU Policy"`` → ``"EU-Policy"``.

    Anything but letters, combining marks, decimal digits, ``-`` and ``/`` becomes ``-``;
    runs of them and separators at either end go; nesting (``a/b``) is kept.
    """
    text = unicodedata.normalize("NFC", tag.strip().lstrip("#"))
    chars = "".join(char if _tag_char(char) else "-" for char in text)
    # Separators next to a slash, and at the ends, make empty or dangling parts; dropping
    # them can bring two slashes together ("0/:/0"), so runs of slashes are joined last.
    chars = re.sub(r"-*/-*", "/", _HYPHENS.sub("-", chars))
    chars = _SLASHES.sub("/", chars).strip("-/")
    if not chars:
        return FALLBACK_TAG
    # A combining mark cannot start the tag: it would join the "#".
    if unicodedata.category(chars[0])[0] == "M":
        chars = FALLBACK_TAG + "-" + chars
    if not any(not char.isdigit() and char not in "-/" for char in chars):
        chars = NUMERIC_TAG_PREFIX + chars
    return chars


def obsidian_tags(tags: Iterable[str]) -> list[str]:
    """Each tag as `obsidian_tag`, duplicates (ignoring case, as Obsidian does) dropped."""
    seen: set[str] = set()
    result: list[str] = []
    for raw in tags:
        tag = obsidian_tag(raw)
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            result.append(tag)
    return result


def block_id(annotation_id: str) -> str:
    """A stable Obsidian block id for a highlight (letters, digits and ``-``), e.g.
    ``nd-3f2a9c1b``: the same highlight gets the same id in every export."""
    lowered = annotation_id.lower()
    if _HEX_ID.fullmatch(lowered):
        part = lowered[:BLOCK_ID_CHARS]
    else:
        part = hashlib.sha256(annotation_id.encode("utf-8", "surrogatepass")).hexdigest()
        part = part[:BLOCK_ID_CHARS]
    return f"nd-{part}"
