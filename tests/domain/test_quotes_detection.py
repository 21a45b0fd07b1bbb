"""Pairing quotation marks: every kind, odd and wrong-way marks, paragraphs, apostrophes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.analysis.quotes import Quote, find_quotes
from annotations.article.model import article_from_plain_text


def quotes_of(text: str) -> list[Quote]:
    article = article_from_plain_text(text, source="test", source_key="test:quotes")
    return find_quotes(article)


def texts_of(text: str) -> list[str]:
    return [quote.text for quote in quotes_of(text)]


def test_straight_and_curly_marks_pair_and_offsets_point_at_the_words() -> None:
    text = 'Jo Park said: "We will open on Monday." Later she added, “The doors open at nine.”'
    quotes = quotes_of(text)
    assert [q.text for q in quotes] == ["We will open on Monday.", "The doors open at nine."]
    for quote in quotes:
        assert text[quote.start : quote.end] == quote.text
        assert text[quote.open_mark] in '"“'
        assert quote.close_mark is not None and text[quote.close_mark] in '"”'


def test_guillemets_low_high_and_single_angle_marks_pair() -> None:
    text = (
        "« Nous ne céderons jamais », said Anne Roy. "
        "„We build robots for small factories“, said Jonas Weber. "
        "‹We liked what we saw, and we still do›, said Tom Ashby."
    )
    assert texts_of(text) == [
        "Nous ne céderons jamais",
        "We build robots for small factories",
        "We liked what we saw, and we still do",
    ]


def test_wrong_way_curly_marks_still_pair() -> None:
    text = "”This is about noise and about trust,” said Martin Voss. ”We need more time.”"
    assert texts_of(text) == ["This is about noise and about trust,", "We need more time."]


def test_a_stray_closing_mark_is_skipped_and_later_quotes_survive() -> None:
    text = 'The vote” was close. "We respect the outcome of the vote," said Ana Diaz.'
    assert texts_of(text) == ["We respect the outcome of the vote,"]


def test_a_forgotten_closing_mark_ends_at_the_attribution() -> None:
    text = (
        '"We were promised a decision today, said Carla Jones, who lives nearby. '
        'Others carried signs reading "No Third Runway".'
    )
    quotes = quotes_of(text)
    assert [q.text for q in quotes] == ["We were promised a decision today,"]
    assert quotes[0].close_mark is None
    assert quotes[0].speaker == "Carla Jones"


def test_an_odd_mark_count_never_loses_the_whole_article() -> None:
    text = (
        'He wrote "the plan is dead and buried, and everyone knows it.\n\n'
        '"We will vote again next year," said Mia Chen.'
    )
    quotes = quotes_of(text)
    assert "We will vote again next year," in [q.text for q in quotes]
    assert quotes[-1].speaker == "Mia Chen"


def test_an_inch_mark_is_not_a_quotation() -> None:
    assert texts_of('The 27" screen costs more. It sold out in a day, the store said.') == []


def test_a_quotation_left_open_continues_in_the_next_paragraph() -> None:
    text = (
        "“When I started, the courtroom was a place people feared,” Judge Sam Arce said. "
        "“I hoped to leave it a place people could trust.\n\n"
        "“Whether I managed that is for others to judge.”\n\n"
        "The ceremony ended at noon."
    )
    quotes = quotes_of(text)
    assert [q.text for q in quotes] == [
        "When I started, the courtroom was a place people feared,",
        "I hoped to leave it a place people could trust.",
        "Whether I managed that is for others to judge.",
    ]
    assert quotes[1].close_mark is None
    assert quotes[2].close_mark is not None
    assert {q.speaker for q in quotes} == {"Sam Arce"}


def test_single_marks_inside_a_quotation_are_part_of_its_text() -> None:
    text = "“My editor told me, ‘Trust the quiet chapters,’ and she was right,” Lena Holt said."
    quotes = quotes_of(text)
    assert len(quotes) == 1
    assert quotes[0].text == "My editor told me, ‘Trust the quiet chapters,’ and she was right,"


def test_apostrophes_outside_quotations_are_not_quotations() -> None:
    text = (
        "Meta’s plan, which the students’ union opposed, recalls the ’90s. "
        "Don't expect the company's rivals to agree; they'd rather wait."
    )
    assert texts_of(text) == []


def test_quotations_come_in_reading_order() -> None:
    text = (
        "“First we talk,” said Ana Diaz.\n\n"
        "“Then we vote,” said Ben Cole. “And then we go home,” he added."
    )
    quotes = quotes_of(text)
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
    assert len(quotes) == 3


_MARKS = ['"', "“", "”", "«", "»", "„", "‹", "›", "'", "’", " ", ",", ".", ":", "\n\n"]
_PIECES = st.sampled_from(
    [*_MARKS, "said", "she", "We", "will", "win", "Ana Diaz", "it", "the firm", "Apple's", "5"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map(" ".join))
def test_any_text_gives_quotes_whose_offsets_point_at_their_words(text: str) -> None:
    for quote in quotes_of(text):
        assert text[quote.start : quote.end] == quote.text
        assert quote.text and quote.text == quote.text.strip()
        assert quote.open_mark < quote.start <= quote.end
        assert quote.close_mark is None or quote.close_mark >= quote.end
