"""Quotations versus quoted titles and mentioned words; full quotations versus phrases."""

from __future__ import annotations

from annotations.analysis.quotes import Quote, find_quotes
from annotations.article.model import article_from_plain_text


def quotes_of(text: str) -> list[Quote]:
    article = article_from_plain_text(text, source="test", source_key="test:classification")
    return find_quotes(article)


def texts_of(text: str) -> list[str]:
    return [quote.text for quote in quotes_of(text)]


def test_titles_after_a_work_noun_are_not_quotations() -> None:
    text = (
        "Her debut novel, “The Salt Orchard,” sold well. The studio made the film "
        "“Nobody Comes Home Tonight From The War” and the song “Run.” "
        "A book titled “How We Lost the Plot and Found It Again” followed."
    )
    assert texts_of(text) == []


def test_a_title_cased_short_name_with_no_verb_is_not_a_quotation() -> None:
    text = 'The council renamed the old library "The Commons" after a public vote.'
    assert texts_of(text) == []


def test_a_mentioned_word_is_not_a_quotation() -> None:
    text = (
        "Critics used the word “luminous” so often it became a joke. "
        "The so-called “experts” never arrived."
    )
    assert texts_of(text) == []


def test_a_scare_quote_without_a_reporting_verb_is_not_a_quotation() -> None:
    assert texts_of("The “temporary” closure has now lasted a year.") == []


def test_a_short_phrase_with_an_attributing_verb_is_a_quotation() -> None:
    text = "Dana Kaye called the loss “painful” and dismissed the referee as “clueless.”"
    quotes = quotes_of(text)
    assert [q.text for q in quotes] == ["painful", "clueless."]
    assert [q.kind for q in quotes] == ["phrase", "phrase"]
    assert [q.speaker for q in quotes] == ["Dana Kaye", "Dana Kaye"]


def test_a_one_word_reply_with_its_attribution_is_a_quotation() -> None:
    quotes = quotes_of("“Absolutely,” said Dana Kaye when asked about a rematch.")
    assert [(q.text, q.kind) for q in quotes] == [("Absolutely,", "full")]


def test_a_sentence_is_full_and_a_fragment_inside_the_authors_sentence_is_a_phrase() -> None:
    text = (
        "“We will not be bullied by anyone,” said Ana Diaz. "
        "She said Europeans would rely on tools “developed for someone else.”"
    )
    assert [q.kind for q in quotes_of(text)] == ["full", "phrase"]


def test_a_long_quotation_with_no_speaker_is_still_a_quotation() -> None:
    text = "On the wall: “Nobody leaves this room until the budget balances.”"
    assert texts_of(text) == ["Nobody leaves this room until the budget balances."]
