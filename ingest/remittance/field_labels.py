"""The labels a remittance advice puts before its payment fields, in French and English.

The remittance sheets' labels (:data:`~ingest.remittance.columns.HEADER_FIELDS`) and the ones
documents add (:data:`LABELS`), compared folded, without accents, dots, ``°`` or a colon
(``Réf. du virement :`` is ``ref du virement``). ``payee`` labels (``Bénéficiaire``, ``To``)
name us, never the payer. Beside them, the words of a title and the legal forms of companies,
which tell a document's title from a payer's name.
"""

from __future__ import annotations

import re

from ingest.remittance.columns import header_field
from ingest.remittance.tokens import fold

LABELS: dict[str, tuple[str, ...]] = {
    "payer_name": (
        "remitter",
        "ordering party",
        "paid by",
        "payeur",
        "societe",
        "company",
        "debiteur",
        "debtor",
        "nom du client",
        "customer name",
        "raison sociale",
    ),
    "payment_date": (
        "date d'execution",
        "execution date",
        "date de l'avis",
        "date du paiement",
        "paid on",
        "date de valeur",
        "transfer date",
        "date d'echeance du paiement",
        "date de paiement",
        "date valeur",
        "paiement du",
        "date du cheque",
        "cheque date",
        "check date",
        "date paid",
        "paid date",
        "date of payment",
        "payment made on",
        "date de l'operation",
    ),
    "letter_date": ("date", "le", "dated", "date de l'avis", "advice date", "date d'emission", "issue date"),
    "payment_amount": (
        "montant",
        "amount",
        "montant vire",
        "amount transferred",
        "total du paiement",
        "total payment",
        "payment total",
        "montant total regle",
        "total regle",
        "net a payer",
        "total amount paid",
        "amount paid",
        "paid amount",
        "transfer amount",
        "montant paye",
        "montant vire",
        "montant du cheque",
        "cheque amount",
        "check amount",
    ),
    "payment_reference": (
        "ref",
        "ref.",
        "reference du reglement",
        "payment no",
        "remittance advice no",
        "advice no",
        "avis de paiement n",
        "transfer reference",
        "our reference",
        "notre reference",
        "cheque no",
        "n de cheque",
        "check no",
        "cheque n",
        "check number",
        "cheque number",
        "numero de cheque",
        "piece de paiement",
        "n de piece de paiement",
        "payment document",
        "document de paiement",
        "transfer id",
        "reference virement",
        "ref virement",
        "payment ref",
        "ref paiement",
        "ref du paiement",
        "ref du virement",
        "ref du reglement",
        "n de virement",
        "numero de virement",
        "n de reglement",
        "remittance ref",
        "transaction reference",
        "transaction id",
    ),
    "payee": (
        "beneficiaire",
        "beneficiary",
        "payee",
        "to",
        "a",
        "destinataire",
        "fournisseur",
        "supplier",
        "vendor",
        "creditor",
        "creancier",
    ),
}
PAYMENT_FIELDS = frozenset({"payer_name", "payment_date", "payment_amount", "currency", "payment_reference"})
NEEDS_COLON = frozenset({"de", "a", "to", "le", "societe", "company"})
"""Labels that are also a name's or a sentence's first word: a label only with a colon after them."""
TITLE_WORDS = re.compile(
    r"^(avis|advice|remittance|virement|paiement|payment|reglement|releve|notification|lettre|cheque|check"
    r"|detach|statement|transfer)\b"
)
"""A document title's first words (``AVIS DE VIREMENT``): no payer's name, unless it has a legal form."""
LEGAL_FORMS = frozenset(
    {"sas", "sasu", "sarl", "sa", "eurl", "snc", "sci", "scop", "sprl", "gmbh", "ag", "kg", "ltd", "limited"}
    | {"plc", "llp", "llc", "lp", "inc", "corp", "co", "cie", "dac", "pty", "bv", "nv", "spa", "srl", "sl"}
)
"""Legal forms of companies (``SARL``, ``Ltd``, ``Inc.``…), compared folded and without dots."""


def label_key(text: str) -> str:
    """``"Réf. du virement :"`` → ``"ref du virement"``: folded, without dots, ``°`` or colon."""
    folded = fold(text.strip().rstrip(":")).replace("°", "").replace("º", "").replace(".", " ")
    return re.sub(r"\s+", " ", folded).strip(" :")


_EXTRA_INDEX = {label_key(label): name for name, labels in LABELS.items() for label in labels}


def label_name(text: str) -> str | None:
    """The field a label names (``payer_name``… or ``payee``), ``None`` when it is no label."""
    cleaned = text.strip().rstrip(":").strip()
    if not cleaned:
        return None
    return _EXTRA_INDEX.get(label_key(cleaned)) or header_field(cleaned)


def payment_label(text: str) -> str | None:
    """The payment field a label names (``payer_name``, ``payment_date``, ``payment_amount``,
    ``currency``, ``payment_reference``); ``None`` for the payee's, a bare date's or no label."""
    name = label_name(text)
    return name if name in PAYMENT_FIELDS else None


def is_legal_form(word: str) -> bool:
    """Whether ``word`` is a company's legal form (``S.A.S.``, ``Ltd``, ``Inc.,``)."""
    return _legal_key(word) in LEGAL_FORMS


def _legal_key(word: str) -> str:
    return fold(word).replace(".", "").strip(",")


_SCAN_TWINS = {"i": "lt1", "l": "it1", "t": "il", "1": "il", "0": "o", "o": "0", "5": "s", "s": "5"}
"""Characters a scan reads for one another in a short word (``Lid`` for ``Ltd``, ``SRI`` for ``SRL``)."""


def scanned_legal_form(name: str) -> str:
    """``name`` with its last word, when a scan misread a legal form in it by one character
    (``Thornton Haulage Lid``, ``Lebrun & Fils SRI.``), as that legal form in the word's case;
    ``name`` as it is otherwise."""
    head, _, last = name.rpartition(" ")
    word = _legal_key(last)
    if not head or word in LEGAL_FORMS or not word.isalnum():
        return name
    forms = {
        form
        for index, char in enumerate(word)
        for twin in _SCAN_TWINS.get(char, "")
        if (form := word[:index] + twin + word[index + 1 :]) in LEGAL_FORMS
    }
    if len(forms) != 1:
        return name
    form = forms.pop()
    letters = [char for char in last if char.isalpha()]
    cased = form.upper() if all(char.isupper() for char in letters) else form.capitalize()
    return f"{head} {cased}"
