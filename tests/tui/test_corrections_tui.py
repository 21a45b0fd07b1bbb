"""The reader corrects the machine from the keyboard: in the Entities and Quotes panes and
with `e` in the article; corrections persist, survive a new analysis, undo, and reach the
exports and `analyze --json`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_helpers import run_cli
from pilot_support import analysed

from annotations.analysis.entities.model import EntityType
from annotations.article.model import Article
from annotations.library.corrections import CorrectionKind
from annotations.library.store import LibraryStore
from annotations.sources.load import load_seed
from tui.app import NewsdeskApp
from tui.dialogs.choice_dialog import ChoiceDialog
from tui.dialogs.prompt_dialog import PromptDialog
from tui.screens.reader import ReaderScreen
from tui.widgets.entities_pane import EntitiesPane
from tui.widgets.quotes_pane import QuotesPane


def make_app(article: Article, library: Path) -> NewsdeskApp:
    return NewsdeskApp(article, store=LibraryStore(library))


def reader(app: NewsdeskApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


async def on_entity(app: NewsdeskApp, pilot: object, name: str) -> EntitiesPane:
    pane = app.screen.query_one(EntitiesPane)
    pane.option_list.focus()
    await pilot.pause()  # type: ignore[attr-defined]
    pane.select_option(name)
    return pane


def entity_named(app: NewsdeskApp, name: str) -> object | None:
    analysis = reader(app).analysis
    assert analysis is not None
    return next((e for e in analysis.entities if e.name == name), None)


async def test_T_changes_an_entitys_type_and_it_is_kept(
    seed_article: Article, library: Path
) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        await on_entity(app, pilot, "Big Tech")
        await pilot.press("T")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("j", "enter")  # from a person to an organisation
        await pilot.pause()
        big_tech = entity_named(app, "Big Tech")
        assert big_tech is not None
        assert big_tech.type is EntityType.ORG and big_tech.by_reader  # type: ignore[attr-defined]
        pane = app.screen.query_one(EntitiesPane)
        assert pane.selected_option_id == "Big Tech"  # the row followed the entity
        rows = pane.option_list
        shown = [str(rows.get_option_at_index(i).prompt) for i in range(rows.option_count)]
        assert any(row.startswith("Big Tech") and "yours" in row for row in shown)
    (saved,) = LibraryStore(library).corrections(seed_article.id)
    assert saved.kind is CorrectionKind.ENTITY_TYPE
    again = make_app(seed_article, library)
    async with again.run_test(size=(120, 40)):
        await analysed(again)
        assert entity_named(again, "Big Tech").type is EntityType.ORG  # type: ignore[attr-defined]


async def test_x_removes_an_entity_and_u_brings_it_back(
    seed_article: Article, library: Path
) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        await on_entity(app, pilot, "Big Tech")
        await pilot.press("x")
        assert entity_named(app, "Big Tech") is None
        await pilot.press("u")  # undo answers in a pane too
        assert entity_named(app, "Big Tech") is not None
        assert LibraryStore(library).corrections(seed_article.id) == []


async def test_m_merges_an_entity_into_another(seed_article: Article, library: Path) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        meta = entity_named(app, "Meta")
        facebook = entity_named(app, "Facebook")
        assert meta is not None and facebook is not None
        await on_entity(app, pilot, "Facebook")
        await pilot.press("m")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"Meta", "enter")
        await pilot.pause()
        assert entity_named(app, "Facebook") is None
        merged = entity_named(app, "Meta")
        assert merged.count == meta.count + facebook.count  # type: ignore[attr-defined]
        assert "Facebook" in merged.aliases  # type: ignore[attr-defined]


async def test_e_marks_the_selection_as_an_entity(seed_article: Article, library: Path) -> None:
    app = make_app(seed_article, library)
    text = seed_article.text
    llama = text.index("LLaMA multimodal")
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        assert entity_named(app, "LLaMA multimodal") is None
        reader(app).view.move_cursor(llama)
        await pilot.press("v", "w", "e")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("G", "enter")  # something else (a product)
        await pilot.pause()
        added = entity_named(app, "LLaMA multimodal")
        assert added is not None and added.type is EntityType.OTHER  # type: ignore[attr-defined]
        assert added.by_reader  # type: ignore[attr-defined]


async def quotes_pane(app: NewsdeskApp, pilot: object) -> QuotesPane:
    pane = app.screen.query_one(QuotesPane)
    pane.option_list.focus()
    await pilot.pause()  # type: ignore[attr-defined]
    return pane


async def test_s_sets_a_speaker_and_x_says_not_a_quotation(
    seed_article: Article, library: Path
) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        pane = await quotes_pane(app, pilot)
        first = pane.selected()
        assert first is not None
        await pilot.press("s")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press("ctrl+a", "ctrl+k", *"Mark Zuckerberg", "enter")
        await pilot.pause()
        corrected = pane.selected()
        assert corrected is not None and corrected.start == first.start
        assert corrected.speaker == "Mark Zuckerberg" and corrected.by_reader
        count = len(pane.quotes)
        await pilot.press("j", "x")
        assert len(pane.quotes) == count - 1
    kinds = [c.kind for c in LibraryStore(library).corrections(seed_article.id)]
    assert kinds == [CorrectionKind.QUOTE_SPEAKER, CorrectionKind.QUOTE_REMOVE]


async def test_corrections_survive_a_new_analysis(seed_article: Article, library: Path) -> None:
    app = make_app(seed_article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        pane = await quotes_pane(app, pilot)
        await pilot.press("s", "ctrl+a", "ctrl+k", *"Someone Else", "enter")
        await analysed(app)
    shutil.rmtree(library / "cache")  # the analysis is computed afresh on reopening
    again = make_app(seed_article, library)
    async with again.run_test(size=(120, 40)):
        await analysed(again)
        pane = again.screen.query_one(QuotesPane)
        assert any(q.speaker == "Someone Else" and q.by_reader for q in pane.quotes)


async def test_corrections_reach_export_and_analyze_json(
    library: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    article = load_seed()  # what `newsdesk analyze` opens with no SOURCE
    app = make_app(article, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await analysed(app)
        await quotes_pane(app, pilot)
        await pilot.press("s", "ctrl+a", "ctrl+k", *"Jane Reader", "enter")
        await on_entity(app, pilot, "Big Tech")
        await pilot.press("x")
        await analysed(app)
    monkeypatch.setenv("NEWSDESK_LIBRARY", str(library))
    exported = tmp_path / "notes.md"
    code, _out, _err = run_cli(["export", article.id, "-o", str(exported)], capsys)
    assert code == 0
    assert "Jane Reader" in exported.read_text(encoding="utf-8")
    code, out, _err = run_cli(["analyze", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    speakers = {q["speaker"]: q["by"] for q in data["quotes"]}
    assert speakers.get("Jane Reader") == "reader"
    assert all(e["name"] != "Big Tech" for e in data["entities"])
    assert {e["by"] for e in data["entities"]} == {"machine"}
