"""safe_filename: portable, stable, distinct names for exported articles."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations.export.filenames import FALLBACK_SLUG, safe_filename

ARTICLE_ID = "caaec01ed6b89e22"
WINDOWS_FORBIDDEN = set('/\\:*?"<>|')
WINDOWS_RESERVED = re.compile(r"(con|prn|aux|nul|com\d|lpt\d)(\..*)?", re.IGNORECASE)


def assert_portable(name: str) -> None:
    assert not WINDOWS_FORBIDDEN & set(name), name
    assert all(unicodedata.category(char)[0] != "C" for char in name), name
    assert not name.startswith((".", "-", " ")), name
    assert not name.endswith((".", " ")), name
    assert not WINDOWS_RESERVED.fullmatch(name.split(".")[0]), name
    assert len(name.encode("utf-8")) <= 150, name


def test_title_becomes_a_hyphenated_slug_with_an_id_part() -> None:
    name = safe_filename("Meta and Spotify are once again collaborating", ARTICLE_ID, ".md")
    assert name == "meta-and-spotify-are-once-again-collaborating-caaec01e.md"


def test_suffix_may_be_given_without_its_dot() -> None:
    assert safe_filename("Budget", ARTICLE_ID, "json") == "budget-caaec01e.json"


def test_same_title_different_articles_do_not_collide() -> None:
    first = safe_filename("Storm warning", "0123456789abcdef", ".md")
    second = safe_filename("Storm warning", "fedcba9876543210", ".md")
    assert first != second


def test_name_is_stable() -> None:
    title = "Ministers: “No deal” on tariffs?"
    assert safe_filename(title, ARTICLE_ID, ".md") == safe_filename(title, ARTICLE_ID, ".md")


def test_forbidden_characters_and_apostrophes() -> None:
    name = safe_filename('Who\'s "next"? A/B: <test> | *star* \\ end', ARTICLE_ID, ".md")
    assert name == "whos-next-a-b-test-star-end-caaec01e.md"


def test_unicode_letters_are_kept() -> None:
    assert safe_filename("Café über Zürich", ARTICLE_ID, ".md") == "café-über-zürich-caaec01e.md"
    assert safe_filename("Новости дня", ARTICLE_ID, ".md").startswith("новости-дня-")
    assert safe_filename("東京の天気", ARTICLE_ID, ".md").startswith("東京の天気-")
    # Devanagari vowel signs are combining marks and must stay with their letters.
    assert safe_filename("हिन्दी समाचार", ARTICLE_ID, ".md").startswith("हिन्दी-समाचार-")


def test_control_characters_and_leading_dots_go() -> None:
    name = safe_filename("..\x00hidden\x1b[31m\u202enews", ARTICLE_ID, ".md")
    assert name == "hidden-31m-news-caaec01e.md"


@pytest.mark.parametrize("title", ["", "   ", "!!!", "...", "🎉🎉"])
def test_title_without_letters_gets_a_fallback(title: str) -> None:
    assert safe_filename(title, ARTICLE_ID, ".md") == f"{FALLBACK_SLUG}-caaec01e.md"


@pytest.mark.parametrize("title", ["CON", "nul", "Com1", "LPT9", "aux"])
def test_reserved_windows_names_are_avoided(title: str) -> None:
    name = safe_filename(title, ARTICLE_ID, ".md")
    assert_portable(name)
    assert name == f"{title.lower()}-caaec01e.md"


def test_long_titles_are_cut_at_a_word_boundary() -> None:
    title = "word " * 100
    name = safe_filename(title, ARTICLE_ID, ".md")
    stem = name.removesuffix("-caaec01e.md")
    assert len(stem) <= 60
    assert set(stem.split("-")) == {"word"}


def test_long_titles_in_wide_scripts_stay_under_the_byte_limit() -> None:
    name = safe_filename("𝔘" * 300 + "漢" * 300, ARTICLE_ID, ".md")
    assert_portable(name)


def test_non_hex_ids_are_hashed_to_a_safe_part() -> None:
    name = safe_filename("Title", "../../etc/passwd", ".md")
    assert_portable(name)
    assert re.fullmatch(r"title-[0-9a-f]{8}\.md", name)


@pytest.mark.parametrize("suffix", ["", ".", "../md", ".m d", ".md/"])
def test_bad_suffixes_are_refused(suffix: str) -> None:
    with pytest.raises(ValueError, match="suffix"):
        safe_filename("Title", ARTICLE_ID, suffix)


@given(title=st.text(max_size=400), article_id=st.text(min_size=1, max_size=40))
def test_any_title_and_id_give_a_portable_name(title: str, article_id: str) -> None:
    name = safe_filename(title, article_id, ".md")
    assert_portable(name)
    assert name.endswith(".md")
