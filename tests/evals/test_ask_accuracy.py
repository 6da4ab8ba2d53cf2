"""The ``ask`` eval: its truth formulas on a hand-made ledger, and the agent's accuracy on the demo world."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from copilot.agent.tools import TOOLS_BY_NAME
from copilot.cli.main import app
from copilot.db.copilot_models import CustomerNote, PaymentPromise
from copilot.db.engine import session_factory
from copilot.db.models import Allocation, Customer, Deduction, Document, Invoice, Payment, Suggestion
from copilot.db.types import utc_now
from copilot.services.match_store import ENGINE_ACTOR
from copilot.settings import Settings
from evals.ask import truth, truth_cash
from evals.ask.checking import is_stated, states_number
from evals.ask.expected import Check, World, expected_checks
from evals.ask.questions import (
    HELDOUT2_FILE,
    HELDOUT_FILE,
    Question,
    QuestionSet,
    load_question_sets,
    load_questions,
)
from evals.ask.run import run_ask_eval
from evals.ask.scorecard import AskReport, argument_problem, score

AS_OF = date(2026, 3, 31)
D = Decimal


def _ledger(session: Session) -> None:
    """Alpha (EUR, limit 1 000) and Beta (GBP, limit 5 000), six invoices, five payments.

    A1 1 000 settled on 15 Mar (980 cash by the engine + 20 DAMAGE deduction); A2 500, 300 paid
    on 20 Mar by a person; A3 800 issued 20 Mar, disputed; A4 300 due 30 Dec 2025; B1 2 000
    due on as_of; B2 700 due 4 Apr. P3 150 EUR unapplied; P5 50 EUR whose allocation was
    reversed; P4 100 GBP booked after as_of.
    """
    alpha = Customer(customer_id="C1", name="Alpha SARL", credit_limit=D("1000"), credit_currency="EUR")
    beta = Customer(customer_id="C2", name="Beta Ltd", credit_limit=D("5000"), credit_currency="GBP")
    document = Document(sha256="0" * 64, original_name="s.csv", stored_path="s.csv", size_bytes=1)
    session.add_all([alpha, beta, document])
    session.flush()

    def invoice(number: str, customer: Customer, dates: tuple[str, str], amounts: tuple[str, str]) -> Invoice:
        row = Invoice(
            invoice_number=number,
            customer_pk=customer.id,
            issue_date=date.fromisoformat(dates[0]),
            due_date=date.fromisoformat(dates[1]),
            currency=customer.credit_currency,
            amount=D(amounts[0]),
            open_amount=D(amounts[1]),
            disputed=number == "A3",
        )
        session.add(row)
        return row

    a1 = invoice("A1", alpha, ("2026-01-10", "2026-02-09"), ("1000", "0"))
    a2 = invoice("A2", alpha, ("2026-02-15", "2026-03-17"), ("500", "200"))
    a3 = invoice("A3", alpha, ("2026-03-20", "2026-04-19"), ("800", "800"))
    invoice("A4", alpha, ("2025-11-30", "2025-12-30"), ("300", "300"))
    invoice("B1", beta, ("2026-03-01", "2026-03-31"), ("2000", "2000"))
    invoice("B2", beta, ("2026-03-05", "2026-04-04"), ("700", "700"))

    def payment(bank_id: str, booked: str, amount: str, currency: str = "EUR") -> Payment:
        row = Payment(
            document_pk=document.id,
            bank_id=bank_id,
            booking_date=date.fromisoformat(booked),
            amount=D(amount),
            currency=currency,
        )
        session.add(row)
        session.flush()
        return row

    p1, p2 = payment("P1", "2026-03-15", "980"), payment("P2", "2026-03-20", "300")
    p3, p5 = payment("P3", "2026-03-25", "150"), payment("P5", "2026-03-28", "50")
    payment("P4", "2026-04-02", "100", "GBP")
    session.flush()

    def allocate(paid: Payment, invoice: Invoice, amount: str, by: str) -> Allocation:
        row = Allocation(
            payment_pk=paid.id,
            invoice_pk=invoice.id,
            amount=D(amount),
            discount_amount=D(0),
            currency="EUR",
            created_by=by,
        )
        session.add(row)
        session.flush()
        return row

    first = allocate(p1, a1, "980", ENGINE_ACTOR)
    allocate(p2, a2, "300", "alice")
    reversed_allocation = allocate(p5, a3, "50", ENGINE_ACTOR)
    reversed_allocation.reversed_at, reversed_allocation.reversed_by = utc_now(), "alice"
    session.add(
        Deduction(
            allocation_pk=first.id,
            payment_pk=p1.id,
            invoice_pk=a1.id,
            amount=D("20"),
            currency="EUR",
            reason_code="DAMAGE",
        )
    )
    session.add_all(
        [
            PaymentPromise(
                customer_pk=beta.id,
                amount=D("1500"),
                currency="GBP",
                promised_date=date(2026, 4, 15),
                made_on=date(2026, 3, 30),
                created_by="alice",
            ),
            CustomerNote(customer_pk=alpha.id, noted_on=date(2026, 3, 1), text="first call", author="a"),
            CustomerNote(customer_pk=alpha.id, noted_on=date(2026, 3, 20), text="second call", author="a"),
            Suggestion(payment_pk=p3.id, confidence=D("0.5"), unapplied_amount=D("150"), currency="EUR"),
            Suggestion(
                payment_pk=p2.id,
                confidence=D("0.9"),
                status="approved",
                unapplied_amount=D(0),
                currency="EUR",
            ),
        ]
    )
    session.commit()


@pytest.fixture
def ledger(engine: Engine) -> Iterator[Session]:
    with session_factory(engine)() as session:
        _ledger(session)
        yield session


def test_open_amounts_and_aging_now_and_on_a_past_day(ledger: Session) -> None:
    invoices = truth.read_invoices(ledger)
    # On 31 Mar: A2 200 (14 days late) + A3 800 (not due) + A4 300 (91 days late); A1 settled.
    assert truth.total_open(invoices, AS_OF, "EUR") == D("1300")
    assert truth.aging(invoices, AS_OF, "EUR") == {
        "current": D("800"),
        "1-30": D("200"),
        "31-60": D(0),
        "61-90": D(0),
        ">90": D("300"),
    }
    # On 10 Mar: A1 reopened by the 980 + 20 settled on 15 Mar (29 days late), A2 200 + 300 paid
    # on 20 Mar (not due), A3 not issued yet, A4 70 days late.
    past = date(2026, 3, 10)
    assert truth.total_open(invoices, past, "EUR") == D("1800")
    assert truth.aging(invoices, past, "EUR") == {
        "current": D("500"),
        "1-30": D("1000"),
        "31-60": D(0),
        "61-90": D("300"),
        ">90": D(0),
    }
    # GBP is never added to EUR: B1 2 000 + B2 700.
    assert truth.total_open(invoices, AS_OF, "GBP") == D("2700")


def test_overdue_top_debtors_open_balances_and_due_soon(ledger: Session) -> None:
    invoices = truth.read_invoices(ledger)
    assert truth.overdue_by_customer(invoices, AS_OF, "EUR", 1) == {"Alpha SARL": D("500")}
    assert truth.overdue_by_customer(invoices, AS_OF, "EUR", 61) == {"Alpha SARL": D("300")}
    assert truth.overdue_by_customer(invoices, AS_OF, "EUR", 92) == {}
    assert truth.overdue_by_customer(invoices, AS_OF, "GBP", 1) == {}  # B1 falls due on as_of
    assert truth.open_by_customer(invoices, AS_OF, "GBP") == {"Beta Ltd": D("2700")}
    assert truth.customer_open(invoices, "Alpha SARL", AS_OF) == {"EUR": D("1300")}
    # Due in (31 Mar, 30 Apr]: A3; in (31 Mar, 7 Apr]: B2 but not B1, due on as_of.
    assert truth.due_soon(invoices, AS_OF, "EUR", 30) == (1, D("800"))
    assert truth.due_soon(invoices, AS_OF, "GBP", 7) == (1, D("700"))
    assert truth.disputed(invoices, AS_OF, "EUR") == (1, D("800"))


def test_dso_countback_cei_and_add(ledger: Session) -> None:
    invoices = truth.read_invoices(ledger)
    quarter = date(2026, 1, 1)
    assert truth.default_start(AS_OF) == quarter  # 90 days: 31 + 28 + 31
    # 1 300 open ÷ 2 300 issued in Q1 (A1 + A2 + A3) × 90 days = 50.87
    assert truth.dso_standard(invoices, quarter, AS_OF, "EUR") == D("50.9")
    # March: 800 sold < 1 300 → 31 days, 500 left; February: 500 sold → 28 × 500/500 → 59.
    assert truth.dso_countback(invoices, AS_OF, "EUR") == D("59.0")
    march = date(2026, 3, 1)
    # B (open on 28 Feb) 1 000 + 500 + 300 = 1 800, S = 800, E = 1 300, C (not due) = 800:
    # (1 800 + 800 − 1 300) ÷ (1 800 + 800 − 800) × 100 = 72.2
    assert truth.cei(invoices, march, AS_OF, "EUR") == D("72.2")
    # (E − C) ÷ S × 31 = 500 ÷ 800 × 31 = 19.375
    assert truth.average_days_delinquent(invoices, march, AS_OF, "EUR") == D("19.4")
    assert truth.dso_standard(invoices, date(2026, 4, 1), date(2026, 4, 1), "EUR") is None


def test_cash_deductions_limits_promises_notes_and_reviews(ledger: Session) -> None:
    # P3 150 + P5 50 (its allocation reversed); P1 and P2 fully applied.
    assert truth_cash.unapplied_cash(ledger, AS_OF, "EUR") == (2, D("200"))
    assert truth_cash.unapplied_cash(ledger, AS_OF, "GBP") == (0, D(0))  # P4 is booked after as_of
    assert truth_cash.automation_rate(ledger, AS_OF) == D("50.0")  # P1 by the engine, P2 by alice
    assert truth_cash.deductions_by(ledger, date(2026, 1, 1), AS_OF, "EUR", "reason") == {"DAMAGE": D("20")}
    assert truth_cash.deductions_by(ledger, date(2026, 1, 1), AS_OF, "EUR", "customer") == {
        "Alpha SARL": D("20")
    }
    assert truth_cash.deductions_by(ledger, date(2026, 3, 15), AS_OF, "EUR", "reason") == {"DAMAGE": D("20")}
    assert truth_cash.deductions_by(ledger, date(2026, 3, 16), AS_OF, "EUR", "reason") == {}
    invoices = truth.read_invoices(ledger)
    # Alpha owes 1 300 EUR for a limit of 1 000; Beta 2 700 GBP for 5 000.
    assert truth_cash.over_credit_limit(ledger, invoices, AS_OF) == {"Alpha SARL": (D("1300"), D("1000"))}
    promises = truth_cash.promises_of(ledger, "Beta Ltd")
    assert [(p.amount, p.currency, p.promised_date) for p in promises] == [
        (D("1500"), "GBP", date(2026, 4, 15))
    ]
    assert truth_cash.notes_of(ledger, "Alpha SARL") == [
        (date(2026, 3, 20), "second call"),
        (date(2026, 3, 1), "first call"),
    ]
    assert truth_cash.pending_reviews(ledger) == 1


def test_truth_specs_take_their_parameters_from_the_expected_arguments(ledger: Session) -> None:
    world = World(ledger, AS_OF)
    question = Question(
        id="q",
        lang="en",
        question="over 60",
        tool="overdue_customers",
        args={"min_days_late": 61},
        truth={"kind": "overdue"},
    )
    assert [(c.kind, c.value) for c in expected_checks(question, world)] == [
        ("number", D("300")),
        ("text", "Alpha SARL"),
    ]
    promise = Question(
        id="p",
        lang="fr",
        question="promesse de beta",
        tool="customer_promises",
        args={"customer": "Beta Ltd"},
        truth="promises",
    )
    assert [c.value for c in expected_checks(promise, world)] == ["Beta Ltd", D("1500"), date(2026, 4, 15)]
    limits = Question(
        id="l", lang="en", question="over limit", tool="credit_limit_alerts", truth="credit_limit"
    )
    # One customer over its limit; Alpha's exposure 1 300.
    assert [c.value for c in expected_checks(limits, world)] == [D(1), D("1300"), "Alpha SARL"]


def test_answers_are_read_in_french_and_english_notation() -> None:
    assert states_number(D("12345.67"), D("12345.67"))
    assert states_number(D("83245.16"), D("83245"))  # a rounded amount
    assert not states_number(D("3.2"), D("3"))  # a small whole number must be exact
    assert not states_number(D("45.3"), D("45.4"))
    total = Check("number", "total", D("12345.67"))
    assert is_stated(total, "Encours : 12\u202f345,67\u00a0€ sur 3 clients")
    assert is_stated(total, "Open: €12,345.67 across 3 customers")
    assert not is_stated(total, "Open: €12,345.76")
    assert is_stated(Check("number", "DSO", D("45.3")), "DSO 45,3 jours")
    assert is_stated(Check("number", "rate", D("85.7")), "85.7 % applied automatically")
    assert is_stated(Check("date", "promised", date(2026, 11, 7)), "by 7 nov. 2026")
    assert is_stated(
        Check("text", "name", "Coopérative Agricole du Val de Loire"),
        "COOPERATIVE agricole du val de loire: 12",
    )
    assert not is_stated(Check("text", "name", "Acme Widgets Ltd"), "Acme Widget")


def test_arguments_compare_as_dates_names_and_values() -> None:
    call = {"name": "dso", "args": {"period_start": "2026-07-01", "method": "countback"}}
    assert argument_problem("period_start", date(2026, 7, 1), call) is None
    assert argument_problem("method", "countback", call) is None
    assert argument_problem("period_end", None, call) is None
    assert argument_problem("period_start", None, call) == "period_start: expected unset, got '2026-07-01'"
    named = {
        "name": "customer_open_items",
        "args": {"customer": "acme"},
        "result": {"customer": {"name": "Acme Widgets Ltd"}},
    }
    assert argument_problem("customer", "Acme Widgets Ltd", named) is None
    assert argument_problem("customer", "Harrington Foods plc", named) is not None
    assert (
        argument_problem("min_days_late", 1, {"name": "overdue_customers", "args": {}}) is None
    )  # the default


def test_a_question_scores_its_routing_its_figures_and_its_language() -> None:
    question = Question(
        id="q", lang="fr", question="DSO ?", tool="dso", args={"method": "standard"}, truth="dso"
    )
    checks = [Check("number", "DSO", D("83.1"))]
    wrong = score(question, checks, "Overdue: €12.00", "en", [{"name": "overdue_customers", "args": {}}])
    assert wrong.reasons() == [
        "routing: expected dso, called overdue_customers",
        "answer lacks DSO: 83.1",
        "language: answered in en",
    ]
    right = score(question, checks, "DSO : 83,1 jours", "fr", [{"name": "dso", "args": {}}])
    assert right.tool_ok and right.answer_ok and right.language_ok


def test_the_eval_refuses_a_database_that_holds_a_ledger(ledger: Session, settings: Settings) -> None:
    url = settings.resolved_database_url()
    result = CliRunner().invoke(app, ["--db", url, "eval", "--ask", "--json"], catch_exceptions=False)
    assert result.exit_code == 2
    assert "already holds customers" in result.output


def test_the_eval_refuses_an_unknown_question_set_and_a_set_without_ask(tmp_path: Path) -> None:
    base = ["--db", f"sqlite:///{tmp_path / 'empty.db'}", "--data-dir", str(tmp_path), "eval"]
    unknown = CliRunner().invoke(app, [*base, "--ask", "--set", "dev2"], catch_exceptions=False)
    assert unknown.exit_code == 2
    assert "bad --set: unknown question set 'dev2'" in unknown.output
    alone = CliRunner().invoke(app, [*base, "--set", "heldout"], catch_exceptions=False)
    assert alone.exit_code == 2
    assert "--set goes with --ask" in alone.output
    assert not (tmp_path / "empty.db").exists()  # refused before any world was built


def test_question_sets_are_chosen_by_name() -> None:
    assert list(load_question_sets()) == ["dev", "heldout", "heldout2"]
    assert list(load_question_sets("heldout")) == ["heldout"]
    assert list(load_question_sets("heldout2")) == ["heldout2"]
    assert load_question_sets("dev")["dev"] == load_questions()
    with pytest.raises(ValueError, match="unknown question set 'both'"):
        load_question_sets("both")


def test_sets_asked_on_different_days_are_refused_before_a_world_is_built(tmp_path: Path) -> None:
    dev = load_questions()
    later = QuestionSet(as_of=date(2026, 11, 30), questions=dev.questions[:1])
    with pytest.raises(ValueError, match="one same day"):
        run_ask_eval(Settings(), workdir=tmp_path, sets={"dev": dev, "later": later}, progress=False)
    assert list(tmp_path.iterdir()) == []


def test_the_question_set_is_half_french_half_english_and_covers_every_tool() -> None:
    questions = load_questions().questions
    assert len(questions) >= 100
    assert sum(q.lang == "fr" for q in questions) == sum(q.lang == "en" for q in questions)
    assert set(TOOLS_BY_NAME) - {q.tool for q in questions} == {"propose_approval"}


# The tools the held-out set was written for (tools added since need blind questions of their own).
HELD_OUT_TOOLS = (
    "aging_report",
    "overdue_customers",
    "top_debtors",
    "customer_open_items",
    "invoices_due_soon",
    "dso",
    "cei",
    "average_days_delinquent",
    "unapplied_cash",
    "automation_rate",
    "deductions_summary",
    "disputed_invoices",
    "customer_risk",
    "credit_limit_alerts",
    "cash_forecast",
    "customer_payment_behaviour",
    "search_notes",
    "customer_promises",
    "review_queue",
)


def test_the_held_out_set_is_45_french_45_english_with_every_tool_twice_in_each() -> None:
    heldout = load_questions(HELDOUT_FILE)
    assert heldout.as_of == load_questions().as_of  # both are asked in the one world
    questions = heldout.questions
    assert (sum(q.lang == "fr" for q in questions), sum(q.lang == "en" for q in questions)) == (45, 45)
    assert {q.tool for q in questions} == set(HELD_OUT_TOOLS) <= set(TOOLS_BY_NAME)
    for language in ("fr", "en"):
        asked = Counter(q.tool for q in questions if q.lang == language)
        assert {tool: asked[tool] for tool in HELD_OUT_TOOLS if asked[tool] < 2} == {}, language
    assert not {q.id for q in questions} & {q.id for q in load_questions().questions}
    threads = Counter(q.thread for q in questions if q.thread)
    assert len(threads) >= 6 and min(threads.values()) >= 2  # each thread has follow-ups


# The tools the second held-out set was written for: the held-out ones and the customer's payments.
HELD_OUT2_TOOLS = (*HELD_OUT_TOOLS, "customer_payments")


def test_the_second_held_out_set_is_30_french_30_english_with_threads_of_its_own() -> None:
    heldout2 = load_questions(HELDOUT2_FILE)
    assert heldout2.as_of == load_questions().as_of  # asked in the same world as the others
    questions = heldout2.questions
    assert (sum(q.lang == "fr" for q in questions), sum(q.lang == "en" for q in questions)) == (30, 30)
    assert {q.tool for q in questions} == set(HELD_OUT2_TOOLS) <= set(TOOLS_BY_NAME)
    earlier = {q.id for q in load_questions().questions} | {
        q.id for q in load_questions(HELDOUT_FILE).questions
    }
    assert not {q.id for q in questions} & earlier
    threads = Counter(q.thread for q in questions if q.thread)
    assert len(threads) >= 4 and min(threads.values()) >= 2  # each thread has follow-ups
    for thread in threads:  # a thread is asked in one language
        assert len({q.lang for q in questions if q.thread == thread}) == 1, thread


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[AskReport, Path]:
    """Every question set asked in one demo world (SQLite, built once), with the offline rules model."""
    workdir = tmp_path_factory.mktemp("ask-eval")
    settings = Settings(llm_provider="rules", data_dir=workdir / "data")
    output = workdir / "results" / "ask.json"
    return run_ask_eval(settings, workdir=workdir, progress=False, output=output), output


def test_the_rules_model_meets_the_accuracy_targets(report: tuple[AskReport, Path]) -> None:
    asked, output = report
    card = asked.cards["dev"]
    failures = [(r.question.id, r.reasons()) for r in card.failures()]
    overall = card.overall()
    assert overall.questions == len(load_questions().questions)
    assert overall.tool is not None and overall.tool >= 0.95, failures
    assert overall.answer is not None and overall.answer >= 0.95, failures
    for language, accuracy in card.by_language().items():
        assert accuracy.tool is not None and accuracy.tool >= 0.9, (language, failures)
        assert accuracy.answer is not None and accuracy.answer >= 0.9, (language, failures)
    written = json.loads(output.read_text(encoding="utf-8"))
    assert written["sets"]["dev"]["overall"]["questions"] == overall.questions
    assert written["sets"]["dev"]["passed"] is card.passed
    assert len(written["sets"]["dev"]["failures"]) == len(failures)


def test_every_held_out_question_is_asked_and_answered_and_reported_apart(
    report: tuple[AskReport, Path],
) -> None:
    asked, output = report
    card = asked.cards["heldout"]
    assert [r.question.id for r in card.results] == [q.id for q in load_questions(HELDOUT_FILE).questions]
    unanswered = [
        (r.question.id, r.error) for r in card.results if r.error is not None or not r.answer.strip()
    ]
    assert unanswered == []
    assert {lang: a.questions for lang, a in card.by_language().items()} == {"fr": 45, "en": 45}
    assert asked.passed is all(each.passed for each in asked.cards.values())
    written = json.loads(output.read_text(encoding="utf-8"))
    assert list(written["sets"]) == ["dev", "heldout", "heldout2"]
    heldout = written["sets"]["heldout"]
    assert heldout["set"] == "heldout" and heldout["overall"]["questions"] == 90
    assert len(heldout["results"]) == 90 and len(heldout["failures"]) == len(card.failures())
    assert written["passed"] is asked.passed


def test_every_question_of_the_second_held_out_set_is_asked_and_answered(
    report: tuple[AskReport, Path],
) -> None:
    asked, output = report
    card = asked.cards["heldout2"]
    assert [r.question.id for r in card.results] == [q.id for q in load_questions(HELDOUT2_FILE).questions]
    unanswered = [
        (r.question.id, r.error) for r in card.results if r.error is not None or not r.answer.strip()
    ]
    assert unanswered == []
    assert {lang: a.questions for lang, a in card.by_language().items()} == {"fr": 30, "en": 30}
    written = json.loads(output.read_text(encoding="utf-8"))["sets"]["heldout2"]
    assert written["set"] == "heldout2" and written["overall"]["questions"] == 60
    assert len(written["results"]) == 60 and len(written["failures"]) == len(card.failures())
