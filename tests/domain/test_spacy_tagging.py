"""The tagger run only around entities gives each entity token the part of speech the whole
chunk gives it, so the spaCy backend's mentions do not change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotations.analysis.entities.spacy_backend import (
    SpacyExtractor,
    _candidates,
    chunk_ranges,
    find_model_module,
)
from annotations.analysis.entities.spacy_tagging import _windows, split_pipeline

REALNEWS = Path(__file__).resolve().parent.parent / "data" / "realnews" / "articles"
SEED = Path(__file__).resolve().parents[2] / "seeds" / "meta-spotify-open-source-ai.txt"


def test_windows_cover_each_span_with_context_and_merge_overlaps() -> None:
    assert _windows([(10, 12), (3, 4), (40, 41)], 5, 44) == [(0, 17), (35, 44)]
    assert _windows([], 5, 10) == []
    assert _windows([(0, 1), (7, 8)], 3, 100) == [(0, 11)]  # touching windows merge


@pytest.fixture(scope="module", params=["sm", "md"])
def loaded(request: pytest.FixtureRequest) -> SpacyExtractor:
    package = find_model_module(request.param)
    if package is None:
        pytest.skip(f"spaCy's en_core_web_{request.param} is not installed")
    extractor = SpacyExtractor(package)
    extractor.load()
    return extractor


def _whole_chunk_tags(nlp: Any, chunk: str) -> tuple[Any, dict[int, str]]:
    doc = nlp(chunk)  # every component over every token, as before the split
    return doc, {token.i: token.pos_ for token in doc}


def test_the_cnn_pipelines_are_split(loaded: SpacyExtractor) -> None:
    split = split_pipeline(loaded._load_locked())
    assert split is not None
    assert [type(c).__name__ for c in split.whole] == ["EntityRecognizer"]
    assert split.context >= 4  # window 1 × depth 4 in sm and md


def test_entity_tokens_get_the_whole_chunks_tags_on_real_news(loaded: SpacyExtractor) -> None:
    nlp = loaded._load_locked()
    split = split_pipeline(nlp)
    assert split is not None
    texts = [p.read_text(encoding="utf-8") for p in sorted(REALNEWS.glob("*.txt"))[:6]]
    texts.append(SEED.read_text(encoding="utf-8"))
    compared = 0
    for text in texts:
        for start, end in chunk_ranges(text):
            whole_doc, whole_pos = _whole_chunk_tags(nlp, text[start:end])
            doc, pos = split(text[start:end])
            assert [(e.start, e.end, e.label_) for e in doc.ents] == [
                (e.start, e.end, e.label_) for e in whole_doc.ents
            ]
            for ent in doc.ents:
                for token in ent:
                    assert pos[token.i] == whole_pos[token.i], (token.text, text[start:end])
                    compared += 1
            assert _candidates(doc, pos, start) == _candidates(whole_doc, whole_pos, start)
    assert compared > 500
