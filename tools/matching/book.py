"""The ledger as one match run sees it: customers, open invoices and their lookup indexes.

Built once per run in linear time; every lookup a payment needs (payer IBAN, invoice number,
customer name, open invoices of a group, invoices of an amount) is then a dictionary probe.
Applying an allocation lowers the invoice's open amount here too, so later payments of the
same run see what is really left.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from tools.matching.model import CustomerProfile, OpenInvoice, ProposedAllocation
from tools.matching.names import NameIndex
from tools.matching.references import ReferenceIndex

ZERO = Decimal(0)


def normalise_iban(iban: str | None) -> str:
    """Upper-case, no spaces: how IBANs are compared."""
    return "".join((iban or "").split()).upper()


class MatchBook:
    """Customers and open invoices with the indexes matching needs."""

    def __init__(self, customers: Iterable[CustomerProfile], invoices: Iterable[OpenInvoice]) -> None:
        self.customers: dict[str, CustomerProfile] = {}
        self.names = NameIndex()
        self.iban_owner: dict[str, str] = {}
        for customer in customers:
            self.add_customer(customer)
        self.invoices: list[OpenInvoice] = []
        self.references = ReferenceIndex()
        self._row_by_key: dict[int, int] = {}
        self._by_customer: dict[str, list[int]] = defaultdict(list)
        self._by_amount: dict[tuple[str, Decimal], list[int]] = defaultdict(list)
        for invoice in invoices:
            self.add_invoice(invoice)
        self._groups: dict[str, list[str]] | None = None

    def add_customer(self, customer: CustomerProfile) -> None:
        """Index a customer's names, aliases and payer IBANs."""
        self.customers[customer.customer_id] = customer
        self.names.add(customer.customer_id, customer.name)
        for alias in customer.aliases:
            self.names.add(customer.customer_id, alias, alias=True)
        for iban in customer.ibans:
            self.iban_owner.setdefault(normalise_iban(iban), customer.customer_id)
        self._groups = None

    def add_invoice(self, invoice: OpenInvoice) -> None:
        """Index an open invoice by number, customer and open amount."""
        row = len(self.invoices)
        self.invoices.append(invoice)
        self._row_by_key[invoice.key] = row
        self.references.add(invoice.number, row)
        self._by_customer[invoice.customer_id].append(row)
        self._by_amount[(invoice.currency, invoice.open_amount)].append(row)

    def group_of(self, customer_id: str) -> str:
        """The group a customer belongs to: its top-most parent (itself when it has none)."""
        seen = {customer_id}
        current = customer_id
        while (parent := self._parent(current)) is not None and parent not in seen:
            seen.add(parent)
            current = parent
        return current

    def _parent(self, customer_id: str) -> str | None:
        customer = self.customers.get(customer_id)
        if customer is None or not customer.parent_id or customer.parent_id not in self.customers:
            return None
        return customer.parent_id

    def members(self, group: str) -> list[str]:
        """Every customer of a group, the group's head first."""
        if self._groups is None:
            groups: dict[str, list[str]] = defaultdict(list)
            for customer_id in sorted(self.customers):
                groups[self.group_of(customer_id)].append(customer_id)
            self._groups = {head: sorted(ids, key=lambda cid: cid != head) for head, ids in groups.items()}
        return self._groups.get(group, [group])

    def open_rows(self, customer_ids: Iterable[str], currency: str) -> list[int]:
        """Rows of the still-open invoices of some customers in one currency, oldest due first."""
        rows = [
            row
            for cid in customer_ids
            for row in self._by_customer.get(cid, ())
            if self.invoices[row].currency == currency and self.invoices[row].open_amount > ZERO
        ]
        return sorted(rows, key=lambda row: (self.invoices[row].due_date, self.invoices[row].number))

    def rows_of_amount(self, currency: str, amount: Decimal) -> list[int]:
        """Rows of open invoices whose open amount is exactly ``amount``."""
        return [
            row
            for row in self._by_amount.get((currency, amount), ())
            if self.invoices[row].open_amount == amount
        ]

    def invoice(self, key: int) -> OpenInvoice:
        """The invoice of a caller key, as it stands in this run."""
        return self.invoices[self._row_by_key[key]]

    def set_open(self, key: int, amount: Decimal) -> None:
        """Set an invoice's open amount (e.g. to what the database says after another process)."""
        row = self._row_by_key[key]
        current = self.invoices[row]
        self.invoices[row] = dataclasses.replace(current, open_amount=amount)
        if amount > ZERO:
            self._by_amount[(current.currency, amount)].append(row)

    def apply(self, allocations: Iterable[ProposedAllocation]) -> None:
        """Lower open amounts by what allocations settle, for the rest of the run."""
        for allocation in allocations:
            key = allocation.invoice.key
            self.set_open(key, self.invoice(key).open_amount - allocation.settled)

    def restore(self, allocations: Iterable[ProposedAllocation]) -> None:
        """Undo :meth:`apply` (allocations that were finally not written)."""
        for allocation in allocations:
            key = allocation.invoice.key
            self.set_open(key, self.invoice(key).open_amount + allocation.settled)
