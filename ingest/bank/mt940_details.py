"""The ``:86:`` information to account owner of an MT940 statement line.

The field arrives in lines of at most 65 characters that banks cut wherever the limit falls,
often inside a word or a reference. The lines are joined *before* anything is parsed:

- structured formats (SWIFT/Dutch slash tags, German ``?nn`` sub-fields) are joined without a
  separator, since their delimiters carry the structure and a cut can fall anywhere;
- free text is joined without a separator after a full line (65 characters of content) and
  with a space after a shorter one.

Three layouts are read:

1. slash tags, e.g. ``/EREF/…/ORDP//NAME/…/IBAN/…/BIC/…/REMI/USTD//…`` or
   ``/TRTP/…/IBAN/…/BIC/…/NAME/…/REMI/…/EREF/…`` or ING's ``/CNTP/iban/bic/name/city/``;
2. German GVC: ``166?00GUTSCHRIFT?20…?29?30BIC?31IBAN?32NAME?33NAME``, with the SEPA
   markers ``EREF+ KREF+ MREF+ SVWZ+ ABWA+ …`` inside the ``?20``–``?29`` purpose (Triodos
   writes ``>`` for ``?``);
3. anything else is free text: the remittance text is the whole field, the payer unknown —
   except the SNS/ASN layout, whose first line is the counterparty's account (also in the
   ``:61:`` customer reference) and name.

The mt-940 library parses layout 2 too, but it cuts the field after nine lines by default,
strips trailing spaces and joins the ``?2x`` fragments without spaces; layout 1 it leaves
alone. Hence this module.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.bank.identifiers import bic_or_none, find_creditor_reference, iban_or_none
from ingest.text import normalise_space, real_value

FULL_LINE = 65
_GVC_FRAGMENT = 27

# Slash tags: the top-level ones, and those that open a party group when followed by ``//``.
_SLASH_TAGS = (
    "ACCW",
    "ADDR",
    "BENM",
    "BIC",
    "BUSP",
    "CD",
    "CDTRREF",
    "CDTRREFTP",
    "CHGS",
    "CNTP",
    "CSID",
    "EREF",
    "EXCH",
    "IBAN",
    "ID",
    "ISDT",
    "ISSR",
    "KREF",
    "MARF",
    "NAME",
    "OCMT",
    "ORDP",
    "PREF",
    "PURP",
    "REMI",
    "RTRN",
    "SVCL",
    "TRCD",
    "TRTP",
    "ULTB",
    "ULTC",
    "ULTD",
)
_SLASH_TAG = re.compile(r"/(" + "|".join(sorted(_SLASH_TAGS, key=len, reverse=True)) + r")/")
_SLASH_START = re.compile(r"^\s*/(?:" + "|".join(_SLASH_TAGS) + r")/")
_GROUPS = frozenset({"ORDP", "BENM", "ULTC", "ULTD", "ULTB"})
_GROUP_MEMBERS = frozenset({"NAME", "ADDR", "ID", "CD", "IBAN", "BIC"})

_GVC_START = re.compile(r"^\s*(?P<code>\d{3})\s*(?P<sep>[?>])\d{2}")
_SEPA_MARKER = re.compile(
    r"(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC|PURP|COAM|OAMT|SQTP|ORCR|ORMR|DDAT|MDAT)\+"
)


@dataclass(frozen=True, slots=True)
class Details:
    """What an ``:86:`` field says about a credit; every part may be missing."""

    text: str | None = None
    payer_name: str | None = None
    payer_iban: str | None = None
    payer_bic: str | None = None
    end_to_end_id: str | None = None
    creditor_reference: str | None = None
    customer_reference: str | None = None
    remittance_text: str | None = None
    gvc: str | None = None
    returned: bool = False


def join_free_text(lines: Sequence[str]) -> str:
    """Join free-text lines: no separator after a full line (a cut), a space after a shorter one."""
    parts: list[str] = []
    for index, line in enumerate(lines):
        if index:
            parts.append("" if len(lines[index - 1]) >= FULL_LINE else " ")
        parts.append(line)
    return "".join(parts)


def parse_details(lines: Sequence[str], *, counterparty: str | None = None) -> Details:
    """Read one ``:86:`` field given as its lines (the first without ``:86:``).

    ``counterparty`` is the account the ``:61:`` line named, if any (SNS/ASN put it there).
    """
    lines = [line.rstrip("\r\n") for line in lines]
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        return Details()
    joined = "".join(lines)
    gvc = _GVC_START.match(joined)
    if gvc:
        return _parse_gvc(joined, gvc.group("code"), gvc.group("sep"))
    if _SLASH_START.match(joined):
        return _parse_slash(joined)
    text = normalise_space(join_free_text(lines))
    head = lines[0].strip()
    payer_name = None
    if counterparty and head.upper().startswith(counterparty):
        payer_name = normalise_space(head[len(counterparty) :])
    return Details(
        text=text,
        payer_name=payer_name,
        remittance_text=text,
        creditor_reference=find_creditor_reference(text),
    )


# --- slash tags ----------------------------------------------------------------------------


def _slash_fields(text: str) -> dict[tuple[str, str], str]:
    """``{(group, tag): value}``: ``("", "EREF")``, ``("ORDP", "NAME")``…; first value wins."""
    fields: dict[tuple[str, str], str] = {}
    matches = list(_SLASH_TAG.finditer(text))
    group = ""
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        tag = match.group(1)
        raw = text[match.end() : end]
        value = raw.strip().strip("/").strip()
        if tag in _GROUPS and not value:
            group = tag
            continue
        if tag not in _GROUP_MEMBERS:
            group = ""
        fields.setdefault((group, tag), raw.strip() if tag in ("CNTP", "REMI") else value)
    return fields


def _remittance(remi: str | None) -> tuple[str | None, str | None]:
    """``(text, creditor reference)`` of a ``/REMI/`` value: ``USTD//text``, ``STRD/CUR/ref``."""
    if remi is None:
        return None, None
    value = remi.strip().rstrip("/")
    if value.startswith("USTD"):
        return normalise_space(value[4:].lstrip("/")), None
    if value.startswith("STRD"):
        parts = [part for part in value[4:].split("/") if part]
        return None, parts[-1] if parts else None
    return normalise_space(value), None


