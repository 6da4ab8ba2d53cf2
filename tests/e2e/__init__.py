"""End-to-end checks of the bank readers and dedupe against an independent file generator."""
