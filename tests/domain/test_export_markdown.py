"""Markdown export: front matter, highlights, notes, orphans, quotations, entities, escaping.

Every document is parsed with markdown-it-py (CommonMark) and its token structure checked, so
a highlight, note, tag or title that broke the structure would show up as a stray token.

Changed with issue 15 (Obsidian-ready by default): tags are written as Obsidian tags in the
front matter too ("music industry" → "music-industry"), a "Source:" paragraph follows the
title, each highlight's quote is followed by its block id (``^nd-…``), and a note's line
breaks are hard breaks.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from annotations.analysis.entities.model import Entity, EntityType, Mention
from annotations.article.model import Article, article_from_plain_text
from annotations.export.document import ExportInput, ExportOptions
from annotations.export.markdown import render_highlight_markdown, render_markdown
from annotations.export.obsidian import obsidian_tag, obsidian_tags
from annotations.library.anchoring import describe
from annotations.library.model import Annotation, Color, TextPositionSelector, TextQuoteSelector
from annotations.sources.load import load_seed

# Tokens user text must never produce; the exporter writes none of them itself.
FORBIDDEN = {
    "code_block", "fence", "html_block", "html_inline", "link_open", "image", "hr",
    "em_open", "strong_open", "s_open", "table_open", "code_inline",
}  # fmt: skip
BLOCK_ID = re.compile(r"\^nd-[0-9a-f]{8}")
EXPORTED_AT = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)


def to_markdown(
    article: Article,
    annotations: list[Annotation],
    options: ExportOptions | None = None,
    **found: Any,
) -> str:
    """The article's Markdown export (the built-in template, every section by default)."""
    data = ExportInput.build(article, annotations, **found)
    return render_markdown(data, options or ExportOptions())


def highlight_markdown(article: Article, annotation: Annotation) -> str:
    """One highlight as `y` copies it."""
    return render_highlight_markdown(article, annotation, ExportOptions())


HOSTILE = [
    "# Not a heading",
    "## also not",
    "> not a quote",
    "- not a list",
    "+ not a list",
    "* not a list",
    "1. not a list",
    "1) not a list",
    "2024. A year to forget",
    "---",
    "===",
    "***",
    "___",
    "- - -",
    "    indented like code",
    "\tTabbed like code",
    "```python\nprint('fenced')\n```",
    "~~~\nfence\n~~~",
    "text with `code` and ``more``",
    "a | table | row\n---|---|---",
    "*emphasis* and **strong** and _under_ and __score__",
    "[a link](http://example.com) and ![image](x.png)",
    "[ref]: http://example.com",
    "<div>html block</div>",
    "<script>alert(1)</script>",
    "inline <b>html</b> here",
    "<http://autolink.example>",
    "&amp; &copy; &#35; entities",
    "back\\slash at end\\",
    "trailing spaces  \nmake a break",
    "Title\n=====",
    "Title\n-----",
    "line one\n# heading inside\n> quote inside\n1. list inside",
    "~~struck~~",
    "\\# escaped already",
    "#hashtag and # alone",
]


def parse(markdown: str) -> tuple[dict[str, Any], list[Token]]:
    """The front matter (read by a YAML parser) and the CommonMark tokens of the body."""
    assert markdown.startswith("---\n")
    end = markdown.index("\n---\n", 4)
    front = yaml.safe_load(markdown[4:end])
    assert isinstance(front, dict)
    return front, MarkdownIt("commonmark").parse(markdown[end + 5 :])


def all_tokens(tokens: list[Token]) -> list[Token]:
    result: list[Token] = []
    for token in tokens:
        result.append(token)
        result.extend(token.children or [])
    return result


def shown(inline: Token) -> str:
    """What an inline token shows, failing on anything but text and line breaks."""
    parts: list[str] = []
    for child in inline.children or []:
        assert child.type in {"text", "softbreak", "hardbreak"}, (
            f"stray {child.type}: {inline.content!r}"
        )
        parts.append(child.content if child.type == "text" else "\n")
    return "".join(parts)


@dataclass
class Block:
    """A top-level block of the document: its kind and the text it shows."""

    kind: str
    text: str