def _parse_slash(joined: str) -> Details:
    fields = _slash_fields(joined)
    text = normalise_space(joined)
    counterparty = [*fields.get(("", "CNTP"), "").split("/"), "", "", ""]
    remittance, structured_reference = _remittance(fields.get(("", "REMI")))
    structured_reference = real_value(fields.get(("", "CDTRREF"))) or real_value(structured_reference)
    payer_name = (
        fields.get(("ORDP", "NAME"))
        or counterparty[2]
        or fields.get(("", "NAME"))
        or fields.get(("ULTD", "NAME"))
    )
    payer_iban = fields.get(("ORDP", "IBAN")) or fields.get(("", "IBAN")) or counterparty[0]
    payer_bic = fields.get(("ORDP", "BIC")) or fields.get(("", "BIC")) or counterparty[1]
    return Details(
        text=text,
        payer_name=normalise_space(payer_name),
        payer_iban=iban_or_none(payer_iban),
        payer_bic=bic_or_none(payer_bic),
        end_to_end_id=real_value(fields.get(("", "EREF"))),
        creditor_reference=structured_reference or find_creditor_reference(remittance, text),
        customer_reference=real_value(fields.get(("", "KREF"))),
        remittance_text=remittance or text,
        returned=("", "RTRN") in fields,
    )


# --- German GVC ------------------------------------------------------------------------------


def _join_fragments(fragments: Sequence[str]) -> str:
    """Sub-fields of one kind (``?20``–``?29``, ``?32``/``?33``): no space after a full one."""
    parts: list[str] = []
    for index, fragment in enumerate(fragments):
        if index and len(fragments[index - 1]) < _GVC_FRAGMENT:
            parts.append(" ")
        parts.append(fragment)
    return "".join(parts)


def _sepa_markers(purpose: str) -> dict[str, str]:
    """``{"": free text before the first marker, "EREF": …, "SVWZ": …}``; first value wins."""
    matches = list(_SEPA_MARKER.finditer(purpose))
    markers = {"": purpose[: matches[0].start()] if matches else purpose}
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(purpose)
        markers.setdefault(match.group(1), purpose[match.end() : end])
    return {key: value for key, value in markers.items() if value.strip()}


def _parse_gvc(joined: str, code: str, separator: str) -> Details:
    body = joined[joined.index(code) + 3 :]
    pieces = re.split(re.escape(separator) + r"(\d{2})", body)
    subfields = [(int(key), value) for key, value in zip(pieces[1::2], pieces[2::2], strict=True)]
    purpose = _join_fragments([v for k, v in subfields if 20 <= k <= 29 or 60 <= k <= 63])
    name = _join_fragments([v for k, v in subfields if k in (32, 33)])
    first = dict(reversed(subfields))
    markers = _sepa_markers(purpose)
    remittance = normalise_space(markers.get("SVWZ")) or normalise_space(purpose)
    text = normalise_space(joined)
    return Details(
        text=text,
        payer_name=normalise_space(name),
        payer_iban=iban_or_none(first.get(31)) or iban_or_none(markers.get("IBAN")),
        payer_bic=bic_or_none(first.get(30)) or bic_or_none(markers.get("BIC")),
        end_to_end_id=real_value(markers.get("EREF")),
        creditor_reference=find_creditor_reference(markers.get("SVWZ"), purpose),
        customer_reference=real_value(markers.get("KREF")),
        remittance_text=remittance or text,
        gvc=code,
    )
