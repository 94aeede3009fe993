"""Argument types and options shared by every `mailbot` command.

A value that cannot be used is an argparse error, so every command answers
a usage mistake the same way: a one-line reason and exit status 2.
"""

from __future__ import annotations

import argparse
from datetime import datetime, timezone
from email.headerregistry import Address
from email.errors import HeaderParseError


def moment(text: str) -> datetime:
    """`--now` and friends: an ISO date or date-time, UTC unless it names a zone."""
    try:
        d = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO date or date-time (e.g. 2027-03-01 or 2027-03-01T09:00)") from None
    return d if d.tzinfo else d.replace(tzinfo=timezone.utc)


def address(text: str) -> str:
    """An email address (local@domain), lower-cased as the store keeps it."""
    value = text.strip()
    try:
        parsed = Address(addr_spec=value)
    except (HeaderParseError, ValueError, IndexError):
        parsed = None
    if parsed is None or not parsed.username or "." not in parsed.domain or value.count("@") != 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not an email address (e.g. k.vogel@berlin.example)")
    return value.lower()


def add_global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """--config, --log-level and --log-format: accepted before or after the command's name.

    On subcommands they default to SUPPRESS, so a value given before the
    command is kept unless one is given after it.
    """
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--config", "-c", metavar="PATH", default=default,
                        help="config file (default: $MAILBOT_CONFIG or ./config.toml)")
    parser.add_argument("--log-level", default=default, metavar="LEVEL",
                        choices=("DEBUG", "INFO", "WARNING", "ERROR", "debug", "info", "warning", "error"),
                        help="DEBUG, INFO, WARNING or ERROR (default: from the config)")
    parser.add_argument("--log-format", default=default, choices=("text", "json"),
                        help="log lines as text or one JSON object each (default: from the config)")


def subparsers_of(parser: argparse.ArgumentParser):
    """Every subcommand's parser below `parser`, depth first."""
    for action in parser._actions:  # argparse offers no public walk over subcommands
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):  # aliases share one parser
                yield sub
                yield from subparsers_of(sub)
