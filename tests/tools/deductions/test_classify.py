"""Deduction reasons by keyword: French and English, inflections, and no reason found in payment texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.deductions import (
    ReasonCatalogue,
    ReasonCatalogueError,
    ReasonGuess,
    classify_reason,
    has_reason_words,
    keyword_hits,
    load_reason_codes,
    normalise_text,
    parse_reason_codes,
)

CATALOGUE = load_reason_codes()

KEYWORD_CASES = {
    "DAMAGE": [
        "marchandise endommagée",
        "MARCHANDISE ENDOMMAGEE",
        "colis abîmés",
        "2 cartons cassés",
        "bouteilles brisées",
        "produits détériorés",
        "palette écrasée",
        "damaged goods",
        "DAMAGE ON ARRIVAL",
        "broken bottles",
        "crushed cartons",
        "leaking drums",
    ],
    "PRICING": [
        "écart de prix",
        "ECART DE PRIX ART 1234",
        "erreur de tarif",
        "prix non conforme à la commande",
        "surfacturation",
        "price difference",
        "wrong pricing on line 3",
        "overcharged",
        "Tariff not applied",
    ],
    "PROMOTION": [
        "remise promo",
        "opération promotionnelle",
        "RFA 2025",
        "ristourne annuelle",
        "tête de gondole",
        "coopération commerciale",
        "promotional allowance",
        "year-end rebate",
        "co-op advertising",
        "billback march",
    ],
    "SHORTAGE": [
        "manquant 3 colis",
        "MANQUE 2 CARTONS",
        "colis non livré",
        "marchandise non reçue",
        "livraison incomplète",
        "écart de quantité",
        "short delivery",
        "short-shipped 4 cases",
        "2 cases missing",
        "goods not delivered",
        "never received",
    ],
    "FREIGHT": [
        "frais de port",
        "FRAIS DE PORT DEDUITS",
        "port facturé à tort",
        "livraison franco",
        "frais de transport",
        "frais d'expédition",
        "freight charge deducted",
        "shipping costs",
        "delivery charge",
        "fuel surcharge",
    ],
    "RETURN": [
        "retour marchandise",
        "RETOUR MARCHANDISE BL 4455",
        "marchandises retournées",
        "produits renvoyés",
        "reprise des invendus",
        "returned goods",
        "return authorisation RMA 778",
        "items sent back",
    ],
}


@pytest.mark.parametrize(
    ("text", "code"), [(text, code) for code, texts in KEYWORD_CASES.items() for text in texts]
)
def test_keywords_in_french_and_english_for_every_code(text: str, code: str) -> None:
    guess = classify_reason(text, CATALOGUE)
    assert (guess.code, guess.method) == (code, "keyword"), guess
    assert guess.score == 1.0
    assert guess.matched in CATALOGUE.reason(code).keywords


def test_every_code_but_the_fallback_has_keyword_tests() -> None:
    assert set(KEYWORD_CASES) == set(CATALOGUE.code_names) - {CATALOGUE.fallback_code}


NO_REASON = [
    None,
    "",
    "   ",
    "VIREMENT FA-2026-00012",
    "payment inv 10023",
    "VIR SEPA ACME SAS FA2026-0012 FA2026-0013",
    "Règlement facture n° 2026-118",
    "REMISE CHEQUE 1234567",
    "RETOUR VIREMENT FA 12",
    "returned payment ref 9981",
    "Paiement partiel facture 4521",
    "AVOIR AV-2026-0007",
    "/INV/10023/10024/",
    "EREF NOTPROVIDED",
    "Invoice INV-PORT-0042",
    "payment of invoices 10023 10024 as per remittance advice",
]


@pytest.mark.parametrize("text", NO_REASON)
def test_payment_texts_and_invoice_numbers_are_no_reason(text: str | None) -> None:
    assert classify_reason(text, CATALOGUE) == ReasonGuess(code="OTHER", score=0.0, method="none")


def test_no_reason_is_decided_before_similarity_is_asked() -> None:
    class Unreachable:
        def best(self, text: str, catalogue: ReasonCatalogue) -> tuple[str, float, str] | None:
            raise AssertionError(f"similarity asked about {text!r}")

    assert classify_reason("VIREMENT FA-2026-00012", CATALOGUE, Unreachable()).method == "none"
    assert not has_reason_words("payment inv 10023 ref 55", CATALOGUE)
    assert has_reason_words("payment inv 10023 pallets arrived late", CATALOGUE)


def test_stems_start_a_word_and_bank_returns_are_ignored() -> None:
    assert keyword_hits("fracassant succes", CATALOGUE) == {}  # "cass" only starts a word
    assert keyword_hits("passeport", CATALOGUE) == {}  # "port" is a whole word
    assert keyword_hits("RETOUR VIREMENT IMPAYE", CATALOGUE) == {}
    assert keyword_hits("retour marchandise", CATALOGUE) == {"RETURN": ("retour",)}


def test_several_codes_the_one_with_most_then_longest_keywords_wins() -> None:
    # SHORTAGE: "manqu" and "non livr"; DAMAGE: "cass" only
    guess = classify_reason("1 colis cassé, 2 manquants et 1 non livré", CATALOGUE)
    assert (guess.code, guess.method) == ("SHORTAGE", "keyword")
    assert guess.score == pytest.approx(2 / 3)
    # one keyword each: "short ship" (SHORTAGE) is longer than "shipping" (FREIGHT)
    assert classify_reason("short shipping", CATALOGUE).code == "SHORTAGE"
    assert classify_reason("short shipping", CATALOGUE).score == 0.5
    # deterministic: the same text always gives the same guess
    assert {classify_reason("damaged and returned", CATALOGUE) for _ in range(5)} == {
        classify_reason("damaged and returned", CATALOGUE)
    }


def test_normalise_text() -> None:
    assert normalise_text("Marchandise ENDOMMAGÉE (3 colis) !") == "marchandise endommagee 3 colis"
    assert normalise_text("Cœur d'Œuvre — l’écart") == "coeur d oeuvre l ecart"


class FixedSimilarity:
    def __init__(self, answer: tuple[str, float, str] | None) -> None:
        self.answer = answer
        self.asked: list[str] = []

    def best(self, text: str, catalogue: ReasonCatalogue) -> tuple[str, float, str] | None:
        self.asked.append(text)
        return self.answer


def test_similarity_is_used_only_without_keywords_and_above_the_threshold() -> None:
    threshold = CATALOGUE.similarity_threshold
    close = FixedSimilarity(("DAMAGE", threshold + 0.01, "items broken in transit"))
    assert classify_reason("the pallets fell apart", CATALOGUE, close) == ReasonGuess(
        code="DAMAGE", score=threshold + 0.01, method="similarity", matched="items broken in transit"
    )
    assert classify_reason("price difference", CATALOGUE, close).method == "keyword"
    assert close.asked == ["the pallets fell apart"]
    far = FixedSimilarity(("DAMAGE", threshold - 0.01, "items broken in transit"))
    assert classify_reason("the pallets fell apart", CATALOGUE, far).code == "OTHER"
    assert classify_reason("the pallets fell apart", CATALOGUE, FixedSimilarity(None)).method == "none"
    with pytest.raises(ValueError, match="not a code"):
        classify_reason("the pallets fell apart", CATALOGUE, FixedSimilarity(("NOPE", 0.9, "x")))


def test_packaged_catalogue() -> None:
    assert CATALOGUE.code_names == (
        "DAMAGE",
        "PRICING",
        "PROMOTION",
        "SHORTAGE",
        "FREIGHT",
        "RETURN",
        "OTHER",
    )
    assert CATALOGUE.reason("DAMAGE").label.fr == "Marchandise endommagée"
    for reason in CATALOGUE.codes:
        assert len(reason.examples) >= 6, reason.code
    assert 0 < CATALOGUE.similarity_threshold < 1


CUSTOM = """
fallback_code: UNKNOWN
similarity_threshold: 0.5
noise_words: [payment, invoice]
codes:
  - code: QUALITY
    label: {fr: Non-conformité, en: Quality issue}
    keywords: [non conform, qualite, quality, '/\\bqc\\b/']
    examples: [product out of specification]
  - code: UNKNOWN
    label: {fr: Inconnu, en: Unknown}
