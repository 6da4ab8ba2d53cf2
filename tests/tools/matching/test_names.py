import pytest

from tools.matching.names import NameIndex, normalise_name


@pytest.mark.parametrize(
    ("bank", "erp"),
    [
        ("BOULANGERIE DUPONT S.A.S.", "Boulangerie Dupont SAS"),
        ("STE GENERALE DE TRANSPORTS", "Société Générale de Transports"),
        ("ETS MARTIN & FILS SARL", "Établissements Martin et Fils"),
        ("ACME INTL LTD", "Acme International Limited"),
        ("L'OREAL", "L’Oréal SA"),
    ],
)
def test_bank_and_erp_spellings_normalise_alike(bank: str, erp: str) -> None:
    assert normalise_name(bank) == normalise_name(erp)


def test_a_name_that_is_only_a_legal_form_keeps_its_words() -> None:
    assert normalise_name("S.A.") == "SA"


@pytest.fixture
def names() -> NameIndex:
    index = NameIndex()
    index.add("C1", "Boulangeries Dupont SAS")
    index.add("C2", "Dupont Frères SARL")
    index.add("C3", "Acme Widgets Ltd")
    index.add("C3", "ACME WIDGETS UK PAYMENTS", alias=True)
    return index


@pytest.mark.parametrize(
    ("payer", "customer", "how"),
    [
        ("BOULANGERIES DUPONT", "C1", "exact"),
        ("DUPONT BOULANGERIES", "C1", "fuzzy"),  # words swapped
        ("BOULANGERIES DUPO", "C1", "fuzzy"),  # truncated by the bank
        ("ACME WIDGETS UK PAYMENTS", "C3", "alias"),
        ("ACME WIDGET LIMITED", "C3", "fuzzy"),
    ],
)
def test_payer_names_find_their_customer(names: NameIndex, payer: str, customer: str, how: str) -> None:
    best = names.lookup(payer)[0]
    assert (best.customer_id, best.how) == (customer, how)


def test_similar_names_are_both_candidates(names: NameIndex) -> None:
    assert {hit.customer_id for hit in names.lookup("DUPONT")} == {"C1", "C2"}


def test_unknown_payers_find_nobody(names: NameIndex) -> None:
    assert names.lookup("DGFIP REMBOURSEMENT TVA") == ()
    assert names.lookup(None) == ()


def test_a_legal_form_tells_apart_two_companies_of_the_same_name() -> None:
    index = NameIndex()
    index.add("K1", "Établissements Boyer EURL")
    index.add("K2", "Établissements Boyer SNC")
    hits = {hit.customer_id: (hit.how, hit.score) for hit in index.lookup("ETABLISSEMENTS BOYER SNC")}
    assert hits["K2"] == ("exact", 100.0) and hits["K1"][0] == "fuzzy" and hits["K1"][1] < 90
    assert {hit.how for hit in index.lookup("ETABLISSEMENTS BOYER")} == {"exact"}  # no form: both remain


def test_a_changed_legal_form_alone_still_finds_the_only_company_of_that_name() -> None:
    index = NameIndex()
    index.add("K1", "Martin Transports SARL")
    (hit,) = index.lookup("MARTIN TRANSPORTS SAS")
    assert (hit.customer_id, hit.how) == ("K1", "exact")
