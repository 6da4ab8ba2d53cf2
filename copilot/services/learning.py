"""What an approval teaches: the payer's account and name belong to the customer.

The next match finds the customer by the IBAN (a known account is strong evidence) and by
the payer name as an alias, exactly as the bank wrote it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.models import Customer, CustomerAlias, CustomerIban, Payment
from tools.matching.book import normalise_iban
from tools.matching.names import normalise_name


def learn_from_approval(session: Session, payment: Payment, customer: Customer) -> list[str]:
    """Remember the payer's IBAN and name for ``customer``; returns what was learned."""
    learned = []
    iban = normalise_iban(payment.payer_iban)
    if iban and session.scalar(select(CustomerIban.id).where(CustomerIban.iban == iban)) is None:
        session.add(CustomerIban(customer_pk=customer.id, iban=iban, source="approval"))
        learned.append(f"account {iban}")
    alias = normalise_name(payment.payer_name)
    if alias and alias != normalise_name(customer.name):
        known = session.scalar(
            select(CustomerAlias.id).where(
                CustomerAlias.customer_pk == customer.id, CustomerAlias.normalised_alias == alias
            )
        )
        if known is None:
            session.add(
                CustomerAlias(
                    customer_pk=customer.id,
                    alias=(payment.payer_name or "")[:255],
                    normalised_alias=alias,
                    source="approval",
                )
            )
            learned.append(f"name '{payment.payer_name}'")
    return learned
