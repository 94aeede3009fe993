"""The public pages: the interest form, its "check your mail" page, and the confirmation link.

A form becomes mail only once its sender confirms it from the link mailed to
them (double opt-in, as Mailman confirms a subscription): the submission waits
in the web state folder, the confirmation queues the message(s) it becomes for
the pipeline. Every answer is in the form's language.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from mailbot.core.config import base_url
from mailbot.mail import compose
from mailbot.runtime import webqueue as queue
from mailbot.schedule import reports
from mailbot.web import auth, forms, i18n
from mailbot.web.site import STATIC_CSS, Site
from mailbot.workflows import membership as wf

log = logging.getLogger("mailbot.web")


def routes(site: Site) -> list[Route]:
    """The public form's routes, over `site`."""
    cfg = site.cfg

    def form_page(request: Request, lang: str, *, values: dict | None = None, errors: dict | None = None,
                  status: int = 200) -> HTMLResponse:
        w = i18n.words(lang)
        v = site.read()
        groups = [wf.group_ctx(g, lang) for g in wf.all_groups(cfg, v)]
        msgs = {f: w(code, **params) for f, (code, params) in (errors or {}).items()}
        values = values or {"organisation": "", "name": "", "email": "", "topic": "", "message": "", "groups": []}
        return site.page(request, "form.html", status=status, lang=lang, title=((w("error_prefix") + ": " if msgs else "") + w("title")),
                    groups=groups, values=values, errors=msgs)

    async def home(request: Request) -> Response:
        return form_page(request, site.lang_of(request))

    async def submit(request: Request) -> Response:
        form = await site.form_of(request)
        lang = site.lang_of(request, str(form.get("lang", "")))
        w = i18n.words(lang)
        if not site.csrf_valid(request, form):
            return site.refused(request, lang)
        v = site.read()
        res = forms.validate(form, cfg, lang, group_slugs=list(site.group_names(v)))
        if res.spam:
            log.info("interest form: honeypot filled in from %s; ignored", site.client(request))
            return RedirectResponse(f"/sent?lang={lang}", status_code=303)  # tell a robot nothing
        if res.errors:
            return form_page(request, lang, values=res.values, errors=res.errors, status=400)
        sub = res.submission
        assert sub is not None
        if not site.per_client.allow("ip:" + site.client(request)) or not site.per_address.allow("addr:" + sub.email):
            return site.page(request, "message.html", status=429, lang=lang, title=w("rate_title"),
                        heading=w("rate_title"), text=w("rate_text"), back="/?lang=" + lang, back_text=w("again"))
        t = site.now()
        auth.sweep(site.state / "pending", t, timedelta(hours=cfg.web.confirm_hours))
        sid = auth.new_id()
        exp = t + timedelta(hours=cfg.web.confirm_hours)
        auth.write_json(site.state / "pending" / f"{sid}.json", {"submission": sub.to_json(), "created": t.isoformat(),
                                                            "expires": exp.isoformat(), "client": site.client(request)})
        token = auth.make_token(site.key, "confirm", sid, exp)
        names = site.group_names(v, sub.lang)
        ctx = {"bot": {"name": cfg.bot.name, "address": cfg.bot.address, "network": cfg.bot.network},
               "name": sub.name, "organisation": sub.organisation, "groups": [names.get(s, s) for s in sub.groups],
               "topic": sub.topic, "hours": int(cfg.web.confirm_hours), "link": f"{base_url(cfg)}/confirm/{token}"}
        subject, text, _ = compose.render("confirm", ctx, sub.lang, directory=reports.MAIL_TEMPLATES)
        mail = compose.build(key=f"web:confirm:{sid}", sender=(cfg.bot.name, cfg.bot.address),
                             to=[(sub.name, sub.email)], subject=subject, text=text, html=None, date=t,
                             auto_submitted="auto-generated", source_message_id=f"web:{sid}")
        queue.enqueue(cfg, queue.mail_entry(f"confirm-{sid}", mail, t))
        await site.drain()
        return RedirectResponse(f"/sent?lang={lang}", status_code=303)

    async def sent(request: Request) -> Response:
        lang = site.lang_of(request)
        w = i18n.words(lang)
        return site.page(request, "message.html", lang=lang, title=w("sent_title"), heading=w("sent_title"),
                    text=w("sent_text", hours=int(cfg.web.confirm_hours)), back="", back_text="")

    def _pending(token: str) -> tuple[str | None, dict | None, str]:
        sid, why = auth.read_token(site.key, "confirm", token, site.now())
        if not sid:
            return None, None, why
        doc = auth.read_json(site.state / "pending" / f"{sid}.json")
        if doc is None:
            used = (site.state / "confirmed" / f"{sid}.json").exists()
            return sid, None, "used" if used else "invalid"
        return sid, doc, ""

    def used_lang(sid: str | None, why: str) -> str:
        """The language of a form whose link was used already (its page answers in it)."""
        doc = auth.read_json(site.state / "confirmed" / f"{sid}.json") if sid and why == "used" else None
        return ((doc or {}).get("submission") or {}).get("lang", "")

    def link_problem(request: Request, lang: str, why: str) -> HTMLResponse:
        w = i18n.words(lang)
        if why == "used":
            return site.page(request, "message.html", status=410, lang=lang, title=w("used_title"),
                        heading=w("used_title"), text=w("used_text"), back="", back_text="")
        return site.page(request, "message.html", status=410 if why == "expired" else 404, lang=lang,
                    title=w("invalid_title"), heading=w("invalid_title"), text=w("invalid_text"),
                    back="/?lang=" + lang, back_text=w("again"))

    async def confirm_get(request: Request) -> Response:
        token = request.path_params["token"]
        sid, doc, why = _pending(token)
        if doc is None:
            return link_problem(request, used_lang(sid, why) or site.lang_of(request), why)
        sub = forms.Submission.from_json(doc["submission"])
        names = site.group_names(site.read(), sub.lang)
        w = i18n.words(sub.lang)
        return site.page(request, "confirm.html", lang=sub.lang, title=w("confirm_title"), token=token,
                    join=", ".join(names.get(s, s) for s in sub.groups), topic=sub.topic, sub=sub)

    async def confirm_post(request: Request) -> Response:
        token = request.path_params["token"]
        form = await site.form_of(request)
        sid, doc, why = _pending(token)
        lang = forms.Submission.from_json(doc["submission"]).lang if doc else (used_lang(sid, why) or site.lang_of(request))
        if not site.csrf_valid(request, form):
            return site.refused(request, lang)
        if doc is None or sid is None:
            return link_problem(request, lang, why)
        sub = forms.Submission.from_json(doc["submission"])
        t = site.now()
        # Queue first (idempotent by name and Message-ID), then use up the link: a crash in
        # between lets the person click again, and the pipeline never decides a Message-ID twice.
        for ident, raw in forms.messages(sub, cfg, sid, t, site.group_names(site.read())):
            queue.enqueue(cfg, {"kind": "message", "id": ident, "created": t.isoformat(),
                                "raw": raw.decode("utf-8", "surrogateescape")})
        if not auth.consume(site.state / "pending" / f"{sid}.json", site.state / "confirmed" / f"{sid}.json"):
            return link_problem(request, lang, "used")
        await site.drain()
        w = i18n.words(lang)
        return site.page(request, "message.html", lang=lang, title=w("done_title"), heading=w("done_title"),
                    text=w("done_text"), back="", back_text="")

    async def css(request: Request) -> Response:
        return Response(STATIC_CSS.read_bytes(), media_type="text/css",
                        headers={"cache-control": "public, max-age=3600"})


    return [Route("/", home), Route("/submit", submit, methods=["POST"]), Route("/sent", sent),
            Route("/confirm/{token}", confirm_get), Route("/confirm/{token}", confirm_post, methods=["POST"]),
            Route("/static/web.css", css)]
