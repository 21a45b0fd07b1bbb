"""Load articles from files, stdin and the bundled seeds, with one-line errors.

Every failure a user can cause (a wrong path, a directory, a binary or empty file, a file
too large) raises `SourceError`, whose message is one line saying what is wrong, e.g.
``cannot open 'missing.txt': no such file``; the UI shows it as is.

The only change made to a source's text is line-ending normalisation: "\\r\\n" and a lone
"\\r" become "\\n". Nothing inside a line is touched, so offsets stay faithful to the source.
"""

from __future__ import annotations

import re
import stat
import sys
from dataclasses import replace
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import BinaryIO, Literal

import charset_normalizer

from annotations.article import Article, article_from_plain_text, text_fingerprint
from annotations.markdown_article import article_from_markdown

#: The largest source read, in bytes (a long feature is well under 1 MB).
MAX_SOURCE_BYTES = 16 * 1024 * 1024
#: The seed article opened when no source is given.
DEFAULT_SEED = "meta-spotify-open-source-ai.txt"
#: Share of control bytes (other than tab, newline, carriage return, form feed) above which
#: data is taken for binary.
MAX_CONTROL_SHARE = 0.05
#: How much of the data the binary test and the Markdown sniffer look at.
SNIFF_BYTES = 64 * 1024

Format = Literal["auto", "text", "markdown"]

_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
_SEED_SUFFIXES = (".txt", ".md")
_UTF8_BOM = b"\xef\xbb\xbf"
# Longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_UNICODE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\v\f\r\x1b")
_NEWLINE = re.compile(r"\r\n?")


class SourceError(Exception):
    """A source that cannot be read as an article.

    Its str() is one line a user can act on, such as
    ``cannot open 'missing.txt': no such file``.
    """

    def __init__(self, message: str) -> None:
        # Keep it one line even when a path or an OS message contains a line break.
        super().__init__(" ".join(message.splitlines()))


