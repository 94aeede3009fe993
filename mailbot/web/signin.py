"""Staff sign-in by mail: a signed, expiring, single-use link to a staff address, then a session.

The page answers the same whether or not the address is staff, and the link
acts only on a POST from the page it opens, so a mail scanner that follows it
signs nobody in.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from mailbot.core.config import base_url
from mailbot.mail import compose
from mailbot.runtime import webqueue as queue
from mailbot.schedule import reports
from mailbot.web import auth
from mailbot.web.site import SESSION_COOKIE, Site

log = logging.getLogger("mailbot.web")


def routes(site: Site) -> list[Route]:
    """The sign-in and sign-out routes, over `site`."""
    cfg = site.cfg

    async def login_get(request: Request) -> Response:
        return site.page(request, "login.html", title="Staff sign-in", sent=False, error="")

    async def login_post(request: Request) -> Response:
        form = await site.form_of(request)
        if not site.csrf_valid(request, form):
            return site.refused(request)
        email = compose.header_safe(form.get("email", ""), 254).strip().lower()
        if not email or "@" not in email:
            return site.page(request, "login.html", status=400, title="Error: Staff sign-in", sent=False,
                        error="Enter your staff email address.")
        if not site.per_client.allow("login-ip:" + site.client(request)) or not site.per_address.allow("login:" + email):
            return site.page(request, "message.html", status=429, title="Too many requests", heading="Too many requests",
                        text="Too many sign-in links were asked for. Please try again in an hour.",
                        back="", back_text="")
        if email in cfg.bot.staff:
            t = site.now()
            auth.sweep(site.state / "login", t, timedelta(minutes=cfg.web.login_minutes))
            nonce = auth.new_id()
            exp = t + timedelta(minutes=cfg.web.login_minutes)
            auth.write_json(site.state / "login" / f"{nonce}.json", {"email": email, "expires": exp.isoformat()})
            token = auth.make_token(site.key, "login", nonce, exp)
            ctx = {"bot": {"name": cfg.bot.name, "address": cfg.bot.address, "network": cfg.bot.network},
                   "email": email, "minutes": int(cfg.web.login_minutes),
                   "link": f"{base_url(cfg)}/staff/login/{token}"}
            subject, text, _ = compose.render("staff_login", ctx, "en", directory=reports.MAIL_TEMPLATES)
            mail = compose.build(key=f"web:login:{nonce}", sender=(cfg.bot.name, cfg.bot.address), to=[("", email)],
                                 subject=subject, text=text, html=None, date=t, auto_submitted="auto-generated",
                                 source_message_id=f"web:login:{nonce}")
            queue.enqueue(cfg, queue.mail_entry(f"login-{nonce}", mail, t, audit={
                "id": f"login-{nonce}", "at": t.isoformat(), "actor": email, "action": "sign-in link",
                "command": "sign-in link sent", "item": "", "ok": True, "result": f"from {site.client(request)}"}))
            await site.drain()
        else:
            log.info("sign-in link asked for %s, which is not a staff address (from %s)", email, site.client(request))
        # The same answer either way: the page never tells who is staff.
        return site.page(request, "login.html", title="Staff sign-in", sent=True, error="")

    def _login(token: str) -> tuple[str | None, dict | None]:
        nonce, _ = auth.read_token(site.key, "login", token, site.now())
        if not nonce:
            return None, None
        return nonce, auth.read_json(site.state / "login" / f"{nonce}.json")

    async def login_link_get(request: Request) -> Response:
        token = request.path_params["token"]
        nonce, doc = _login(token)
        if not doc:
            return site.page(request, "message.html", status=404, title="This link does not work",
                        heading="This link does not work", text="The sign-in link is invalid, expired or used. "
                        "Ask for a new one.", back="/staff/login", back_text="Ask for a new sign-in link")
        return site.page(request, "login_confirm.html", title="Sign in", token=token, email=doc["email"])

    async def login_link_post(request: Request) -> Response:
        token = request.path_params["token"]
        form = await site.form_of(request)
        if not site.csrf_valid(request, form):
            return site.refused(request)
        nonce, doc = _login(token)
        if not doc or not nonce or not auth.consume(site.state / "login" / f"{nonce}.json"):
            return site.page(request, "message.html", status=404, title="This link does not work",
                        heading="This link does not work", text="The sign-in link is invalid, expired or used. "
                        "Ask for a new one.", back="/staff/login", back_text="Ask for a new sign-in link")
        email = doc.get("email", "")
        t = site.now()
        if email not in cfg.bot.staff or datetime.fromisoformat(doc["expires"]) < t:
            return site.page(request, "message.html", status=403, title="Not allowed", heading="Not allowed",
                        text="This address may not sign in.", back="/staff/login", back_text="Staff sign-in")
        auth.sweep(site.state / "sessions", t, timedelta(hours=cfg.web.session_hours))
        cookie = auth.start_session(cfg, email, t)
        queue.enqueue(cfg, {"kind": "note", "id": f"signin-{nonce}", "created": t.isoformat(), "audit": {
            "id": f"signin-{nonce}", "at": t.isoformat(), "actor": email, "action": "signed in",
            "command": "signed in", "item": "", "ok": True, "result": f"from {site.client(request)}"}})
        await site.drain()
        resp = RedirectResponse("/staff", status_code=303)
        resp.set_cookie(SESSION_COOKIE, cookie, max_age=int(cfg.web.session_hours * 3600), httponly=True,
                        samesite="lax", secure=site.secure(request), path="/")
        return resp

    async def logout(request: Request) -> Response:
        form = await site.form_of(request)
        if not site.csrf_valid(request, form):
            return site.refused(request)
        auth.end_session(cfg, request.cookies.get(SESSION_COOKIE))
        resp = RedirectResponse("/staff/login", status_code=303)
        resp.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=site.secure(request))
        return resp


    return [Route("/staff/login", login_get), Route("/staff/login", login_post, methods=["POST"]),
            Route("/staff/login/{token}", login_link_get),
            Route("/staff/login/{token}", login_link_post, methods=["POST"]),
            Route("/staff/logout", logout, methods=["POST"])]
