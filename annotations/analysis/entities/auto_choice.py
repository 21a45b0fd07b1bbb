"""Whether ``--extractor auto`` should leave a text to the built-in rules: one so long that a
spaCy pipeline would not finish it in a few minutes.

Measured on this project's 2-core machine (`benchmarks/bench_analysis.py`,
`benchmarks/bench_huge.py`): spaCy md in the worker pool takes ~20–30 s per MB on a quiet
machine, so 15 MB took ~27 min; the rules take ~3–5 s per MB. An explicit ``--extractor
spacy`` (or ``spacy-md`` …) still uses spaCy whatever the length.
"""

from __future__ import annotations

#: The longest text, in characters, that "auto" gives to a spaCy pipeline (~1–2 min with md).
AUTO_SPACY_MAX_CHARS = 4_000_000


def rules_instead_of_model(choice: str, backend: str | None, length: int) -> bool:
    """Whether the "auto" choice, which picked `backend`, should use the rules for a text of
    `length` characters."""
    return (
        choice == "auto" and (backend or "").startswith("spacy") and length > AUTO_SPACY_MAX_CHARS
    )