def blocks(tokens: list[Token]) -> list[Block]:
    """Top-level blocks: headings as ``h1``.., paragraphs (``id`` for a block id), block
    quotes and list items."""
    assert not {token.type for token in all_tokens(tokens)} & FORBIDDEN, [
        token.type for token in all_tokens(tokens) if token.type in FORBIDDEN
    ]
    result: list[Block] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type in {"heading_open", "paragraph_open"} and token.level == 0:
            kind = token.tag if token.type == "heading_open" else "p"
            text = shown(tokens[index + 1])
            if kind == "p" and BLOCK_ID.fullmatch(text):
                kind = "id"
            result.append(Block(kind, text))
            index += 3
        elif token.type in {"blockquote_open", "bullet_list_open"}:
            closing = token.type.replace("_open", "_close")
            depth, inner = 1, index + 1
            texts: list[str] = []
            while depth:
                depth += {token.type: 1, closing: -1}.get(tokens[inner].type, 0)
                if tokens[inner].type == "inline":
                    texts.append(shown(tokens[inner]))
                inner += 1
            kind = "quote" if token.type == "blockquote_open" else "list"
            if kind == "list":
                result.extend(Block("item", text) for text in texts)
            else:
                result.append(Block(kind, "\n".join(texts)))
            index = inner
        else:
            raise AssertionError(f"unexpected top-level token {token.type}")
    return result


def content(document: list[Block]) -> list[Block]:
    """The document without its "Source:" line and block ids (checked in their own tests)."""
    assert document[1].kind == "p" and document[1].text.startswith("Source: ")
    return [block for index, block in enumerate(document) if index != 1 and block.kind != "id"]


def kinds(document: list[Block]) -> list[str]:
    return [block.kind for block in document]


def lines_shown(text: str) -> str:
    """How text shows in a paragraph or quote: lines trimmed, blank lines gone."""
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def highlight(article: Article, start: int, end: int, **changes: Any) -> Annotation:
    return Annotation.new(article.id, *describe(article.text, start, end), **changes)


def span_of(article: Article, phrase: str) -> tuple[int, int]:
    start = article.text.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def seed() -> Article:
    return load_seed()


# --- the seed article -----------------------------------------------------------------------


def test_seed_export_has_its_quotes_notes_and_tags_in_reading_order(seed: Article) -> None:
    zuck = highlight(
        seed, *span_of(seed, "Mark Zuckerberg"), note="The CEO himself.", tags=["people"]
    )
    ek = highlight(
        seed,
        *span_of(seed, "Daniel Ek"),
        color=Color.GREEN,
        note="Spotify's CEO.\n\nSecond thought: both sign.",
        tags=["people", "music industry"],
    )
    second_block = seed.blocks[1]
    across = highlight(seed, seed.blocks[0].end - 20, second_block.start + 15, color=Color.BLUE)
    # Given out of order: the export sorts them by where they are.
    markdown = to_markdown(seed, [across, ek, zuck], exported_at=EXPORTED_AT)
    front, tokens = parse(markdown)
    document = blocks(tokens)

    assert front == {
        "title": seed.title,
        "source": "seed: meta-spotify-open-source-ai.txt",
        "article_id": seed.id,
        "exported": "2025-03-04T05:06:07Z",
        "highlights": 3,
        "notes": 2,
        "could_not_be_placed": 0,
        "tags": ["people", "music-industry"],
    }
    assert kinds(document) == [
        "h1", "p", "h2",
        "quote", "id", "p", "p",
        "quote", "id", "p", "p", "p",
        "quote", "id", "p",
    ]  # fmt: skip
    assert document[0].text == seed.title
    assert document[1].text == "Source: seed: meta-spotify-open-source-ai.txt"
    assert document[2].text == "Highlights"
    assert document[3].text == "Mark Zuckerberg"
    assert document[4].text == f"^nd-{zuck.id[:8]}"
    assert document[5].text == "The CEO himself."
    assert document[6].text == "Tags: #people · Colour: yellow · paragraph 1"
    assert document[7].text == "Daniel Ek"
    assert [document[9].text, document[10].text] == ["Spotify's CEO.", "Second thought: both sign."]
    assert document[11].text == "Tags: #people #music-industry · Colour: green · paragraph 1"
    assert document[12].text == lines_shown(seed.text[across.start : across.end])
    assert "\n" in document[12].text  # the quote spans two paragraphs and stays one quote
    assert document[14].text == "Colour: blue · paragraphs 1–2"


