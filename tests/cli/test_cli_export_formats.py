"""`newsdesk export` through the registry: templates, sections, Readwise CSV, in-place files,
and `newsdesk config`."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from cli_helpers import assert_one_line_error, run_cli

from annotations.article.model import Article
from annotations.export.filenames import safe_filename
from annotations.export.in_place import END_MARKER, START_MARKER
from annotations.export.readwise_csv import HEADERS
from annotations.library.model import Color
from annotations.library.session import AnnotationSession
from annotations.library.store import LibraryStore
from annotations.sources.load import load_seed


def annotate(library: Path, article: Article) -> None:
    session = AnnotationSession(LibraryStore(library), article)
    start, end = article.sentences[1]
    session.create(start, end, note="first line\nsecond line", tags=["EU Policy", "people"])
    start, end = article.sentences[3]
    session.create(start, end, color=Color.PURPLE, tags=["2024"])


def write_config(text: str) -> Path:
    path = Path(os.environ["NEWSDESK_CONFIG"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_readwise_csv_has_the_documented_headers_and_one_row_per_highlight(
    capsys: pytest.CaptureFixture[str], library: Path
) -> None:
    seed = load_seed()
    annotate(library, seed)
    code, out, err = run_cli(["--library", str(library), "export", "--format", "readwise"], capsys)
    assert code == 0, err
    reader = csv.DictReader(io.StringIO(out, newline=""))
    assert tuple(reader.fieldnames or ()) == HEADERS
    rows = list(reader)
    assert [row["Highlight"] for row in rows] == [
        seed.text[slice(*seed.sentences[1])],
        seed.text[slice(*seed.sentences[3])],
    ]
    assert rows[0]["Title"] == seed.title
    assert rows[0]["Note"] == "first line\nsecond line\n.EU-Policy .people"
    assert rows[1]["Note"] == ".tag-2024"
    assert all(row["Location"].isdigit() for row in rows)
    assert all(len(row["Date"]) == 19 and row["Date"][10] == " " for row in rows)


def test_templates_by_name_and_path_and_a_broken_one_is_one_line(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    annotate(library, load_seed())
    base = ["--library", str(library), "export", "--rules"]
    code, out, _err = run_cli([*base, "--template", "callouts"], capsys)
    assert code == 0 and "> [!success]" not in out and "> [!warning] Yellow · " in out
    assert "> [!example] Purple · " in out
    mine = tmp_path / "mine.md.j2"
    mine.write_text(
        "{% for h in highlights %}- {{ h.text | md }} ({{ h.tags | hashtags }})\n{% endfor %}"
    )
    code, out, _err = run_cli([*base, "--template", str(mine)], capsys)
    assert code == 0 and out.startswith("- ") and "#EU-Policy #people" in out
    for bad, fragment in [
        ("bad", "no template named 'bad'"),
        (str(tmp_path), "is not a file"),
    ]:
        code, out, err = run_cli([*base, "--template", bad], capsys)
        assert code == 1 and out == ""
        assert_one_line_error(err, fragment)
    broken = tmp_path / "broken.md.j2"
    broken.write_text("line one\n{% for h in highlights %}\n{{ h.text }\n")
    code, _out, err = run_cli([*base, "--template", str(broken)], capsys)
    assert code == 1
    assert_one_line_error(err, "template", "line 3")
    undefined = tmp_path / "undefined.md.j2"
    undefined.write_text("ok\n{{ article.no_such_thing }}\n")
    code, _out, err = run_cli([*base, "--template", str(undefined)], capsys)
    assert code == 1
    assert_one_line_error(err, "line 2", "no_such_thing")
    sneaky = tmp_path / "sneaky.md.j2"
    sneaky.write_text("{{ article.__class__.__mro__ }}\n")
    code, _out, err = run_cli([*base, "--template", str(sneaky)], capsys)
    assert code == 1
    assert_one_line_error(err, "template")


def test_only_leaves_sections_out_and_a_wrong_name_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str], library: Path
) -> None:
    annotate(library, load_seed())
    base = ["--library", str(library), "export", "--rules"]
    code, out, _err = run_cli([*base, "--only", "highlights"], capsys)
    assert code == 0 and "## Highlights" in out
    assert "## Quotations" not in out and "## Entities" not in out
    code, _out, err = run_cli([*base, "--only", "highlights,gossip"], capsys)
    assert code == 1
    assert_one_line_error(err, "unknown section 'gossip'")


def test_export_edit_export_keeps_the_edit_and_updates_newsdesk_s_part(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    seed = load_seed()
    annotate(library, seed)
    folder = tmp_path / "vault"
    args = ["--library", str(library), "export", "--rules", "-o", str(folder) + "/"]
    code, out, _err = run_cli(args, capsys)
    path = folder / safe_filename(seed.title, seed.id, ".md")
    assert code == 0 and out.strip() == f"wrote {path}"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n## My thoughts\n\nWorth a follow-up.\n", encoding="utf-8")
    session = AnnotationSession(LibraryStore(library), seed)
    start, end = seed.sentences[5]
    session.create(start, end, note="added later")
    code, out, _err = run_cli(args, capsys)
    assert code == 0 and out.strip() == f"updated {path}"
    updated = path.read_text(encoding="utf-8")
    assert "added later" in updated
    assert updated.endswith(END_MARKER + "\n\n## My thoughts\n\nWorth a follow-up.\n")
    assert updated.count(START_MARKER) == 1
    assert [p.name for p in folder.iterdir()] == [path.name]
    code, out, _err = run_cli(args, capsys)
    assert out.strip() == f"up to date: {path}"


def test_export_all_defaults_to_the_export_folder_of_the_config(
    capsys: pytest.CaptureFixture[str],
    library: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NEWSDESK_EXPORT_DIR")
    vault = tmp_path / "vault"
    write_config(f'[export]\nfolder = "{vault}"\ntemplate = "callouts"\n')
    seed = load_seed()
    annotate(library, seed)
    code, _out, err = run_cli(["--library", str(library), "export", "--all", "--rules"], capsys)
    assert code == 0, err
    text = (vault / safe_filename(seed.title, seed.id, ".md")).read_text(encoding="utf-8")
    assert "> [!warning] Yellow" in text  # the config's template


def test_config_command_shows_the_file_and_what_it_sets(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _err = run_cli(["config"], capsys)
    assert code == 0
    assert f"config file: {os.environ['NEWSDESK_CONFIG']} (not found" in out
    assert "export.template = default  (default)" in out
    path = write_config(
        '[export]\ntemplate = "callouts"\nauto = true\n[app]\ntheme = "gruvbox"\n'
        '[keys]\nexport_markdown = "ctrl+e"\n'
    )
    code, out, err = run_cli(["config"], capsys)
    assert code == 0 and err == ""
    assert f"config file: {path}\n" in out
    assert "export.template = callouts\n" in out and "export.auto = true\n" in out
    assert "app.theme = gruvbox\n" in out and "keys.export_markdown = ctrl+e\n" in out


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("[export\nfolder = 1", ("config", "line 1", "defaults used")),
        ('[export]\nauto = "yes"\n', ("export.auto should be true or false",)),
        ('[export]\nformat = "pdf"\n', ("export.format should be one of",)),
        ('[export]\nsections = ["gossip"]\n', ("unknown section 'gossip'",)),
        ("[export]\ncolour = 1\n", ("export.colour is not a setting",)),
        ("theme = 3\n", ("theme is not a setting",)),
    ],
)
def test_a_bad_config_is_one_line_and_defaults_are_used(
    capsys: pytest.CaptureFixture[str], library: Path, text: str, fragments: tuple[str, ...]
) -> None:
    write_config(text)
    code, out, err = run_cli(["config"], capsys)
    assert code == 1
    assert_one_line_error(err, *fragments)
    assert "export.format = markdown" in out and "(not found" not in out
    # Other commands warn in one line and carry on with the defaults.
    annotate(library, load_seed())
    code, out, err = run_cli(["--library", str(library), "export", "--rules"], capsys)
    assert code == 0 and out.startswith("---\n")
    assert_one_line_error(err, "warning", *fragments)
