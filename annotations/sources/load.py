"""Load articles from files, web pages, stdin and the bundled seeds, with one-line errors.

Every failure a user can cause (a wrong path, a directory, a binary or empty file, a file
too large, an address that cannot be fetched, a page with no article) raises `SourceError`,
whose message is one line saying what is wrong, e.g. ``cannot open 'missing.txt': no such
file``; the UI shows it as is.

Text and Markdown keep their characters as they are; HTML pages are reduced to their article
(`annotations.sources.html`).

The only change made to a text or Markdown source is line-ending normalisation: "\\r\\n" and a lone
"\\r" become "\\n". Nothing inside a line is touched, so offsets stay faithful to the source.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import BinaryIO, Literal

from annotations.article.model import Article, article_from_plain_text, text_fingerprint
from annotations.dates import utc_now
from annotations.errors import NewsdeskError
from annotations.sources.sniff import binary_kind, looks_like_html, sniff_format

# Re-exported: callers that read sources ask it whether a text is Markdown (one sniffer).
from annotations.sources.sniff import looks_like_markdown as looks_like_markdown

#: The largest source read, in bytes (a long feature is well under 1 MB).
MAX_SOURCE_BYTES = 16 * 1024 * 1024
#: The seed article opened when no source is given.
DEFAULT_SEED = "meta-spotify-open-source-ai.txt"
#: Share of control bytes (other than tab, newline, carriage return, form feed) above which
#: data is taken for binary.
MAX_CONTROL_SHARE = 0.05
#: How much of the data the binary test looks at.
SNIFF_BYTES = 64 * 1024

Format = Literal["auto", "text", "markdown"]
#: What a user may force with ``--format``: "auto" sniffs only where the name says nothing.
SourceFormat = Literal["auto", "text", "markdown", "html"]
SOURCE_FORMATS: tuple[SourceFormat, ...] = ("auto", "text", "markdown", "html")

_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
# A .txt file is plain text character for character, whatever its lines look like.
_TEXT_SUFFIXES = frozenset({".txt", ".text"})
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_URL_SCHEMES = ("http://", "https://")
#: How `Article.source` names a seed (see `load_seed`).
SEED_SOURCE_PREFIX = "seed: "
STDIN_SOURCE = "stdin"
#: The `Article.meta` key holding when a web page was fetched (UTC, ISO 8601).
FETCHED_META = "fetched"
#: `Article.meta` key for a one-line notice the reader shows when it opens the article.
NOTICE_META = "notice"
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


class SourceError(NewsdeskError):
    """A source that cannot be read as an article.

    Its str() is one line a user can act on, such as
    ``cannot open 'missing.txt': no such file``.

    Attributes:
        unreachable: True when a web page could not be fetched for a network reason
            (offline, DNS, refused, timed out): a copy kept in the library may stand in.
    """

    def __init__(self, message: str, *, unreachable: bool = False) -> None:
        # Keep it one line even when a path or an OS message contains a line break.
        super().__init__(" ".join(message.splitlines()))
        self.unreachable = unreachable


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
    if _looks_binary(data) or binary_kind(data) is not None:
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
    # Imported here, like the Markdown, HTML and fetching modules below: opening a UTF-8
    # text file, the common case, should not pay for them before the first frame.
    import charset_normalizer

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
        from annotations.sources.markdown import article_from_markdown

        return article_from_markdown(text, source=source, source_key=source_key)
    return article_from_plain_text(text, source=source, source_key=source_key)


def _format_for(name: str) -> Format:
    """The format a file name settles; "auto" (sniff the content) only for other names."""
    suffix = Path(name).suffix.lower()
    if suffix in _MARKDOWN_SUFFIXES:
        return "markdown"
    return "text" if suffix in _TEXT_SUFFIXES else "auto"


def _with_encoding(article: Article, encoding: str) -> Article:
    if encoding == "utf-8":
        return article
    return replace(article, meta={**article.meta, "encoding": encoding})


# ---------------------------------------------------------------------------------------------
# HTML


def _html_article(data: bytes, *, source: str, source_key: str, problem: str) -> Article:
    """An article from a page's bytes (its ``<meta charset>`` honoured), errors one line."""
    from annotations.sources.html import ExtractionError, article_from_html

    try:
        return article_from_html(data, source=source, source_key=source_key)
    except ExtractionError as error:
        raise SourceError(f"{problem}: {error}") from None


