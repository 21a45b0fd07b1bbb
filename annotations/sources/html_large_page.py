"""Pages too large for trafilatura: one linear walk of the page's main element.

trafilatura's main pass evaluates ``//p//text()`` over the page, and libxml2 merges that
node set at a cost that grows with the square of the number of paragraphs (0.14 s at 20,000
tiny paragraphs, 7 s at 100,000, minutes at 200,000); its metadata and fallback passes add
seconds more. A page with more than `LARGE_PAGE_BLOCKS` block tags is read here instead:
lxml parses it, scripts, menus and forms are dropped, and the main element (the ``<article>``
or ``<main>`` around the most paragraphs, else their parent) is renamed into trafilatura's
vocabulary (``head``, ``p``, ``list``/``item``, ``quote``, ``table``/``row``/``cell``, ``lb``,
``code``), so `annotations.sources.html` makes blocks of it exactly as it does of
trafilatura's output. Every step visits each element a fixed number of times.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

#: Above this many block tags, a page is read here rather than by trafilatura (which takes
#: about 1.5 s at 20,000 and grows with the square beyond).
LARGE_PAGE_BLOCKS = 20_000

_BLOCK_TAG = re.compile(r"<(?:p|li|h[1-6]|tr|blockquote|pre)[\s>/]", re.IGNORECASE)
#: Elements that are never article text; dropped with everything inside them.
_DROPPED = (
    "head",
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "footer",
    "form",
    "button",
    "select",
    "textarea",
    "iframe",
    "svg",
    "canvas",
    "object",
    "embed",
)
#: HTML tags and the trafilatura tag each becomes; any other tag is inline and unwrapped.
_RENAMED = {
    "p": "p",
    "dt": "p",
    "dd": "p",
    "figcaption": "p",
    "ul": "list",
    "ol": "list",
    "li": "item",
    "blockquote": "quote",
    "table": "table",
    "tr": "row",
    "td": "cell",
    "th": "cell",
    "br": "lb",
    "pre": "code",
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), "head"),
    **dict.fromkeys(
        [
            "div",
            "section",
            "article",
            "main",
            "header",
            "body",
            "center",
            "dl",
            "details",
            "summary",
            "figure",
            "tbody",
            "thead",
            "tfoot",
            "hgroup",
        ],
        "div",
    ),
}
_UNWRAPPED = "newsdesk-inline"


@dataclass(frozen=True, slots=True)
class LargePage:
    """What `html_article` reads from trafilatura's document, found the simple way."""

    body: Any
    title: str | None
    author: str | None
    date: str | None = None
    sitename: str | None = None


def is_large_page(html: str) -> bool:
    """Whether the page has more block tags than trafilatura reads in reasonable time."""
    return sum(1 for _ in _BLOCK_TAG.finditer(html)) > LARGE_PAGE_BLOCKS


def _meta(root: Any, *names: str) -> str | None:
    for element in root.iter("meta"):
        if element.get("name", element.get("property", "")).lower() in names:
            content = str(element.get("content", "")).strip()
            if content:
                return content
    return None


def _main_element(root: Any) -> Any:
    """The ``<article>``/``<main>`` around the element with the most paragraphs, else it."""
    parents = Counter(paragraph.getparent() for paragraph in root.iter("p"))
    if not parents:
        return root
    best = parents.most_common(1)[0][0]
    for ancestor in best.iterancestors("article", "main"):
        return ancestor
    return best


def _in_trafilatura_terms(element: Any) -> None:
    """Rename the element and all under it in place (inline tags unwrapped)."""
    for node in element.iter():
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        renamed = _RENAMED.get(tag, _UNWRAPPED)
        if renamed in {"head", "list"}:  # the level or the list type, as trafilatura says it
            node.attrib.clear()
            node.set("rend", tag)
        node.tag = renamed
        # Source line breaks are white space, as trafilatura reads them; only <br> breaks lines.
        if node.text and "\n" in node.text:
            node.text = node.text.replace("\n", " ")
        if node.tail and "\n" in node.tail and not node.tail.isspace():
            node.tail = node.tail.replace("\n", " ")


def read_large_page(html: str) -> LargePage:
    """The main text of a very large page, as trafilatura-shaped XML, with its metadata."""
    from lxml import etree
    from lxml import html as lxml_html

    root = lxml_html.document_fromstring(html)
    title = root.findtext(".//title")
    author = _meta(root, "author", "article:author")
    sitename = _meta(root, "og:site_name")
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    etree.strip_elements(root, *_DROPPED, with_tail=False)
    main = _main_element(root)
    _in_trafilatura_terms(main)
    main.tag = "div"  # the frame itself, whatever it was, holds blocks
    etree.strip_tags(main, _UNWRAPPED)
    return LargePage(
        body=main,
        title=" ".join(title.split()) if title else None,
        author=author,
        sitename=sitename,
    )
