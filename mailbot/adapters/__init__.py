"""The edges: the mailbox (Maildir, IMAP), the transport (Maildir sink, SMTP), the store file and its read-only view, and the factory that builds the configured ones."""
