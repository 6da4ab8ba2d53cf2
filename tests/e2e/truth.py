"""The ground truth the generated statements are written from: transactions made with a seed.

Deliberately independent of ``copilot/demo`` and of the readers: its own names, IBANs, RF
references and texts, with the values that trip readers up (XML specials, accents,
apostrophes, long texts, 0.01, 1 234 567.89, JPY and KWD, references with spaces).

A :class:`Tx` is what the bank knows; an :class:`Expected` is what ``extract --json`` /
``payments --json`` should show for it once a given format has carried it (a format may lose
fields: the writers say which, see ``bank_files.py`` and ``flat_files.py``).

Every seed is offset by the ``E2E_SEED`` environment variable (default 0), to explore other
data with the same scenarios: ``E2E_SEED=123 pytest tests/e2e``.
"""

from __future__ import annotations

import os
import random
import string
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

DECIMALS = {"JPY": 0, "KWD": 3}
OWN_IBAN = "FR7630004000031234567890143"
OWN_BIC = "BNPAFRPPXXX"
OWN_NAME = "Ateliers Réunis SA"

PAYERS = (
    "Société Générale d'Équipements & Fils",
    "O'Brien <Trading> Ltd",
    "Müller & Söhne GmbH",
    "Crédit Agricole > Nord-Est",
    "Zoë Ñúñez-Çelik",
    "ACME Corp.",
    "L'Oréal Professionnel SAS",
    "Smith, Jones and Partners LLP",
    'Boulangerie Pâtisserie du Marché "Chez Paul"',
    "Høgskolen i Østfold",
    "Ets. DUPONT & Cie",
    "Ørsted A/S",
    "Vereinigte Stahlwerke Aktiengesellschaft Niederlassung Süd-West",
)
WORDS = (
    "Facture",
    "Rechnung",
    "Invoice",
    "paiement",
    "règlement",
    "acompte",
    "solde",
    "commande",
    "Lieferung",
    "échéance",
    "référence",
    "avoir déduit",
    "merci",
    "Facture 2026/0042",
    "N° 12/B",
    "Rechnung Nr.: 4711",
    "PO#998; lot 3",
    "50% acompte",
    "(avoir)",
    "Réf: ABC/DEF",
    'dit "urgent"',
)
_BANKS = ("COBADEFFXXX", "DEUTDEFF", "INGBNL2A", "ABNANL2AXXX", "SOGEFRPP", "CRLYFRPPXXX", "BARCGB22")


def _mod97(text: str) -> int:
    return int("".join(str(int(char, 36)) for char in text)) % 97


def make_iban(rng: random.Random, country: str = "") -> str:
    """A syntactically valid IBAN (right check digits) for a few countries."""
    country = country or rng.choice(("FR", "DE", "NL", "BE", "GB", "ES"))
    bban = {
        "FR": lambda: "".join(rng.choices(string.digits, k=23)),
        "DE": lambda: "".join(rng.choices(string.digits, k=18)),
        "NL": lambda: "".join(rng.choices("ABINGRAO", k=4)) + "".join(rng.choices(string.digits, k=10)),
        "BE": lambda: "".join(rng.choices(string.digits, k=12)),
        "GB": lambda: "NWBK" + "".join(rng.choices(string.digits, k=14)),
        "ES": lambda: "".join(rng.choices(string.digits, k=20)),
    }[country]()
    check = 98 - _mod97(bban + country + "00")
    return f"{country}{check:02d}{bban}"


def make_rf(rng: random.Random) -> str:
    """A valid ISO 11649 creditor reference, compact (``RF18539007547034``)."""
    body = "".join(rng.choices(string.digits + string.ascii_uppercase, k=rng.randint(6, 15)))
    check = 98 - _mod97(body + "RF00")
    return f"RF{check:02d}{body}"


@dataclass(frozen=True)
class Tx:
    """One bank transaction as the bank knows it (debits and reversals included)."""

    bank_ref: str
    booking_date: date
    value_date: date
    amount: Decimal
    currency: str
    payer_name: str
    payer_iban: str
    payer_bic: str
    end_to_end_id: str | None = None
    creditor_reference: str | None = None
    remittance: tuple[str, ...] = ()
    credit: bool = True
    reversal: bool = False

    @property
    def text(self) -> str | None:
        return " ".join(self.remittance) or None

    @property
    def reference(self) -> str | None:
        return self.creditor_reference or self.end_to_end_id

    @property
    def is_payment(self) -> bool:
        return self.credit and not self.reversal and self.amount > 0


def amount_text(amount: Decimal, currency: str, mark: str = ".", group: str = "") -> str:
    """``1234567.89`` (or with the mark and thousands grouping asked for), currency decimals."""
    decimals = DECIMALS.get(currency, 2)
    digits = f"{amount:.{decimals}f}"
    integer, _, fraction = digits.partition(".")
    if group:
        integer = f"{int(integer):,}".replace(",", group)
    return integer + (mark + fraction if fraction else "")


