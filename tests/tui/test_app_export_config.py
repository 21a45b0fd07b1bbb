"""The app with a config file: theme, remapped keys, auto-export, `y` and `E` through the
registry, and `E` and `export --all` agreeing on one file."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import run_cli

from annotations.article.model import Article
from annotations.config import load_config
from annotations.export.filenames import safe_filename
from annotations.export.in_place import START_MARKER
from annotations.library.store import LibraryStore
from annotations.sources.load import load_path, load_seed
from tui.app import NewsdeskApp


class RecordingApp(NewsdeskApp):
    """The app, keeping every notification it shows."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.shown: list[str] = []

    def notify(self, message: str, **kwargs: Any) -> None:
        self.shown.append(message)
        super().notify(message, **kwargs)


def write_config(text: str) -> Path:
    path = Path(os.environ["NEWSDESK_CONFIG"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_app(article: Article, library: Path, exports: Path) -> RecordingApp:
    return RecordingApp(article, store=LibraryStore(library), export_dir=exports)


async def settle(app: NewsdeskApp, pilot: Any) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_theme_and_keys_come_from_the_config(library: Path, tmp_path: Path) -> None:
    write_config('[app]\ntheme = "gruvbox"\n[keys]\nexport_markdown = "ctrl+e"\n')
    exports = tmp_path / "out"
    app = make_app(load_seed(), library, exports)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.theme == "gruvbox"
        await pilot.press("h", "E")  # E is no longer export: the keymap moved it
        await settle(app, pilot)
        assert not exports.exists()
        await pilot.press("ctrl+e")
        await settle(app, pilot)
        assert [path.suffix for path in exports.iterdir()] == [".md"]
        assert app.shown[-1].startswith("wrote ")


async def test_a_bad_config_is_one_notification_and_the_defaults(
    library: Path, tmp_path: Path
) -> None:
    write_config('[app]\ntheme = "no-such-theme"\n[keys]\nno_such_action = "x"\n')
    app = make_app(load_seed(), library, tmp_path / "out")
    default_theme = app.theme
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.theme == default_theme
        problems = [m for m in app.shown if m.startswith("config:")]
        assert len(problems) == 2 and all("\n" not in m for m in problems)
        assert "no-such-theme" in problems[0] and "no_such_action" in problems[1]


async def test_auto_export_writes_the_article_when_leaving_it(
    library: Path, tmp_path: Path
) -> None:
    write_config('[export]\nauto = true\nsections = ["highlights"]\n')
    seed = load_seed()
    exports = tmp_path / "out"
    app = make_app(seed, library, exports)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("h", "q")
    path = exports / safe_filename(seed.title, seed.id, ".md")
    text = path.read_text(encoding="utf-8")
    assert START_MARKER in text and "## Highlights" in text and "## Entities" not in text


async def test_y_copies_through_the_registry_in_the_configured_format(
    library: Path, tmp_path: Path
) -> None:
    write_config('[export]\ncopy_format = "json"\n')
    seed = load_seed()
    app = make_app(seed, library, tmp_path / "out")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("h", "y")
        await pilot.pause()
    copied = json.loads(app.clipboard)
    assert copied["type"] == "Annotation"
    assert copied["target"]["selector"][0]["exact"].startswith("Meta and Spotify")


async def test_e_and_export_all_produce_the_same_file(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = load_seed()
    exports = tmp_path / "vault"
    app = make_app(seed, library, exports)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("h", "a", *"line one", "enter", *"line two", "ctrl+s", "E")
        await settle(app, pilot)
    path = exports / safe_filename(seed.title, seed.id, ".md")
    from_e = path.read_text(encoding="utf-8")
    assert "line one\\\nline two" in from_e
    code, out, err = run_cli(["--library", str(library), "export", "--all", "-o", str(exports)],
                             capsys)  # fmt: skip
    assert code == 0, err
    assert f"up to date: {path}" in out  # the same document: nothing to rewrite
    assert path.read_text(encoding="utf-8") == from_e
    assert [p.name for p in exports.iterdir()] == [path.name]


def test_config_path_follows_the_environment() -> None:
    assert load_config().path == Path(os.environ["NEWSDESK_CONFIG"])


async def test_the_palette_offers_every_registered_format(library: Path, tmp_path: Path) -> None:
    seed = load_seed()
    exports = tmp_path / "out"
    app = make_app(seed, library, exports)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("h")
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert {"Export Markdown", "Export json", "Export readwise"} <= set(commands)
        commands["Export readwise"].callback()
        await settle(app, pilot)
    written = exports / safe_filename(seed.title, seed.id, ".csv")
    assert written.read_text(encoding="utf-8").startswith("Highlight,Title,Author,URL,Note,")


async def test_auto_export_on_opening_another_article_skips_one_without_highlights(
    library: Path, tmp_path: Path
) -> None:
    write_config("[export]\nauto = true\n")
    seed = load_seed()
    story = tmp_path / "story.txt"
    story.write_text("Ferry Plan\n\nThe ferry keeps running at night.\n", encoding="utf-8")
    other = load_path(story)
    exports = tmp_path / "out"
    app = make_app(seed, library, exports)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_article(other)  # nothing highlighted: nothing written
        await settle(app, pilot)
        assert not exports.exists()
        await pilot.press("h")
        app.open_article(seed)
        await settle(app, pilot)
        assert [p.name for p in exports.iterdir()] == [safe_filename(other.title, other.id, ".md")]
        assert any(m.startswith("Auto-export: wrote ") for m in app.shown)
