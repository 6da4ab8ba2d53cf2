"""Planning the payments of a world, one case type at a time, before invoices are numbered.

A :class:`Plan` says who pays, which invoices (drafted here, so every settled invoice
belongs to exactly one payment) and the figures that make the case: the deduction held
back, the part paid, the extra paid. :func:`repair` then nudges amounts until each case
has the one explanation its truth claims: an amount-only payment matches exactly one
combination of its customer's open invoices, and a short, partial or over-payment matches
none.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from evals.world import names
from evals.world.ledger import InvoiceDraft, Ledger
from evals.world.model import DEDUCTION_CODES, ZERO, WorldCustomer
from evals.world.sums import cents, count_subsets
from tools.money import quantise

AMOUNT_IDENTIFIED = frozenset({"amount_only", "name_variant", "parent_pays"})
NOT_WHOLE = frozenset({"discount", "deduction", "unexplained_deduction", "partial", "overpayment"})
_BANK_CHARGES = tuple(Decimal(v) for v in ("5.00", "7.50", "10.00", "12.00", "15.00", "20.00", "25.00"))
UNIDENTIFIABLE_KINDS = (
    ("interest", 20),
    ("refund", 25),
    ("unknown_payer", 30),
    ("prepayment", 15),
    ("amount_coincidence", 10),
)


@dataclass
class Payer:
    """Who the bank says paid: a name and an account, either possibly missing."""

    name: str | None
    iban: str | None


@dataclass
class Plan:
    """One payment before rendering. ``figure`` is the case's own amount: the deduction, the
    part paid, the extra paid, or the whole amount of a payment that settles nothing."""

    case: str
    booking: date
    payer: Payer
    customer: WorldCustomer | None
    invoices: list[InvoiceDraft]
    kind: str = ""
    pool: list[str] = field(default_factory=list)  # customers whose invoices may explain the amount
    figure: Decimal = ZERO
    code: str | None = None
    currency: str = "EUR"

    @property
    def invoice(self) -> InvoiceDraft:
        return self.invoices[0]

    def discount(self) -> Decimal:
        """The early-payment discount taken (only for ``discount``)."""
        if self.case != "discount" or self.customer is None or not self.customer.discount_terms:
            return ZERO
        rate = Decimal(self.customer.discount_terms.split("/")[0]) / 100
        return quantise(self.invoice.open_amount * rate, self.currency, exact=False)

    def amount(self) -> Decimal:
        """The payment's amount."""
        whole = sum((invoice.open_amount for invoice in self.invoices), ZERO)
        if self.case == "discount":
            return whole - self.discount()
        if self.case in ("deduction", "unexplained_deduction"):
            return whole - self.figure
        if self.case == "partial" or self.case == "unidentifiable":
            return self.figure
        if self.case == "overpayment":
            return whole + self.figure
        return whole


