"""What every rendering of one remittance shares: its writing style, words, addresses and line cells."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from evals.remittance_docs.formats import Style, pick_style
from evals.remittance_docs.model import TruthLine, TruthRemittance
from evals.remittance_docs.wording import COMMENT, INJECTION, Wording, pick_wording

_STREETS = {
    "fr": (
        "12 rue des Tanneurs",
        "ZI des Grands Champs, 4 allée Ampère",
        "87 avenue de la République",
        "Parc d'activités du Moulin, bât. C",
        "3 quai de la Fosse",
    ),
    "en": (
        "Unit 4, Riverside Park",
        "27 Mill Lane",
        "Building 2, Kingsway Business Park",
        "118 Harbour Road",
    ),
    "us": ("1450 Industrial Blvd, Suite 200", "88 Commerce Drive", "PO Box 4471"),
}
_CITIES = {
    "FR": ("69003 Lyon", "44000 Nantes", "67100 Strasbourg", "13015 Marseille", "35000 Rennes"),
    "BE": ("1000 Bruxelles", "4000 Liège", "7000 Mons"),
    "GB": ("Leeds LS10 1AB", "Bristol BS1 6QA", "Manchester M17 1RL", "Glasgow G51 2LP"),
    "IE": ("Cork T12 X2PK", "Dublin 12"),
    "US": ("Columbus, OH 43215", "Dayton, OH 45402", "Reno, NV 89502", "Albany, NY 12207"),
}
COLUMNS = ("invoice", "invoice_date", "gross", "discount", "deduction", "reason", "paid")


@dataclass(frozen=True)
class Sheet:
    """One remittance as one document writes it.

    ``zero``: how a zero discount or deduction shows (``""``, ``"0,00"``, ``"-"``);
    ``negative_adjustments``: whether discounts and deductions print as negative numbers.
    """

    remittance: TruthRemittance
    style: Style
    words: Wording
    zero: str
    negative_adjustments: bool
    payer_address: tuple[str, ...]
    payee_address: tuple[str, ...]
    company_ids: str
    adversarial: bool

    @property
    def currency(self) -> str:
        return self.remittance.currency

    @property
    def lines(self) -> tuple[TruthLine, ...]:
        return self.remittance.lines

    def money(self, amount: Decimal, *, bare: bool = False) -> str:
        return self.style.money(amount, self.currency, bare=bare or self.style.currency == "none")

    def adjustment(self, amount: Decimal) -> str:
        """A discount or deduction cell."""
        if amount == 0:
            return self.zero
        return self.money(-amount if self.negative_adjustments else amount)

    def header(self, key: str) -> str:
        """A column header, with the currency code when the cells carry none."""
        word = self.words[key]
        if key in ("gross", "discount", "deduction", "paid") and self.style.currency == "none":
            return f"{word} ({self.currency})"
        return word

    def cell(self, line: TruthLine, key: str) -> str:
        """The text of one cell of an invoice line."""
        if key == "invoice":
            return line.invoice_number
        if key == "invoice_date":
            return self.style.day(line.invoice_date)
        if key == "gross":
            return self.money(line.invoice_amount)
        if key == "discount":
            return self.adjustment(line.discount_amount)
        if key == "deduction":
            return self.adjustment(line.deduction_amount)
        if key == "reason":
            return line.reason_text or ""
        return self.money(line.paid_amount)

    def total_cell(self, key: str) -> str:
        """The totals-row cell of a column (blank for text columns)."""
        remittance = self.remittance
        totals = {
            "gross": remittance.total_invoiced,
            "discount": remittance.total_discount,
            "deduction": remittance.total_deduction,
            "paid": remittance.payment_amount,
        }
        if key not in totals:
            return self.words["total"] if key == "invoice" else ""
        if key in ("discount", "deduction"):
            return self.adjustment(totals[key])
        return self.money(totals[key])

    def header_pairs(self) -> list[tuple[str, str]]:
        """The label/value pairs of a header block (the reference only when there is one)."""
        remittance = self.remittance
        pairs = [
            (self.words["payer"], remittance.payer_name),
            (self.words["date"], self.style.day(remittance.payment_date)),
            (self.words["amount"], self.money(remittance.payment_amount)),
            (self.words["currency"], remittance.currency),
        ]
        if remittance.payment_reference:
            pairs.append((self.words["reference"], remittance.payment_reference))
        return pairs

    def comment(self) -> str | None:
        """The free comment line carrying a prompt injection, on adversarial documents."""
        return f"{COMMENT[self.style.language]} : {INJECTION}" if self.adversarial else None


def _company_ids(country: str, rng: random.Random) -> str:
    digits = "".join(str(rng.randrange(10)) for _ in range(14))
    if country == "BE":
        return f"TVA BE 0{digits[:3]}.{digits[3:6]}.{digits[6:9]} – RPM Bruxelles"
    if country == "FR":
        return (
            f"SIRET {digits[:3]} {digits[3:6]} {digits[6:9]} {digits[9:]} – TVA FR{digits[:2]} {digits[2:11]}"
        )
    if country == "US":
        return f"EIN {digits[:2]}-{digits[2:9]}"
    return f"VAT Reg. No. GB {digits[:3]} {digits[3:7]} {digits[7:9]} · Company No. {digits[5:13]}"


def new_sheet(
    remittance: TruthRemittance,
    rng: random.Random,
    *,
    plain: bool = False,
    adversarial: bool = False,
    negative: str | None = None,
) -> Sheet:
    """A writing of ``remittance``: ``plain`` uses the usual words, otherwise synonyms."""
    language, country = remittance.language, remittance.country
    style = pick_style(language, country, rng, negative=negative)
    street_pool = _STREETS["us" if country == "US" else language]
    payee_country = "FR" if language == "fr" else ("US" if country == "US" else "GB")
    return Sheet(
        remittance=remittance,
        style=style,
        words=pick_wording(language, rng, plain=plain),
        zero=rng.choice(("", "", style.number(Decimal(0)), "-")),
        negative_adjustments=rng.random() < 0.4,
        payer_address=(rng.choice(street_pool), rng.choice(_CITIES[country])),
        payee_address=(rng.choice(street_pool), rng.choice(_CITIES[payee_country])),
        company_ids=_company_ids(country, rng),
        adversarial=adversarial,
    )