"""


def test_a_user_catalogue_configures_the_codes(tmp_path: Path) -> None:
    path = tmp_path / "codes.yml"
    path.write_text(CUSTOM, encoding="utf-8")
    catalogue = load_reason_codes(path)
    assert catalogue.code_names == ("QUALITY", "UNKNOWN")
    assert classify_reason("Produits NON-CONFORMES", catalogue).code == "QUALITY"
    assert classify_reason("failed QC", catalogue).matched == "/\\bqc\\b/"
    assert classify_reason("QC", catalogue).code == "QUALITY"  # a keyword is a reason, however short
    assert classify_reason("marchandise endommagée", catalogue) == ReasonGuess(
        code="UNKNOWN", score=0.0, method="none"
    )
    assert classify_reason(None, catalogue).code == "UNKNOWN"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("codes: [", "not valid YAML"),
        ("- just\n- a list\n", "expected a mapping"),
        ("codes: []\n", "codes"),
        ("codes:\n  - code: damage\n    label: {fr: a, en: b}\n", "codes.0.code"),
        ("codes:\n  - code: A\n    label: {fr: a}\n", "codes.0.label.en"),
        ("codes:\n  - code: OTHER\n    label: {fr: a, en: b}\n    colour: red\n", "colour"),
        ("codes:\n  - code: A\n    label: {fr: a, en: b}\n", "fallback_code 'OTHER' is not one of"),
        (
            "codes:\n  - {code: OTHER, label: {fr: a, en: b}}\n  - {code: OTHER, label: {fr: a, en: b}}\n",
            "listed more than once: OTHER",
        ),
        ("codes:\n  - {code: OTHER, label: {fr: a, en: b}, keywords: [pu]}\n", "shorter than 3 letters"),
        ("codes:\n  - {code: OTHER, label: {fr: a, en: b}, keywords: ['/(/']}\n", "not a valid regular"),
        (
            "codes:\n  - {code: OTHER, label: {fr: a, en: b}, keywords: [Écart, ecart]}\n",
            "listed twice",
        ),
        (
            "codes:\n  - {code: A, label: {fr: a, en: b}, keywords: [casse]}\n"
            "  - {code: OTHER, label: {fr: a, en: b}, keywords: [CASSE]}\n",
            "under both A and OTHER",
        ),
        ("similarity_threshold: 1.5\ncodes:\n  - {code: OTHER, label: {fr: a, en: b}}\n", "threshold"),
    ],
)
def test_a_bad_catalogue_file_is_refused_with_the_faulty_entry(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "bad.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReasonCatalogueError, match=message) as raised:
        load_reason_codes(path)
    assert str(path) in str(raised.value)


def test_a_missing_catalogue_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReasonCatalogueError, match="cannot read"):
        load_reason_codes(tmp_path / "absent.yml")
    assert parse_reason_codes(CUSTOM).fallback_code == "UNKNOWN"
