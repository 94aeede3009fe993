"""The web side of mailbot: the public interest form and the staff dashboard.

``app.py``     the Starlette application (`create_app`)
``forms.py``   validation of the interest form; the email a confirmed form becomes
``auth.py``    one-time links, sessions, CSRF tokens, rate limits
``i18n.py``    the form's words per language

Beside it, in lower layers: `runtime/webqueue.py` (the durable queue through
which the web process changes anything), `adapters/roview.py` (a read-only,
incrementally refreshed view of the store file), `schedule/reports.py` (pure
report computations, also `mailbot report`), and `cli/web.py` (`mailbot web`
and `mailbot report`).

Store sharing: the web process never writes the store while another
process may. Every change it wants (a confirmation mail, a confirmed form
turned into an email, a staff command, the network digest) is written as
one file into the web queue (a Maildir-style folder: tmp/ then rename into
new/). Whoever holds the store's lock file drains that queue through the
same pipeline: the daemon (`mailbot run`) or, when no daemon runs, the web
process itself, which then takes the lock file for the drain exactly as
`mailbot once` would. So there is one writer at a time, and an entry is
removed only after its effects are committed (idempotent when a crash
repeats it).
"""
