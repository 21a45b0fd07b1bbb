"""Markdown articles: shown text without markup, and the block structure."""

from __future__ import annotations

from annotations.article.model import Article, BlockKind
from annotations.sources.markdown import article_from_markdown

DOCUMENT = """\
# Meta Holds Back Its Model

Meta *will not* release its **next** model in the [EU](https://europa.eu "EU"),
citing `regulatory` uncertainty. ![A chart of delays](chart.png) <span>Really</span> &amp; truly.

## What Spotify said

> Open models help artists.
> They help listeners too.

1. First point
2. Second point
   - a nested detail
     - deeper still
3. Third point

- bullet one
- bullet two

```python
def f():

    return 1
```

    indented code

| Company | Country |
|---------|---------|
| Meta    | US      |

Last line\\
after a hard break.
"""


def parse(text: str) -> Article:
    return article_from_markdown(text, source="doc.md", source_key="file:/doc.md")


def shown(article: Article) -> list[tuple[BlockKind, str]]:
    return [(b.kind, article.text[b.start : b.end]) for b in article.blocks]


def test_first_h1_is_the_title_and_meta_says_markdown() -> None:
    article = parse(DOCUMENT)
    assert article.title == "Meta Holds Back Its Model"
    assert shown(article)[0] == (BlockKind.TITLE, "Meta Holds Back Its Model")
    assert article.meta == {"format": "markdown"}


def test_inline_markup_is_removed_from_the_shown_text() -> None:
    article = parse(DOCUMENT)
    assert shown(article)[1] == (
        BlockKind.PARAGRAPH,
        "Meta will not release its next model in the EU,\n"
        "citing regulatory uncertainty. A chart of delays Really & truly.",
    )
    prose = "\n".join(text for _, text in shown(article) if "def f" not in text)
    for marker in ("*", "[", "](", "`", "<span>", "&amp;", "#"):
        assert marker not in prose


def test_headings_quotes_and_lists_become_their_blocks() -> None:
    article = parse(DOCUMENT)
    blocks = article.blocks
    kinds = [b.kind for b in blocks]
    heading = blocks[2]
    assert (heading.kind, heading.level) == (BlockKind.HEADING, 2)
    assert article.text[heading.start : heading.end] == "What Spotify said"
    assert shown(article)[3] == (
        BlockKind.QUOTE,
        "Open models help artists.\nThey help listeners too.",
    )
    items = [b for b in blocks if b.kind is BlockKind.LIST_ITEM]
    assert [(article.text[b.start : b.end], b.level, b.number) for b in items] == [
        ("First point", 1, 1),
        ("Second point", 1, 2),
        ("a nested detail", 2, None),
        ("deeper still", 3, None),
        ("Third point", 1, 3),
        ("bullet one", 1, None),
        ("bullet two", 1, None),
    ]
    assert kinds.count(BlockKind.HEADING) == 1


def test_code_is_kept_as_is_and_tables_are_rows_of_cells() -> None:
    texts = [text for _, text in shown(parse(DOCUMENT))]
    assert "def f():\n\n    return 1" in texts
    assert "indented code" in texts
    assert "Company | Country" in texts
    assert "Meta | US" in texts


def test_hard_break_becomes_a_newline() -> None:
    assert shown(parse(DOCUMENT))[-1] == (BlockKind.PARAGRAPH, "Last line\nafter a hard break.")


def test_blocks_are_separated_by_a_blank_line_and_offsets_hold() -> None:
    article = parse(DOCUMENT)
    for before, after in zip(article.blocks, article.blocks[1:], strict=False):
        assert article.text[before.end : after.start] == "\n\n"
    assert article.blocks[0].start == 0
    assert article.blocks[-1].end == len(article.text)
    for start, end in [*article.words, *article.sentences]:
        assert article.block_at(start) is article.block_at(end - 1) is not None


def test_front_matter_title_author_and_date() -> None:
    text = '---\ntitle: "Rates Hold Steady"\nauthor: Ana Ruiz\ndate: 2024-06-01\n---\nBody text.\n'
    article = parse(text)
    assert article.title == "Rates Hold Steady"
    assert (article.byline, article.date) == ("Ana Ruiz", "2024-06-01")
    assert shown(article) == [
        (BlockKind.TITLE, "Rates Hold Steady"),
        (BlockKind.PARAGRAPH, "Body text."),
    ]
    assert "---" not in article.text


def test_front_matter_title_matching_the_h1_is_not_repeated() -> None:
    article = parse("---\ntitle: Same\n---\n# Same\n\nText.\n")
    assert shown(article) == [(BlockKind.TITLE, "Same"), (BlockKind.PARAGRAPH, "Text.")]


def test_without_h1_the_title_is_derived_and_a_first_h2_stays_a_heading() -> None:
    article = parse("## Background\n\nThe talks began in May. They ended in June.\n")
    assert article.blocks[0].kind is BlockKind.HEADING
    assert article.title == "Background"


def test_paragraph_of_only_html_or_empty_image_shows_nothing() -> None:
    article = parse("<div>raw block</div>\n\n![](x.png)\n\nReal text.\n")
    assert shown(article) == [(BlockKind.PARAGRAPH, "Real text.")]