def test_highlights_are_placed_in_the_current_text(seed: Article) -> None:
    start, end = span_of(seed, "Daniel Ek")
    _, quote = describe(seed.text, start, end)
    # Stored when the text before it was shorter.
    shift = start // 2
    stale = Annotation.new(
        seed.id, TextPositionSelector(start - shift, end - shift), quote, note="moved"
    )
    lost = Annotation.new(
        seed.id,
        TextPositionSelector(10, 40),
        TextQuoteSelector("A sentence the article no longer has anywhere at all."),
        note="orphaned note",
        tags=["gone"],
    )
    front, tokens = parse(to_markdown(seed, [lost, stale], exported_at=EXPORTED_AT))
    document = content(blocks(tokens))
    assert front["highlights"] == 2 and front["could_not_be_placed"] == 1
    assert kinds(document) == ["h1", "h2", "quote", "p", "p", "h2", "p", "quote", "p", "p"]
    assert document[2].text == "Daniel Ek"
    assert document[4].text.endswith(f"paragraph {seed.block_index_at(start) + 1}")
    assert document[5].text == "Could not be placed"
    assert document[7].text == "A sentence the article no longer has anywhere at all."
    assert document[8].text == "orphaned note"
    assert document[9].text.startswith("Tags: #gone · Colour: yellow")


def test_orphans_passed_by_the_caller_are_listed_once(seed: Article) -> None:
    kept = highlight(seed, *span_of(seed, "Daniel Ek"))
    orphan = Annotation.new(
        seed.id, TextPositionSelector(0, 5), TextQuoteSelector("vanished words, long gone")
    )
    markdown = to_markdown(seed, [kept, orphan], orphans=[orphan], exported_at=EXPORTED_AT)
    front, tokens = parse(markdown)
    assert front["could_not_be_placed"] == 1
    assert [block.text for block in blocks(tokens) if block.kind == "quote"] == [
        "Daniel Ek",
        "vanished words, long gone",
    ]


def test_no_highlights_says_so(seed: Article) -> None:
    front, tokens = parse(to_markdown(seed, [], exported_at=EXPORTED_AT))
    assert front["highlights"] == 0 and front["tags"] == []
    assert [(block.kind, block.text) for block in content(blocks(tokens))][1:] == [
        ("h2", "Highlights"),
        ("p", "No highlights."),
    ]


@dataclass(frozen=True)
class FakeQuote:
    text: str
    speaker: str | None


def test_quotations_and_entities_sections(seed: Article) -> None:
    quotes = [
        FakeQuote("We are *not* done,\nnot yet", "Jane <Doe>"),
        FakeQuote("- an unattributed phrase", None),
    ]
    mentions = (Mention(0, 4),)
    entities = [
        Entity("Acme [Corp]", EntityType.ORG, mentions),
        Entity("Jane Doe", EntityType.PERSON, mentions * 3),
        Entity("Bob", EntityType.PERSON, mentions * 5),
        Entity("Paris", EntityType.PLACE, mentions * 2),
    ]
    markdown = to_markdown(seed, [], quotes=quotes, entities=entities, exported_at=EXPORTED_AT)
    document = content(blocks(parse(markdown)[1]))
    assert [(block.kind, block.text) for block in document[3:]] == [
        ("h2", "Quotations"),
        ("item", "Jane <Doe>: “We are *not* done, not yet”"),
        ("item", "Unattributed: “- an unattributed phrase”"),
        ("h2", "Entities"),
        ("h3", "People"),
        ("item", "Bob · 5 mentions"),
        ("item", "Jane Doe · 3 mentions"),
        ("h3", "Organisations"),
        ("item", "Acme [Corp] · 1 mention"),
        ("h3", "Places"),
        ("item", "Paris · 2 mentions"),
    ]


