from datetime import date

import pytest

from copilot.agent.arguments import currency_in, days_late_threshold, extract_arguments
from copilot.agent.language import detect_language
from copilot.customer_names import CustomerDirectory, CustomerName

AS_OF = date(2026, 10, 31)
DIRECTORY = CustomerDirectory(
    [CustomerName("C004", "Acme Widgets Ltd"), CustomerName("C001", "Dupont Traiteur SARL")]
)


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("which clients are over 60 days?", "en"),
        ("DSO du trimestre ?", "fr"),
        ("quels clients ont plus de 60 jours de retard", "fr"),
        ("cb on a de non lettre", "fr"),
        ("how much unapplied cash do we have", "en"),
        ("qu'a promis Dupont ?", "fr"),
        ("whos late >60d", "en"),
        ("encours total", "fr"),
    ],
)
def test_language_of_the_question(question: str, language: str) -> None:
    assert detect_language(question) == language


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("over 60 days", 61),
        ("plus de 60 jours de retard", 61),
        ("> 90j", 91),
        ("60+ days", 60),
        ("at least 30 days", 30),
        ("over two months", 61),
        ("more than a month late", 31),
        ("30 days past due", 30),
        ("overdue", None),
    ],
)
def test_days_late_thresholds(text: str, days: int | None) -> None:
    assert days_late_threshold(text) == days


def test_currencies_named_in_words_or_symbols() -> None:
    assert currency_in("aging in GBP") == "GBP"
    assert currency_in("encours en livres") == "GBP"
    assert currency_in("total £ please") == "GBP"
    assert currency_in("aging") is None


def test_arguments_per_tool() -> None:
    def args(tool: str, question: str) -> dict[str, object]:
        return extract_arguments(tool, question, as_of=AS_OF, directory=DIRECTORY)

    assert args("overdue_customers", "which clients are over 60 days?") == {"min_days_late": 61}
    assert args("top_debtors", "top 5 debtors in GBP") == {"currency": "GBP", "limit": 5}
    assert args("top_debtors", "les cinq plus gros débiteurs") == {"limit": 5}
    assert args("dso", "DSO du trimestre par la méthode de l'épuisement") == {
        "period_start": "2026-10-01",
        "period_end": "2026-10-31",
        "method": "countback",
    }
    assert args("aging_report", "balance âgée au 30/09/2026") == {"on": "2026-09-30"}
    assert args("customer_open_items", "encours acme") == {"customer": "Acme Widgets Ltd"}
    assert args("invoices_due_soon", "factures à échéance dans les 15 prochains jours") == {"days": 15}
    assert args("invoices_due_soon", "due next week") == {"days": 7}
    assert args("cash_forecast", "cash forecast for the next 6 weeks") == {"weeks": 6}
    assert args("deductions_summary", "déductions par client depuis le 1er octobre") == {
        "period_start": "2026-10-01",
        "period_end": "2026-10-31",
        "group_by": "customer",
    }
    assert args("search_notes", "what did Dupont say?") == {
        "query": "what did Dupont say?",
        "customer": "Dupont Traiteur SARL",
    }
