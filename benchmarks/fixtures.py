"""Articles and highlights for the pty benchmarks, made the way the owner's tools make them.

`long_article` writes what /work/shared/tools/gen_long.py writes (the seed's paragraphs as
`Section N.` paragraphs); `annotations_json` writes N W3C Web Annotations spread evenly over
a text (as gen_anns.py, which stops at one per section: 2,288 on 1 MB), for `newsdesk import`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "meta-spotify-open-source-ai.txt"


def long_article(out: Path, size: int = 1_000_000) -> Path:
    paragraphs = SEED.read_text(encoding="utf-8").strip().split("\n")
    lines, total, index = ["A very long read", ""], 0, 0
    while total < size:
        paragraph = f"Section {index}. " + paragraphs[index % len(paragraphs)]
        lines += [paragraph, ""]
        total += len(paragraph) + 2
        index += 1
    lines.append("THE END MARKER")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def one_paragraph_article(out: Path, size: int = 1_000_000) -> Path:
    """The seed's paragraphs run together into one paragraph of `size` characters, under a
    title: the shape whose every line-based step (a line is the whole paragraph) must stay
    linear. Its first words are the seed's, "once again" among them."""
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n") if p.strip()]
    body: list[str] = []
    total, index = 0, 0
    while total < size:
        paragraph = paragraphs[index % len(paragraphs)].strip()
        body.append(paragraph)
        total += len(paragraph) + 1
        index += 1
    out.write_text("One long paragraph\n\n" + " ".join(body) + "\n", encoding="utf-8")
    return out


def annotations_json(article: Path, count: int, out: Path, length: int = 40) -> Path:
    """`count` highlights of about `length` characters, starting at evenly spaced words."""
    text = article.read_text(encoding="utf-8")
    words = [match.start() for match in re.finditer(r"(?<!\S)\w", text)]
    step = max(len(words) // count, 1)
    annotations = []
    for number, start in enumerate(words[::step][:count]):
        end = start + length
        annotations.append(
            {
                "@context": "http://www.w3.org/ns/anno.jsonld",
                "id": f"urn:uuid:00000000-0000-4000-8000-{number:012d}",
                "type": "Annotation",
                "motivation": "highlighting",
                "body": [
                    {"type": "TextualBody", "value": f"note {number}", "purpose": "commenting"}
                ],
                "target": {
                    "source": str(article),
                    "selector": [
                        {
                            "type": "TextQuoteSelector",
                            "exact": text[start:end],
                            "prefix": text[max(0, start - 32) : start],
                            "suffix": text[end : end + 32],
                        },
                        {"type": "TextPositionSelector", "start": start, "end": end},
                    ],
                },
            }
        )
    out.write_text(json.dumps(annotations), encoding="utf-8")
    return out


def tiny_paragraphs_page(out: Path, count: int = 200_000) -> Path:
    """A saved web page whose article is `count` tiny numbered paragraphs (``<p>Item 7.</p>``),
    the shape that once took minutes to open: every per-paragraph step must be linear."""
    paragraphs = "\n".join(f"<p>Item {number} is short.</p>" for number in range(count))
    page = (
        "<!doctype html><html><head><meta charset='utf-8'><title>Many paragraphs</title>"
        "</head><body><article><h1>Many paragraphs</h1>\n"
        f"{paragraphs}\n</article></body></html>\n"
    )
    out.write_text(page, encoding="utf-8")
    return out
