"""The network's state machines over the store: membership requests and answers, proposals, updates, tokens, the roster, bounces, privacy."""
