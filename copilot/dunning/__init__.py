"""Dunning in the application: payment plans, the day's plan read from the database, reminder
drafts (templates, optional LLM personalisation, PDF letters), approval and sending."""
