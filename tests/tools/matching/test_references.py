import pytest

from tools.matching.mentions import number_groups
from tools.matching.references import ReferenceIndex, Strength, reference_keys

NUMBERS = [
    "FA-2026-00123",
    "FA-2026-00124",
    "FA-2026-00125",
    "INV-10023",
    "INV-10024",
    "INV-10025",
    "INV/2026/0042",
]


@pytest.fixture
def index() -> ReferenceIndex:
    built = ReferenceIndex()
    for row, number in enumerate(NUMBERS):
        built.add(number, row)
    return built


def found(index: ReferenceIndex, text: str) -> dict[str, Strength]:
    return {NUMBERS[hit.invoice]: hit.strength for hit in index.find(text)}


@pytest.mark.parametrize(
    ("text", "number", "strength"),
    [
        ("VIR FA-2026-00123", "FA-2026-00123", Strength.EXACT),
        ("fa 2026 00123", "FA-2026-00123", Strength.EXACT),
        ("FA202600123", "FA-2026-00123", Strength.EXACT),
        ("FA-2O26-OO123", "FA-2026-00123", Strength.EXACT),  # OCR read 0 as O
        ("fa-2026-123", "FA-2026-00123", Strength.TRIMMED),  # leading zeros dropped
        ("REGL 2026-00123", "FA-2026-00123", Strength.DIGITS),  # prefix lost
        ("RF18FA202600123", "FA-2026-00123", Strength.EXACT),  # ISO 11649 creditor reference
        ("inv 2026 42", "INV/2026/0042", Strength.TRIMMED),
        ("INV-1OO23", "INV-10023", Strength.EXACT),
        ("1NV-10023", "INV-10023", Strength.DIGITS),
    ],
)
def test_payers_spellings_of_an_invoice_number_are_found(
    index: ReferenceIndex, text: str, number: str, strength: Strength
) -> None:
    assert found(index, text)[number] is strength


@pytest.mark.parametrize(
    "text",
    [
        "INV 10023, 10024 et 10025",
        "INV10023 to 10025",
        "INV-10023-10025",
        "INV 10023 à INV 10025",
        "factures INV10023-25",
    ],
)
def test_several_invoices_and_ranges_in_one_line(index: ReferenceIndex, text: str) -> None:
    assert set(found(index, text)) == {"INV-10023", "INV-10024", "INV-10025"}


def test_the_original_words_are_kept_for_explanations(index: ReferenceIndex) -> None:
    (hit,) = index.find("Paiement fa 2026 00123 merci")
    assert hit.text == "fa 2026 00123"


@pytest.mark.parametrize("text", ["VIREMENT SEPA", "SALAIRE OCTOBRE", "", "BIO LOSS"])
def test_texts_without_numbers_refer_to_nothing(index: ReferenceIndex, text: str) -> None:
    assert index.find(text) == []


def test_a_different_number_is_not_a_match(index: ReferenceIndex) -> None:
    assert "FA-2026-00123" not in found(index, "FA-2026-00132")


def test_the_exact_key_ignores_separators_and_case() -> None:
    def exact(number: str) -> str:
        return reference_keys(number_groups(number))[Strength.EXACT]

    assert exact("fa 2026/00123") == exact("FA-2026-00123")


def test_lookup_is_a_dictionary_probe_over_many_invoices() -> None:
    index = ReferenceIndex()
    for row in range(200_000):
        index.add(f"FA-{2020 + row % 7}-{row:07d}", row)
    hits = index.find(f"reglement FA-{2020 + 123454 % 7}-0123454")
    assert [hit.invoice for hit in hits if hit.strength is Strength.EXACT] == [123454]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "REGLEMENT FACTURES 2026-0823, 824, 0825 et 826",
            {"2026-0823", "2026-0824", "2026-0825", "2026-0826"},
        ),
        ("Payment of invoices 2026-0823-2026-0826", {"2026-0823", "2026-0824", "2026-0825", "2026-0826"}),
        ("FC26-02055, 02056, 2057 et 02058", {"FC26-02055", "FC26-02056", "FC26-02057", "FC26-02058"}),
    ],
)
def test_abbreviated_lists_and_ranges_of_compound_numbers(text: str, expected: set[str]) -> None:
    numbers = sorted(expected | {"2026-0830", "FC26-02060", "2025-0824"})
    index = ReferenceIndex()
    for row, number in enumerate(numbers):
        index.add(number, row)
    exact = {numbers[hit.invoice] for hit in index.find(text) if hit.strength >= Strength.TRIMMED}
    assert exact == expected


def test_an_amount_after_an_invoice_number_is_not_read_as_another_invoice() -> None:
    index = ReferenceIndex()
    index.add("FA-2026-00123", 0)
    index.add("FA-2026-01234", 1)
    hits = index.find("FA-2026-00123 montant 1234.56")
    assert [hit.invoice for hit in hits if hit.strength >= Strength.TRIMMED] == [0]
