"""The web side of mailbot: the public interest form, the staff dashboard, reports.

Layout (this package's `__init__` and `queue`, `roview`, `reports` import no
web framework, so the daemon can drain the web queue without Starlette):

``app.py``     the Starlette application (`create_app`)
``forms.py``   validation of the interest form; the email a confirmed form becomes
``auth.py``    one-time links, sessions, CSRF tokens, rate limits
``i18n.py``    the form's words in en/de/fr/es/it
``queue.py``   the durable queue through which the web process changes anything
``roview.py``  a read-only, incrementally refreshed view of the store file
``reports.py`` pure report computations (also `mailbot report`)
``cli.py``     `mailbot web` and `mailbot report`

Store sharing: the web process never writes the store while another
process may. Every change it wants (a confirmation mail, a confirmed form
turned into an email, a staff command, the network digest) is written as
one file into the web queue (a Maildir-style folder: tmp/ then rename into
new/). Whoever holds the store's lock file drains that queue through the
same pipeline: the daemon (`mailbot run`, every two seconds and at every
cycle) or, when no daemon runs, the web process itself, which then takes
the lock file for the drain exactly as `mailbot once` would. So there is
one writer at a time, and an entry is removed only after its effects are
committed (idempotent when a crash repeats it).
"""

from __future__ import annotations

from pathlib import Path

from ..config import Config


def web_dir(cfg: Config) -> Path:
    """The folder of the web queue and the web's own state."""
    if cfg.web.path:
        return cfg.path(cfg.web.path)
    return cfg.path(cfg.store.path).parent / "web"


def base_url(cfg: Config) -> str:
    return (cfg.web.base_url or f"http://{cfg.web.host}:{cfg.web.port}").rstrip("/")