def test_exported_at_is_written_in_utc() -> None:
    article = article_from_plain_text("Some text.", source="s", source_key="k")
    plus_two = datetime(2025, 1, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    assert parse(to_markdown(article, [], exported_at=plus_two))[0]["exported"] == (
        "2025-01-01T10:00:00Z"
    )
    naive = datetime(2025, 1, 1, 12, 0)
    assert parse(to_markdown(article, [], exported_at=naive))[0]["exported"] == (
        "2025-01-01T12:00:00Z"
    )


# --- hostile text ---------------------------------------------------------------------------


def hostile_article(pieces: list[str], title: str = "Hostile") -> Article:
    article = article_from_plain_text(
        "Intro paragraph.\n\n" + "\n\n".join(pieces), source="hostile", source_key="hostile"
    )
    return dataclasses.replace(article, title=title)


def test_hostile_highlights_notes_and_tags_keep_the_structure() -> None:
    article = hostile_article(HOSTILE)
    annotations = []
    position = 0
    for index, piece in enumerate(HOSTILE):
        start = article.text.index(piece, position)
        position = start + len(piece)
        annotations.append(
            highlight(
                article,
                start,
                position,
                note=HOSTILE[-1 - index],
                tags=[piece.replace("\n", " "), f"tag {index}"],
            )
        )
    markdown = to_markdown(article, annotations, exported_at=EXPORTED_AT)
    document = content(blocks(parse(markdown)[1]))
    entries = document[2:]
    assert kinds(document[:2]) == ["h1", "h2"]
    # One quote, one paragraph of note, one of details per highlight; nothing else.
    assert kinds(entries) == ["quote", "p", "p"] * len(HOSTILE)
    for index, (piece, annotation) in enumerate(zip(HOSTILE, annotations, strict=True)):
        quote, note, details = entries[3 * index : 3 * index + 3]
        assert quote.text == lines_shown(piece)
        assert note.text == lines_shown(HOSTILE[-1 - index])
        tag = obsidian_tag(annotation.tags[0])
        assert valid_obsidian_tag(tag)
        assert details.text.startswith(f"Tags: #{tag} #tag-{index} · Colour: yellow")


@pytest.mark.parametrize("title", HOSTILE)
def test_hostile_titles_stay_one_heading_and_round_trip_in_front_matter(title: str) -> None:
    article = hostile_article(["Body."], title=title)
    front, tokens = parse(to_markdown(article, [], exported_at=EXPORTED_AT))
    document = content(blocks(tokens))
    assert kinds(document) == ["h1", "h2", "p"]
    assert document[0].text == " ".join(title.split())
    assert front["title"] == title


@pytest.mark.parametrize(
    "value",
    [
        'quote " and backslash \\ and colon: and # hash',
        "line\nbreak\r\nand\ttab",
        "- yaml list?\n---\n...",
        "'single' {flow: map} [seq] &anchor *alias !tag %directive @at `tick`",
        "\x00\x07\x1b\x7f\x85\u2028\u2029\ufeff control and breaks",
        "yes",
        "null",
        "123",
        "",
        "ünïcødé 東京 🎉",
    ],
)
def test_front_matter_values_read_back_exactly(value: str) -> None:
    article = dataclasses.replace(
        hostile_article(["Body."]), title=value, source=value, byline=value, date=value
    )
    tag_article = [highlight(article, 0, 5, tags=[value or "x", "other"])]
    front, _ = parse(to_markdown(article, tag_article, exported_at=EXPORTED_AT))
    assert front["title"] == value and front["source"] == value
    assert front.get("byline", "") == value and front.get("published", "") == value
    assert front["tags"] == obsidian_tags([value or "x", "other"])
    assert all(valid_obsidian_tag(tag) for tag in front["tags"])


# Any text but NUL (CommonMark shows it as U+FFFD) and lone surrogates (not encodable).
PRINTABLE = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=200)


@settings(max_examples=300, deadline=None)
@given(note=PRINTABLE, tag=PRINTABLE, quoted=PRINTABLE)
def test_random_text_never_adds_structure(note: str, tag: str, quoted: str) -> None:
    article = hostile_article(["Anchor text here."], title=quoted)
    start, end = span_of(article, "Anchor text here.")
    annotation = highlight(article, start, end, note=note, tags=[tag])
    orphan = Annotation.new(
        article.id, TextPositionSelector(0, 1), TextQuoteSelector(quoted + " \x01missing")
    )
    markdown = to_markdown(
        article,
        [annotation],
        orphans=[orphan],
        quotes=[FakeQuote(quoted, tag)],
        entities=[Entity(tag, EntityType.OTHER, (Mention(0, 1),))],
        exported_at=EXPORTED_AT,
    )
    front, tokens = parse(markdown)
    document = content(blocks(tokens))
    assert front["tags"] == obsidian_tags(annotation.tags)
    assert kinds(document[:3]) == ["h1", "h2", "quote"]
    assert document[2].text == "Anchor text here."
    assert document[0].text == (" ".join(quoted.split()) or "Untitled")
    assert front["title"] == quoted
    second_section = kinds(document).index("h2", 2)
    # Between the quote and the next section: the note's paragraphs, then the details.
    entry = document[3:second_section]
    assert set(kinds(entry)) == {"p"}
    assert " ".join(block.text for block in entry[:-1]).split() == note.split()
    assert kinds(document[second_section:]) == [
        "h2", "p", "quote", "p", "h2", "item", "h2", "h3", "item",
    ]  # fmt: skip


