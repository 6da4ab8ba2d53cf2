"""Keyword matching in French and English, and promises told as sentences."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from copilot.locales import language_of
from copilot.notes.keywords import concepts_of, keyword_score, query_terms
from copilot.notes.wording import promise_sentence
from copilot.words import words

DUPONT_PROMISE = (
    "Boulangerie Dupont SAS C1 promise Promesse de paiement de 1 200,00 € pour le 15/12/2026 "
    "(faite le 24/11/2026) 1200.00 EUR 2026-12-15"
)
ACME_PROMISE = "Acme Widgets Ltd C2 promise Promise to pay £980.00 by 30 Nov 2026 (made 20 Nov 2026)"


def test_fold_drops_case_accents_and_punctuation() -> None:
    assert words("Dupont Frères-Réunis!") == ["dupont", "freres", "reunis"]


def test_query_terms_leave_out_stop_words() -> None:
    assert query_terms("Qu'a promis Dupont ?") == ["promis", "dupont"]
    assert query_terms("What did Dupont promise? What did he PROMISE?") == ["dupont", "promise"]
    assert query_terms("what is it") == []


def test_concepts_join_french_and_english_words() -> None:
    assert concepts_of("promis") == concepts_of("promesse") == concepts_of("promised") == {"promise"}
    assert concepts_of("litige") == concepts_of("disputes") == {"dispute"}
    assert concepts_of("dupont") == frozenset()


def test_keyword_score_is_the_share_of_terms_found() -> None:
    assert keyword_score(["promis", "dupont"], DUPONT_PROMISE) == 1.0  # promis ~ promesse, dupont a word
    assert keyword_score(["promis", "dupont"], ACME_PROMISE) == 0.5  # only the promise
    assert keyword_score(["dupond", "promis"], DUPONT_PROMISE) == 0.75  # a typo counts half
    assert keyword_score(["boulang"], DUPONT_PROMISE) == 1.0  # a prefix of a word
    assert keyword_score(["1200"], DUPONT_PROMISE) == 1.0  # the plain amount
    assert keyword_score(["zebra"], DUPONT_PROMISE) == 0.0
    assert keyword_score([], DUPONT_PROMISE) == 0.0


def test_promise_sentences_in_the_customers_language() -> None:
    made, promised = date(2026, 11, 24), date(2026, 12, 15)
    french = promise_sentence(
        amount=Decimal("1200"), currency="EUR", promised_date=promised, made_on=made, language="fr"
    )
    assert french == "Promesse de paiement de 1\u202f200,00\u00a0€ pour le 15/12/2026 (faite le 24/11/2026)"
    english = promise_sentence(
        amount=Decimal("1200.0000"),
        currency="EUR",
        promised_date=promised,
        made_on=made,
        language="en",
        invoice_numbers=["INV-1", "INV-2"],
        note="  once their own customer pays ",
    )
    assert english == (
        "Promise to pay €1,200.00 by 15 Dec 2026 (made 24 Nov 2026), invoices INV-1, INV-2: "
        "once their own customer pays"
    )
    yen = promise_sentence(
        amount=Decimal(150000), currency="JPY", promised_date=promised, made_on=made, language="en"
    )
    assert yen.startswith("Promise to pay JP¥150,000 by")


def test_language_of_a_customer() -> None:
    assert (
        language_of("fr"),
        language_of("FR"),
        language_of("en"),
        language_of("de"),
        language_of(None),
    ) == (
        "fr",
        "fr",
        "en",
        "en",
        "en",
    )
