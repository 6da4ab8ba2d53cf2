"""Ground-truth remittances: a payer, a payment and the invoices it settles, numbered as suppliers do."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from evals.remittance_docs.model import TruthLine, TruthRemittance
from evals.world.names import company_name
from evals.world.texts import DEDUCTION_REASONS

CENT = Decimal("0.01")
# Country of the payer: (country, language, currencies with weights).
_PAYER_COUNTRIES: tuple[tuple[str, str, tuple[tuple[str, int], ...], int], ...] = (
    ("FR", "fr", (("EUR", 1),), 8),
    ("BE", "fr", (("EUR", 1),), 2),
    ("GB", "en", (("GBP", 5), ("EUR", 1)), 5),
    ("IE", "en", (("EUR", 1),), 1),
    ("US", "en", (("USD", 1),), 3),
)
# Our side (the supplier the advice is addressed to), never to be read as the payer.
PAYEES = {
    "fr": ("Société Industrielle du Vexin SAS", "Ateliers Marbeuf SA", "Distrilux France SARL"),
    "en": ("Hartwell Components Ltd", "Brightmoor Supplies Ltd", "Norvale Trading Inc."),
}


def _invoice_numbers(count: int, rng: random.Random, year: int) -> list[str]:
    """``count`` distinct invoice numbers of one numbering scheme, rising with gaps."""
    scheme = rng.choice(
        (
            "FA-{y}-{n:04d}",
            "INV{n:05d}",
            "{y}/{n:05d}",
            "F{n:07d}",
            "4500{n:04d}",
            "FAC{yy}-{n:05d}",
            "INV-{y}-{n:06d}",
            "SI{n:06d}",
            "{yy}FC{n:05d}",
            "F{y}{n:05d}",
        )
    )
    start = rng.randint(120, 9000)
    numbers = []
    current = start
    for _ in range(count):
        current += rng.choice((1, 1, 1, 2, 3, 7, 15))
        numbers.append(scheme.format(y=year, yy=year % 100, n=current))
    if rng.random() < 0.3:
        rng.shuffle(numbers)
    return numbers


def _amount(rng: random.Random) -> Decimal:
    """An invoice total, log-uniform between 40 and 30,000."""
    value = math.exp(rng.uniform(math.log(40), math.log(30_000)))
    if rng.random() < 0.15:
        return Decimal(round(value / 10) * 10).quantize(CENT)
    return Decimal(str(round(value, 2))).quantize(CENT)


def _deduction(invoice: Decimal, rng: random.Random) -> Decimal:
    if rng.random() < 0.4:
        return min(Decimal(rng.choice((15, 25, 40, 50, 75, 100, 120, 150))), invoice / 2).quantize(CENT)
    share = Decimal(str(rng.uniform(0.02, 0.3)))
    return (invoice * share).quantize(CENT, rounding=ROUND_HALF_EVEN)


def _line(
    number: str,
    paid_on: date,
    *,
    language: str,
    discount_rate: Decimal | None,
    deduct: bool,
    rng: random.Random,
) -> TruthLine:
    invoice = _amount(rng)
    issued = paid_on - timedelta(days=rng.randint(8, 95))
    discount = Decimal("0.00")
    if discount_rate is not None:
        discount = (invoice * discount_rate / 100).quantize(CENT, rounding=ROUND_HALF_EVEN)
    deduction = Decimal("0.00")
    reason_text = reason_code = None
    if deduct:
        deduction = _deduction(invoice - discount, rng)
        reason_code = rng.choice(sorted(DEDUCTION_REASONS))
        french, english = DEDUCTION_REASONS[reason_code]
        reason_text = rng.choice(french if language == "fr" else english)
    return TruthLine(
        invoice_number=number,
        invoice_date=issued,
        invoice_amount=invoice,
        paid_amount=invoice - discount - deduction,
        discount_amount=discount,
        deduction_amount=deduction,
        reason_text=reason_text,
        reason_code=reason_code,
    )


def _reference(country: str, paid_on: date, rng: random.Random) -> str | None:
    if rng.random() < 0.1:
        return None
    number = rng.randrange(10**6)
    options = {
        "FR": (
            f"VIR-{paid_on:%Y%m%d}-{number % 10000:04d}",
            f"REG{number:07d}",
            f"2000{number:06d}",
            f"VIRT{paid_on:%y%m}{number % 1000:03d}",
        ),
        "US": (f"ACH{number:08d}", f"CHK {number % 100000:06d}", f"PMT-{paid_on:%Y}-{number:06d}"),
        "GB": (f"BACS{number:06d}", f"PAY{number:07d}", f"RA-{number:06d}", f"2000{number:06d}"),
    }
    return rng.choice(options.get(country, options["FR"] if country == "BE" else options["GB"]))


def _payment_date(rng: random.Random) -> date:
    day = date(2026, 1, 5) + timedelta(days=rng.randrange(340))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def make_remittance(
    rng: random.Random, *, lines: int | None = None, language: str | None = None
) -> TruthRemittance:
    """A payer, a payment and ``lines`` invoices (1 to 25, mostly few, when not given).

    Some advices take a 2 % (sometimes 1.5 % or 3 %) early-payment discount on every line; some
    lines are short-paid with a reason (damaged goods, pricing, promotion, shortage…).
    """
    choices = [entry for entry in _PAYER_COUNTRIES if language is None or entry[1] == language]
    country, lang, currencies, _ = rng.choices(choices, [entry[3] for entry in choices])[0]
    currency = rng.choices([code for code, _ in currencies], [weight for _, weight in currencies])[0]
    paid_on = _payment_date(rng)
    count = lines if lines is not None else min(25, max(1, int(rng.expovariate(1 / 5)) + 1))
    discount_rate = None
    if rng.random() < 0.2:
        discount_rate = Decimal(rng.choice(("2", "2", "2", "1.5", "3")))
    deduction_share = rng.choice((0.0, 0.0, 0.15, 0.3))
    truth_lines = tuple(
        _line(
            number,
            paid_on,
            language=lang,
            discount_rate=discount_rate,
            deduct=rng.random() < deduction_share,
            rng=rng,
        )
        for number in _invoice_numbers(count, rng, paid_on.year - (1 if paid_on.month == 1 else 0))
    )
    return TruthRemittance(
        payer_name=company_name(country, rng),
        payee_name=rng.choice(PAYEES[lang]),
        language=lang,  # type: ignore[arg-type]
        country=country,
        payment_date=paid_on,
        currency=currency,
        payment_reference=_reference(country, paid_on, rng),
        lines=truth_lines,
    )