class Planner:
    """Makes plans on a ledger; invoices settled by a plan are drafted for it."""

    def __init__(
        self, ledger: Ledger, rng: random.Random, days: Sequence[date], fresh_iban: Callable[[str], str]
    ) -> None:
        self.ledger = ledger
        self.rng = rng
        self.days = days
        self.fresh_iban = fresh_iban
        self.names = {c.customer_id: c.name for c in ledger.customers}
        weights = {"key_account": 3, "distributor": 2}
        self.weights = [weights.get(c.segment, 1) for c in ledger.customers]

    def plan(self, case: str) -> Plan:
        builder: Callable[[date], Plan] = getattr(self, f"_{case}")
        return builder(self.rng.choice(self.days))

    # -- helpers ---------------------------------------------------------------------------

    def _pick(self, accept: Callable[[WorldCustomer], bool] = lambda c: True) -> WorldCustomer:
        for _ in range(200):
            customer = self.rng.choices(self.ledger.customers, self.weights)[0]
            if accept(customer):
                return customer
        candidates = [c for c in self.ledger.customers if accept(c)]
        if not candidates:
            raise ValueError("no customer fits this case; generate a larger world")
        return self.rng.choice(candidates)

    def _issued(self, booking: date, low: int = 6, high: int = 85) -> date:
        return booking - timedelta(days=self.rng.randint(low, high))

    def _targets(
        self, customer: WorldCustomer, booking: date, count: int, *, scattered: bool
    ) -> list[InvoiceDraft]:
        if not scattered or count == 1:
            return self.ledger.add_batch(customer, self._issued(booking), count, self.rng, targeted=True)
        invoices: list[InvoiceDraft] = []
        while len(invoices) < count:
            size = self.rng.randint(1, count - len(invoices))
            invoices += self.ledger.add_batch(customer, self._issued(booking), size, self.rng, targeted=True)
        return invoices

    def _account(self, customer: WorldCustomer, mode: str = "usual") -> str | None:
        """``usual``: mostly a known IBAN; ``known``: a known one; ``unknown``: one the ledger lacks."""
        rng = self.rng
        if mode == "known" or (mode == "usual" and customer.ibans and rng.random() < 0.85):
            return rng.choice(customer.ibans)
        if customer.country == "US":
            return None
        unlisted = [iban for iban in customer.accounts if iban not in customer.ibans]
        if unlisted and rng.random() < 0.6:
            return rng.choice(unlisted)
        return self.fresh_iban(customer.country)

    def _usual(self, customer: WorldCustomer) -> Payer:
        return Payer(names.bank_name(customer.name, customer.language, self.rng), self._account(customer))

    def _identified_by_name(self, customer: WorldCustomer, *, strong: bool) -> str | None:
        """A bank rendering of the name that designates only ``customer``, if one is found."""
        for _ in range(12):
            variant = names.bank_name(customer.name, customer.language, self.rng, strong=strong)
            if names.fitting_customers(variant, self.names) == [customer.customer_id]:
                return variant
        return None

    def _one(self, case: str, booking: date) -> Plan:
        customer = self._pick()
        invoices = self._targets(customer, booking, 1, scattered=False)
        return Plan(case, booking, self._usual(customer), customer, invoices, currency=customer.currency)

    # -- case types ------------------------------------------------------------------------

    def _exact_reference(self, booking: date) -> Plan:
        return self._one("exact_reference", booking)

    def _structured_reference(self, booking: date) -> Plan:
        return self._one("structured_reference", booking)

    def _mangled_reference(self, booking: date) -> Plan:
        return self._one("mangled_reference", booking)

    def _multi_invoice(self, booking: date) -> Plan:
        customer = self._pick()
        count = self.rng.choice((2, 2, 2, 3, 3, 4, 5, 6))
        scattered = self.rng.random() < 0.5
        invoices = self._targets(customer, booking, count, scattered=scattered)
        kind = "scattered" if scattered else "batch"
        return Plan(
            "multi_invoice",
            booking,
            self._usual(customer),
            customer,
            invoices,
            kind,
            currency=customer.currency,
        )

    def _amount_only(self, booking: date) -> Plan:
        by_iban = self.rng.random() < 0.7
        if by_iban:
            customer = self._pick(lambda c: bool(c.ibans))
            payer = Payer(
                names.bank_name(customer.name, customer.language, self.rng), self._account(customer, "known")
            )
        else:
            customer = self._pick(lambda c: not c.ibans)
            name = self._identified_by_name(customer, strong=False) or customer.name.upper()
            payer = Payer(name, self._account(customer, "unknown"))
        count = self.rng.choices((1, 2, 3), (6, 3, 1))[0]
        invoices = self._targets(customer, booking, count, scattered=True)
        kind = "iban" if by_iban else "name"
        pool = [customer.customer_id]
        return Plan("amount_only", booking, payer, customer, invoices, kind, pool, currency=customer.currency)

    def _discount(self, booking: date) -> Plan:
        customer = self._pick(lambda c: c.discount_terms is not None)
        days = int((customer.discount_terms or "2/10").split("/")[1])
        issue = booking - timedelta(days=self.rng.randint(0, days - 1))
        invoices = self.ledger.add_batch(customer, issue, 1, self.rng, targeted=True, partly_paid=False)
        payer = self._usual(customer)
        kind = customer.discount_terms or ""
        return Plan("discount", booking, payer, customer, invoices, kind, currency=customer.currency)

    def _deduction(self, booking: date) -> Plan:
        plan = self._one("deduction", booking)
        plan.code = self.rng.choice(DEDUCTION_CODES[:-1])
        open_amount = plan.invoice.open_amount
        if self.rng.random() < 0.5:
            share = Decimal(self.rng.randint(10, 120)) / 1000
            plan.figure = quantise(open_amount * share, plan.currency, exact=False)
        else:
            plan.figure = Decimal(self.rng.choice((15, 20, 25, 40, 50, 75, 100, 120, 150, 200, 250, 300)))
        plan.figure = min(plan.figure, quantise(open_amount / 3, plan.currency, exact=False)).quantize(ZERO)
        plan.kind = "amount_in_text" if self.rng.random() < 0.7 else "reason_only"
        return plan

    def _unexplained_deduction(self, booking: date) -> Plan:
        plan = self._one("unexplained_deduction", booking)
        plan.code = "OTHER"
        open_amount = plan.invoice.open_amount
        charges = [fee for fee in _BANK_CHARGES if fee * 20 <= open_amount]
        if charges and self.rng.random() < 0.4:
            plan.figure, plan.kind = self.rng.choice(charges), "bank_charges"
        else:
            share = Decimal(self.rng.randint(2, 25)) / 1000
            plan.figure = max(quantise(open_amount * share, plan.currency, exact=False), Decimal("0.50"))
            plan.kind = "small_short"
        return plan

    def _partial(self, booking: date) -> Plan:
        plan = self._one("partial", booking)
        open_amount = plan.invoice.open_amount
        share = Decimal(self.rng.randint(30, 70)) / 100
        paid = open_amount * share
        step = self.rng.choice((Decimal("0.01"), Decimal("10"), Decimal("100")))
        paid = (paid / step).quantize(Decimal(1)) * step
        if not 0 < paid < open_amount:
            paid = quantise(open_amount / 2, plan.currency, exact=False)
        plan.figure = paid.quantize(ZERO)
        plan.kind = "half" if paid * 2 == open_amount else "part"
        return plan

    def _overpayment(self, booking: date) -> Plan:
        plan = self._one("overpayment", booking)
        if self.rng.random() < 0.5:
            share = Decimal(self.rng.randint(2, 20)) / 1000
            plan.figure = max(
                quantise(plan.invoice.open_amount * share, plan.currency, exact=False), Decimal("1")
            )
        else:
            plan.figure = Decimal(self.rng.choice((1, 5, 10, 20, 50, 100)))
        plan.figure = plan.figure.quantize(ZERO)
        return plan

    def _parent_pays(self, booking: date) -> Plan:
        customer = self._pick(lambda c: c.parent_id is not None)
        parent = self.ledger.by_id(customer.parent_id or "")
        group = [parent.customer_id] + [c.customer_id for c in self.ledger.subsidiaries(parent.customer_id)]
        by_amount = bool(parent.ibans) and self.rng.random() < 0.3
        account = self._account(parent, "known" if by_amount else "usual")
        payer = Payer(names.bank_name(parent.name, parent.language, self.rng), account)
        count = self.rng.choices((1, 2, 3), (5, 3, 2))[0]
        invoices = self._targets(customer, booking, count, scattered=self.rng.random() < 0.5)
        kind = "no_reference" if by_amount else "reference"
        return Plan(
            "parent_pays", booking, payer, customer, invoices, kind, group, currency=customer.currency
        )

    def _name_variant(self, booking: date) -> Plan:
        for _ in range(100):
            customer = self._pick()
            variant = self._identified_by_name(customer, strong=True)
            if variant is not None:
                break
        else:
            raise ValueError("no customer name survives bank mangling uniquely")
        payer = Payer(variant, self._account(customer, "unknown"))
        invoices = self._targets(customer, booking, self.rng.choice((1, 1, 1, 2)), scattered=True)
        kind = "reference" if self.rng.random() < 0.35 else "no_reference"
        pool = [customer.customer_id]
        return Plan(
            "name_variant", booking, payer, customer, invoices, kind, pool, currency=customer.currency
        )

    def _unidentifiable(self, booking: date) -> Plan:
        kinds = UNIDENTIFIABLE_KINDS
        kind = self.rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
        currency = self.rng.choices(("EUR", "GBP", "USD"), (8, 1, 1))[0]
        plan = Plan("unidentifiable", booking, Payer(None, None), None, [], kind, currency=currency)
        if kind == "prepayment":
            customer = self._pick()
            plan.customer, plan.currency = customer, customer.currency
            plan.payer = self._usual(customer)
            plan.pool = [customer.customer_id]
            plan.figure = Decimal(self.rng.randint(10, 400) * 50).quantize(ZERO)
        elif kind == "interest":
            plan.figure = Decimal(self.rng.randint(30, 30000)).scaleb(-2)
        else:
            plan.figure = Decimal(self.rng.randint(2000, 900000)).scaleb(-2)
        return plan


