"""The web application: the public interest form and the staff dashboard (Starlette).

`create_app(cfg, store=None, clock=...)` builds it from four rooms: site.py
(the shared state: config, store view, signing key, rate limiters, the Jinja
environment, and the page helpers), public.py (the form and its confirmation),
signin.py (staff sign-in by mail) and staff.py (the dashboard). Reading: a view
of the store (by default a `ReadOnlyStore` of the store file, refreshed on
every request). Writing: never directly — every change is a web-queue entry
(runtime/webqueue.py), applied by whoever holds the store's lock file (the
daemon, or this process when no daemon runs). See the package doc.

Every page works without JavaScript (plain forms and links), has one <h1>,
labelled fields with their hints and errors tied by aria-describedby, and
visible focus; the browser tests check each with axe-core.

Security: CSRF by a signed double-submit token on every POST (cookie
`mb_csrf` + hidden field); staff pages need a session (cookie `mb_session`,
HttpOnly, SameSite=Lax, Secure over https or always — `web.secure_cookies`);
anonymous GETs of staff pages are redirected (303) to the sign-in page,
anonymous POSTs refused (403). Links in mail (form confirmation, staff
sign-in) are signed, expiring and single-use, and only act on a POST from
the page they open, so a mail scanner that follows links changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from starlette.applications import Starlette

from mailbot.core.clock import utcnow
from mailbot.core.config import Config
from mailbot.web import public, signin, staff
from mailbot.web.site import STAFF_NAV, Site


class _Headers:
    """Security headers on every response (pure ASGI middleware)."""

    HEADERS = [
        (b"content-security-policy", b"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                                     b"frame-ancestors 'none'; base-uri 'none'"),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),  # tokens in URLs never leak through Referer
        (b"x-frame-options", b"DENY"),
    ]

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in self.HEADERS if k not in names]
                if scope["path"].startswith("/staff") and b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                message = dict(message, headers=headers)
            await send(message)

        await self.app(scope, receive, send_with)


def create_app(cfg: Config, store: Any = None, clock: Callable[[], datetime] = utcnow, *,
               pipeline: Any = None) -> Starlette:
    """The ASGI app.

    `store`: a read view of the store (default: a ReadOnlyStore of the store
    file). `pipeline`: a Pipeline running in this same process (the web then
    drains its queue through it, under its store's lock, instead of taking
    the lock file).
    """
    site = Site(cfg, store, clock, pipeline)
    app = Starlette(routes=public.routes(site) + signin.routes(site) + staff.routes(site))
    app.add_middleware(_Headers)
    app.state.cfg = cfg
    app.state.view = site.view
    return app


#: GET pages that need a session (the browser tests visit each anonymously)
STAFF_PAGES = [p for p, _ in STAFF_NAV]
