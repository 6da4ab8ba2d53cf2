"""A deterministic ledger and bank statement for the matching benchmark.

    stats = write_bench_files(Path("/tmp/bench"), invoices=1_000_000, payments=100_000, seed=7)

writes ``customers.csv`` (20,000 customers: names with legal forms, a known IBAN for most,
groups with ``parent_id``), ``invoices.csv`` (open EUR invoices in four numbering styles,
spread unevenly over the customers) and ``statement.csv`` (the DESIGN.md CSV bank columns).

Each payment settles invoices that no other payment settles. The mix (:data:`MIX`): most quote
one invoice number, exactly or mangled the way payers type it; some list several invoices of
one customer; some quote nothing (payer IBAN and name only); some pay part of an invoice or
hold back a deduction; a few are unrelated to the ledger (refunds, interest, unknown payers).
A parent company sometimes pays for its subsidiary. When the invoices run out (a statement as
long as the ledger), the remaining payments are unrelated ones; the returned counts say so.
"""

from __future__ import annotations

import csv
import random
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from schwifty import IBAN

from copilot.demo.files import CUSTOMER_COLUMNS, INVOICE_COLUMNS
from copilot.demo.statements import STATEMENT_CSV_COLUMNS

CUSTOMERS = 20_000


def _words(text: str) -> list[str]:
    return text.split()


FAMILY = _words(
    "Dupont Martin Bernard Leroy Moreau Lefebvre Garnier Rousseau Fontaine Chevalier Girard Bonnet "
    "Lambert Mercier Blanc Guerin Faure Andre Roux Vincent Morel Fournier Gauthier Perrin Robin Clement "
    "Masson Marchand Dumont Duval Lemoine Renaud Picard Aubert Brunet Schmitt Colin Barbier Meunier "
    "Arnaud Giraud Roy Dufour Boyer Carpentier Lacroix Royer Muller Weber Fischer Becker Hoffmann "
    "Schulz Koch Richter Klein Wolf Neumann Schwarz Braun"
)
TRADE = _words(
    "Logistique Transports Industries Distribution Batiment Conseil Informatique Agro Medical Emballages "
    "Energie Services Chimie Textile Metallurgie Plastiques Electronique Imprimerie Peintures Menuiserie "
    "Nettoyage Securite Froid Hydraulique Optique Papeterie Fonderie Robotique Vins Boissons "
    "Cosmetiques Jardins Batteries Cables Composites Ascenseurs Mobilier Outillage Pharma Eclairage"
)
PLACE = _words(
    "Nord Sud Est Ouest Atlantique Alpes Provence Bretagne Normandie Lorraine Rhone Loire Aquitaine "
    "Occitanie Champagne Bourgogne Picardie Vendee Savoie Auvergne Touraine Anjou Gascogne Artois Vexin"
)
LEGAL = ("SAS", "SARL", "SA", "EURL", "SASU", "SNC", "SCOP", "GmbH", "Ltd", "BV")
STRANGERS = ("URSSAF", "DGFIP", "M. JEAN LEGRAND", "MME CLAIRE PETIT", "ASSURANCES MUTUELLES", "CAF")
STRANGER_TEXTS = ("REMBOURSEMENT TROP PERCU", "INTERETS CREDITEURS", "REGUL", "VIREMENT DIVERS", "")
PAY_WORDS = ("Reglement facture", "Paiement", "VIR SEPA", "Payment inv", "Facture", "REF")
MIX: dict[str, int] = {
    "exact": 45,
    "mangled": 15,
    "several": 8,
    "no_reference": 15,
    "partial": 4,
    "short": 5,
    "overpaid": 3,
    "unrelated": 5,
}
START = date(2026, 1, 5)
STATEMENT_START = date(2026, 10, 1)


@dataclass(frozen=True, slots=True)
class Customer:
    customer_id: str
    name: str
    iban: str
    known_iban: bool
    parent: int | None
    style: int


@dataclass(slots=True)
class Invoice:
    number: str
    customer: int
    issue: date
    terms: int
    cents: int
    open_cents: int


def money(cents: int) -> str:
    """``123456`` → ``"1234.56"``."""
    return f"{cents // 100}.{cents % 100:02d}"


