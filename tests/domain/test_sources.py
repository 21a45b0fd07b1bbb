"""Loading sources: formats, encodings, and a one-line SourceError for every failure."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from annotations.article.model import BlockKind, article_id
from annotations.sources.load import (
    DEFAULT_SEED,
    MAX_SOURCE_BYTES,
    SourceError,
    article_from_text,
    decode_bytes,
    load_path,
    load_seed,
    load_source,
    load_stdin,
    looks_like_markdown,
)

MARKDOWN = "# Rates Hold\n\nThe bank kept rates at *4%*.\n\n- Inflation fell\n- Jobs rose\n"
SMART_TEXT = "He said: “We’re done — for now.”\n\nThe café closed at 5 o’clock.\n"


def error_of(call: object, *args: object) -> str:
    assert callable(call)
    with pytest.raises(SourceError) as caught:
        call(*args)
    message = str(caught.value)
    assert "\n" not in message
    return message


# --- decoding --------------------------------------------------------------------------------


def test_utf8_with_and_without_bom() -> None:
    assert decode_bytes("Zürich “quoted”".encode()) == ("Zürich “quoted”", "utf-8")
    assert decode_bytes(b"\xef\xbb\xbfHello") == ("Hello", "utf-8")


def test_utf16_with_bom_is_not_mistaken_for_binary() -> None:
    text, encoding = decode_bytes("\ufeffMünchen news".encode("utf-16-le"))
    assert text.lstrip("\ufeff") == "München news"
    assert encoding.startswith("utf-16")


def test_binary_data_is_refused() -> None:
    assert "binary" in error_of(decode_bytes, b"PK\x03\x04\x00\x00 zip-like")
    assert "binary" in error_of(decode_bytes, bytes(range(1, 32)) * 10 + b"a few letters")


def test_windows_1252_smart_quotes_decode_right(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(SMART_TEXT.encode("cp1252"))
    article = load_path(path)
    assert article.text == SMART_TEXT
    assert "encoding" in article.meta
    assert article.meta["encoding"] != "utf-8"


# --- text to article -------------------------------------------------------------------------


def test_auto_detects_markdown_from_several_signals() -> None:
    article = article_from_text(MARKDOWN, source="m", source_key="m", fmt="auto")
    assert article.meta["format"] == "markdown"
    assert article.title == "Rates Hold"
    assert "*" not in article.text


def test_a_single_hash_line_is_not_enough_for_markdown() -> None:
    text = "# 1 priority for the council\n\nThe council met on Tuesday.\n"
    assert not looks_like_markdown(text)
    article = article_from_text(text, source="t", source_key="t", fmt="auto")
    assert article.meta["format"] == "text"
    assert article.text == text


def test_several_headings_alone_are_markdown() -> None:
    assert looks_like_markdown("# One\n\nText.\n\n## Two\n\nMore text.\n")


def test_plain_news_with_quotes_and_a_dash_is_text() -> None:
    text = "Storm Hits Coast\n\n“It was loud,” she said - and left.\n\nPower is back (mostly).\n"
    assert not looks_like_markdown(text)


def test_explicit_format_wins_over_sniffing() -> None:
    article = article_from_text(MARKDOWN, source="m", source_key="m", fmt="text")
    assert article.meta["format"] == "text"
    assert article.text == MARKDOWN


def test_line_endings_are_normalised() -> None:
    article = article_from_text("Title Line\r\n\r\nBody one.\rBody two.\r\n", source="t",
                                source_key="t", fmt="text")  # fmt: skip
    assert article.text == "Title Line\n\nBody one.\nBody two.\n"


@pytest.mark.parametrize("text", ["", "   \n\t\r\n  "])
def test_empty_text_is_an_error(text: str) -> None:
    assert "is empty" in error_of(
        lambda: article_from_text(text, source="notes", source_key="k", fmt="auto")
    )


# --- files -----------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    assert error_of(load_path, missing) == f"cannot open '{missing}': no such file"


def test_directory(tmp_path: Path) -> None:
    assert (
        error_of(load_path, tmp_path) == f"cannot open '{tmp_path}': it is a directory, not a file"
    )


def test_permission_denied_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Some text.")

    def refuse(*args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    message = error_of(load_path, path)
    monkeypatch.undo()
    assert message == f"cannot open '{path}': permission denied"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_permission_denied_for_real(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Some text.")
    path.chmod(0)
    assert "permission denied" in error_of(load_path, path)


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(MAX_SOURCE_BYTES + 1)  # sparse: no 16 MB written to disk
    message = error_of(load_path, path)
    assert message.startswith(f"cannot open '{path}': the file is")
    assert "over the 16 MB limit" in message


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert error_of(load_path, path) == f"cannot open '{path}': looks like a binary file, not text"


@pytest.mark.parametrize("content", [b"", b"  \n\n\t \r\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert error_of(load_path, path) == f"cannot open '{path}': the file is empty"


def test_markdown_extension_forces_markdown(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("Only *one* signal here.\n", encoding="utf-8")
    article = load_path(path)
    assert article.meta["format"] == "markdown"
    assert article.text == "Only one signal here."


def test_txt_file_is_plain_text_and_keyed_by_resolved_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 15 changed this: a .txt file is never sniffed, so no character of it is lost.
    (tmp_path / "story.txt").write_text(MARKDOWN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    article = load_path("story.txt")
    assert article.meta == {"format": "text"}
    assert article.text == MARKDOWN
    assert article.source == "story.txt"
    assert article.id == article_id("file:" + str((tmp_path / "story.txt").resolve()))


# --- stdin, seeds and dispatch ---------------------------------------------------------------


def test_stdin_is_read_and_keyed_by_its_text() -> None:
    first = load_stdin(io.BytesIO(b"Headline Here\n\nBody text.\n"))
    again = load_stdin(io.BytesIO(b"Headline Here\r\n\r\nBody text.\r\n"))
    other = load_stdin(io.BytesIO(b"Headline Here\n\nOther text.\n"))
    assert first.source == "stdin"
    assert first.title == "Headline Here"
    assert first.id == again.id  # same text once line endings are normalised
    assert first.id != other.id


def test_stdin_errors() -> None:
    assert error_of(load_stdin, io.BytesIO(b"")) == "cannot read stdin: the input is empty"
    assert "binary" in error_of(load_stdin, io.BytesIO(b"\x00\x01\x02"))
    too_big = io.BytesIO(b"a" * (MAX_SOURCE_BYTES + 1))
    assert error_of(load_stdin, too_big) == "cannot read stdin: the input is over the 16 MB limit"


def test_default_seed_loads_from_the_package() -> None:
    article = load_seed()
    assert article.source == f"seed: {DEFAULT_SEED}"
    assert article.id == article_id("seed:" + DEFAULT_SEED)
    assert [b.kind for b in article.blocks] == [BlockKind.PARAGRAPH] * 7


@pytest.mark.parametrize("name", ["no-such-seed.txt", "../pyproject.toml", "__init__.py"])
def test_unknown_seed(name: str) -> None:
    message = error_of(load_seed, name)
    assert message.startswith(f"no seed article named '{name}'")
    assert DEFAULT_SEED in message


def test_load_source_dispatches_dash_to_stdin_and_the_rest_to_paths(tmp_path: Path) -> None:
    article = load_source("-", io.BytesIO(b"From a pipe."))
    assert article.source == "stdin"
    path = tmp_path / "a.txt"
    path.write_text("From a file.", encoding="utf-8")
    assert load_source(str(path)).text == "From a file."
    assert "no such file" in error_of(load_source, str(tmp_path / "nope.txt"))
