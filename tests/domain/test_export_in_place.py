"""Writing exports in place: one file per article, updated, and never the user's text lost."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from annotations.export.in_place import (
    END_MARKER,
    START_MARKER,
    ExportWriteError,
    Outcome,
    beside_path,
    write_export,
)

FIRST = '---\ntitle: "Ferry"\nexported: "2025-01-01T00:00:00Z"\n---\n\n# Ferry\n\n> one\n'
SECOND = '---\ntitle: "Ferry"\nexported: "2025-01-02T00:00:00Z"\n---\n\n# Ferry\n\n> one\n\n> two\n'
SAME_LATER = FIRST.replace("2025-01-01", "2025-01-03")


def front_of(text: str) -> dict[str, object]:
    end = text.index("\n---\n", 4)
    loaded = yaml.safe_load(text[4:end])
    assert isinstance(loaded, dict)
    return loaded


def test_a_new_file_has_a_hash_and_markers_and_stays_commonmark(tmp_path: Path) -> None:
    path = tmp_path / "notes" / "ferry.md"
    result = write_export(path, FIRST, managed=True)
    assert result.outcome is Outcome.CREATED and result.path == path
    text = path.read_text(encoding="utf-8")
    front = front_of(text)
    assert front["title"] == "Ferry"
    assert str(front["newsdesk_hash"]).startswith("sha256:")
    assert START_MARKER in text and text.endswith(END_MARKER + "\n")
    tokens = MarkdownIt("commonmark").parse(text[text.index("\n---\n", 4) + 5 :])
    assert [t.type for t in tokens if t.type == "html_block"] == ["html_block", "html_block"]
    assert "blockquote_open" in {t.type for t in tokens}


def test_exporting_again_updates_in_place_or_says_it_is_up_to_date(tmp_path: Path) -> None:
    path = tmp_path / "ferry.md"
    write_export(path, FIRST, managed=True)
    assert write_export(path, SAME_LATER, managed=True).outcome is Outcome.UNCHANGED
    assert "2025-01-01" in path.read_text(encoding="utf-8")  # not rewritten for the time
    result = write_export(path, SECOND, managed=True)
    assert result.outcome is Outcome.UPDATED
    assert "> two" in path.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ferry.md"]


def test_text_added_outside_the_markers_is_kept_across_exports(tmp_path: Path) -> None:
    path = tmp_path / "ferry.md"
    write_export(path, FIRST, managed=True)
    text = path.read_text(encoding="utf-8")
    text = text.replace(START_MARKER, "My intro, above.\n\n" + START_MARKER)
    path.write_text(text + "\n## My thoughts\n\nThe ferry matters.\n", encoding="utf-8")
    result = write_export(path, SECOND, managed=True)
    assert result.outcome is Outcome.UPDATED
    updated = path.read_text(encoding="utf-8")
    assert "> two" in updated
    assert "My intro, above.\n\n" + START_MARKER in updated
    assert updated.endswith(END_MARKER + "\n\n## My thoughts\n\nThe ferry matters.\n")
    # And again: the merge is stable.
    write_export(path, SECOND.replace("> two", "> three"), managed=True)
    again = path.read_text(encoding="utf-8")
    assert "> three" in again and again.count("The ferry matters.") == 1


def test_an_edit_inside_newsdesk_s_part_is_kept_and_the_export_goes_beside(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ferry.md"
    write_export(path, FIRST, managed=True)
    edited = path.read_text(encoding="utf-8").replace("> one", "> one, corrected by me")
    path.write_text(edited, encoding="utf-8")
    result = write_export(path, SECOND, managed=True)
    assert result.outcome is Outcome.BESIDE
    assert result.kept == path and result.path == beside_path(path) == tmp_path / "ferry.new.md"
    assert "kept as it is" in result.message and "\n" not in result.message
    assert path.read_text(encoding="utf-8") == edited
    assert "> two" in result.path.read_text(encoding="utf-8")
    # Exporting again updates the file beside it; no third file ever appears.
    third = SECOND.replace("> two", "> three")
    assert write_export(path, third, managed=True).outcome is Outcome.BESIDE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ferry.md", "ferry.new.md"]
    assert "> three" in result.path.read_text(encoding="utf-8")


def test_an_edited_front_matter_counts_as_an_edit(tmp_path: Path) -> None:
    path = tmp_path / "ferry.md"
    write_export(path, FIRST, managed=True)
    path.write_text(path.read_text().replace('title: "Ferry"', 'title: "Mine"'))
    assert write_export(path, SECOND, managed=True).outcome is Outcome.BESIDE


def test_a_file_newsdesk_did_not_write_is_never_touched(tmp_path: Path) -> None:
    path = tmp_path / "ferry.md"
    path.write_text("my own notes\n", encoding="utf-8")
    result = write_export(path, FIRST, managed=True)
    assert result.outcome is Outcome.BESIDE
    assert path.read_text(encoding="utf-8") == "my own notes\n"
    beside = beside_path(path)
    beside.write_text("edited the new one too\n", encoding="utf-8")
    with pytest.raises(ExportWriteError) as caught:
        write_export(path, SECOND, managed=True)
    assert "\n" not in str(caught.value)
    assert beside.read_text(encoding="utf-8") == "edited the new one too\n"


def test_force_replaces_whatever_is_there(tmp_path: Path) -> None:
    path = tmp_path / "ferry.md"
    path.write_text("my own notes\n", encoding="utf-8")
    assert write_export(path, FIRST, managed=True, force=True).outcome is Outcome.REPLACED
    assert "> one" in path.read_text(encoding="utf-8")


def test_data_formats_are_replaced_only_when_newsdesk_wrote_them(tmp_path: Path) -> None:
    path = tmp_path / "ferry.csv"
    assert write_export(path, "a,b\n1,2\n", managed=False).outcome is Outcome.CREATED
    assert write_export(path, "a,b\n1,2\n", managed=False).outcome is Outcome.UNCHANGED
    assert write_export(path, "a,b\n1,3\n", managed=False).outcome is Outcome.UPDATED
    path.write_text("a,b\nmine\n", encoding="utf-8")
    result = write_export(path, "a,b\n1,4\n", managed=False)
    assert result.outcome is Outcome.BESIDE
    assert path.read_text(encoding="utf-8") == "a,b\nmine\n"
    assert result.path.read_text(encoding="utf-8") == "a,b\n1,4\n"


def test_a_folder_in_the_way_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "ferry.md").mkdir()
    with pytest.raises(ExportWriteError) as caught:
        write_export(tmp_path / "ferry.md", FIRST, managed=True)
    assert "it is a folder" in str(caught.value)


def test_a_template_without_front_matter_is_still_updated_in_place(tmp_path: Path) -> None:
    path = tmp_path / "plain.md"
    write_export(path, "- one\n", managed=True)
    text = path.read_text(encoding="utf-8")
    assert text.startswith('---\nnewsdesk_hash: "sha256:')
    path.write_text(text + "\nmine\n", encoding="utf-8")
    assert write_export(path, "- one\n- two\n", managed=True).outcome is Outcome.UPDATED
    updated = path.read_text(encoding="utf-8")
    assert "- two" in updated and updated.endswith("\nmine\n")


def test_a_removed_marker_makes_the_file_the_user_s(tmp_path: Path) -> None:
    path = tmp_path / "ferry.md"
    write_export(path, FIRST, managed=True)
    mine = path.read_text(encoding="utf-8").replace(END_MARKER + "\n", "")
    path.write_text(mine, encoding="utf-8")
    assert write_export(path, SECOND, managed=True).outcome is Outcome.BESIDE
    assert path.read_text(encoding="utf-8") == mine
