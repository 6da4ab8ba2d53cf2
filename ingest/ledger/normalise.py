"""Normalisation of customer and invoice attributes as ERP exports write them.

Each function takes a non-blank cell text and returns the canonical value or raises
``ValueError`` with a message that quotes the value (the caller adds file, row and column).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pycountry
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from schwifty.registry import get_iban_spec

from ingest.ledger.columns import normalise_header
from tools.money import normalise_currency

# Symbols that name one currency only. "$" (USD, CAD, AUD, …) and "¥" (JPY, CNY) do not.
_CURRENCY_SYMBOLS = {"€": "EUR", "EURO": "EUR", "EUROS": "EUR", "£": "GBP"}
_AMBIGUOUS_SYMBOLS = frozenset({"$", "¥", "KR", "FR."})


def normalise_currency_cell(text: str) -> str:
    """An ISO 4217 code from ``eur``, ``EUR``, ``€``, ``Euros`` or ``£``; ``$`` is ambiguous."""
    cleaned = text.strip().upper()
    if cleaned in _AMBIGUOUS_SYMBOLS:
        raise ValueError(f"{text!r} is ambiguous; write the ISO currency code (e.g. USD, CAD)")
    code = normalise_currency(_CURRENCY_SYMBOLS.get(cleaned, cleaned))
    if pycountry.currencies.get(alpha_3=code) is None:
        raise ValueError(f"{text!r} is not an ISO 4217 currency code")
    return code


_FRENCH = frozenset({"fr", "fra", "fre", "francais", "francaise", "french"})
_ENGLISH = frozenset({"en", "eng", "anglais", "anglaise", "english"})
# Countries where a customer without a stated language is written to in French.
_FRENCH_SPEAKING = frozenset(
    {
        "FR",
        "BE",
        "LU",
        "MC",
        "CH",
        "GP",
        "MQ",
        "GF",
        "RE",
        "YT",
        "PM",
        "BL",
        "MF",
        "NC",
        "PF",
        "WF",
        "SN",
        "CI",
        "ML",
        "BF",
        "NE",
        "TG",
        "BJ",
        "GA",
        "CG",
        "CD",
        "CM",
        "MG",
        "DZ",
        "MA",
        "TN",
    }
)


def normalise_language(text: str) -> str:
    """``"fr"`` or ``"en"`` from ``FR``, ``fr-FR``, ``français``, ``French``, ``anglais``, ``en_GB``…"""
    key = normalise_header(text)
    if key in _FRENCH or re.fullmatch(r"fr[a-z]{2}", key):
        return "fr"
    if key in _ENGLISH or re.fullmatch(r"en[a-z]{2}", key):
        return "en"
    raise ValueError(f"{text!r} is not a supported language (French or English)")


def language_for_country(country: str | None) -> str:
    """The default language for a customer whose file gives none: French unless abroad."""
    return "en" if country is not None and country not in _FRENCH_SPEAKING else "fr"


# Names pycountry does not know (French names, common English short forms).
_COUNTRY_NAMES = {
    "uk": "GB",
    "greatbritain": "GB",
    "england": "GB",
    "royaumeuni": "GB",
    "angleterre": "GB",
    "grandebretagne": "GB",
    "belgique": "BE",
    "suisse": "CH",
    "allemagne": "DE",
    "espagne": "ES",
    "italie": "IT",
    "paysbas": "NL",
    "hollande": "NL",
    "irlande": "IE",
    "etatsunis": "US",
    "usa": "US",
    "autriche": "AT",
    "pologne": "PL",
    "suede": "SE",
    "danemark": "DK",
    "norvege": "NO",
    "finlande": "FI",
    "grece": "GR",
    "maroc": "MA",
    "tunisie": "TN",
    "algerie": "DZ",
    "cotedivoire": "CI",
    "chine": "CN",
    "japon": "JP",
    "inde": "IN",
    "bresil": "BR",
    "mexique": "MX",
    "republiquetcheque": "CZ",
    "tchequie": "CZ",
    "hongrie": "HU",
    "roumanie": "RO",
    "turquie": "TR",
    "russie": "RU",
    "singapour": "SG",
    "australie": "AU",
    "emiratsarabesunis": "AE",
    "arabiesaoudite": "SA",
    "afriquedusud": "ZA",
    "coreedusud": "KR",
}


def normalise_country(text: str) -> str:
    """ISO 3166 alpha-2 (upper case) from a code (``fr``, ``FRA``, ``UK``) or a French or English name."""
    key = normalise_header(text)
    if key in _COUNTRY_NAMES:
        return _COUNTRY_NAMES[key]
    stripped = text.strip()
    if len(stripped) == 2 and stripped.isalpha():
        country = pycountry.countries.get(alpha_2=stripped.upper())
    elif len(stripped) == 3 and stripped.isalpha():
        country = pycountry.countries.get(alpha_3=stripped.upper())
    else:
        try:
            country = pycountry.countries.lookup(stripped)
        except LookupError:
            country = None
    if country is None:
        raise ValueError(f"{text!r} is not a known country name or ISO code")
    return str(country.alpha_2)


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def normalise_emails(text: str) -> str:
    """One address, or several separated by ``;`` or ``,`` (joined with ``"; "``)."""
    addresses = [part.strip() for part in re.split(r"[;,]", text) if part.strip()]
    for address in addresses:
        if not _EMAIL.fullmatch(address):
            raise ValueError(f"{address!r} is not an email address")
    return "; ".join(addresses)


def _iban_length(country_code: str) -> int | None:
    try:
        return get_iban_spec(country_code.upper()).iban_length
    except (SchwiftyException, KeyError):
        return None


def _iban_candidates(text: str) -> list[str]:
    """Split a list of IBANs, each compact or in groups of four, on ``;`` ``,`` ``|`` or spaces."""
    candidates: list[str] = []
    for chunk in re.split(r"[;,|]+", text):
        current: list[str] = []
        for token in chunk.split():
            current.append(token)
            compact = "".join(current)
            expected = _iban_length(compact[:2])
            if expected is None or len(compact) >= expected:
                candidates.append(" ".join(current))
                current = []
        if current:
            candidates.append(" ".join(current))
    return candidates


def parse_ibans(text: str) -> tuple[str, ...]:
    """Validated IBANs in compact upper-case form, duplicates dropped; an invalid one raises."""
    ibans: list[str] = []
    for candidate in _iban_candidates(text):
        try:
            iban = IBAN(candidate).compact
        except SchwiftyException as exc:
            reason = str(exc)
            raise ValueError(f"{candidate!r} is not a valid IBAN ({reason[:1].lower()}{reason[1:]})") from exc
        if iban not in ibans:
            ibans.append(iban)
    return tuple(ibans)


_DISCOUNT = re.compile(r"(\d{1,2}(?:[.,]\d+)?)\s*%?\s*/\s*(\d{1,3})\s*(?:j|jours?|d|days?)?", re.IGNORECASE)


def normalise_discount_terms(text: str) -> str:
    """``<percent>/<days>`` (``2/10``, ``1,5 % / 10 jours`` → ``1.5/10``): percent off if paid within days."""
    match = _DISCOUNT.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not discount terms like 2/10 (percent/days)")
    percent = Decimal(match.group(1).replace(",", "."))
    days = int(match.group(2))
    if not 0 < percent < 100 or days == 0:
        raise ValueError(f"{text!r} is not discount terms like 2/10 (percent/days)")
    return f"{percent.normalize():f}/{days}"


_TERMS = re.compile(r"(?:net\s*)?(\d{1,3})\s*(?:j|jours?|d|days?)?(?:\s*net)?", re.IGNORECASE)


def parse_payment_terms(text: str) -> int:
    """Days from ``30``, ``30 jours``, ``30j``, ``30 days``, ``net 30``; end-of-month terms are refused."""
    match = _TERMS.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a number of days (like 30, '30 jours' or 'net 30')")
    return int(match.group(1))
