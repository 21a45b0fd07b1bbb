"""Run a spaCy pipeline's recogniser over a whole chunk, its tagger only around the entities.

The entity recogniser of spaCy's CNN pipelines (sm, md, lg) has its own embedding layers; the
shared ``tok2vec``, the tagger and the attribute ruler serve only parts of speech, which the
backend reads for the few tokens at the edges of entities. Those three cost ~40% of a chunk
(measured on a 1 MB article: tok2vec 28%, attribute ruler 13%, recogniser 57%). A token's tag
depends only on the tokens its convolution sees (``window_size × depth`` either side, padded
with zeros at a document's edges), so tagging a slice of the chunk with that many real tokens
around each entity token gives each of them exactly the tag the whole chunk gives.

Pipelines built otherwise (a transformer, a recogniser that listens to the shared tok2vec)
are tagged whole, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: What a pipeline runs only for parts of speech.
TAGGING_COMPONENTS = ("tok2vec", "tagger", "attribute_ruler")
#: Tokens added to the convolution's reach on each side: the attribute ruler's patterns span
#: up to two tokens.
EXTRA_CONTEXT_TOKENS = 1


@dataclass(frozen=True, slots=True)
class SplitPipeline:
    """A loaded pipeline split into what every token needs and what only entity edges need."""

    nlp: Any
    whole: tuple[Any, ...]  # components run over the whole chunk (the recogniser)
    tagging: tuple[Any, ...]  # components run only around entities, in pipeline order
    context: int  # real tokens needed either side of a token for its whole-chunk tag

    def __call__(self, text: str) -> tuple[Any, dict[int, str]]:
        """The chunk's document with its entities, and the part of speech of every token
        within `context` of an entity, by token index."""
        doc = self.nlp.make_doc(text)
        for component in self.whole:
            doc = component(doc)
        return doc, self._parts_of_speech(doc)

    def _parts_of_speech(self, doc: Any) -> dict[int, str]:
        windows = _windows([(ent.start, ent.end) for ent in doc.ents], self.context, len(doc))
        if not windows:
            return {}
        pieces = [_copy(doc[start:end]) for start, end in windows]
        for component in self.tagging:
            pieces = list(component.pipe(pieces))
        return {
            start + token.i: token.pos_
            for (start, _), piece in zip(windows, pieces, strict=True)
            for token in piece
        }


def _copy(span: Any) -> Any:
    """A new document of `span`'s tokens, as the tagger's layers read them: text, trailing
    space and norm (``Span.as_doc`` copies every annotation: ~70 times slower)."""
    from spacy.tokens import Doc

    piece = Doc(
        span.doc.vocab, words=[t.text for t in span], spaces=[bool(t.whitespace_) for t in span]
    )
    for token, source in zip(piece, span, strict=True):
        if token.norm != source.norm:  # a tokenizer exception's norm ("n't" → "not")
            token.norm_ = source.norm_
    return piece


def split_pipeline(nlp: Any) -> SplitPipeline | None:
    """`nlp` split for tagging around entities, or None when its tags need the whole chunk."""
    names = list(nlp.pipe_names)
    if "ner" not in names or "tagger" not in names:
        return None
    components = nlp.config["components"]
    reach = _convolution_reach(components.get("tok2vec", {}).get("model", {}))
    ner_encoder = components["ner"]["model"].get("tok2vec", {})
    tagger_listens = "Listener" in str(
        components["tagger"]["model"].get("tok2vec", {}).get("@architectures")
    )
    # The recogniser must have its own layers, the tagger must read the shared CNN.
    if reach is None or "Listener" in str(ner_encoder.get("@architectures")) or not tagger_listens:
        return None
    tagging = [n for n in names if n in TAGGING_COMPONENTS]
    whole = [n for n in names if n not in TAGGING_COMPONENTS]
    return SplitPipeline(
        nlp,
        whole=tuple(nlp.get_pipe(n) for n in whole),
        tagging=tuple(nlp.get_pipe(n) for n in tagging),
        context=reach + EXTRA_CONTEXT_TOKENS,
    )


def _convolution_reach(model: dict[str, Any]) -> int | None:
    """How many tokens either side a spaCy ``Tok2Vec`` CNN sees, or None for anything else."""
    encode = model.get("encode", {})
    if "MaxoutWindowEncoder" not in str(encode.get("@architectures")):
        return None
    try:
        return int(encode["window_size"]) * int(encode["depth"])
    except (KeyError, TypeError, ValueError):
        return None


def _windows(spans: list[tuple[int, int]], context: int, length: int) -> list[tuple[int, int]]:
    """Token ranges covering each span with `context` tokens either side, overlaps merged."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        start, end = max(0, start - context), min(length, end + context)
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