def valid_obsidian_tag(tag: str) -> bool:
    """Obsidian's rule, checked independently of the exporter: letters, digits, "_", "-" and
    "/" only, not digits alone, no empty nesting part."""
    allowed = all(unicodedata.category(char)[0] in "LMN" or char in "_-/" for char in tag)
    return (
        bool(tag)
        and allowed
        and not all(char.isdigit() or char in "-/_" for char in tag)
        and "" not in tag.split("/")
        and unicodedata.category(tag[0])[0] != "M"
    )


HASHTAG = re.compile(r"#([^\s#]+)")


def body_tags(markdown: str) -> list[str]:
    """The ``#tags`` the body's "Tags:" lines show (as CommonMark reads them)."""
    found: list[str] = []
    for block in content(blocks(parse(markdown)[1])):
        if block.kind == "p" and block.text.startswith("Tags: "):
            listed = block.text.removeprefix("Tags: ").split(" · ")[0]
            found.extend(HASHTAG.findall(listed))
    return found


@settings(max_examples=300, deadline=None)
@given(tags=st.lists(PRINTABLE, min_size=1, max_size=4))
def test_any_tag_text_is_one_valid_obsidian_tag_in_front_matter_and_body(
    tags: list[str],
) -> None:
    article = hostile_article(["Anchor text here."])
    annotation = highlight(article, *span_of(article, "Anchor text here."), tags=tags)
    markdown = to_markdown(article, [annotation], exported_at=EXPORTED_AT)
    front, _tokens = parse(markdown)
    shown_tags = body_tags(markdown)
    assert all(valid_obsidian_tag(tag) for tag in front["tags"])
    # The same tags, once each, in both places; a tag that was text is never lost.
    assert front["tags"] == shown_tags
    assert len(front["tags"]) == len({tag.casefold() for tag in front["tags"]})
    assert bool(front["tags"]) == bool(annotation.tags)


def test_tag_examples_from_the_issue() -> None:
    assert obsidian_tags(["EU Policy", "eu-policy", "#1984", "a//b/", "C++", "東京 天気"]) == [
        "EU-Policy", "tag-1984", "a/b", "C", "東京-天気",
    ]  # fmt: skip


def quoted_texts(tokens: list[Token]) -> list[str]:
    """The text inside each top-level block quote (its inline tokens, lines joined)."""
    result: list[str] = []
    depth = 0
    for token in tokens:
        if token.type == "blockquote_open":
            depth += 1
            if depth == 1:
                result.append("")
        elif token.type == "blockquote_close":
            depth -= 1
        elif token.type == "inline" and depth:
            result[-1] += ("\n" if result[-1] else "") + shown(token)
    return result


@settings(max_examples=200, deadline=None)
@given(
    highlighted=st.lists(PRINTABLE.filter(lambda text: text.strip()), min_size=1, max_size=3),
    note=PRINTABLE,
    tag=PRINTABLE,
    template=st.sampled_from(["default", "callouts"]),
)
def test_every_highlight_stays_inside_its_block_quote_with_any_template(
    highlighted: list[str], note: str, tag: str, template: str
) -> None:
    article = hostile_article(highlighted)
    annotations = []
    position = len("Intro paragraph.\n\n")
    for piece in highlighted:
        start = article.text.index(piece, position)
        position = start + len(piece)
        annotations.append(highlight(article, start, position, note=note, tags=[tag]))
    markdown = to_markdown(
        article, annotations, exported_at=EXPORTED_AT, options=ExportOptions(template=template)
    )
    _front, tokens = parse(markdown)
    blocks(tokens)  # no forbidden token anywhere
    quotes = quoted_texts(tokens)
    assert len(quotes) == len(annotations)
    for annotation, quote in zip(
        sorted(annotations, key=lambda a: (a.start, a.end, a.created, a.id)), quotes, strict=True
    ):
        shown_lines = lines_shown(quote)
        if template == "callouts":
            head, _, shown_lines = shown_lines.partition("\n")
            assert head.startswith("[!warning] Yellow · ")
        highlighted_text = article.text[annotation.start : annotation.end]
        # CommonMark ends a line at "\r" too.
        assert shown_lines == lines_shown(re.sub(r"\r\n?", "\n", highlighted_text))


