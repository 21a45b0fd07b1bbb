"""Fetch a web page and read it into an article.

`fetch_url` downloads one page with httpx, following redirects, within a time and size
budget, and turns every failure into a `FetchError` with one line a reader can act on.
`article_from_url` then reads the body by its content type: HTML through
`annotations.sources.html`, plain text directly, Markdown handed back as a `FetchedText` for
the sources layer (which owns the Markdown reader).
"""

from __future__ import annotations

import contextlib
import re
import threading
import time
import zlib
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit, urlunsplit

from annotations.article.model import Article, article_from_plain_text
from annotations.errors import NewsdeskError
from annotations.sources.html import article_from_html, decode_page
from annotations.sources.sniff import binary_kind, looks_like_markdown, sniff_format

if TYPE_CHECKING:  # httpx imports rich at import time; annotations must not
    import httpx

USER_AGENT = "newsdesk/0.1 (terminal news reader; +https://pypi.org/project/newsdesk/)"
MAX_REDIRECTS = 10
#: Connecting never waits longer than this, whatever the overall timeout.
MAX_CONNECT_SECONDS = 10.0
DEFAULT_TIMEOUT = 15.0
DEFAULT_MAX_BYTES = 16 * 1024 * 1024
_DEFAULT_PORTS = {"http": 80, "https": 443}
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_MARKDOWN_TYPES = frozenset({"text/markdown", "text/x-markdown"})
_TEXT_LIKE_TYPES = frozenset({"application/xml", "application/octet-stream", ""})
#: Types a server sends when it does not know better; the file name or content decides.
_GENERIC_TEXT_TYPES = frozenset({"text/plain", "application/octet-stream", ""})
_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown")
_ERRNO_PREFIX = re.compile(r"^\[Errno [^\]]*\]\s*")
#: zlib window settings for each Content-Encoding undone here (deflate: wrapped, then raw).
_WBITS: dict[str, tuple[int, ...]] = {
    "gzip": (16 + zlib.MAX_WBITS,),
    "x-gzip": (16 + zlib.MAX_WBITS,),
    "deflate": (zlib.MAX_WBITS, -zlib.MAX_WBITS),
}


class FetchError(NewsdeskError):
    """A page could not be fetched; the message is one line, fit to show as it is.

    Attributes:
        unreachable: True when the network failed (offline, no DNS, refused, timed out), so a
            kept copy may stand in; False when the server answered (a 404, a wrong type).
    """

    def __init__(self, message: str, *, unreachable: bool = False) -> None:
        super().__init__(message)
        self.unreachable = unreachable


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A downloaded page."""

    url: str
    #: The address after redirects.
    final_url: str
    status: int
    #: The media type, lower-cased, without parameters ("" when the server sent none).
    content_type: str
    #: The charset named in the Content-Type header, if any.
    charset: str | None
    body: bytes


@dataclass(frozen=True, slots=True)
class FetchedText:
    """A fetched Markdown (or other non-HTML) document, decoded, for the sources layer."""

    text: str
    format: Literal["markdown", "text"]
    source: str
    source_key: str
    final_url: str
    encoding: str


def normalise_url(url: str) -> str:
    """The URL with scheme and host lower-cased, the default port and the fragment dropped."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port is None or port == _DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    if parts.username is not None:
        credentials = parts.username + (f":{parts.password}" if parts.password else "")
        netloc = f"{credentials}@{netloc}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def url_source_key(url: str) -> str:
    """The source key of a URL, from which the article id is derived."""
    return "url:" + normalise_url(url)


