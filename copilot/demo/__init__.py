"""A deterministic demo company (customers, open invoices, a month of receipts) and its files."""
