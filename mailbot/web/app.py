"""The web application: the public interest form and the staff dashboard (Starlette).

`create_app(cfg, store=None, clock=...)` builds it. Reading: a view of the
store (by default a `ReadOnlyStore` of the store file, refreshed on every
request). Writing: never directly — every change is a web-queue entry
(queue.py), applied by whoever holds the store's lock file (the daemon, or
this process when no daemon runs). See the package doc.

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

Why `create_app` is one long function: it is the app's one room of state
(the config, the store view, the signing key, the rate limiters, the Jinja
environment), and each route handler is a small closure over it (none past
about 45 lines). Splitting the handlers into modules would mean passing that
state to each of them; the cut along public/staff pages is the next step if
the dashboard grows.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, timedelta, timezone
from email import message_from_string
from email.policy import default as default_policy
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from mailbot.workflows import proposals
from mailbot.core.clock import utcnow
from mailbot.core.view import SeededView
from mailbot.commands import staff as cmds
from mailbot.mail import queue as mailq
from mailbot.mail import compose
from mailbot.workflows import roster
from mailbot.adapters import store as st
from mailbot.workflows import membership as wf
from mailbot.core.config import Config
from mailbot.web import auth
from mailbot.core.config import base_url
from mailbot.web import forms
from mailbot.web import i18n
from mailbot.runtime import webqueue as queue
from mailbot.schedule import reports
from mailbot.adapters.roview import ReadOnlyStore

log = logging.getLogger("mailbot.web")

PAGES = Path(__file__).resolve().parents[1] / "templates" / "web" / "pages"
STATIC_CSS = PAGES / "web.css"
CSRF_COOKIE, SESSION_COOKIE = "mb_csrf", "mb_session"

STAFF_NAV = [("/staff", "Overview"), ("/staff/triage", "Triage"), ("/staff/requests", "Requests"),
             ("/staff/groups", "Groups"), ("/staff/proposals", "Proposals"), ("/staff/participants", "Participants"),
             ("/staff/outbox", "Outbox"), ("/staff/audit", "Audit"), ("/staff/reports", "Reports"),
             ("/staff/digest", "Digest")]


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


def create_app(cfg: Config, store: Any = None, clock: Callable[[], datetime] = utcnow, *,
               pipeline: Any = None) -> Starlette:
    """The ASGI app.

    `store`: a read view of the store (default: a ReadOnlyStore of the store
    file). `pipeline`: a Pipeline running in this same process (the web then
    drains its queue through it, under its store's lock, instead of taking
    the lock file).
    """
    if pipeline is not None:
        view = pipeline.store
    else:
        view = store if store is not None else ReadOnlyStore(cfg.path(cfg.store.path))
    key = auth.secret(cfg)
    env = Environment(loader=FileSystemLoader(str(PAGES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["quote"] = quote
    env.filters["human"] = human
    per_address = auth.RateLimiter(cfg.web.submissions_per_address_per_hour)
    per_client = auth.RateLimiter(cfg.web.submissions_per_client_per_hour)
    state = auth.state_dir(cfg)

    # -- helpers -------------------------------------------------------------------------------
    def now() -> datetime:
        return clock()

    def read() -> SeededView:
        refresh = getattr(view, "refresh", None)
        if refresh is not None:
            refresh()
        return SeededView(view, roster.seed_records(cfg))

    def secure(request: Request) -> bool:
        mode = cfg.web.secure_cookies
        return mode == "always" or (mode == "auto" and request.url.scheme == "https")

    def client(request: Request) -> str:
        return request.client.host if request.client else "unknown"

    def lang_of(request: Request, explicit: str | None = None) -> str:
        return i18n.pick(explicit or request.query_params.get("lang"), request.headers.get("accept-language", ""),
                         cfg.bot.languages)

    def user_of(request: Request) -> str | None:
        return auth.session_user(cfg, request.cookies.get(SESSION_COOKIE), now())

    def group_names(v: Any, lang: str = "") -> dict[str, str]:
        """slug -> name, in `lang` where the config translates it (the mail a form becomes keeps English)."""
        return {g.slug: wf.group_ctx(g, lang)["name"] for g in wf.all_groups(cfg, v)}

    def page(request: Request, template: str, *, status: int = 200, lang: str = "en", title: str = "",
             user: str | None = None, **ctx: Any) -> HTMLResponse:
        cookie = request.cookies.get(CSRF_COOKIE)
        fresh = not cookie or len(cookie) > 100
        if fresh:
            cookie = auth.new_id() + auth.new_id()
        html = env.get_template(template).render(
            lang=lang, w=i18n.words(lang), title=title, csrf=auth.csrf_for(key, cookie), user=user,
            locale=staff_locale(request.headers.get("accept-language", "")),
            nav=STAFF_NAV, path=request.url.path, languages=i18n.LANGUAGES, bot=cfg.bot, **ctx)
        resp = HTMLResponse(html, status_code=status)
        if fresh:
            resp.set_cookie(CSRF_COOKIE, cookie, httponly=True, samesite="lax", secure=secure(request), path="/")
        return resp

    async def form_of(request: Request):
        return await request.form(max_files=0, max_fields=60, max_part_size=64 * 1024)

    def csrf_valid(request: Request, form: Any) -> bool:
        return auth.csrf_ok(key, request.cookies.get(CSRF_COOKIE), str(form.get("csrf", "")))

    def refused(request: Request, lang: str = "en") -> HTMLResponse:
        w = i18n.words(lang)
        return page(request, "message.html", status=403, lang=lang, title=w("csrf_title"),
                    heading=w("csrf_title"), text=w("csrf_text"), back="/?lang=" + lang, back_text=w("again"))

    async def drain() -> bool:
        if pipeline is not None:
            def run() -> bool:
                with pipeline.store.lock:
                    queue.drain(pipeline)
                    pipeline.deliver()
                return True
            return await run_in_threadpool(run)
        return await run_in_threadpool(queue.try_drain, cfg, clock)

    # -- the public form ---------------------------------------------------------------------------
    def form_page(request: Request, lang: str, *, values: dict | None = None, errors: dict | None = None,
                  status: int = 200) -> HTMLResponse:
        w = i18n.words(lang)
        v = read()
        groups = [wf.group_ctx(g, lang) for g in wf.all_groups(cfg, v)]
        msgs = {f: w(code, **params) for f, (code, params) in (errors or {}).items()}
        values = values or {"organisation": "", "name": "", "email": "", "topic": "", "message": "", "groups": []}
        return page(request, "form.html", status=status, lang=lang, title=(("Error: " if msgs else "") + w("title")),
                    groups=groups, values=values, errors=msgs)

    async def home(request: Request) -> Response:
        return form_page(request, lang_of(request))

    async def submit(request: Request) -> Response:
        form = await form_of(request)
        lang = lang_of(request, str(form.get("lang", "")))
        w = i18n.words(lang)
        if not csrf_valid(request, form):
            return refused(request, lang)
        v = read()
        res = forms.validate(form, cfg, lang, group_slugs=list(group_names(v)))
        if res.spam:
            log.info("interest form: honeypot filled in from %s; ignored", client(request))
            return RedirectResponse(f"/sent?lang={lang}", status_code=303)  # tell a robot nothing
        if res.errors:
            return form_page(request, lang, values=res.values, errors=res.errors, status=400)
        sub = res.submission
        assert sub is not None
        if not per_client.allow("ip:" + client(request)) or not per_address.allow("addr:" + sub.email):
            return page(request, "message.html", status=429, lang=lang, title=w("rate_title"),
                        heading=w("rate_title"), text=w("rate_text"), back="/?lang=" + lang, back_text=w("again"))
        t = now()
        auth.sweep(state / "pending", t, timedelta(hours=cfg.web.confirm_hours))
        sid = auth.new_id()
        exp = t + timedelta(hours=cfg.web.confirm_hours)
        auth.write_json(state / "pending" / f"{sid}.json", {"submission": sub.to_json(), "created": t.isoformat(),
                                                            "expires": exp.isoformat(), "client": client(request)})
        token = auth.make_token(key, "confirm", sid, exp)
        names = group_names(v, sub.lang)
        ctx = {"bot": {"name": cfg.bot.name, "address": cfg.bot.address, "network": cfg.bot.network},
               "name": sub.name, "organisation": sub.organisation, "groups": [names.get(s, s) for s in sub.groups],
               "topic": sub.topic, "hours": int(cfg.web.confirm_hours), "link": f"{base_url(cfg)}/confirm/{token}"}
        subject, text, _ = compose.render("confirm", ctx, sub.lang, directory=reports.MAIL_TEMPLATES)
        mail = compose.build(key=f"web:confirm:{sid}", sender=(cfg.bot.name, cfg.bot.address),
                             to=[(sub.name, sub.email)], subject=subject, text=text, html=None, date=t,
                             auto_submitted="auto-generated", source_message_id=f"web:{sid}")
        queue.enqueue(cfg, queue.mail_entry(f"confirm-{sid}", mail, t))
        await drain()
        return RedirectResponse(f"/sent?lang={lang}", status_code=303)

    async def sent(request: Request) -> Response:
        lang = lang_of(request)
        w = i18n.words(lang)
        return page(request, "message.html", lang=lang, title=w("sent_title"), heading=w("sent_title"),
                    text=w("sent_text", hours=int(cfg.web.confirm_hours)), back="", back_text="")

    def _pending(token: str) -> tuple[str | None, dict | None, str]:
        sid, why = auth.read_token(key, "confirm", token, now())
        if not sid:
            return None, None, why
        doc = auth.read_json(state / "pending" / f"{sid}.json")
        if doc is None:
            used = (state / "confirmed" / f"{sid}.json").exists()
            return sid, None, "used" if used else "invalid"
        return sid, doc, ""

    def used_lang(sid: str | None, why: str) -> str:
        """The language of a form whose link was used already (its page answers in it)."""
        doc = auth.read_json(state / "confirmed" / f"{sid}.json") if sid and why == "used" else None
        return ((doc or {}).get("submission") or {}).get("lang", "")

    def link_problem(request: Request, lang: str, why: str) -> HTMLResponse:
        w = i18n.words(lang)
        if why == "used":
            return page(request, "message.html", status=410, lang=lang, title=w("used_title"),
                        heading=w("used_title"), text=w("used_text"), back="", back_text="")
        return page(request, "message.html", status=410 if why == "expired" else 404, lang=lang,
                    title=w("invalid_title"), heading=w("invalid_title"), text=w("invalid_text"),
                    back="/?lang=" + lang, back_text=w("again"))

    async def confirm_get(request: Request) -> Response:
        token = request.path_params["token"]
        sid, doc, why = _pending(token)
        if doc is None:
            return link_problem(request, used_lang(sid, why) or lang_of(request), why)
        sub = forms.Submission.from_json(doc["submission"])
        names = group_names(read(), sub.lang)
        w = i18n.words(sub.lang)
        return page(request, "confirm.html", lang=sub.lang, title=w("confirm_title"), token=token,
                    join=", ".join(names.get(s, s) for s in sub.groups), topic=sub.topic, sub=sub)

    async def confirm_post(request: Request) -> Response:
        token = request.path_params["token"]
        form = await form_of(request)
        sid, doc, why = _pending(token)
        lang = forms.Submission.from_json(doc["submission"]).lang if doc else (used_lang(sid, why) or lang_of(request))
        if not csrf_valid(request, form):
            return refused(request, lang)
        if doc is None or sid is None:
            return link_problem(request, lang, why)
        sub = forms.Submission.from_json(doc["submission"])
        t = now()
        # Queue first (idempotent by name and Message-ID), then use up the link: a crash in
        # between lets the person click again, and the pipeline never decides a Message-ID twice.
        for ident, raw in forms.messages(sub, cfg, sid, t, group_names(read())):
            queue.enqueue(cfg, {"kind": "message", "id": ident, "created": t.isoformat(),
                                "raw": raw.decode("utf-8", "surrogateescape")})
        if not auth.consume(state / "pending" / f"{sid}.json", state / "confirmed" / f"{sid}.json"):
            return link_problem(request, lang, "used")
        await drain()
        w = i18n.words(lang)
        return page(request, "message.html", lang=lang, title=w("done_title"), heading=w("done_title"),
                    text=w("done_text"), back="", back_text="")

    async def css(request: Request) -> Response:
        return Response(STATIC_CSS.read_bytes(), media_type="text/css",
                        headers={"cache-control": "public, max-age=3600"})

    # -- staff sign-in -------------------------------------------------------------------------------
    async def login_get(request: Request) -> Response:
        return page(request, "login.html", title="Staff sign-in", sent=False, error="")

    async def login_post(request: Request) -> Response:
        form = await form_of(request)
        if not csrf_valid(request, form):
            return refused(request)
        email = compose.header_safe(form.get("email", ""), 254).strip().lower()
        if not email or "@" not in email:
            return page(request, "login.html", status=400, title="Error: Staff sign-in", sent=False,
                        error="Enter your staff email address.")
        if not per_client.allow("login-ip:" + client(request)) or not per_address.allow("login:" + email):
            return page(request, "message.html", status=429, title="Too many requests", heading="Too many requests",
                        text="Too many sign-in links were asked for. Please try again in an hour.",
                        back="", back_text="")
        if email in cfg.bot.staff:
            t = now()
            auth.sweep(state / "login", t, timedelta(minutes=cfg.web.login_minutes))
            nonce = auth.new_id()
            exp = t + timedelta(minutes=cfg.web.login_minutes)
            auth.write_json(state / "login" / f"{nonce}.json", {"email": email, "expires": exp.isoformat()})
            token = auth.make_token(key, "login", nonce, exp)
            ctx = {"bot": {"name": cfg.bot.name, "address": cfg.bot.address, "network": cfg.bot.network},
                   "email": email, "minutes": int(cfg.web.login_minutes),
                   "link": f"{base_url(cfg)}/staff/login/{token}"}
            subject, text, _ = compose.render("staff_login", ctx, "en", directory=reports.MAIL_TEMPLATES)
            mail = compose.build(key=f"web:login:{nonce}", sender=(cfg.bot.name, cfg.bot.address), to=[("", email)],
                                 subject=subject, text=text, html=None, date=t, auto_submitted="auto-generated",
                                 source_message_id=f"web:login:{nonce}")
            queue.enqueue(cfg, queue.mail_entry(f"login-{nonce}", mail, t, audit={
                "id": f"login-{nonce}", "at": t.isoformat(), "actor": email, "action": "sign-in link",
                "command": "sign-in link sent", "item": "", "ok": True, "result": f"from {client(request)}"}))
            await drain()
        else:
            log.info("sign-in link asked for %s, which is not a staff address (from %s)", email, client(request))
        # The same answer either way: the page never tells who is staff.
        return page(request, "login.html", title="Staff sign-in", sent=True, error="")

    def _login(token: str) -> tuple[str | None, dict | None]:
        nonce, _ = auth.read_token(key, "login", token, now())
        if not nonce:
            return None, None
        return nonce, auth.read_json(state / "login" / f"{nonce}.json")

    async def login_link_get(request: Request) -> Response:
        token = request.path_params["token"]
        nonce, doc = _login(token)
        if not doc:
            return page(request, "message.html", status=404, title="This link does not work",
                        heading="This link does not work", text="The sign-in link is invalid, expired or used. "
                        "Ask for a new one.", back="/staff/login", back_text="Ask for a new sign-in link")
        return page(request, "login_confirm.html", title="Sign in", token=token, email=doc["email"])

    async def login_link_post(request: Request) -> Response:
        token = request.path_params["token"]
        form = await form_of(request)
        if not csrf_valid(request, form):
            return refused(request)
        nonce, doc = _login(token)
        if not doc or not nonce or not auth.consume(state / "login" / f"{nonce}.json"):
            return page(request, "message.html", status=404, title="This link does not work",
                        heading="This link does not work", text="The sign-in link is invalid, expired or used. "
                        "Ask for a new one.", back="/staff/login", back_text="Ask for a new sign-in link")
        email = doc.get("email", "")
        t = now()
        if email not in cfg.bot.staff or datetime.fromisoformat(doc["expires"]) < t:
            return page(request, "message.html", status=403, title="Not allowed", heading="Not allowed",
                        text="This address may not sign in.", back="/staff/login", back_text="Staff sign-in")
        auth.sweep(state / "sessions", t, timedelta(hours=cfg.web.session_hours))
        cookie = auth.start_session(cfg, email, t)
        queue.enqueue(cfg, {"kind": "note", "id": f"signin-{nonce}", "created": t.isoformat(), "audit": {
            "id": f"signin-{nonce}", "at": t.isoformat(), "actor": email, "action": "signed in",
            "command": "signed in", "item": "", "ok": True, "result": f"from {client(request)}"}})
        await drain()
        resp = RedirectResponse("/staff", status_code=303)
        resp.set_cookie(SESSION_COOKIE, cookie, max_age=int(cfg.web.session_hours * 3600), httponly=True,
                        samesite="lax", secure=secure(request), path="/")
        return resp

    async def logout(request: Request) -> Response:
        form = await form_of(request)
        if not csrf_valid(request, form):
            return refused(request)
        auth.end_session(cfg, request.cookies.get(SESSION_COOKIE))
        resp = RedirectResponse("/staff/login", status_code=303)
        resp.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=secure(request))
        return resp

    # -- the dashboard -------------------------------------------------------------------------------
    def staff(handler):
        async def wrapped(request: Request) -> Response:
            user = user_of(request)
            if user is None:
                if request.method == "GET":
                    return RedirectResponse("/staff/login", status_code=303)
                return PlainTextResponse("Sign in first.", status_code=403)
            if request.method == "POST":
                form = await form_of(request)
                if not csrf_valid(request, form):
                    return refused(request)
                return await handler(request, user, form)
            return await handler(request, user)
        return wrapped

    def days_since(iso: str, t: datetime) -> float | None:
        try:
            d = datetime.fromisoformat(iso)
        except (TypeError, ValueError):
            return None
        if d.tzinfo is None:
            d = d.replace(tzinfo=timezone.utc)
        return round((t - d).total_seconds() / 86400, 1)

    async def overview(request: Request, user: str) -> Response:
        v, t = read(), now()
        triage = [d for _, d in v.items(st.TRIAGE) if d.get("status", "open") == "open"]
        reqs = [d for _, d in v.items(st.REQUESTS) if d.get("status") == "pending"]
        out = [d for _, d in v.items(st.OUTBOX)]
        props = [d for _, d in v.items(proposals.PROPOSALS) if d.get("status") in ("open", "ready")]
        cards = [("Open triage items", len(triage), "/staff/triage"),
                 ("Pending requests", len(reqs), "/staff/requests"),
                 ("Proposals open or ready", len(props), "/staff/proposals"),
                 ("Outbox waiting", sum(d.get("status") == "pending" for d in out), "/staff/outbox"),
                 ("Delivery failures", sum(d.get("status") == "failed" for d in out), "/staff/outbox"),
                 ("Messages processed", len(list(v.items(st.PROCESSED))), "/staff/audit"),
                 ("Actions waiting for the bot", len(queue.pending(cfg)), "/staff/audit")]
        oldest = max((days_since(d.get("created", ""), t) or 0 for d in reqs), default=None)
        return page(request, "staff_overview.html", title="Overview", user=user, cards=cards, oldest=oldest)

    async def triage_list(request: Request, user: str) -> Response:
        v, t = read(), now()
        status = request.query_params.get("status", "open")
        q = request.query_params.get("q", "")
        show_all = status == "all"
        rows = sorted((d for _, d in v.items(st.TRIAGE) if (show_all or d.get("status", "open") == status)
                       and matches(d, q, ("id", "reason", "from", "acted_for", "subject", "proposed"))),
                      key=lambda d: d.get("created", ""), reverse=True)
        rows, paging = paginate(rows, request)
        for r in rows:
            r["age"] = days_since(r.get("created", ""), t)
        return page(request, "staff_triage.html", title="Triage", user=user, rows=rows, show_all=show_all,
                    state=status, q=q, paging=paging)

    def quick_commands(item: dict) -> list[str]:
        out = []
        proposed = item.get("proposed", "")
        cmd, _ = cmds.lookup(cmds.split(proposed))
        if proposed and cmd is not None and proposed != "ignore":
            out.append(proposed)
        for extra in ("info", "ignore"):
            if extra not in out:
                out.append(extra)
        return out

    async def triage_item(request: Request, user: str) -> Response:
        v = read()
        item = v.get(st.TRIAGE, request.path_params["tid"])
        if item is None:
            return page(request, "message.html", status=404, title="Not found", user=user, heading="Not found",
                        text="There is no such triage item.", back="/staff/triage", back_text="Back to the triage queue")
        usages = [c.usage for c in cmds.COMMANDS.values() if c.name != "help"]
        queued = [e for e in queue.pending(cfg) if e.get("kind") == "command" and e.get("item") == item["id"]]
        return page(request, "staff_triage_item.html", title=f"Triage item {item['id']}", user=user, item=item,
                    quick=quick_commands(item), usages=usages, queued=queued)

    async def enqueue_command(user: str, line: str, item: str = "") -> str:
        t = now()
        aid = "cmd-" + auth.new_id()
        queue.enqueue(cfg, {"kind": "command", "id": aid, "created": t.isoformat(), "actor": user,
                            "line": compose.header_safe(line, 500), "item": item})
        await drain()
        return aid

    async def triage_resolve(request: Request, user: str, form: Any) -> Response:
        tid = request.path_params["tid"]
        line = compose.header_safe(form.get("line", ""), 500)
        if not line:
            return RedirectResponse(f"/staff/triage/{quote(tid)}", status_code=303)
        aid = await enqueue_command(user, line, tid)
        return RedirectResponse(f"/staff/actions/{aid}", status_code=303)

    async def action(request: Request, user: str) -> Response:
        aid = request.path_params["aid"]
        doc = read().get(queue.WEB_ACTIONS, aid)
        waiting = any(e.get("id") == aid for e in queue.pending(cfg))
        if doc is None and not waiting:
            return page(request, "message.html", status=404, title="Not found", user=user, heading="Not found",
                        text="There is no such action.", back="/staff", back_text="Back to the overview")
        return page(request, "staff_action.html", title="Action", user=user, doc=doc, aid=aid)

    async def requests_view(request: Request, user: str) -> Response:
        v, t = read(), now()
        rep = reports.requests(v, cfg, t)
        q, group = request.query_params.get("q", ""), request.query_params.get("group", "")
        keep = [r for r in rep["rows"] if matches(r, q, ("id", "organisation", "from", "answered_by", "status"))
                and (not group or r.get("group") == group)]
        pending = [r for r in keep if r["status"] == "pending"]
        pending.sort(key=lambda r: -(r["age_days"] or 0))
        answered, paging = paginate([r for r in keep if r["response_days"] is not None], request)
        return page(request, "staff_requests.html", title="Requests", user=user, pending=pending,
                    answered=answered, summary=rep["summary"], q=q, group=group, paging=paging,
                    groups=sorted({r.get("group", "") for r in rep["rows"] if r.get("group")}))

    async def groups_view(request: Request, user: str) -> Response:
        v, t = read(), now()
        out = []
        for g in wf.all_groups(cfg, v):
            held, upcoming = reports.meetings_of(v, cfg, t, g.slug)
            members = wf.memberships(v, group=g.slug)
            out.append({"g": g, "members": members, "held": held, "upcoming": upcoming,
                        "pending": [d for _, d in v.items(st.REQUESTS) if d.get("status") == "pending"
                                    and d.get("group") == g.slug]})
        return page(request, "staff_groups.html", title="Groups", user=user, groups=out)

    async def proposals_view(request: Request, user: str) -> Response:
        v = read()
        rows = sorted((d for _, d in v.items(proposals.PROPOSALS)), key=lambda d: d.get("created", ""), reverse=True)
        for p in rows:
            p["ok"], p["why"] = proposals.proposal_ready(cfg, p)
        return page(request, "staff_proposals.html", title="Proposals", user=user, rows=rows)

    async def proposal_approve(request: Request, user: str, form: Any) -> Response:
        aid = await enqueue_command(user, f"approve {request.path_params['pid']}")
        return RedirectResponse(f"/staff/actions/{aid}", status_code=303)

    async def participants_view(request: Request, user: str) -> Response:
        v = read()
        rows = sorted((dict(d, domain=k) for k, d in v.items(roster.PARTICIPANTS) if not d.get("removed")),
                      key=lambda d: (d.get("organisation", ""), d["domain"]))
        return page(request, "staff_participants.html", title="Participants", user=user, rows=rows)

    def _subject(raw: str) -> str:
        try:
            return compose.header_safe(message_from_string(raw[:20000], policy=default_policy).get("Subject", ""), 200)
        except Exception:
            return ""

    async def outbox_view(request: Request, user: str) -> Response:
        v = read()
        rows = sorted((d for _, d in v.items(st.OUTBOX)), key=lambda d: d.get("created", ""), reverse=True)
        for r in rows:
            r["subject"] = _subject(r.get("raw", ""))
            tid = mailq.failure_triage_id(r)
            item = v.get(st.TRIAGE, tid) if tid and r.get("status") == "failed" else None
            # the failure's triage item, open: its `retry` queues the mail again (as `mailbot outbox retry`)
            r["retry_item"] = tid if item is not None and item.get("status", "open") == "open" else ""
        q = request.query_params.get("q", "")
        rows = [r for r in rows if matches(r, q, ("to", "subject", "last_error"))]
        sent = sorted((dict(d, key=k) for k, d in v.items(st.SENT)), key=lambda d: d.get("delivered", ""),
                      reverse=True)
        total = len(sent)
        sent, paging = paginate([d for d in sent if matches(d, q, ("to", "key"))], request)
        return page(request, "staff_outbox.html", title="Outbox", user=user,
                    failed=[r for r in rows if r.get("status") == "failed"],
                    waiting=[r for r in rows if r.get("status") != "failed"], sent=sent, sent_total=total,
                    q=q, paging=paging)

    async def audit_view(request: Request, user: str) -> Response:
        v = read()
        lines = []
        for mid, a in v.items(st.PROCESSED):
            lines.append({"at": a.get("at", ""), "who": a.get("from", ""), "kind": "message",
                          "what": f"{a.get('intent', '')} {','.join(a.get('groups', []))}".strip(),
                          "detail": f"rule {a.get('rule', '')}; {', '.join(a.get('actions', []))}; → {a.get('destination', '')}",
                          "notes": "; ".join(a.get("notes", []))[:300], "subject": a.get("subject", "")})
        for _, a in v.items(queue.WEB_ACTIONS):
            lines.append({"at": a.get("at", ""), "who": a.get("actor", ""), "kind": "staff (web)",
                          "what": a.get("command", ""), "detail": ("ok: " if a.get("ok") else "refused: ")
                          + (a.get("result", "") or "").splitlines()[0][:200] if a.get("result") else "",
                          "notes": a.get("item", ""), "subject": ""})
        for _, d in v.items(st.TRIAGE):
            if d.get("resolved"):
                lines.append({"at": d["resolved"], "who": d.get("resolved_by", ""), "kind": "triage resolved",
                              "what": d.get("command", ""), "detail": (d.get("resolution", "") or "")[:200],
                              "notes": d.get("id", ""), "subject": d.get("subject", "")})
        lines.sort(key=lambda x: x["at"], reverse=True)
        total = len(lines)
        kind, q = request.query_params.get("kind", ""), request.query_params.get("q", "")
        lines = [x for x in lines if (not kind or x["kind"] == kind)
                 and matches(x, q, ("who", "subject", "what", "detail", "notes"))]
        lines, paging = paginate(lines, request)
        return page(request, "staff_audit.html", title="Audit trail", user=user, lines=lines, total=total,
                    kind=kind, q=q, paging=paging, kinds=("message", "staff (web)", "triage resolved"))

    async def reports_view(request: Request, user: str) -> Response:
        v, t = read(), now()
        try:
            year = int(request.query_params.get("year", "") or t.year)
        except ValueError:
            year = t.year
        rep = reports.everything(v, cfg, t, year)
        fmt = request.query_params.get("format", "")
        if fmt == "json":
            return JSONResponse(rep)
        if fmt == "csv":
            return Response(reports.as_csv(rep), media_type="text/csv; charset=utf-8",
                            headers={"content-disposition": f'attachment; filename="mailbot-report-{year}.csv"'})
        return page(request, "staff_reports.html", title="Reports", user=user, rep=rep, year=year,
                    limit=cfg.scheduler.max_days_per_year)

    async def digest_view(request: Request, user: str) -> Response:
        v, t = read(), now()
        period = request.query_params.get("period") or reports.period_of(t)
        if not (len(period) == 7 and period[:4].isdigit() and period[4:6] == "-H" and period[6] in "12"):
            period = reports.period_of(t)
        digest = reports.compile_digest(v, cfg, t, period)
        subject, text = reports.render_digest(digest, cfg)
        return page(request, "staff_digest.html", title="Network update digest", user=user, digest=digest,
                    subject=subject, text=text, period=period)

    async def digest_send(request: Request, user: str, form: Any) -> Response:
        t = now()
        period = str(form.get("period", "")) or reports.period_of(t)
        aid = "digest-" + auth.new_id()
        queue.enqueue(cfg, {"kind": "digest", "id": aid, "created": t.isoformat(), "actor": user,
                            "period": compose.header_safe(period, 10), "intro": compose.text_safe(form.get("intro", ""), 4000)})
        await drain()
        return RedirectResponse(f"/staff/actions/{aid}", status_code=303)

    routes = [
        Route("/", home), Route("/submit", submit, methods=["POST"]), Route("/sent", sent),
        Route("/confirm/{token}", confirm_get), Route("/confirm/{token}", confirm_post, methods=["POST"]),
        Route("/static/web.css", css),
        Route("/staff/login", login_get), Route("/staff/login", login_post, methods=["POST"]),
        Route("/staff/login/{token}", login_link_get), Route("/staff/login/{token}", login_link_post, methods=["POST"]),
        Route("/staff/logout", logout, methods=["POST"]),
        Route("/staff", staff(overview)),
        Route("/staff/triage", staff(triage_list)),
        Route("/staff/triage/{tid}", staff(triage_item)),
        Route("/staff/triage/{tid}/resolve", staff(triage_resolve), methods=["POST"]),
        Route("/staff/actions/{aid}", staff(action)),
        Route("/staff/requests", staff(requests_view)),
        Route("/staff/groups", staff(groups_view)),
        Route("/staff/proposals", staff(proposals_view)),
        Route("/staff/proposals/{pid}/approve", staff(proposal_approve), methods=["POST"]),
        Route("/staff/participants", staff(participants_view)),
        Route("/staff/outbox", staff(outbox_view)),
        Route("/staff/audit", staff(audit_view)),
        Route("/staff/reports", staff(reports_view)),
        Route("/staff/digest", staff(digest_view)),
        Route("/staff/digest/send", staff(digest_send), methods=["POST"]),
    ]
    app = Starlette(routes=routes)
    app.add_middleware(_Headers)
    app.state.cfg = cfg
    app.state.view = view
    return app


#: GET pages that need a session (the browser tests visit each anonymously)
STAFF_PAGES = [p for p, _ in STAFF_NAV]