def _check_url(url: str) -> str:
    """The host of an http(s) URL; anything else is a FetchError."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in _DEFAULT_PORTS:
        shown = parts.scheme or "no scheme"
        raise FetchError(f"only http and https addresses can be fetched, not {shown}: {url}")
    if not parts.hostname:
        raise FetchError(f"not a valid web address (no host): {url}")
    return parts.hostname


def _reason(error: Exception) -> str:
    """The most specific one-line reason inside an httpx error."""
    cause: BaseException | None = error
    message = str(error)
    while cause is not None:
        if str(cause):
            message = str(cause)
        cause = cause.__cause__ or cause.__context__
    return _ERRNO_PREFIX.sub("", message.splitlines()[0] if message else type(error).__name__)


def _media_type(header: str) -> tuple[str, str | None]:
    """A Content-Type header split into its media type and charset."""
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media.strip().lower(), charset


def _is_readable(media_type: str) -> bool:
    return media_type.startswith("text/") or media_type in _HTML_TYPES | _TEXT_LIKE_TYPES


def _size_text(count: int) -> str:
    megabytes = count / (1024 * 1024)
    return f"{megabytes:g} MB" if megabytes >= 1 else f"{count // 1024} KB"


def _read_raw(response: httpx.Response, url: str, max_bytes: int, deadline: float) -> bytes:
    """The body as sent (still compressed), at most `max_bytes`, before the deadline."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"page is larger than {_size_text(max_bytes)}: {url}")
    chunks: list[bytes] = []
    received = 0
    for chunk in response.iter_raw():
        received += len(chunk)
        if received > max_bytes:
            raise FetchError(f"page is larger than {_size_text(max_bytes)}: {url}")
        if time.monotonic() > deadline:
            # Read timeouts are per chunk; a server dripping bytes must still stop somewhere.
            raise _Deadline
        chunks.append(chunk)
    return b"".join(chunks)


def _decode_layers(body: bytes, encoding_header: str, url: str, max_bytes: int) -> bytes:
    """Undo each Content-Encoding layer in turn, each one's output capped at `max_bytes`.

    httpx inflates a layer in one call with no output limit, so 7 KB of gzip inside gzip
    became 4 GB. Here every layer is inflated with `max_length`, and more is an error.
    """
    layers = [part.strip().lower() for part in encoding_header.split(",") if part.strip()]
    for layer in reversed(layers):
        if layer == "identity":
            continue
        if layer not in _WBITS:
            raise FetchError(f"the page uses an encoding newsdesk cannot read ({layer}): {url}")
        body = _inflate(body, layer, url, max_bytes)
    return body


def _inflate(data: bytes, layer: str, url: str, max_bytes: int) -> bytes:
    for wbits in _WBITS[layer]:
        inflater = zlib.decompressobj(wbits)
        try:
            out = inflater.decompress(data, max_bytes + 1)
        except zlib.error:
            continue  # "deflate" is zlib-wrapped or raw in the wild: try the other
        if len(out) > max_bytes or inflater.unconsumed_tail:
            raise FetchError(f"page is larger than {_size_text(max_bytes)} unpacked: {url}")
        return out
    raise FetchError(f"the page's {layer} data is damaged: {url}")


class _Deadline(Exception):
    """The overall time allowed for a fetch ran out."""