def _violation(plan: Plan, ledger: Ledger) -> bool:
    """Whether the plan's amount has another explanation than its truth (or, amount-only, none)."""
    if plan.customer is None:
        return False
    pool = [cents(i.open_amount) for i in ledger.open_invoices(plan.pool or [plan.customer.customer_id])]
    amount = cents(plan.amount())
    if plan.case in AMOUNT_IDENTIFIED and (plan.case != "parent_pays" or plan.kind == "no_reference"):
        return count_subsets(pool, amount, 4) > 1
    if plan.case in NOT_WHOLE or plan.kind == "prepayment":
        return count_subsets(pool, amount, 4, limit=1) > 0
    return False


def repair(plans: Sequence[Plan], ledger: Ledger, rng: random.Random) -> None:
    """Nudge amounts until every plan has exactly the explanation its truth claims."""
    for _ in range(200):
        changed = False
        for plan in plans:
            if _violation(plan, ledger):
                changed = True
                if plan.case in AMOUNT_IDENTIFIED:
                    rng.choice(plan.invoices).bump(rng.randint(1, 97))
                else:
                    _nudge(plan, rng)
        if not changed:
            return
    raise RuntimeError("could not make every amount-only payment unambiguous")


DECOY_RATES = {
    "amount_only": 0.5,
    "name_variant": 0.6,
    "parent_pays": 0.4,
    "mangled_reference": 0.4,
    "exact_reference": 0.1,
}


