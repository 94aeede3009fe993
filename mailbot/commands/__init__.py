"""Commands by email and from the admin CLI: one class each, one registry."""
