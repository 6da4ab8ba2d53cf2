"""The control figures of a BAI2 file: totals and record counts its trailers state.

An account trailer (``49``) states the account's control total and number of records, a group
trailer (``98``) the group's control total, number of accounts and number of records, the file
trailer (``99``) the file's control total, number of groups and number of records. Each figure
becomes a :data:`Check` (trailer line, what, stated, actual) for the reader to verify.
"""

from __future__ import annotations

from typing import Any

from ingest.bank.bai2_records import Record

# A control figure to check: file line of the trailer, what it is, stated value, actual value.
Check = tuple[int, str, int, int]


def _int(text: str) -> int:
    text = text.strip()
    return int(text) if text.lstrip("+-").isdigit() else 0


def group_checks(group: Any, records: list[Record], ordinal: int) -> list[Check]:
    """Control totals and record counts of a group and its accounts (49 and 98 records).

    ``group`` is the library's parse of the group's ``records``; ``ordinal`` its 1-based place.
    """
    ends: list[tuple[int, int]] = []  # per account: the 49's line, records from 03 to 49
    count = 0
    for record in records:
        count = record.physical + (0 if record.code == "03" else count)
        if record.code == "49":
            ends.append((record.line, count))
    checks: list[Check] = []
    for account, (line, records_count) in zip(group.children, ends, strict=True):
        amounts = [d.amount or 0 for d in account.children] + [
            s.amount or 0 for s in account.header.summary_items
        ]
        what = f"account {account.header.customer_account_number} trailer (49)"
        stated = account.trailer
        checks.append((line, f"{what} control total", stated.account_control_total or 0, sum(amounts)))
        checks.append((line, f"{what} number of records", stated.number_of_records or 0, records_count))
    trailer, accounts = group.trailer, group.children
    figures = [
        (
            "control total",
            trailer.group_control_total,
            sum(a.trailer.account_control_total or 0 for a in accounts),
        ),
        ("number of accounts", trailer.number_of_accounts, len(accounts)),
        ("number of records", trailer.number_of_records, sum(record.physical for record in records)),
    ]
    line = records[-1].line
    return checks + [
        (line, f"group {ordinal} trailer (98) {what}", given or 0, got) for what, given, got in figures
    ]


def file_checks(trailer: Record, group_totals: list[int], records: int) -> list[Check]:
    """The file trailer's (99) figures against the groups' control totals and the record count."""
    stated = [_int(field) for field in [*trailer.text.rstrip("/").split(","), "", "", ""][:3]]
    actual = [sum(group_totals), len(group_totals), records]
    names = ("control total", "number of groups", "number of records")
    checks = zip(names, stated, actual, strict=True)
    return [(trailer.line, f"file trailer (99) {n}", s, a) for n, s, a in checks]
