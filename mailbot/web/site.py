"""What every page of the web app shares: the config, the store view, the signing key, the
rate limiters, the Jinja environment, and the helpers that use them.

`Site` is built once by `app.create_app`; the route modules (public.py, signin.py,
staff.py) each take it and return their routes. The filters for values on the
dashboard (`human`), pagination and the free-text filter are here too, as pure
functions.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse

from mailbot.adapters.roview import ReadOnlyStore
from mailbot.core.config import Config
from mailbot.core.view import SeededView
from mailbot.runtime import webqueue as queue
from mailbot.web import auth, i18n
from mailbot.workflows import membership as wf
from mailbot.workflows import roster

PAGES = Path(__file__).resolve().parents[1] / "templates" / "web" / "pages"
STATIC_CSS = PAGES / "web.css"
CSRF_COOKIE, SESSION_COOKIE = "mb_csrf", "mb_session"

STAFF_NAV = [("/staff", "Overview"), ("/staff/triage", "Triage"), ("/staff/requests", "Requests"),
             ("/staff/groups", "Groups"), ("/staff/proposals", "Proposals"), ("/staff/participants", "Participants"),
             ("/staff/outbox", "Outbox"), ("/staff/audit", "Audit"), ("/staff/reports", "Reports"),
             ("/staff/digest", "Digest")]

_ISO = re.compile(r"^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:\d\d|Z)?)?$")


def staff_locale(accept_language: str) -> str:
    """The Babel locale for dates on the dashboard: the browser's first language Babel knows, else en_GB."""
    from babel import Locale, UnknownLocaleError

    for part in (accept_language or "").split(",")[:10]:
        tag = part.split(";")[0].strip().replace("-", "_")
        if not tag or tag == "*":
            continue
        try:
            Locale.parse(tag)
            return "en_GB" if tag == "en" else tag
        except (ValueError, UnknownLocaleError):
            continue
    return "en_GB"