def _is_html_name(name: str) -> bool:
    return Path(name).suffix.lower() in _HTML_SUFFIXES


def is_url(spec: str) -> bool:
    """Whether what the user typed is a web address (http or https)."""
    return spec.strip().lower().startswith(_URL_SCHEMES)


# ---------------------------------------------------------------------------------------------
# Sources


def _read_file(location: Path, problem: Callable[[str], SourceError]) -> bytes:
    """A file's bytes, every way of failing turned into one line.

    Only regular files are read: a FIFO would block for ever and a device (``/dev/zero``)
    never ends, so both are refused before reading. Opening never blocks (``O_NONBLOCK``),
    and the type is checked on the opened file, so a swap after the check changes nothing.
    """
    try:
        descriptor = os.open(location, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(descriptor, "rb") as stream:
            info = os.fstat(stream.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise problem("it is a directory, not a file")
            if not stat.S_ISREG(info.st_mode):
                raise problem("it is not a regular file (a FIFO, socket or device)")
            if info.st_size > MAX_SOURCE_BYTES:
                size = _megabytes(info.st_size)
                raise problem(f"the file is {size}, over the {_limit()} limit")
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
    return data


def load_path(path: str | Path, fmt: SourceFormat = "auto") -> Article:
    """Load an article from a file: HTML for ``.html``/``.htm``, Markdown for ``.md``/
    ``.markdown``, plain text for ``.txt``/``.text``, else by content (a page, Markdown or
    plain text).

    Args:
        path: The path as the user gave it (``~`` is expanded).
        fmt: ``"text"``, ``"markdown"`` or ``"html"`` to override the name and the content.

    Returns:
        The article, with ``source`` the path as given and the source key
        ``"file:" + resolved absolute path``; ``meta["encoding"]`` names a non-UTF-8 encoding.

    Raises:
        SourceError: The file is missing, a directory, unreadable, too large, binary or empty,
            or a page with no article in it.
    """
    shown = str(path)
    location = Path(path).expanduser()

    def problem(reason: str) -> SourceError:
        return SourceError(f"cannot open '{shown}': {reason}")

    data = _read_file(location, problem)
    source_key = "file:" + str(location.resolve())
    try:
        text, encoding = decode_bytes(data)
    except SourceError as error:
        raise problem(str(error)) from None
    if not text.strip():
        raise problem("the file is empty")
    named: Format = _format_for(location.name)
    html_named = _is_html_name(location.name)
    if fmt == "html" or (
        fmt == "auto" and (html_named or (named == "auto" and looks_like_html(text)))
    ):
        # The bytes, not the text: the page's own <meta charset> decides its encoding.
        where = f"cannot open '{shown}'"
        return _html_article(data, source=shown, source_key=source_key, problem=where)
    chosen: Format = named if fmt == "auto" else fmt
    article = article_from_text(text, source=shown, source_key=source_key, fmt=chosen)
    return _with_encoding(article, encoding)


def load_stdin(stream: BinaryIO, fmt: SourceFormat = "auto") -> Article:
    """Load an article from standard input (or any binary stream), format by content.

    A web page (HTML) is reduced to its article, Markdown is read as Markdown, anything else
    is plain text (see `annotations.sources.sniff.sniff_format`).

    Args:
        stream: A binary stream; at most `MAX_SOURCE_BYTES` (+1 to detect excess) are read.
        fmt: ``"text"``, ``"markdown"`` or ``"html"`` instead of sniffing the content.

    Returns:
        The article, with ``source="stdin"`` and the source key ``"stdin:" + fingerprint``.

    Raises:
        SourceError: The input is too large, binary, empty, or a page with no article.
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
    source_key = "stdin:" + text_fingerprint(text)
    kind = sniff_format(text) if fmt == "auto" else fmt
    if kind == "html":
        return _html_article(
            data, source=STDIN_SOURCE, source_key=source_key, problem="cannot read stdin"
        )
    article = article_from_text(text, source=STDIN_SOURCE, source_key=source_key, fmt=kind)
    return _with_encoding(article, encoding)


def load_url(url: str, fmt: SourceFormat = "auto") -> Article:
    """Fetch a web page (HTML, Markdown or plain text) and read it.

    Args:
        url: An http or https address.
        fmt: A format forced with ``--format``; "auto" lets the server's type and the
            content decide.

    Returns:
        The article, with ``source`` the URL as given, the source key from
        `annotations.sources.fetch.url_source_key`, and ``meta["fetched"]`` the time of the fetch.

    Raises:
        SourceError: The page cannot be fetched (`SourceError.unreachable` tells a network
            failure from an answer such as a 404) or holds no article.
    """
    from annotations.sources.fetch import FetchedText, FetchError, article_from_url
    from annotations.sources.html import ExtractionError

    try:
        fetched = article_from_url(url, fmt=fmt)
    except FetchError as error:
        raise SourceError(str(error), unreachable=error.unreachable) from None
    except ExtractionError as error:
        raise SourceError(f"cannot read {url}: {error}") from None
    when = {FETCHED_META: utc_now()}
    if isinstance(fetched, FetchedText):
        article = article_from_text(
            fetched.text, source=fetched.source, source_key=fetched.source_key, fmt=fetched.format
        )
        return replace(article, meta={**article.meta, "encoding": fetched.encoding, **when})
    return replace(fetched, meta={**fetched.meta, **when})


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
        text, source=SEED_SOURCE_PREFIX + name, source_key="seed:" + name, fmt=_format_for(name)
    )
    return _with_encoding(article, encoding)


def load_source(spec: str, stdin: BinaryIO | None = None, fmt: SourceFormat = "auto") -> Article:
    """Load the article a user named: ``-`` for standard input, a web address, or a file.

    Args:
        spec: What the user typed.
        stdin: The stream to read for ``-``; defaults to ``sys.stdin.buffer``.
        fmt: A format forced with ``--format`` ("auto": by name, or by content and the
            server's type).

    Returns:
        The article.

    Raises:
        SourceError: The source cannot be read (see `load_path`, `load_stdin`, `load_url`).
    """
    if spec == "-":
        return load_stdin(stdin if stdin is not None else sys.stdin.buffer, fmt)
    if is_url(spec):
        return load_url(spec.strip(), fmt)
    return load_path(spec, fmt)


def reload_source(source: str) -> Article:
    """Load an article again from the `Article.source` it was opened with.

    Args:
        source: A path, a web address, or ``"seed: NAME"``.

    Raises:
        SourceError: The source is gone or cannot be read, or it was standard input, which
            cannot be read twice.
    """
    if source == STDIN_SOURCE:
        raise SourceError("this article came from stdin and cannot be read again")
    if source.startswith(SEED_SOURCE_PREFIX):
        return load_seed(source.removeprefix(SEED_SOURCE_PREFIX))
    return load_source(source)


def read_input_file(name: str, what: str = "file") -> bytes:
    """The bytes of a file the user named (``-`` for standard input), within the size limit.

    Used for every other file a command reads (imports): the same checks as `load_path`.

    Raises:
        SourceError: Missing, a directory, FIFO or device, unreadable, or over the limit.
    """
    if name == "-":
        data = sys.stdin.buffer.read(MAX_SOURCE_BYTES + 1)
        if len(data) > MAX_SOURCE_BYTES:
            raise SourceError(f"cannot read stdin: the input is over the {_limit()} limit")
        return data

    def problem(reason: str) -> SourceError:
        return SourceError(f"cannot open '{name}': {reason}")

    return _read_file(Path(name).expanduser(), problem)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _limit() -> str:
    return f"{MAX_SOURCE_BYTES // (1024 * 1024)} MB"