# ---------------------------------------------------------------------------------------------
# Bytes to text


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a source's bytes.

    UTF-8 (a byte-order mark is dropped) is tried first; data with a UTF-16/32 byte-order mark
    is decoded accordingly; anything else gets charset-normalizer's best guess.

    Args:
        data: The raw bytes.

    Returns:
        The text and the name of the encoding used (``"utf-8"`` for UTF-8 with or without BOM).

    Raises:
        SourceError: The data looks like a binary file (NUL bytes or many control bytes).
    """
    if data.startswith(_UTF8_BOM):
        return data[len(_UTF8_BOM) :].decode("utf-8", errors="replace"), "utf-8"
    for bom, encoding in _UNICODE_BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), encoding
    if _looks_binary(data):
        raise SourceError("looks like a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return _guess_decode(data)


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[:SNIFF_BYTES]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return bool(sample) and controls / len(sample) > MAX_CONTROL_SHARE


def _guess_decode(data: bytes) -> tuple[str, str]:
    for match in charset_normalizer.from_bytes(data):
        # Text without NUL bytes is not UTF-16/32 in practice; short texts fool the guesser.
        if not match.encoding.startswith(("utf_16", "utf_32")):
            return str(match), match.encoding
    # Nothing fits cleanly: Windows' Western code page is the most common legacy encoding.
    return data.decode("cp1252", errors="replace"), "cp1252"


def normalise_newlines(text: str) -> str:
    """Turn "\\r\\n" and lone "\\r" line endings into "\\n" (the one change made to a text)."""
    return _NEWLINE.sub("\n", text) if "\r" in text else text


# ---------------------------------------------------------------------------------------------
# Text to article

# Markdown signals, each a kind of evidence; one kind alone (a "#" line) is not enough.
_MARKDOWN_SIGNALS: dict[str, re.Pattern[str]] = {
    "heading": re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE),
    "setext": re.compile(r"^[^\n]*\w[^\n]*\n {0,3}(?:=+|-{2,})[ \t]*$", re.MULTILINE),
    "list": re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S", re.MULTILINE),
    "emphasis": re.compile(
        r"(\*\*|__)(?=\S)[^\n]+?(?<=\S)\1|(?<![\w*])\*(?=[^\s*])[^*\n]+(?<=\S)\*(?![\w*])"
    ),
    "link": re.compile(
        r"!?\[[^\]\n]+\]\([^)\s]+(?:[ \t]+\"[^\"\n]*\")?\)|^ {0,3}\[[^\]\n]+\]:", re.MULTILINE
    ),
    "fence": re.compile(r"^ {0,3}(?:```|~~~)", re.MULTILINE),
    "quote": re.compile(r"^ {0,3}>[ \t]?\S", re.MULTILINE),
    "code": re.compile(r"`[^`\n]+`"),
    "table": re.compile(r"^ {0,3}\|?[ \t]*:?-{3,}:?[ \t]*\|", re.MULTILINE),
}
# Signals that settle it when they occur more than once, even with no other kind.
_STRONG_SIGNALS = ("heading", "link", "fence")
# A single bullet line is weak evidence; a list needs this many items.
_MIN_LIST_ITEMS = 2
MIN_MARKDOWN_KINDS = 2
MIN_STRONG_HITS = 2


def looks_like_markdown(text: str) -> bool:
    """Whether `text` reads as Markdown: several kinds of Markdown signal in its start.

    Args:
        text: The text, line endings already normalised.

    Returns:
        True when at least two kinds of signal occur (headings, lists, emphasis, links,
        fences, block quotes, code spans, tables), or one strong kind occurs twice.
    """
    sample = text[:SNIFF_BYTES]
    kinds = 0
    for name, pattern in _MARKDOWN_SIGNALS.items():
        needed = _MIN_LIST_ITEMS if name == "list" else 1
        hits = sum(1 for _ in islice(pattern.finditer(sample), MIN_STRONG_HITS))
        if hits < needed:
            continue
        kinds += 1
        if kinds >= MIN_MARKDOWN_KINDS or (name in _STRONG_SIGNALS and hits >= MIN_STRONG_HITS):
            return True
    return False


def article_from_text(text: str, *, source: str, source_key: str, fmt: Format = "auto") -> Article:
    """Build an article from decoded text, plain or Markdown.

    Args:
        text: The text; "\\r\\n" and "\\r" line endings become "\\n", nothing else changes.
        source: Where the text came from, for display.
        source_key: The identity of the source (``file:...``, ``stdin:...``, ``seed:...``).
        fmt: ``"text"``, ``"markdown"``, or ``"auto"`` to decide by the text's content.

    Returns:
        The article.

    Raises:
        SourceError: The text is empty or only white space.
    """
    text = normalise_newlines(text)
    if not text.strip():
        raise SourceError(f"'{source}' is empty: there is no text to read")
    if fmt == "markdown" or (fmt == "auto" and looks_like_markdown(text)):
        return article_from_markdown(text, source=source, source_key=source_key)
    return article_from_plain_text(text, source=source, source_key=source_key)


def _format_for(name: str) -> Format:
    return "markdown" if Path(name).suffix.lower() in _MARKDOWN_SUFFIXES else "auto"


def _with_encoding(article: Article, encoding: str) -> Article:
    if encoding == "utf-8":
        return article
    return replace(article, meta={**article.meta, "encoding": encoding})


# ---------------------------------------------------------------------------------------------
# Sources


def load_path(path: str | Path) -> Article:
    """Load an article from a file: Markdown for ``.md``/``.markdown``, else by content.

    Args:
        path: The path as the user gave it (``~`` is expanded).

    Returns:
        The article, with ``source`` the path as given and the source key
        ``"file:" + resolved absolute path``; ``meta["encoding"]`` names a non-UTF-8 encoding.

    Raises:
        SourceError: The file is missing, a directory, unreadable, too large, binary or empty.
    """
    shown = str(path)
    location = Path(path).expanduser()

    def problem(reason: str) -> SourceError:
        return SourceError(f"cannot open '{shown}': {reason}")

    try:
        info = location.stat()
        if stat.S_ISDIR(info.st_mode):
            raise problem("it is a directory, not a file")
        if info.st_size > MAX_SOURCE_BYTES:
            raise problem(f"the file is {_megabytes(info.st_size)}, over the {_limit()} limit")
        with location.open("rb") as stream:
            # Read one byte past the limit: files that grow or lie about their size still stop.
            data = stream.read(MAX_SOURCE_BYTES + 1)
    except FileNotFoundError:
        raise problem("no such file") from None
    except PermissionError:
        raise problem("permission denied") from None
    except IsADirectoryError:
        raise problem("it is a directory, not a file") from None
    except OSError as error:
        raise problem((error.strerror or str(error)).lower()) from None
    if len(data) > MAX_SOURCE_BYTES:
        raise problem(f"the file is over the {_limit()} limit")
    try:
        text, encoding = decode_bytes(data)
    except SourceError as error:
        raise problem(str(error)) from None
    if not text.strip():
        raise problem("the file is empty")
    article = article_from_text(
        text,
        source=shown,
        source_key="file:" + str(location.resolve()),
        fmt=_format_for(location.name),
    )
    return _with_encoding(article, encoding)


def load_stdin(stream: BinaryIO) -> Article:
    """Load an article from standard input (or any binary stream), format by content.

    Args:
        stream: A binary stream; at most `MAX_SOURCE_BYTES` (+1 to detect excess) are read.

    Returns:
        The article, with ``source="stdin"`` and the source key ``"stdin:" + fingerprint``.

    Raises:
        SourceError: The input is too large, binary or empty.
    """
    data = stream.read(MAX_SOURCE_BYTES + 1)
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceError(f"cannot read stdin: the input is over the {_limit()} limit")
    try:
        text, encoding = decode_bytes(data)
    except SourceError as error:
        raise SourceError(f"cannot read stdin: {error}") from None
    text = normalise_newlines(text)
    if not text.strip():
        raise SourceError("cannot read stdin: the input is empty")
    article = article_from_text(text, source="stdin", source_key="stdin:" + text_fingerprint(text))
    return _with_encoding(article, encoding)


def load_seed(name: str = DEFAULT_SEED) -> Article:
    """Load a sample article shipped in the `seeds` package.

    Args:
        name: The seed's file name.

    Returns:
        The article, with ``source="seed: <name>"`` and the source key ``"seed:" + name``.

    Raises:
        SourceError: There is no seed of that name.
    """
    seeds = resources.files("seeds")
    available = sorted(item.name for item in seeds.iterdir() if item.name.endswith(_SEED_SUFFIXES))
    # Only listed article files: no paths out of the package, no __init__.py.
    if name not in available:
        listed = ", ".join(available)
        raise SourceError(f"no seed article named '{name}' (available: {listed})")
    seed = seeds.joinpath(name)
    text, encoding = decode_bytes(seed.read_bytes())
    article = article_from_text(
        text, source=f"seed: {name}", source_key="seed:" + name, fmt=_format_for(name)
    )
    return _with_encoding(article, encoding)


def load_source(spec: str, stdin: BinaryIO | None = None) -> Article:
    """Load the article a user named: ``-`` for standard input, else a file path.

    Args:
        spec: What the user typed.
        stdin: The stream to read for ``-``; defaults to ``sys.stdin.buffer``.

    Returns:
        The article.

    Raises:
        SourceError: The source cannot be read (see `load_path` and `load_stdin`).
    """
    # HTML files and URLs get their own loaders later; they slot in here.
    if spec == "-":
        return load_stdin(stdin if stdin is not None else sys.stdin.buffer)
    return load_path(spec)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _limit() -> str:
    return f"{MAX_SOURCE_BYTES // (1024 * 1024)} MB"
