"""The extractor interface, both backends on short texts, offsets and entity lookup."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from annotations.analysis.entities import (
    Entity,
    EntityType,
    Mention,
    find_entity_by_surface,
    get_extractor,
)
from annotations.analysis.entities.spacy_backend import find_model_module

ROOT = Path(__file__).resolve().parents[2]
HAS_SPACY = find_model_module() is not None
needs_spacy = pytest.mark.skipif(
    not HAS_SPACY, reason="spaCy with an English pipeline is not installed (newsdesk[nlp])"
)
ORG, PERSON, PLACE, OTHER = EntityType.ORG, EntityType.PERSON, EntityType.PLACE, EntityType.OTHER

SHORT_NEWS = (
    "Acme Robotics Inc. hired Dr. Lena Fischer on Monday. Fischer said the company would "
    "open an office in Lisbon. “We are thrilled,” Fischer’s deputy, Omar Haddad, said. "
    "Acme Robotics also joined the World Trade Organization (WTO) forum with Siemens and "
    "Bosch."
)


def by_name(entities: list[Entity]) -> dict[str, Entity]:
    return {entity.name: entity for entity in entities}


def test_importing_the_package_does_not_load_spacy() -> None:
    probe = "import sys, annotations.analysis.entities; print('spacy' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_get_extractor_rules() -> None:
    extractor = get_extractor("rules")
    assert extractor.name == "built-in rules"
    assert extractor.version


@needs_spacy
def test_get_extractor_auto_prefers_the_best_installed_pipeline() -> None:
    from annotations.analysis.entities.spacy_backend import PIPELINES

    extractor = get_extractor()
    best = next(size for size in PIPELINES if find_model_module(size) is not None)
    assert extractor.name.startswith(f"spaCy {PIPELINES[best][0]} ")
    assert extractor.version != get_extractor("rules").version


@pytest.mark.parametrize("size", ["sm", "md"])
def test_get_extractor_names_the_pipeline_asked_for(size: str) -> None:
    if find_model_module(size) is None:
        pytest.skip(f"en_core_web_{size} is not installed")
    extractor = get_extractor(f"spacy-{size}")  # type: ignore[arg-type]
    assert extractor.name.startswith(f"spaCy en_core_web_{size} ")
    assert f"spacy-{size}" not in get_extractor("rules").version


def test_get_extractor_spacy_without_spacy_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    import annotations.analysis.entities.spacy_backend as backend

    monkeypatch.setattr(backend, "find_model_module", lambda size="auto": None)
    with pytest.raises(RuntimeError, match="spaCy"):
        get_extractor("spacy")
    with pytest.raises(RuntimeError, match="en_core_web_lg"):
        get_extractor("spacy-lg")
    assert get_extractor("auto").name == "built-in rules"


@needs_spacy
def test_loading_the_md_pipeline_under_spacy_3_8_does_not_warn() -> None:
    if find_model_module("md") is None:
        pytest.skip("en_core_web_md is not installed")
    probe = (
        "import warnings; warnings.simplefilter('error');"
        "from annotations.analysis.entities import get_extractor;"
        "print(len(get_extractor('spacy-md').extract('Jane Roe of Acme Corp said so.')))"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-500:]
    assert int(result.stdout) >= 1


@pytest.mark.parametrize("backend", ["rules", pytest.param("spacy", marks=needs_spacy)])
def test_mentions_are_offsets_of_their_surfaces(backend: str) -> None:
    text = SHORT_NEWS
    entities = get_extractor(backend).extract(text)  # type: ignore[arg-type]
    assert entities
    for entity in entities:
        for mention in entity.mentions:
            surface = text[mention.start : mention.end].replace("’", "'")
            assert surface in {entity.name, *entity.aliases}
        assert list(entity.mentions) == sorted(entity.mentions)
    counts = [entity.count for entity in entities]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.parametrize("backend", ["rules", pytest.param("spacy", marks=needs_spacy)])
def test_backend_finds_people_organisations_and_places(backend: str) -> None:
    found = by_name(get_extractor(backend).extract(SHORT_NEWS))  # type: ignore[arg-type]
    assert found["Lena Fischer"].type is PERSON
    assert found["Lena Fischer"].count == 3  # full name, surname, surname with possessive
    assert found["Lisbon"].type is PLACE
    assert found["World Trade Organization"].type is ORG
    assert "WTO" in found["World Trade Organization"].aliases
    assert found["Siemens"].type is ORG and found["Bosch"].type is ORG
    assert not {"Monday", "Dr", "We", "Fischer"} & set(found)


def test_rules_backend_joins_connectors_and_skips_sentence_openers() -> None:
    text = (
        "Officials at the Bank of England met Jean-Paul van der Berg in Paris. "
        "Yesterday the Bank of England said rates would stay. Analysts agreed."
    )
    found = by_name(get_extractor("rules").extract(text))
    assert found["Bank of England"].type is ORG
    assert found["Bank of England"].count == 2
    assert found["Paris"].type is PLACE
    assert {"Officials", "Yesterday", "Analysts"}.isdisjoint(found)


def test_rules_backend_splits_titles_from_names() -> None:
    text = "Meta CEO Mark Zuckerberg and German Finance Minister Christian Lindner met."
    found = by_name(get_extractor("rules").extract(text))
    assert found["Mark Zuckerberg"].type is PERSON
    assert found["Christian Lindner"].type is PERSON
    assert "Meta" in found
    assert not {"Finance", "German", "CEO"} & set(found)


def test_rules_backend_skips_headline_cased_lines() -> None:
    text = "Ministers Split Over Digital Tax Plan In Brussels\n\nThe plan was drafted in Brussels."
    found = by_name(get_extractor("rules").extract(text))
    assert "Ministers Split Over Digital Tax Plan In Brussels" not in found
    assert found["Brussels"].count == 2


def test_empty_and_name_free_texts() -> None:
    assert get_extractor("rules").extract("") == []
    assert get_extractor("rules").extract("it rained all day and nobody came.") == []


def entity(name: str, kind: EntityType, *aliases: str) -> Entity:
    return Entity(name, kind, (Mention(0, len(name)),), aliases)


PEOPLE = [
    entity("Mark Zuckerberg", PERSON, "Zuckerberg"),
    entity("European Union", ORG),
    entity("Meta", ORG),
    entity("Digital Markets Act", OTHER, "DMA"),
    entity("UN", ORG),
]


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("Mark Zuckerberg", "Mark Zuckerberg"),
        ("Zuckerberg", "Mark Zuckerberg"),
        ("Zuckerberg’s", "Mark Zuckerberg"),
        ("EU", "European Union"),
        ("the European Union", "European Union"),
        ("Meta's", "Meta"),
        ("DMA", "Digital Markets Act"),
        ("United Nations", "UN"),
        ("Apple", None),
        ("", None),
    ],
)
def test_find_entity_by_surface(surface: str, expected: str | None) -> None:
    found = find_entity_by_surface(PEOPLE, surface)
    assert (found.name if found else None) == expected


def test_find_entity_by_surface_matches_surnames_of_people_only() -> None:
    entities = [entity("Goldman Sachs", ORG), entity("Jeffrey Sachs", PERSON)]
    found = find_entity_by_surface(entities, "Sachs")
    assert found is not None and found.name == "Jeffrey Sachs"


@pytest.mark.parametrize("backend", ["rules", pytest.param("spacy", marks=needs_spacy)])
def test_extract_gives_the_same_result_from_concurrent_threads(backend: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    extractor = get_extractor(backend)  # type: ignore[arg-type]
    texts = [SHORT_NEWS, SHORT_NEWS.replace("Lisbon", "Madrid")] * 3
    expected = [extractor.extract(text) for text in texts]
    with ThreadPoolExecutor(max_workers=3) as pool:
        assert list(pool.map(extractor.extract, texts)) == expected


def test_asking_for_a_pipeline_that_is_not_installed_is_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import annotations.analysis.entities.spacy_backend as backend
    from cli.main import main

    monkeypatch.setattr(backend, "find_model_module", lambda size="auto": None)
    story = tmp_path / "story.txt"
    story.write_text("Jane Roe of Acme Corp said so.", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["--library", str(tmp_path / "lib"), "--extractor", "spacy-lg", "analyze", str(story)])
    assert exit_info.value.code == 1
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1
    assert "en_core_web_lg" in error and "Traceback" not in error
