"""Bank identifiers found in statement fields and free text: IBAN, BIC, ISO 11649 (RF) references.

Shared by the MT940 and CSV readers: a value is taken for an IBAN or a BIC when it has the
shape of one, a creditor reference is found in free text by its ``RF`` head and check digits,
and an MT940 account is read as the IBAN it plainly is (:func:`statement_account`).
"""

from __future__ import annotations

import re

from ingest.text import compact

_IBAN_SHAPE = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")
_BIC_SHAPE = re.compile(r"^[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$")
_GERMAN_ACCOUNT = re.compile(r"^(\d{8})/(\d{1,10})(?:[A-Z]{3})?$")  # Bankleitzahl/Kontonummer
_RF_HEAD = re.compile(r"(?<![0-9A-Z])RF\d{2}[0-9A-Z]{0,21}(?![0-9A-Z])")
_RF_GROUP = re.compile(r" ([0-9A-Z]{1,4})(?![0-9A-Z])")


def iban_or_none(text: str | None) -> str | None:
    """``text`` as a compact upper-case IBAN when it has an IBAN's shape, else ``None``.

    The check digits are not verified: the bank says it is the account, and test and
    anonymised files carry made-up ones.
    """
    candidate = compact(text).upper()
    return candidate if _IBAN_SHAPE.match(candidate) else None


def _mod97(text: str) -> int:
    return int("".join(str(int(char, 36)) for char in text)) % 97


def _iban_valid(candidate: str) -> bool:
    return bool(_IBAN_SHAPE.match(candidate)) and _mod97(candidate[4:] + candidate[:4]) == 1


def statement_account(text: str | None) -> str | None:
    """An MT940 ``:25:`` account, as an IBAN where it plainly is one.

    ``NL77INGB0574908765EUR`` (IBAN and currency, the currency dropped when only the IBAN
    without it has valid check digits) and the German bank code and account number
    ``37040044/0532013000`` (``DE89370400440532013000``) become IBANs, so that a camt statement
    of the same account is recognised as such; anything else is kept as written.
    """
    candidate = compact(text).upper()
    with_currency = len(candidate) > 3 and candidate[-3:].isalpha()
    if with_currency and _iban_valid(candidate[:-3]) and not _iban_valid(candidate):
        return candidate[:-3]
    german = _GERMAN_ACCOUNT.match(candidate)
    if german:
        bban = german.group(1) + german.group(2).zfill(10)
        return f"DE{98 - _mod97(bban + 'DE00'):02d}{bban}"
    return text


def bic_or_none(text: str | None) -> str | None:
    """``text`` as an upper-case BIC when it has a BIC's shape, else ``None``."""
    candidate = compact(text).upper()
    return candidate if _BIC_SHAPE.match(candidate) else None


def _iso11649_valid(reference: str) -> bool:
    if not 5 <= len(reference) <= 25:
        return False
    return _mod97(reference[4:] + reference[:4]) == 1


def find_creditor_reference(*texts: str | None) -> str | None:
    """The first valid ISO 11649 creditor reference in ``texts``, compact (``RF18539007547034``).

    It may be printed in groups of four (``RF18 5390 0754 7034``); the check digits decide
    how many groups belong to it. A reference written compact (``RF35J4C6Z632 PO 998``) takes
    no group after it.
    """
    for text in texts:
        upper = (text or "").upper()
        for head in _RF_HEAD.finditer(upper):
            candidates = [head.group(0)]
            position = head.end()
            grouped = len(head.group(0)) == 4  # "RF18", then groups of four
            group = _RF_GROUP.match(upper, position) if grouped else None
            while group and len(candidates[-1]) + len(group.group(1)) <= 25:
                candidates.append(candidates[-1] + group.group(1))
                if len(group.group(1)) < 4:
                    break
                position = group.end()
                group = _RF_GROUP.match(upper, position)
            for candidate in reversed(candidates):
                if _iso11649_valid(candidate):
                    return candidate
    return None
