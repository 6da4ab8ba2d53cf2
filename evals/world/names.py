"""Company names of many countries and legal forms, and how banks mangle them.

The name pools are invented for the eval world (any likeness is chance) and are separate
from the demo company's. :func:`bank_name` renders a customer's name the way a payer's bank
shows it; :func:`fitting_customers` tells which customers a mangled name still plausibly
designates, so a generated case never relies on a name that names two customers.
"""

from __future__ import annotations

import functools
import random
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

_FR_TRADES = (
    "Boulangerie", "Transports", "Menuiserie", "Pharmacie", "Imprimerie", "Garage", "Laboratoires",
    "Fromagerie", "Quincaillerie", "Électricité", "Plomberie", "Librairie", "Maçonnerie", "Négoce",
    "Ateliers", "Conserverie", "Brasserie", "Papeterie", "Cartonnages", "Scierie", "Serrurerie",
    "Optique", "Pâtisserie", "Traiteur", "Jardinerie", "Matériaux", "Carrosserie", "Métallerie",
    "Distribution", "Chaussures",
)  # fmt: skip
_FR_SURNAMES = (
    "Dupont", "Lefèbvre", "Moreau", "Girard", "Roux", "Fournier", "Mercier", "Guérin", "Boyer",
    "Garnier", "Chevalier", "Legrand", "Gauthier", "Perrin", "Robin", "Clément", "Morin", "Rousseau",
    "Gaillard", "Barbier", "Arnaud", "Lemaire", "Renard", "Dumas", "Brunet", "Schmitt", "Colin",
    "Vidal", "Caron", "Picard", "Fabre", "Aubert", "Lemoine", "Renaud", "Lacroix", "Bourgeois",
    "Benoît", "Leclerc", "Rolland", "Leroux", "Giraud", "Joly", "Rivière", "Poirier", "Hubert",
    "Carré", "Lebrun", "Marchand", "Meunier", "Besnard", "Dufour", "Bérard", "Chauvin", "Noël",
    "Faure", "Mallet", "Huet", "Collet", "Prévost", "Thibault",
)  # fmt: skip
_FR_PLACES = (
    "du Vexin", "de l'Ouest", "des Alpes", "du Val de Saône", "de la Côte d'Opale", "du Lot",
    "d'Armor", "de Provence", "du Berry", "de l'Atlantique", "de Normandie", "de Lorraine",
)  # fmt: skip
_EN_SURNAMES = (
    "Whitfield", "Ashworth", "Pemberton", "Hargreaves", "Caldwell", "Brennan", "O'Connell",
    "Fitzgerald", "Holloway", "Radcliffe", "Thornton", "Kendall", "Blackwood", "Sutherland", "Marsh",
    "Fletcher", "Garrett", "Lawson", "Murray", "Nolan", "Rowley", "Sinclair", "Walsh", "Yates",
    "Dempsey", "Prescott", "Oakley", "Whitmore",
)  # fmt: skip
_EN_TRADES = (
    "Engineering", "Logistics", "Foods", "Hospitality", "Packaging", "Builders Merchants",
    "Interiors", "Plastics", "Textiles", "Print", "Marine", "Garden Centres", "Motors", "Wholesale",
    "Brewing", "Dairies", "Electrical", "Haulage", "Timber",
)  # fmt: skip
_EN_PLACES = (
    "Pennine", "Severn", "Mersey", "Cotswold", "Chiltern", "Solent", "Tyne", "Kerry", "Wicklow",
    "Clyde",
)  # fmt: skip
_US_WORDS = (
    "Summit", "Lakeside", "Redwood", "Keystone", "Liberty", "Prairie", "Cascade", "Frontier",
    "Ironbridge", "Bluewater", "Granite", "Evergreen", "Copperline", "Northstar",
)  # fmt: skip
_US_TRADES = ("Supply", "Distributors", "Foods", "Industries", "Brands", "Systems", "Partners", "Outfitters")
_DE_SURNAMES = (
    "Müller", "Schäfer", "Köhler", "Weiß", "Becker", "Hoffmann", "Krüger", "Schröder", "Böhm",
    "Günther", "Zimmermann", "Hartmann", "Vogel", "Brandt",
)  # fmt: skip
_DE_TRADES = (
    "Maschinenbau", "Logistik", "Feinkost", "Elektrotechnik", "Getränke", "Holzbau", "Verpackungen",
    "Metallbau", "Druckerei", "Handel",
)  # fmt: skip
_NL_SURNAMES = ("Jansen", "de Vries", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer")
_NL_TRADES = ("Handel", "Logistiek", "Techniek", "Bouw", "Groothandel")
_ES_SURNAMES = ("García", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz")
_ES_TRADES = ("Distribuciones", "Alimentación", "Transportes", "Construcciones", "Suministros")

FIRST_NAMES = {
    "fr": ("Camille", "Julien", "Nathalie", "Thomas", "Isabelle", "Olivier", "Céline", "Hugo", "Élodie"),
    "en": ("Oliver", "Charlotte", "Liam", "Megan", "James", "Siobhan", "Daniel", "Rachel", "Hannah"),
}
LAST_NAMES = {"fr": _FR_SURNAMES, "en": _EN_SURNAMES}
MAILBOXES = {
    "fr": ("compta", "comptabilite", "factures", "fournisseurs"),
    "en": ("accounts", "ap", "payables"),
}

# Legal forms per country: (form, weight); "" is a name without one.
_FORMS: Mapping[str, Sequence[tuple[str, int]]] = {
    "FR": (("SAS", 5), ("SARL", 5), ("SA", 3), ("EURL", 1), ("SNC", 1), ("SASU", 1), ("", 2)),
    "BE": (("SA", 3), ("SRL", 3), ("SPRL", 1)),
    "GB": (("Ltd", 6), ("Limited", 2), ("PLC", 2), ("LLP", 1)),
    "IE": (("Ltd", 4), ("DAC", 1)),
    "US": (("Inc", 4), ("Inc.", 2), ("LLC", 4), ("Corp", 2), ("Co.", 1)),
    "DE": (("GmbH", 6), ("AG", 1), ("GmbH & Co. KG", 2)),
    "NL": (("B.V.", 1),),
    "ES": (("S.L.", 3), ("S.A.", 1)),
}
# How banks spell legal forms out or abbreviate them differently.
_FORM_SPELLINGS: Mapping[str, Sequence[str]] = {
    "SAS": ("S.A.S.", "SOCIETE PAR ACTIONS SIMPLIFIEE", "SAS."),
    "SASU": ("S.A.S.U.", "SAS"),
    "SARL": ("S.A.R.L.", "SOC A RESP LIMITEE", "STE A RESPONSABILITE LIMITEE"),
    "SA": ("S.A.", "SOCIETE ANONYME"),
    "EURL": ("E.U.R.L.",),
    "SNC": ("S.N.C.",),
    "SRL": ("S.R.L.", "SPRL"),
    "SPRL": ("S.P.R.L.", "SRL"),
    "Ltd": ("LIMITED", "LTD."),
    "Limited": ("LTD",),
    "PLC": ("P.L.C.", "PUBLIC LIMITED COMPANY"),
    "LLP": ("L.L.P.",),
    "DAC": ("D.A.C.",),
    "Inc": ("INCORPORATED", "INC."),
    "Inc.": ("INC", "INCORPORATED"),
    "LLC": ("L.L.C.",),
    "Corp": ("CORPORATION", "CORP."),
    "Co.": ("COMPANY", "CO"),
    "GmbH": ("G.M.B.H.", "GESELLSCHAFT MBH"),
    "AG": ("A.G.",),
    "GmbH & Co. KG": ("GMBH U. CO. KG", "GMBH CO KG"),
    "B.V.": ("BV",),
    "S.L.": ("SL", "SOCIEDAD LIMITADA"),
    "S.A.": ("SA", "SOCIEDAD ANONIMA"),
}
LEGAL_FORMS = frozenset(_FORM_SPELLINGS)
_FRONT_FORMS = frozenset({"SAS", "SASU", "SARL", "SA", "EURL", "SNC"})  # "SARL DUPONT TRAITEUR"
# Tokens that never tell two companies apart (legal-form words, articles, filler).
_NEUTRAL = frozenset((
    "SAS", "SASU", "SARL", "SA", "EURL", "SNC", "SRL", "SPRL", "LTD", "LIMITED", "PLC", "LLP",
    "DAC", "INC", "INCORPORATED", "LLC", "CORP", "CORPORATION", "CO", "COMPANY", "GMBH", "G", "M",
    "B", "H", "U", "KG", "AG", "BV", "V", "SL", "S", "L", "A", "R", "E", "N", "P", "C", "D", "I",
    "SOCIETE", "STE", "PAR", "ACTIONS", "SIMPLIFIEE", "SIMPLIFIE", "ANONYME", "RESP",
    "RESPONSABILITE", "LIMITEE", "PUBLIC", "GESELLSCHAFT", "MBH", "SOCIEDAD", "LIMITADA",
    "ANONIMA", "ETS", "ETABLISSEMENTS", "GROUPE", "GROUP", "THE", "DE", "DU", "DES", "LA", "LE",
    "LES", "ET", "AND", "OF", "Y", "VAN",
))  # fmt: skip


_ABBREVIATIONS = {"FRS": "FRERES", "ASS": "ASSOCIES"}


def strip_accents(text: str) -> str:
    """``"Rivière"`` → ``"Riviere"``; ``ß`` becomes ``ss``."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@functools.lru_cache(maxsize=8192)
def name_tokens(name: str) -> tuple[str, ...]:
    """Upper-case ASCII words of a name, legal forms and filler words removed."""
    words = re.sub(r"[^A-Z0-9]+", " ", strip_accents(name).upper()).split()
    return tuple(_ABBREVIATIONS.get(word, word) for word in words if word not in _NEUTRAL)


def _weighted(options: Sequence[tuple[str, int]], rng: random.Random) -> str:
    return rng.choices([option for option, _ in options], [weight for _, weight in options])[0]


def legal_form(country: str, rng: random.Random) -> str:
    """A legal form usual in ``country`` (possibly ``""``)."""
    return _weighted(_FORMS.get(country, _FORMS["GB"]), rng)


def surname_pool(country: str) -> Sequence[str]:
    """The family names companies of ``country`` are named after."""
    return {
        "FR": _FR_SURNAMES,
        "BE": _FR_SURNAMES,
        "DE": _DE_SURNAMES,
        "NL": _NL_SURNAMES,
        "ES": _ES_SURNAMES,
        "US": _US_WORDS,
    }.get(country, _EN_SURNAMES)


def company_name(country: str, rng: random.Random, *, surname: str | None = None, group: bool = False) -> str:
    """A company name of ``country``; ``surname`` forces the distinctive word, ``group`` a holding."""
    word = surname or rng.choice(surname_pool(country))
    form = legal_form(country, rng)
    if country in ("FR", "BE"):
        trade = rng.choice(_FR_TRADES)
        patterns: tuple[str, ...] = (
            f"{trade} {word}",
            f"{word} {trade}",
            f"{word} Frères",
            f"{word} & Fils",
            f"{word} et Associés",
            f"Établissements {word}",
            f"{trade} {word} {rng.choice(_FR_PLACES)}",
        )
        core = f"Groupe {word}" if group else rng.choice(patterns)
    elif country == "DE":
        core = (
            f"{word} Holding"
            if group
            else rng.choice((f"{word} {rng.choice(_DE_TRADES)}", f"{word} & Söhne"))
        )
    elif country == "NL":
        core = f"{word} Groep" if group else f"{word} {rng.choice(_NL_TRADES)}"
    elif country == "ES":
        core = f"Grupo {word}" if group else f"{rng.choice(_ES_TRADES)} {word}"
    elif country == "US":
        core = f"{word} Holdings" if group else f"{word} {rng.choice(_US_TRADES)}"
    else:
        trade = rng.choice(_EN_TRADES)
        patterns = (
            f"{word} {trade}",
            f"{word} & Sons",
            f"{rng.choice(_EN_PLACES)} {trade}",
            f"{word} {trade}",
        )
        core = f"{word} Group" if group else rng.choice(patterns)
    return f"{core} {form}".strip()


def _split_form(name: str) -> tuple[str, str]:
    """``(core, legal form)`` of a name (the form ``""`` when it has none)."""
    for form in sorted(LEGAL_FORMS, key=len, reverse=True):
        if name.endswith(" " + form):
            return name[: -len(form) - 1], form
    return name, ""


def _truncate(text: str, rng: random.Random) -> str:
    limit = rng.randint(18, 35)
    return text[:limit].rstrip() if len(text) > limit else text


def bank_name(name: str, language: str, rng: random.Random, *, strong: bool = False) -> str:
    """``name`` as the payer's bank shows it.

    Mild (the default): as written, upper-cased, or upper-cased without accents. Strong: two
    or three of: legal form dropped, spelled out or (French forms) moved to the front, ``&``
    and common words abbreviated, the first two words swapped, punctuation dropped, truncated
    to 18 to 35 characters.
    """
    if not strong:
        return rng.choice((name, name.upper(), strip_accents(name).upper(), strip_accents(name).upper()))
    core, form = _split_form(name)
    core = strip_accents(core).upper()
    words = core.split()
    steps = rng.sample(("form", "abbreviate", "swap", "punctuation", "truncate"), rng.randint(2, 3))
    if "abbreviate" in steps:
        amp = "ET" if language == "fr" else "AND"
        replaced = " ".join(words).replace("&", amp).replace("ETABLISSEMENTS", "ETS").replace("FRERES", "FRS")
        words = replaced.replace("ASSOCIES", "ASS").split()
    if "swap" in steps and len(words) >= 2:  # "Boulangerie Dupont" -> "DUPONT BOULANGERIE"
        words[0], words[1] = words[1], words[0]
    form_text = strip_accents(form).upper()
    front = False
    if "form" in steps and form:
        choice = rng.choice(("drop", "spell", "front") if form in _FRONT_FORMS else ("drop", "spell"))
        if choice == "drop":
            form_text = ""
        elif choice == "spell":
            form_text = rng.choice(_FORM_SPELLINGS[form])
        else:
            front = True
    parts = [form_text, *words] if front else [*words, form_text]
    text = " ".join(part for part in parts if part)
    if "punctuation" in steps:
        text = " ".join(re.sub(r"[.'&,-]", " ", text).split())
    if "truncate" in steps or len(text) > 35:
        text = _truncate(text, rng)
    return text


def fits(variant: str, name: str) -> bool:
    """Whether every distinctive word of ``variant`` is a word of ``name`` (the last may be cut)."""
    wanted = name_tokens(variant)
    have = name_tokens(name)
    if not wanted:
        return False
    *whole, last = wanted
    return all(token in have for token in whole) and any(token.startswith(last) for token in have)


def fitting_customers(variant: str, names: Mapping[str, str]) -> list[str]:
    """The ids (keys of ``names``) of the customers ``variant`` could designate."""
    return [customer_id for customer_id, name in names.items() if fits(variant, name)]


def person_name(language: str, rng: random.Random) -> str:
    """A contact person's name."""
    return f"{rng.choice(FIRST_NAMES[language])} {rng.choice(LAST_NAMES[language])}"


def slug(name: str) -> str:
    """A domain-safe slug of the name's distinctive words."""
    words = name_tokens(name) or ("COMPANY",)
    return "-".join(words).lower()[:40].strip("-")


def unique_name(candidates: Iterable[str], taken: set[str]) -> str | None:
    """The first candidate not yet ``taken`` (compared upper-case without accents)."""
    for candidate in candidates:
        key = strip_accents(candidate).upper()
        if key not in taken:
            taken.add(key)
            return candidate
    return None