@dataclass
class Expected:
    """What the contract should show for one payment; ``None`` fields are expected empty."""

    id: str
    booking_date: date
    value_date: date | None
    amount: Decimal
    currency: str
    payer_name: str | None
    payer_iban: str | None
    reference: str | None
    remittance_text: str | None
    end_to_end_id: str | None
    creditor_reference: str | None
    unchecked: frozenset[str] = field(default_factory=frozenset)

    def contract(self) -> dict[str, str | None]:
        """The fields as the JSON contract writes them."""
        data = {
            "id": self.id,
            "booking_date": self.booking_date.isoformat(),
            "value_date": self.value_date.isoformat() if self.value_date else None,
            "amount": amount_text(self.amount, self.currency),
            "currency": self.currency,
            "payer_name": self.payer_name,
            "payer_iban": self.payer_iban,
            "reference": self.reference,
            "remittance_text": " ".join(self.remittance_text.split()) if self.remittance_text else None,
            "end_to_end_id": self.end_to_end_id,
            "creditor_reference": self.creditor_reference,
        }
        return {key: value for key, value in data.items() if key not in self.unchecked}


def expected_of(tx: Tx, **changes: object) -> Expected:
    """The full-fidelity expectation for ``tx`` (a format that carries every field)."""
    base = Expected(
        id=tx.bank_ref,
        booking_date=tx.booking_date,
        value_date=tx.value_date,
        amount=tx.amount,
        currency=tx.currency,
        payer_name=tx.payer_name,
        payer_iban=tx.payer_iban,
        reference=tx.reference,
        remittance_text=tx.text,
        end_to_end_id=tx.end_to_end_id,
        creditor_reference=tx.creditor_reference,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


class TxFactory:
    """Transactions from a seed: ordinary ones, hard values and tricky twins."""

    def __init__(self, seed: int, day: date = date(2026, 10, 5), currency: str = "EUR") -> None:
        self.rng = random.Random(seed + int(os.environ.get("E2E_SEED", "0")))  # E2E_SEED: explore
        self.day = day
        self.currency = currency
        self._serial = 0
        self.payers = [(name, make_iban(self.rng), self.rng.choice(_BANKS)) for name in PAYERS]

    def _ref(self, prefix: str) -> str:
        self._serial += 1
        return f"{prefix}{self.rng.randint(10**6, 10**7 - 1)}{self._serial:03d}"

    def amount(self, currency: str) -> Decimal:
        roll = self.rng.random()
        if roll < 0.08:
            return Decimal(1).scaleb(-DECIMALS.get(currency, 2))  # one minor unit: 0.01, 1 JPY
        if roll < 0.14:
            return Decimal("1234567.89") if DECIMALS.get(currency, 2) == 2 else Decimal("1234567")
        cents = self.rng.randint(1000, 5_000_000)
        return Decimal(cents).scaleb(-2).quantize(Decimal(1).scaleb(-DECIMALS.get(currency, 2)))

    def remittance(self, long: bool = False) -> tuple[str, ...]:
        words = self.rng.choices(WORDS, k=self.rng.randint(2, 5))
        first = f"{words[0]} FA-2026-{self.rng.randint(1, 99999):05d} {' '.join(words[1:])}"
        if not long:
            return (first,)
        extra = [
            f"{self.rng.choice(WORDS)} INV{self.rng.randint(1000, 9999)} "
            f"{self.rng.randint(1, 9999)},{self.rng.randint(0, 99):02d} EUR"
            for _ in range(self.rng.randint(8, 14))
        ]
        return (first, " ".join(extra[:5]), " ".join(extra[5:]))

    def tx(self, *, currency: str | None = None, **overrides: object) -> Tx:
        currency = currency or self.currency
        name, iban, bic = self.rng.choice(self.payers)
        offset = self.rng.choice((0, 0, 0, 1))
        has_rf = self.rng.random() < 0.3
        e2e = self.rng.choice((None, "NOTPROVIDED", "E2E", "E2E", "SPACED"))
        if e2e == "E2E":
            e2e = f"E2E-{self.rng.randint(10**8, 10**9 - 1)}"
        elif e2e == "SPACED":
            e2e = f"INV 2026 {self.rng.randint(1000, 9999)}"
        fields: dict[str, object] = {
            "bank_ref": self._ref("BR"),
            "booking_date": self.day,
            "value_date": self.day - timedelta(days=offset),
            "amount": self.amount(currency),
            "currency": currency,
            "payer_name": name,
            "payer_iban": iban,
            "payer_bic": bic,
            "end_to_end_id": None if e2e == "NOTPROVIDED" else e2e,
            "creditor_reference": make_rf(self.rng) if has_rf else None,
            "remittance": self.remittance(long=self.rng.random() < 0.2),
        }
        fields.update(overrides)
        return Tx(**fields)  # type: ignore[arg-type]

    def day_of(self, count: int, **overrides: object) -> list[Tx]:
        """``count`` credits, a debit and a reversal mixed in, and a same-day twin payment."""
        txs = [self.tx(**overrides) for _ in range(count)]
        first = txs[0]
        twin = replace(first, bank_ref=self._ref("BR"), end_to_end_id=first.end_to_end_id)
        txs.insert(len(txs) // 2, twin)  # same payer, amount, day and text: two payments
        txs.insert(1, self.tx(credit=False, **overrides))
        txs.insert(3, self.tx(reversal=True, **overrides))
        txs.append(self.tx(credit=False, reversal=True, **overrides))
        return txs
