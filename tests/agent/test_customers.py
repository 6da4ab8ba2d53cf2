from copilot.customer_names import CustomerDirectory, CustomerName, core_name

DIRECTORY = CustomerDirectory(
    CustomerName(customer_id, name)
    for customer_id, name in [
        ("C001", "Boulangeries Dupont SAS"),
        ("C002", "Dupont Traiteur SARL"),
        ("C003", "Transports Martin SARL"),
        ("C004", "Acme Widgets Ltd"),
        ("C005", "Harrington Foods plc"),
        ("C006", "Mairie de Villeurbanne"),
        ("C007", "Northwind Trading plc"),
        ("C008", "Northwind Retail Ltd"),
    ]
)


def names(question: str) -> list[str]:
    return [mention.name for mention in DIRECTORY.find_all(question)]


def test_core_name_drops_legal_forms_and_accents() -> None:
    assert core_name("Pâtisserie Lefèvre & Fils SARL") == "patisserie lefevre fils"


def test_whole_names_partial_names_and_typos() -> None:
    assert names("open items of boulangerie dupont") == ["Boulangeries Dupont SAS"]
    assert names("and for Acme?") == ["Acme Widgets Ltd"]
    assert names("combien doit Harington Foods") == ["Harrington Foods plc"]
    assert names("solde de la mairie de villeurbanne") == ["Mairie de Villeurbanne"]
    assert names("encours de transports martin stp") == ["Transports Martin SARL"]


def test_a_shared_word_names_every_customer_that_has_it() -> None:
    assert names("what did Dupont promise?") == ["Boulangeries Dupont SAS", "Dupont Traiteur SARL"]
    assert DIRECTORY.find("what did Dupont promise?") is None
    assert names("Northwind Trading balance") == ["Northwind Trading plc"]


def test_questions_without_a_customer_name_none() -> None:
    assert names("which clients are over 60 days?") == []
    assert names("top 5 debtors in the trading book") == []
    assert names("DSO du trimestre ?") == []


def test_customer_ids_are_recognised() -> None:
    assert names("open items C003") == ["Transports Martin SARL"]


def test_resolve_falls_back_to_closest_names() -> None:
    assert [m.name for m in DIRECTORY.resolve("Acme Widgets")] == ["Acme Widgets Ltd"]
    assert DIRECTORY.resolve("Globex") == []
