"""A decision's actions carried out on paper: outbox mail, records, the audit line, loop guards and caps."""