def invoice_number(style: int, sequence: int) -> str:
    """One of four ERP numbering styles; ``sequence`` is unique over the whole ledger."""
    return (f"FA-2026-{sequence:07d}", f"INV-{sequence:07d}", f"F26{sequence:08d}", f"2026/{sequence:07d}")[
        style
    ]


def mangle(rng: random.Random, number: str) -> str:
    """The number as a payer might type it: spaced, squashed, zeros or prefix lost, OCR-read."""
    found = re.search(r"\d{7,8}$", number)
    digits = found.group() if found else number
    how = rng.randrange(6)
    if how == 0:
        return number.replace("-", " ").replace("/", " ")
    if how == 1:
        return number.replace("-", "").replace("/", "").lower()
    if how == 2:
        head, _, tail = number.rpartition(digits)
        return head + digits.lstrip("0") + tail
    if how == 3:
        return re.sub(r"^[A-Z]+-?", "", number) if number[0].isalpha() else number.split("/", 1)[1]
    if how == 4:
        return number.replace("0", "O", 2)
    return digits.lstrip("0")


def make_customers(rng: random.Random, count: int) -> list[Customer]:
    names = rng.sample([(f, t, p) for f in FAMILY for t in TRADE for p in PLACE], count)
    heads = rng.sample(range(count), count // 50)
    parents: dict[int, int] = {}
    free = [index for index in range(count) if index not in set(heads)]
    rng.shuffle(free)
    for head in heads:
        for _ in range(rng.randint(1, 4)):
            if free:
                parents[free.pop()] = head
    customers = []
    for index, (family, trade, place) in enumerate(names):
        account = f"{index:011d}"
        iban = IBAN.generate("FR", bank_code="30004", branch_code="00801", account_code=account).compact
        customers.append(
            Customer(
                customer_id=f"C{index:06d}",
                name=f"{family} {trade} {place} {rng.choice(LEGAL)}",
                iban=iban,
                known_iban=rng.random() < 0.85,
                parent=parents.get(index),
                style=rng.randrange(4),
            )
        )
    return customers


def make_invoices(rng: random.Random, customers: list[Customer], count: int) -> list[Invoice]:
    weights = [min(rng.paretovariate(1.5), 20.0) for _ in customers]
    owners = rng.choices(range(len(customers)), weights=weights, k=count)
    invoices = []
    for sequence, owner in enumerate(owners, start=100_000):
        cents = int(rng.lognormvariate(11.4, 1.2)) + 1_000
        open_cents = cents if rng.random() < 0.95 else cents * rng.randint(30, 90) // 100
        invoices.append(
            Invoice(
                number=invoice_number(customers[owner].style, sequence),
                customer=owner,
                issue=START + timedelta(days=rng.randrange(260)),
                terms=rng.choice((30, 45, 60)),
                cents=cents,
                open_cents=open_cents,
            )
        )
    return invoices


class Pool:
    """Invoices not yet settled by a payment: a random one, or more of the same customer."""

    def __init__(self, rng: random.Random, invoices: list[Invoice]) -> None:
        self.invoices = invoices
        self.order = list(range(len(invoices)))
        rng.shuffle(self.order)
        self.by_customer: dict[int, list[int]] = {}
        for index in self.order:
            self.by_customer.setdefault(invoices[index].customer, []).append(index)
        self.settled = bytearray(len(invoices))
        self.cursor = 0

    def take(self, more: int) -> list[Invoice]:
        """One random open invoice and up to ``more`` others of its customer; [] when none left."""
        while self.cursor < len(self.order) and self.settled[self.order[self.cursor]]:
            self.cursor += 1
        if self.cursor == len(self.order):
            return []
        first = self.order[self.cursor]
        taken = [first]
        self.settled[first] = 1
        stack = self.by_customer[self.invoices[first].customer]
        while len(taken) <= more and stack:
            index = stack.pop()
            if not self.settled[index]:
                self.settled[index] = 1
                taken.append(index)
        return [self.invoices[index] for index in taken]


def payer_of(rng: random.Random, customers: list[Customer], customer: Customer) -> tuple[str, str]:
    """Bank-side payer name and IBAN: sometimes the parent pays, names come truncated or bare."""
    if customer.parent is not None and rng.random() < 0.5:
        customer = customers[customer.parent]
    name = customer.name.upper()
    if rng.random() < 0.3:
        name = name.rsplit(" ", 1)[0]
    iban = customer.iban if rng.random() < 0.9 else ""
    return name[:35], iban


def payment_row(
    rng: random.Random, customers: list[Customer], kind: str, bills: list[Invoice]
) -> tuple[int, str, str, str, str]:
    """``(cents, payer_name, payer_iban, reference, remittance_text)`` of one payment."""
    if kind == "unrelated" or not bills:
        account = f"{rng.randrange(10**11):011d}"
        stranger = IBAN.generate("FR", bank_code="10278", branch_code="00001", account_code=account)
        return (
            rng.randrange(500, 900_000),
            rng.choice(STRANGERS),
            stranger.compact,
            "",
            rng.choice(STRANGER_TEXTS),
        )
    name, iban = payer_of(rng, customers, customers[bills[0].customer])
    owed = sum(bill.open_cents for bill in bills)
    numbers = [bill.number for bill in bills]
    word = rng.choice(PAY_WORDS)
    if kind == "no_reference":
        return owed, name, iban, "", rng.choice(("VIREMENT " + name, "PAIEMENT FACTURES", "", "SOLDE"))
    if kind == "mangled":
        return owed, name, iban, "", f"{word} {mangle(rng, numbers[0])}"
    if kind == "several":
        return owed, name, iban, "", f"{word} " + rng.choice((" ", ", ", " / ")).join(numbers)
    cents = owed
    if kind == "partial":
        cents = owed * rng.randint(30, 70) // 100
        return cents, name, iban, numbers[0], f"Acompte {numbers[0]}"
    if kind == "short":
        cents = owed - max(100, owed * rng.randint(2, 10) // 100)
        return cents, name, iban, numbers[0], f"{numbers[0]} moins avoir litige"
    if kind == "overpaid":
        cents = owed + rng.choice((500, 1_000, 2_500, 10_000))
    return cents, name, iban, numbers[0], f"{word} {numbers[0]}"


def write_bench_files(directory: Path, *, invoices: int, payments: int, seed: int = 7) -> dict[str, int]:
    """Write the three CSV files; return how many payments of each kind were written."""
    rng = random.Random(seed)
    customers = make_customers(rng, CUSTOMERS)
    ledger = make_invoices(rng, customers, invoices)
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / "customers.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CUSTOMER_COLUMNS)
        for index, customer in enumerate(customers):
            writer.writerow(
                [
                    customer.customer_id,
                    customer.name,
                    f"ar{index}@example.com",
                    "fr" if index % 5 else "en",
                    "FR",
                    ("key", "mid", "smb")[index % 3],
                    f"{(index % 20 + 1) * 10_000}.00",
                    (30, 45, 60)[index % 3],
                    f"Contact {index}",
                    customers[customer.parent].customer_id if customer.parent is not None else "",
                    customer.iban if customer.known_iban else "",
                    "2/10" if index % 40 == 0 else "",
                ]
            )
    with (directory / "invoices.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(INVOICE_COLUMNS)
        for number, bill in enumerate(ledger):
            writer.writerow(
                [
                    bill.number,
                    customers[bill.customer].customer_id,
                    bill.issue.isoformat(),
                    (bill.issue + timedelta(days=bill.terms)).isoformat(),
                    "EUR",
                    money(bill.cents),
                    money(bill.open_cents),
                    f"PO{number:08d}" if number % 7 == 0 else "",
                ]
            )
    pool = Pool(rng, ledger)
    kinds = list(MIX)
    weights = list(MIX.values())
    counts: Counter[str] = Counter()
    with (directory / "statement.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(STATEMENT_CSV_COLUMNS)
        for index in range(payments):
            kind = rng.choices(kinds, weights)[0]
            more = (
                rng.randint(1, 3) if kind == "several" else int(kind == "no_reference" and rng.random() < 0.3)
            )
            bills = pool.take(more) if kind != "unrelated" else []
            if kind == "several" and len(bills) == 1:
                kind = "exact"
            if kind != "unrelated" and not bills:
                kind = "unrelated_no_invoice_left"
            counts[kind] += 1
            cents, name, iban, reference, text = payment_row(rng, customers, kind, bills)
            day = (STATEMENT_START + timedelta(days=rng.randrange(30))).isoformat()
            writer.writerow([f"BM{index:09d}", day, day, money(cents), "EUR", name, iban, reference, text])
    counts["invoices_settled"] = sum(pool.settled)
    return dict(counts)
