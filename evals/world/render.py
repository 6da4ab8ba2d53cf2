"""Rendering planned payments as bank lines (texts, references, payers) and their truth.

Runs after invoices are numbered and amounts repaired. A mangled number keeps its prefix and
year when another open invoice has the same amount and the same final digits, so the
garbled text still points at one invoice; a payment that settles nothing never matches an
open amount or a small combination of one customer's open amounts (except the deliberate
``amount_coincidence`` kind: a stranger paying exactly some invoice's amount).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import timedelta
from decimal import Decimal

from evals.world import names, numbers, texts
from evals.world.cases import Payer, Plan
from evals.world.ledger import InvoiceDraft, Ledger
from evals.world.model import ZERO, PaymentTruth, TruthAllocation, WorldPayment
from evals.world.sums import cents, subset_sums

_INTEREST_PAYERS = {
    "fr": ("BNP PARIBAS", "SOCIETE GENERALE", "CREDIT AGRICOLE CIB", "LCL LE CREDIT LYONNAIS"),
    "en": ("HSBC UK BANK PLC", "BARCLAYS BANK PLC", "LLOYDS BANK PLC"),
}
_REFUNDS = (
    ("DGFIP", "REMBOURSEMENT CREDIT TVA {n}"),
    ("URSSAF ILE DE FRANCE", "REMBOURSEMENT TROP PERCU COTISATIONS"),
    ("AXA FRANCE IARD", "INDEMNISATION SINISTRE {n}"),
    ("ALLIANZ IARD", "REGLEMENT SINISTRE NO {n}"),
    ("EDF ENTREPRISES", "REMBOURSEMENT TROP PERCU CONTRAT {n}"),
    ("HM REVENUE & CUSTOMS", "VAT REPAYMENT {n}"),
    ("AVIVA INSURANCE LTD", "CLAIM SETTLEMENT {n}"),
    ("AMAZON PAYMENTS EUROPE", "REFUND ORDER 403-{n}"),
)
_STRANGER_TEXTS = ("Facture {n}", "Fact {n}", "Invoice {n}", "Order {n}", "Your ref {n}", "", "VIREMENT")


class Renderer:
    """Turns plans into statement lines and truths, on the final (numbered) ledger."""

    def __init__(self, ledger: Ledger, rng: random.Random, fresh_iban: Callable[[str], str]) -> None:
        self.ledger = ledger
        self.rng = rng
        self.fresh_iban = fresh_iban
        self.names = {c.customer_id: c.name for c in ledger.customers}
        self.same_amount = Counter(self._amount_key(i) for i in ledger.invoices)
        self.last_groups = {numbers.last_group(i.number) for i in ledger.invoices}
        self.explainable: dict[str, set[int]] = {}
        for customer in ledger.customers:
            pool = [cents(i.open_amount) for i in ledger.open_invoices([customer.customer_id])]
            self.explainable.setdefault(customer.currency, set()).update(subset_sums(pool, 3))

    @staticmethod
    def _amount_key(invoice: InvoiceDraft) -> tuple[str, Decimal, int]:
        return invoice.currency, invoice.open_amount, numbers.last_group(invoice.number)

    def render(self, plan: Plan, payment_id: str) -> tuple[WorldPayment, PaymentTruth]:
        """The statement line of ``plan`` and its truth."""
        reference, text, detail = getattr(self, f"_{plan.case}")(plan)
        amount = plan.amount()
        allocations = self._allocations(plan)
        applied = sum((allocation.amount for allocation in allocations), ZERO)
        value_date = plan.booking
        if plan.case != "discount" and self.rng.random() < 0.15:
            value_date -= timedelta(days=1)
        payment = WorldPayment(
            id=payment_id,
            booking_date=plan.booking,
            value_date=value_date,
            amount=amount,
            currency=plan.currency,
            payer_name=plan.payer.name,
            payer_iban=plan.payer.iban,
            reference=reference or None,
            remittance_text=text or None,
        )
        truth = PaymentTruth(
            payment_id=payment_id,
            case=plan.case,
            customer_id=plan.customer.customer_id if plan.customer else None,
            currency=plan.currency,
            amount=amount,
            allocations=tuple(allocations),
            unapplied_amount=amount - applied,
            detail=detail,
        )
        return payment, truth

    def _allocations(self, plan: Plan) -> list[TruthAllocation]:
        if plan.case == "unidentifiable":
            return []
        invoice = plan.invoice
        if plan.case == "discount":
            discount = plan.discount()
            return [TruthAllocation(invoice.number, invoice.open_amount - discount, discount_amount=discount)]
        if plan.case in ("deduction", "unexplained_deduction"):
            return [
                TruthAllocation(
                    invoice.number,
                    invoice.open_amount - plan.figure,
                    deduction_amount=plan.figure,
                    deduction_code=plan.code,
                )
            ]
        if plan.case == "partial":
            return [TruthAllocation(invoice.number, plan.figure)]
        return [TruthAllocation(i.number, i.open_amount) for i in plan.invoices]

    # -- placing a text in the reference or remittance column ---------------------------------

    def _place(self, text: str, detail: str = "") -> tuple[str | None, str | None, str]:
        roll = self.rng.random()
        if roll < 0.2 and text:
            return text, None, detail
        if roll < 0.35:
            return texts.end_to_end(self.rng), text, detail
        return None, text, detail

    def _language(self, plan: Plan) -> str:
        return plan.customer.language if plan.customer else "fr"

    def _single(self, plan: Plan, mention: str | None = None) -> str:
        invoice = plan.invoice
        return texts.single(
            mention or invoice.number,
            self._language(plan),
            self.rng,
            po=invoice.po_number,
            issued=invoice.issue_date,
        )

    def _listed(self, invoices: Sequence[InvoiceDraft], language: str, consecutive: bool) -> tuple[str, str]:
        ordered = sorted(invoices, key=lambda i: i.number)
        parts = [i.parts for i in ordered if i.parts is not None]
        if len(parts) == 1:
            return ordered[0].number, "single"
        roll = self.rng.random()
        if consecutive and roll < 0.4:
            return numbers.range_text(parts[0], parts[-1], language, self.rng), "range"
        if roll < 0.6:
            return numbers.short_list(parts, language, self.rng), "short_list"
        listed = [i.number for i in ordered]
        if self.rng.random() < 0.3:
            self.rng.shuffle(listed)
        return numbers.full_list(listed, language, self.rng), "full_list"

    # -- case types -----------------------------------------------------------------------

    def _exact_reference(self, plan: Plan) -> tuple[str | None, str | None, str]:
        return self._place(self._single(plan))

    def _structured_reference(self, plan: Plan) -> tuple[str | None, str | None, str]:
        grouped = self.rng.random() < 0.4
        reference = numbers.rf_reference(plan.invoice.number, grouped=grouped)
        text = (
            texts.no_reference(self._language(plan), plan.booking, self.rng)
            if self.rng.random() < 0.5
            else ""
        )
        return reference, text, "grouped" if grouped else "compact"

    def _mangled_reference(self, plan: Plan) -> tuple[str | None, str | None, str]:
        invoice = plan.invoice
        assert invoice.parts is not None
        ambiguous = self.same_amount[self._amount_key(invoice)] > 1
        allowed = numbers.SAFE_MANGLINGS if ambiguous else numbers.MANGLINGS
        mention, operations = numbers.mangle(invoice.parts, self.rng, allowed)
        return self._place(self._single(plan, mention), operations)

    def _multi_invoice(self, plan: Plan) -> tuple[str | None, str | None, str]:
        language = self._language(plan)
        listed, how = self._listed(plan.invoices, language, consecutive=plan.kind == "batch")
        return self._place(texts.several(listed, language, self.rng), f"{plan.kind}:{how}")

    def _amount_only(self, plan: Plan) -> tuple[str | None, str | None, str]:
        text = texts.no_reference(self._language(plan), plan.booking, self.rng)
        reference = texts.end_to_end(self.rng) if self.rng.random() < 0.3 else None
        return reference, text, f"by_{plan.kind}:{len(plan.invoices)}"

    def _discount(self, plan: Plan) -> tuple[str | None, str | None, str]:
        language = self._language(plan)
        percent = plan.kind.split("/")[0]
        percent = percent.replace(".", ",") if language == "fr" else percent
        return self._place(texts.discount(plan.invoice.number, percent, language, self.rng), plan.kind)

    def _deduction(self, plan: Plan) -> tuple[str | None, str | None, str]:
        language = self._language(plan)
        shown = None
        if plan.kind == "amount_in_text":
            shown = texts.money_text(plan.figure, plan.currency, language, self.rng)
        text = texts.deduction(plan.invoice.number, shown, plan.code or "OTHER", language, self.rng)
        return self._place(text, f"{plan.code}:{plan.kind}")

    def _unexplained_deduction(self, plan: Plan) -> tuple[str | None, str | None, str]:
        return self._place(self._single(plan), plan.kind)

    def _partial(self, plan: Plan) -> tuple[str | None, str | None, str]:
        return self._place(texts.partial(plan.invoice.number, self._language(plan), self.rng), plan.kind)

    def _overpayment(self, plan: Plan) -> tuple[str | None, str | None, str]:
        return self._place(self._single(plan))

    def _parent_pays(self, plan: Plan) -> tuple[str | None, str | None, str]:
        assert plan.customer is not None
        language = self._language(plan)
        if plan.kind == "no_reference":
            return None, texts.no_reference(language, plan.booking, self.rng), "no_reference"
        listed, how = self._listed(plan.invoices, language, consecutive=False)
        subsidiary = names.bank_name(plan.customer.name, language, self.rng)
        return self._place(texts.on_behalf(listed, subsidiary, language, self.rng), f"reference:{how}")

    def _name_variant(self, plan: Plan) -> tuple[str | None, str | None, str]:
        if plan.kind == "reference" and len(plan.invoices) == 1:
            return self._place(self._single(plan), "reference")
        if plan.kind == "reference":
            listed, how = self._listed(plan.invoices, self._language(plan), consecutive=False)
            return self._place(texts.several(listed, self._language(plan), self.rng), f"reference:{how}")
        return None, texts.no_reference(self._language(plan), plan.booking, self.rng), "no_reference"

    def _unidentifiable(self, plan: Plan) -> tuple[str | None, str | None, str]:
        rng = self.rng
        language = "fr" if plan.currency == "EUR" else "en"
        if plan.kind == "prepayment":
            assert plan.customer is not None
            po = rng.randrange(10**5, 10**6)
            while po in self.last_groups:
                po = rng.randrange(10**5, 10**6)
            if plan.customer.language == "fr":
                text = rng.choice((f"ACOMPTE COMMANDE {po}", "Acompte sur commande", f"AVANCE CDE {po}"))
            else:
                text = rng.choice((f"Advance payment PO {po}", "Deposit on order", f"Prepayment order {po}"))
            return None, text, plan.kind
        if plan.kind == "amount_coincidence":
            invoice = rng.choice([i for i in self.ledger.invoices if not i.targeted])
            plan.figure, plan.currency = invoice.open_amount, invoice.currency
            plan.payer = self._stranger()
            return None, texts.no_reference(language, plan.booking, rng), plan.kind
        self._avoid_explainable(plan)
        if plan.kind == "interest":
            plan.payer.name = rng.choice(_INTEREST_PAYERS[language])
            quarter = f"T{(plan.booking.month - 1) // 3 + 1} {plan.booking.year}"
            return (
                None,
                f"INTERETS CREDITEURS {quarter}" if language == "fr" else "CREDIT INTEREST",
                plan.kind,
            )
        if plan.kind == "refund":
            payer, template = rng.choice(_REFUNDS)
            plan.payer.name = payer
            plan.payer.iban = self._fresh("FR" if language == "fr" else "GB") if rng.random() < 0.7 else None
            return None, template.format(n=rng.randrange(10**7, 10**8)), plan.kind
        plan.payer = self._stranger()
        number = rng.randrange(100, 99999)
        while number in self.last_groups:
            number = rng.randrange(100, 99999)
        text = rng.choice(_STRANGER_TEXTS).format(n=number)
        return self._place(text, plan.kind)

    def _avoid_explainable(self, plan: Plan) -> None:
        explainable = self.explainable.get(plan.currency, set())
        while cents(plan.figure) in explainable:
            plan.figure += Decimal(self.rng.randint(1, 9)).scaleb(-2)

    def _fresh(self, country: str) -> str:
        return self.fresh_iban(country)

    def _stranger(self) -> Payer:
        """A payer unknown to the ledger: a person or a company whose name fits no customer."""
        rng = self.rng
        for _ in range(50):
            country = rng.choice(("FR", "FR", "GB", "DE", "US", "ES"))
            if rng.random() < 0.4:
                language = "fr" if country == "FR" else "en"
                title = "M. OU MME" if language == "fr" else "MR"
                name = f"{title} {names.person_name(language, rng)}".upper()
            else:
                name = names.bank_name(names.company_name(country, rng), "en", rng)
            if not names.fitting_customers(name, self.names):
                iban = self._fresh(country) if country != "US" else None
                return Payer(name, iban)
        return Payer("PARTICULIER", None)
