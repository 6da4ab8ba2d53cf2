"""Hand-made reference data of the demo company: customers, people, banks, stray receipts.

Names are invented (any likeness is chance); e-mail domains end in ``.example`` (RFC 2606),
so a demo that sends reminders can never reach a real mailbox. Bank codes and BICs are
real banks' public identifiers, used only to build IBANs with valid check digits.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import NamedTuple

from schwifty import IBAN


class CustomerSpec(NamedTuple):
    """One demo customer before its generated attributes (limit, terms, IBANs)."""

    name: str
    country: str
    segment: str
    parent: str | None = None
    public_payer: str | None = None  # who actually pays for a public body (the Treasury)


FRENCH_CUSTOMERS = (
    CustomerSpec("Boulangeries Dupont SAS", "FR", "sme"),
    CustomerSpec("Dupont Traiteur SARL", "FR", "sme", parent="Boulangeries Dupont SAS"),
    CustomerSpec("Groupe Martin Logistique SA", "FR", "key_account"),
    CustomerSpec("Transports Martin SARL", "FR", "sme", parent="Groupe Martin Logistique SA"),
    CustomerSpec("Martin Entrepôts SAS", "FR", "sme", parent="Groupe Martin Logistique SA"),
    CustomerSpec("Café de la Gare", "FR", "sme"),
    CustomerSpec("Supermarchés Leclair SA", "FR", "key_account"),
    CustomerSpec("Hôtel des Voyageurs SARL", "FR", "sme"),
    CustomerSpec("Brasserie du Port SARL", "FR", "sme"),
    CustomerSpec("Pâtisserie Lefèvre & Fils", "FR", "sme"),
    CustomerSpec("Laboratoires Girard SA", "FR", "key_account"),
    CustomerSpec("Bernard Électricité SARL", "FR", "sme"),
    CustomerSpec("Garage Moreau et Fils", "FR", "sme"),
    CustomerSpec("Épicerie Fine Rousseau", "FR", "sme"),
    CustomerSpec("Restaurant Chez Fanny", "FR", "sme"),
    CustomerSpec("Eaux Minérales de Vals SA", "FR", "key_account"),
    CustomerSpec("Coopérative Agricole du Val de Loire", "FR", "key_account"),
    CustomerSpec("Fromagerie Dubois SAS", "FR", "sme"),
    CustomerSpec("Imprimerie Lambert SARL", "FR", "sme"),
    CustomerSpec("Menuiserie Fournier", "FR", "sme"),
    CustomerSpec("Pharmacie Centrale de Nantes", "FR", "sme"),
    CustomerSpec("Distribution Mercier SAS", "FR", "key_account"),
    CustomerSpec("Caves Petit & Associés", "FR", "sme"),
    CustomerSpec("Mairie de Villeurbanne", "FR", "public", public_payer="DRFIP AUVERGNE RHONE ALPES"),
    CustomerSpec(
        "Centre Hospitalier de Rennes", "FR", "public", public_payer="DRFIP BRETAGNE ILLE ET VILAINE"
    ),
    CustomerSpec("Université de Bordeaux", "FR", "public", public_payer="AGENCE COMPTABLE UNIV BORDEAUX"),
)

ENGLISH_CUSTOMERS = (
    CustomerSpec("Acme Widgets Ltd", "GB", "key_account"),
    CustomerSpec("Northwind Trading plc", "GB", "key_account"),
    CustomerSpec("Northwind Retail Ltd", "GB", "sme", parent="Northwind Trading plc"),
    CustomerSpec("Baker & Sons Ltd", "GB", "sme"),
    CustomerSpec("Thames Valley Catering Ltd", "GB", "sme"),
    CustomerSpec("Harrington Foods plc", "GB", "key_account"),
    CustomerSpec("Leeds City Council", "GB", "public"),
    CustomerSpec("Shamrock Hospitality Ltd", "IE", "sme"),
    CustomerSpec("Dublin Fine Foods Ltd", "IE", "sme"),
    CustomerSpec("Galway Bay Seafood Ltd", "IE", "sme"),
    CustomerSpec("Contoso Inc.", "US", "key_account"),
    CustomerSpec("Globex Corporation", "US", "key_account"),
    CustomerSpec("Initech LLC", "US", "sme"),
    CustomerSpec("Blue Ridge Coffee Co.", "US", "sme"),
)

FIRST_NAMES = {
    "fr": (
        "Marie",
        "Jean",
        "Sophie",
        "Pierre",
        "Isabelle",
        "Nicolas",
        "Nathalie",
        "Laurent",
        "Céline",
        "Philippe",
        "Julie",
        "Thomas",
        "Camille",
        "François",
        "Élodie",
        "Stéphane",
    ),
    "en": (
        "James",
        "Sarah",
        "Oliver",
        "Emma",
        "William",
        "Charlotte",
        "Michael",
        "Jessica",
        "Daniel",
        "Emily",
        "Patrick",
        "Siobhan",
        "Robert",
        "Jennifer",
        "Aoife",
        "David",
    ),
}
LAST_NAMES = {
    "fr": (
        "Dubois",
        "Simon",
        "Michel",
        "Lefebvre",
        "Leroy",
        "Roux",
        "David",
        "Bertrand",
        "Garcia",
        "Morel",
        "Fournier",
        "Girard",
        "Bonnet",
        "Mercier",
        "Garnier",
        "Chevalier",
    ),
    "en": (
        "Smith",
        "Jones",
        "Taylor",
        "Brown",
        "Williams",
        "Wilson",
        "Evans",
        "Walsh",
        "Murphy",
        "O'Brien",
        "Johnson",
        "Miller",
        "Davis",
        "Clarke",
        "Byrne",
        "Hughes",
    ),
}
MAILBOXES = {
    "fr": ("compta", "comptabilite", "fournisseurs", "factures", "service.comptable"),
    "en": ("accounts.payable", "ap", "finance", "invoices", "payables"),
}

# Bank code -> BIC, per IBAN country (the bank code is the BBAN's first field).
BANKS: dict[str, dict[str, str]] = {
    "FR": {
        "30004": "BNPAFRPP",
        "30003": "SOGEFRPP",
        "30002": "CRLYFRPP",
        "10278": "CMCIFR2A",
        "20041": "PSSTFRPP",
        "30006": "AGRIFRPP",
        "30001": "BDFEFRPP",
    },
    "GB": {"NWBK": "NWBKGB2L", "BARC": "BARCGB22", "LOYD": "LOYDGB2L", "HBUK": "HBUKGB4B"},
    "IE": {"AIBK": "AIBKIE2D", "BOFI": "BOFIIE2D"},
}
US_BICS = ("CHASUS33", "BOFAUS3N", "CITIUS33", "WFBIUS6S")
TREASURY_BANK = "30001"  # Banque de France, where the French Treasury's accounts are kept

COMPANY_NAME = "Lumière Distribution SAS"
LEGAL_FORMS = {
    "SAS": "S.A.S.",
    "SARL": "S.A.R.L.",
    "SA": "S.A.",
    "Ltd": "LIMITED",
    "plc": "PUBLIC LIMITED COMPANY",
    "Inc.": "INCORPORATED",
    "LLC": "L.L.C.",
    "Co.": "COMPANY",
    "Corporation": "CORP",
}


class StrayReceipt(NamedTuple):
    """A credit that settles no invoice (interest, refund): its payer and text."""

    currency: str
    payer_name: str
    payer_country: str | None  # IBAN country; "TREASURY": the French Treasury; None: no account
    text: str
    bank_transaction_code: str
    low_cents: int
    high_cents: int


STRAY_RECEIPTS = (
    StrayReceipt("EUR", "BNP PARIBAS", None, "INTERETS CREDITEURS", "ACMT/MCOP/INTR", 1_200, 18_000),
    StrayReceipt(
        "EUR", "ORANGE SA", "FR", "REMBOURSEMENT TROP PERCU CONTRAT 0045127", "PMNT/RCDT/ESCT", 4_000, 60_000
    ),
    StrayReceipt(
        "EUR", "DGFIP", "TREASURY", "REMBOURSEMENT CREDIT DE TVA", "PMNT/RCDT/ESCT", 150_000, 2_400_000
    ),
    StrayReceipt(
        "EUR", "AXA FRANCE IARD", "FR", "INDEMNISATION SINISTRE N 451187", "PMNT/RCDT/ESCT", 50_000, 900_000
    ),
    StrayReceipt(
        "EUR",
        "URSSAF ILE DE FRANCE",
        "FR",
        "REMBOURSEMENT TROP VERSE COTISATIONS",
        "PMNT/RCDT/ESCT",
        10_000,
        300_000,
    ),
    StrayReceipt("GBP", "HMRC VAT", "GB", "VAT REPAYMENT", "PMNT/RCDT/DMCT", 50_000, 1_500_000),
    StrayReceipt("GBP", "HSBC UK BANK PLC", None, "CREDIT INTEREST", "ACMT/MCOP/INTR", 500, 9_000),
)


def make_iban(country: str, rng: random.Random, bank_code: str | None = None) -> str:
    """A random IBAN of ``country`` (FR, GB, IE) at one of :data:`BANKS`, valid check digits."""
    bank = bank_code or rng.choice(sorted(set(BANKS[country]) - {TREASURY_BANK}))
    if country == "FR":
        branch, account = f"{rng.randrange(10**5):05d}", f"{rng.randrange(10**11):011d}"
    else:
        branch, account = f"{rng.randrange(10**6):06d}", f"{rng.randrange(10**8):08d}"
    return str(IBAN.generate(country, bank_code=bank, branch_code=branch, account_code=account))


def bic_for(iban: str) -> str | None:
    """The BIC of an IBAN made by :func:`make_iban` (from its bank code), else ``None``."""
    country = iban[:2]
    code = iban[4:9] if country == "FR" else iban[4:8]
    return BANKS.get(country, {}).get(code)


def business_days(first: date, last: date) -> list[date]:
    """The Mondays to Fridays from ``first`` to ``last`` included (the demo ignores holidays)."""
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if day.weekday() < 5]