def test_note_line_breaks_are_kept_as_hard_breaks() -> None:
    article = hostile_article(["Anchor text here."])
    note = "first line\nsecond line\n\nnew paragraph\n  indented third"
    annotation = highlight(article, *span_of(article, "Anchor text here."), note=note)
    _front, tokens = parse(to_markdown(article, [annotation], exported_at=EXPORTED_AT))
    inline = [token for token in tokens if token.type == "inline"]
    note_tokens = [t for t in inline if t.content.startswith(("first", "new"))]
    assert [[c.type for c in t.children or []] for t in note_tokens] == [
        ["text", "hardbreak", "text"],
        ["text", "hardbreak", "text"],
    ]
    assert [shown(t) for t in note_tokens] == [
        "first line\nsecond line",
        "new paragraph\nindented third",
    ]


def test_source_is_linked_and_sections_can_be_left_out(tmp_path: Path) -> None:
    article = dataclasses.replace(
        hostile_article(["Anchor text here."]), source="https://example.com/a b?x=<1>"
    )
    annotation = highlight(article, *span_of(article, "Anchor text here."))
    options = ExportOptions(sections=frozenset({"highlights"}))
    markdown = to_markdown(
        article,
        [annotation],
        quotes=[FakeQuote("Words", "Ann")],
        entities=[Entity("Ann", EntityType.PERSON, (Mention(0, 1),))],
        exported_at=EXPORTED_AT,
        options=options,
    )
    tokens = parse(markdown)[1]
    links = [t for t in all_tokens(tokens) if t.type == "link_open"]
    assert [link.attrGet("href") for link in links] == ["https://example.com/a%20b?x=%3C1%3E"]
    assert "## Quotations" not in markdown and "## Entities" not in markdown
    # A file's path is text: CommonMark renderers refuse file:// links.
    local = dataclasses.replace(article, source=str(tmp_path / "story_1.txt"))
    document = blocks(parse(to_markdown(local, [annotation], exported_at=EXPORTED_AT))[1])
    assert document[1] == Block("p", f"Source: {tmp_path / 'story_1.txt'}")


def test_block_ids_are_stable_and_follow_their_quote(seed: Article) -> None:
    first = highlight(seed, *span_of(seed, "Daniel Ek"))
    again = to_markdown(seed, [first], exported_at=EXPORTED_AT)
    document = blocks(parse(again)[1])
    quote_at = kinds(document).index("quote")
    assert document[quote_at + 1] == Block("id", f"^nd-{first.id[:8]}")
    later = to_markdown(seed, [first], exported_at=EXPORTED_AT + timedelta(days=1))
    assert BLOCK_ID.findall(later) == BLOCK_ID.findall(again)


@settings(max_examples=150, deadline=None)
@given(highlighted=PRINTABLE.filter(lambda text: text.strip()), note=PRINTABLE, tag=PRINTABLE)
def test_a_copied_highlight_keeps_its_text_in_one_block_quote(
    highlighted: str, note: str, tag: str
) -> None:
    article = hostile_article([highlighted], title=note)
    start = article.text.index(highlighted, len("Intro paragraph.\n\n"))
    annotation = highlight(article, start, start + len(highlighted), note=note, tags=[tag])
    copied = highlight_markdown(article, annotation)
    tokens = MarkdownIt("commonmark").parse(copied)
    assert not {token.type for token in all_tokens(tokens)} & FORBIDDEN
    quotes = quoted_texts(tokens)
    assert len(quotes) == 1
    expected = re.sub(r"\r\n?", "\n", article.text[annotation.start : annotation.end])
    assert lines_shown(quotes[0]) == lines_shown(expected)


def test_a_separator_between_slashes_leaves_no_empty_nested_part() -> None:
    """Found by the property test above: '0/:/0' became '0//0'."""
    from annotations.export.obsidian import obsidian_tag

    assert obsidian_tag("0/:/0") == "tag-0/0"  # digits alone are no tag
    assert obsidian_tag("a/ - /b") == "a/b"
