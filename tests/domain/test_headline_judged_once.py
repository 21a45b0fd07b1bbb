"""A line is judged as a headline once, however many candidates it holds.

A 1 MB article that is one paragraph is one line holding every candidate; judging the line
again for each one re-read the whole megabyte per candidate (minutes of analysis).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import annotations.analysis.entities.mention_rules as mention_rules
from annotations.analysis.entities.candidates import Candidate
from annotations.analysis.entities.mention_rules import drop_headline_only, is_title_case_line

LINES = st.sampled_from(
    [
        "NASA Opens Astronaut Applications",
        "Acme Corp Wins Contract",
        "The council met Acme Corp in Oslo.",
        "Jane Smith of Acme Corp said no",
        "Oslo",
    ]
)


def candidates_of(text: str) -> list[Candidate]:
    return [Candidate(m.start(), m.end()) for m in re.finditer(r"[A-Z][a-z]+|[A-Z]{2,}", text)]


def reference(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """The rule as it reads, one candidate at a time."""
    kept = []
    for candidate in candidates:
        line_start = text.rfind("\n", 0, candidate.start) + 1
        line_end = text.find("\n", candidate.end)
        line_end = len(text) if line_end < 0 else line_end
        if is_title_case_line(text[line_start:line_end]):
            surface = candidate.surface(text)
            if not text[:line_start].count(surface) + text[line_end:].count(surface):
                continue
        kept.append(candidate)
    return kept


@settings(max_examples=60, deadline=None)
@given(st.lists(LINES, min_size=1, max_size=6))
def test_the_same_candidates_are_dropped_as_one_by_one(lines: list[str]) -> None:
    text = "\n".join(lines)
    candidates = candidates_of(text)
    assert drop_headline_only(text, candidates) == reference(text, candidates)


def test_one_paragraph_is_judged_once(monkeypatch: pytest.MonkeyPatch) -> None:
    judged: list[int] = []

    def counting(line: str) -> bool:
        judged.append(len(line))
        return is_title_case_line(line)

    monkeypatch.setattr(mention_rules, "is_title_case_line", counting)
    paragraph = "Jane Smith of Acme Corp met Mayor Anna Berg in Oslo. " * 200
    text = "Acme Corp Wins Contract\n\n" + paragraph
    candidates = candidates_of(text)
    assert len(candidates) > 1000
    kept = drop_headline_only(text, candidates)
    assert len(judged) == 2  # the headline and the paragraph (every other candidate): once each
    # "Wins" and "Contract" are only in the headline: dropped; the rest is repeated, kept.
    assert {c.surface(text) for c in candidates} - {c.surface(text) for c in kept} == {
        "Wins",
        "Contract",
    }