def fetch_url(
    url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES
) -> FetchedPage:
    """Download a web page.

    Args:
        url: An http or https address.
        timeout: Seconds allowed for the whole fetch: connecting, the headers and the body.
        max_bytes: The largest body accepted, before and after undoing its compression.

    Raises:
        FetchError: The address is not http(s), the host cannot be reached, the fetch took
            longer than `timeout`, the server answered with an error status, the page is too
            large, or it is not a text or HTML document.
    """
    host = _check_url(url)
    outcome: list[FetchedPage | BaseException] = []
    clients: list[httpx.Client] = []
    finished = threading.Event()

    def run() -> None:
        try:
            outcome.append(_fetch(url, host, timeout, max_bytes, clients))
        except BaseException as error:  # handed to the caller below
            outcome.append(error)
        finally:
            finished.set()

    # httpx's timeouts are per read: a server that drips its headers a byte at a time never
    # trips them. The fetch runs in a daemon thread and the caller waits for it no longer
    # than `timeout`; a thread left behind ends at its next read, once its client is closed.
    threading.Thread(target=run, name="newsdesk-fetch", daemon=True).start()
    if not finished.wait(timeout) or isinstance(outcome[0], _Deadline):
        for client in clients:
            with contextlib.suppress(Exception):
                client.close()
        message = f"timed out after {timeout:g} s waiting for {host}"
        raise FetchError(message, unreachable=True)
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def _fetch(
    url: str, host: str, timeout: float, max_bytes: int, clients: list[httpx.Client]
) -> FetchedPage:
    import httpx  # here, not at module level: httpx pulls in rich (see TYPE_CHECKING above)

    deadline = time.monotonic() + timeout
    limits = httpx.Timeout(timeout, connect=min(timeout, MAX_CONNECT_SECONDS))
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "text/html,text/*;q=0.9,*/*;q=0.5",
        "Accept-Encoding": "gzip, deflate",  # the layers `_decode_layers` can undo
    }
    try:
        with httpx.Client(
            follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=limits, headers=headers
        ) as client:
            clients.append(client)
            with client.stream("GET", url.strip()) as response:
                final_url = str(response.url)
                if response.status_code >= 400:
                    phrase = response.reason_phrase or "error"
                    raise FetchError(f"HTTP {response.status_code} {phrase} for {final_url}")
                media_type, charset = _media_type(response.headers.get("content-type", ""))
                if not _is_readable(media_type):
                    raise FetchError(f"not a text or HTML page ({media_type}): {final_url}")
                raw = _read_raw(response, final_url, max_bytes, deadline)
                encoding = response.headers.get("content-encoding", "")
                body = _decode_layers(raw, encoding, final_url, max_bytes)
                kind = binary_kind(body)
                if kind is not None:
                    raise FetchError(f"not a text or HTML page ({kind}): {final_url}")
                status = response.status_code
                return FetchedPage(url, final_url, status, media_type, charset, body)
    except httpx.TimeoutException as error:
        raise _Deadline from error
    except httpx.TooManyRedirects as error:
        raise FetchError(f"more than {MAX_REDIRECTS} redirects from {url}") from error
    except httpx.ConnectError as error:
        raise FetchError(f"cannot reach {host}: {_reason(error)}", unreachable=True) from error
    except httpx.NetworkError as error:  # the connection broke while reading or writing
        message = f"lost the connection to {host}: {_reason(error)}"
        raise FetchError(message, unreachable=True) from error
    except httpx.UnsupportedProtocol as error:
        raise FetchError(f"redirected to an address that is not http(s) from {url}") from error
    except httpx.InvalidURL as error:
        raise FetchError(f"not a valid web address: {url}") from error
    except httpx.HTTPError as error:
        raise FetchError(f"fetching {url} failed: {_reason(error)}") from error


def _text_format(page: FetchedPage, text: str) -> Literal["html", "markdown", "text"]:
    """How to read a fetched body: by its content type, else by its name and content."""
    if page.content_type in _HTML_TYPES:
        return "html"
    if page.content_type in _MARKDOWN_TYPES:
        return "markdown"
    path = urlsplit(page.final_url).path.lower()
    if path.endswith(_MARKDOWN_SUFFIXES) and page.content_type in _GENERIC_TEXT_TYPES:
        return "markdown"
    if page.content_type == "text/plain":
        # Raw Markdown is often served as text/plain.
        return "markdown" if looks_like_markdown(text) else "text"
    return sniff_format(text)


def article_from_url(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fmt: Literal["auto", "text", "markdown", "html"] = "auto",
) -> Article | FetchedText:
    """Fetch a page and read it.

    Returns an `Article` for HTML and plain text, and a `FetchedText` for Markdown, which the
    sources layer turns into an article with its Markdown reader. `fmt` other than "auto"
    reads the page as that format whatever the server says. The article's `source` is
    the URL as given; its id comes from `url_source_key`.

    Raises:
        FetchError: As `fetch_url`.
        annotations.sources.html.ExtractionError: An HTML page with no article in it.
    """
    page = fetch_url(url, timeout=timeout, max_bytes=max_bytes)
    source_key = url_source_key(url)
    decoded = decode_page(page.body, page.charset)
    # The server's type and the content decide, unless the reader said (--format).
    kind = _text_format(page, decoded.text) if fmt == "auto" else fmt
    if kind == "markdown":
        return FetchedText(
            decoded.text, "markdown", url, source_key, page.final_url, decoded.encoding
        )
    if kind == "html":
        article = article_from_html(
            decoded.text, source=url, source_key=source_key, url=page.final_url
        )
    else:
        article = article_from_plain_text(decoded.text, source=url, source_key=source_key)
    return replace(article, meta={**article.meta, "encoding": decoded.encoding})