def add_decoys(plans: Sequence[Plan], ledger: Ledger, rng: random.Random) -> None:
    """Unpaid invoices of *other* customers (look-alike names first) for exactly what a payment
    pays, so that the amount alone never tells which customer paid; a decoy that would give
    some payment a second explanation is dropped."""
    by_customer: dict[str, list[Plan]] = {}
    for plan in plans:
        for customer_id in plan.pool or ([plan.customer.customer_id] if plan.customer else []):
            by_customer.setdefault(customer_id, []).append(plan)
    for plan in plans:
        if plan.customer is None or rng.random() >= DECOY_RATES.get(plan.case, 0.0):
            continue
        owner = plan.customer
        excluded = set(plan.pool) | {owner.customer_id}
        others = [
            c for c in ledger.customers if c.currency == plan.currency and c.customer_id not in excluded
        ]
        tokens = set(names.name_tokens(owner.name))
        lookalikes = [c for c in others if tokens & set(names.name_tokens(c.name))]
        choices = lookalikes if lookalikes and rng.random() < 0.6 else others
        if not choices:
            continue
        target = rng.choice(choices)
        issue = plan.booking - timedelta(days=rng.randint(5, 90))
        decoy = ledger.add_batch(target, issue, 1, rng, partly_paid=False)[0]
        decoy.amount = decoy.open_amount = plan.amount()
        if any(_violation(other, ledger) for other in by_customer.get(target.customer_id, [])):
            ledger.remove(decoy)


def _nudge(plan: Plan, rng: random.Random) -> None:
    """Change a short, partial, over- or advance payment by a few cents."""
    step = Decimal(rng.randint(1, 9)).scaleb(-2)
    if plan.case == "discount":
        plan.invoice.bump(rng.randint(1, 97))
    elif plan.case in ("deduction", "unexplained_deduction", "partial"):
        plan.figure = (
            plan.figure + step if plan.figure + step < plan.invoice.open_amount else plan.figure - step
        )
    else:
        plan.figure += step