@pass_context
def human(ctx: Any, value: Any) -> Any:
    """A stored value as people read it: yes/no, dates in the reader's locale (no microseconds), lists as lists."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    if isinstance(value, (list, tuple)):
        items = [str(human(ctx, v)) for v in value if v not in (None, "")]
        if not items:
            return ""
        return Markup('<ul class="list">') + Markup("").join(Markup("<li>%s</li>") % i for i in items) + Markup("</ul>")
    if isinstance(value, str) and _ISO.match(value):
        from babel.dates import format_date, format_datetime

        locale = ctx.get("locale") or "en_GB"
        try:
            if len(value) == 10:
                return format_date(date.fromisoformat(value), "medium", locale=locale)
            dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return format_datetime(dt.replace(microsecond=0), "medium", locale=locale)
        except ValueError:
            return value
    return value


def paginate(rows: list, request: Request, per_page: int = 50) -> tuple[list, dict]:
    """One page of `rows` (?page=N) and what the pager shows."""
    try:
        n = max(1, int(request.query_params.get("page", "1")))
    except ValueError:
        n = 1
    pages = max(1, -(-len(rows) // per_page))
    n = min(n, pages)
    params = {k: v for k, v in request.query_params.items() if k != "page" and v}
    return rows[(n - 1) * per_page: n * per_page], {
        "page": n, "pages": pages, "total": len(rows), "first": (n - 1) * per_page + 1 if rows else 0,
        "last": min(n * per_page, len(rows)), "query": urlencode(params), "path": request.url.path}


def matches(row: dict, q: str, keys: tuple[str, ...]) -> bool:
    """Whether the free-text filter `q` occurs in any of `keys` (case-insensitive)."""
    q = q.strip().lower()
    return not q or any(q in str(row.get(k, "")).lower() for k in keys)


class Site:
    """The web app's state, and the helpers every route uses."""

    def __init__(self, cfg: Config, store: Any, clock: Callable[[], datetime], pipeline: Any) -> None:
        self.cfg, self.clock, self.pipeline = cfg, clock, pipeline
        if pipeline is not None:
            self.view = pipeline.store
        else:
            self.view = store if store is not None else ReadOnlyStore(cfg.path(cfg.store.path))
        self.key = auth.secret(cfg)
        self.env = Environment(loader=FileSystemLoader(str(PAGES)), autoescape=True, undefined=StrictUndefined,
                               trim_blocks=True, lstrip_blocks=True)
        self.env.globals["quote"] = quote
        self.env.filters["human"] = human
        self.per_address = auth.RateLimiter(cfg.web.submissions_per_address_per_hour)
        self.per_client = auth.RateLimiter(cfg.web.submissions_per_client_per_hour)
        self.state = auth.state_dir(cfg)

    def now(self) -> datetime:
        """The app's clock."""
        return self.clock()

    def read(self) -> SeededView:
        """A fresh read-only view of the store, the config's roster as seed."""
        refresh = getattr(self.view, "refresh", None)
        if refresh is not None:
            refresh()
        return SeededView(self.view, roster.seed_records(self.cfg))

    def secure(self, request: Request) -> bool:
        """Whether cookies get the Secure flag (`web.secure_cookies`)."""
        mode = self.cfg.web.secure_cookies
        return mode == "always" or (mode == "auto" and request.url.scheme == "https")

    @staticmethod
    def client(request: Request) -> str:
        """The client's address, for rate limits and logs."""
        return request.client.host if request.client else "unknown"

    def lang_of(self, request: Request, explicit: str | None = None) -> str:
        """The page's language: asked for, else the browser's, among the bot's languages."""
        return i18n.pick(explicit or request.query_params.get("lang"), request.headers.get("accept-language", ""),
                         self.cfg.bot.languages)

    def user_of(self, request: Request) -> str | None:
        """The signed-in staff address, or None."""
        return auth.session_user(self.cfg, request.cookies.get(SESSION_COOKIE), self.now())

    def group_names(self, v: Any, lang: str = "") -> dict[str, str]:
        """slug -> name, in `lang` where the config translates it (the mail a form becomes keeps English)."""
        return {g.slug: wf.group_ctx(g, lang)["name"] for g in wf.all_groups(self.cfg, v)}

    def page(self, request: Request, template: str, *, status: int = 200, lang: str = "en", title: str = "",
             user: str | None = None, **ctx: Any) -> HTMLResponse:
        """A rendered page, with a CSRF token (and its cookie, when the browser has none yet)."""
        cookie = request.cookies.get(CSRF_COOKIE)
        fresh = not cookie or len(cookie) > 100
        if fresh:
            cookie = auth.new_id() + auth.new_id()
        html = self.env.get_template(template).render(
            lang=lang, w=i18n.words(lang), title=title, csrf=auth.csrf_for(self.key, cookie), user=user,
            locale=staff_locale(request.headers.get("accept-language", "")),
            nav=STAFF_NAV, path=request.url.path, languages=i18n.LANGUAGES, bot=self.cfg.bot, **ctx)
        resp = HTMLResponse(html, status_code=status)
        if fresh:
            resp.set_cookie(CSRF_COOKIE, cookie, httponly=True, samesite="lax", secure=self.secure(request), path="/")
        return resp

    @staticmethod
    async def form_of(request: Request):
        """The posted form, within the app's limits (no files, few and small fields)."""
        return await request.form(max_files=0, max_fields=60, max_part_size=64 * 1024)

    def csrf_valid(self, request: Request, form: Any) -> bool:
        """Whether the form's CSRF token matches its cookie."""
        return auth.csrf_ok(self.key, request.cookies.get(CSRF_COOKIE), str(form.get("csrf", "")))

    def refused(self, request: Request, lang: str = "en") -> HTMLResponse:
        """The 403 page for a form whose CSRF token failed."""
        w = i18n.words(lang)
        return self.page(request, "message.html", status=403, lang=lang, title=w("csrf_title"),
                         heading=w("csrf_title"), text=w("csrf_text"), back="/?lang=" + lang, back_text=w("again"))

    async def drain(self) -> bool:
        """Apply the web queue now: through the pipeline of this process, else under the store's lock file."""
        pipeline = self.pipeline
        if pipeline is not None:
            def run() -> bool:
                with pipeline.store.lock:
                    queue.drain(pipeline)
                    pipeline.deliver()
                return True
            return await run_in_threadpool(run)
        return await run_in_threadpool(queue.try_drain, self.cfg, self.clock)
