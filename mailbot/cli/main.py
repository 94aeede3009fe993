"""The `mailbot` command line (also `python -m mailbot`).

The parser and `main`; the subcommands live in rooms beside it, each adding
its own with `register(sub)`: run (the daemon, `once`), check, tools (replay,
explain, demo), admin, status, privacy, web, schedule (`mailbot schedule`)
and digest (`mailbot digest`), learn (`mailbot learn`). Each subcommand is one small function taking the parsed
arguments and returning an exit code (0 ok, 1 a problem found, 2 usage or config error,
75 temporary failure — the sysexits code systemd and cron understand).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys

from mailbot.adapters import factory as adapters
from mailbot.cli import admin, check, digest, learn, maint, privacy, run, schedule, status, tools, web
from mailbot.adapters import store as st
from mailbot.cli import args as cli_args
from mailbot.cli.base import EX_PIPE, EX_TEMPFAIL, EX_USAGE
from mailbot.core import config as config_mod
from mailbot.core.config import ConfigError

log = logging.getLogger("mailbot")

_RECORD_FIELDS = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log collectors (journald, Loki, ELK).

    Fields passed with `extra=` (the pipeline's decision line carries
    message_id, intent, rule, route, actions, destination) become keys.
    """

    def format(self, record: logging.LogRecord) -> str:
        out = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        out.update({k: v for k, v in vars(record).items() if k not in _RECORD_FIELDS and not k.startswith("_")})
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


class _StderrHandler(logging.StreamHandler):
    """A handler for whatever `sys.stderr` is when a record comes, not when logging was set up.

    Code that swaps stderr (a test runner's capture, a daemon's redirect)
    and later closes the old one must not leave logging writing to it.
    """

    @property  # type: ignore[override]
    def stream(self):  # noqa: D102
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:  # StreamHandler.__init__ assigns it
        pass


#: loggers of the libraries mailbot runs, held at WARNING unless --log-level DEBUG
LIBRARY_LOGGERS = ("apscheduler", "imapclient", "uvicorn", "uvicorn.access", "uvicorn.error", "aiosmtplib",
                   "asyncio", "httpx", "httpcore", "multipart", "python_multipart", "mail.log")


def setup_logging(level: str, fmt: str = "text") -> None:
    """Log to stderr at `level`, as text or JSON lines; libraries at WARNING unless DEBUG."""
    handler = _StderrHandler()
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(getattr(logging, level.upper(), logging.INFO))
    # INFO is for mailbot's own decisions and deliveries; the libraries'
    # chatter (APScheduler's every job run, IMAP commands, HTTP access lines)
    # shows only when DEBUG is asked for.
    quiet = logging.DEBUG if level.upper() == "DEBUG" else logging.WARNING
    for name in LIBRARY_LOGGERS:
        logging.getLogger(name).setLevel(quiet)


# -- parser --------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mailbot",
        description="Email-driven workflow bot for the Procura+ Network Interest Groups.",
        epilog="Run 'mailbot COMMAND --help' for a command's options.",
    )
    cli_args.add_global_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    for room in (run, check, tools, admin, status, privacy, web, schedule, digest, learn, maint):
        room.register(sub)
    for p in cli_args.subparsers_of(parser):
        cli_args.add_global_options(p, top=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EX_USAGE
    level, fmt = args.log_level, args.log_format
    if level is None and args.func is tools.cmd_demo:
        level = "WARNING"  # the demo's output is its table, not the log
    if level is None or fmt is None:
        try:
            bot = config_mod.load(args.config).bot
            level, fmt = level or bot.log_level, fmt or bot.log_format
        except ConfigError:
            level, fmt = level or "INFO", fmt or "text"
    setup_logging(level, fmt)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe is found here, not in the interpreter's last flush
        return code
    except BrokenPipeError:
        # The reader went away (`mailbot report --json | head`): stop quietly,
        # and keep the interpreter's last flush from failing again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EX_PIPE
    except ConfigError as exc:
        print(f"mailbot: configuration error in {exc.path}:", file=sys.stderr)
        for p in exc.problems:
            print(f"  - {p}", file=sys.stderr)
        return EX_USAGE
    except adapters.Busy as exc:
        print(f"mailbot: {exc}", file=sys.stderr)
        return EX_TEMPFAIL
    except st.StoreDamaged as exc:  # never run on it, never restarted on it (systemd: exit 2)
        print(f"mailbot: {exc}", file=sys.stderr)
        return EX_USAGE
    except (FileNotFoundError, tools.NotMail) as exc:
        print(f"mailbot: {exc}", file=sys.stderr)
        return EX_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
