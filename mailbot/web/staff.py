"""The staff dashboard: overview, triage, requests, groups, proposals, participants, outbox,
audit, reports and the network digest.

Every page needs a session (`staff` redirects anonymous GETs to the sign-in
page and refuses anonymous POSTs); every change is a web-queue entry the bot
applies (runtime/webqueue.py), never a direct write.
"""

from __future__ import annotations

from datetime import datetime, timezone
from email import message_from_string
from email.policy import default as default_policy
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from mailbot.adapters import store as st
from mailbot.commands import staff as cmds
from mailbot.mail import compose
from mailbot.mail import queue as mailq
from mailbot.runtime import webqueue as queue
from mailbot.schedule import reports
from mailbot.web import auth
from mailbot.web.site import Site, matches, paginate
from mailbot.workflows import membership as wf
from mailbot.workflows import proposals, roster


def routes(site: Site) -> list[Route]:
    """The dashboard's routes, over `site`."""
    cfg = site.cfg

    def staff(handler):
        async def wrapped(request: Request) -> Response:
            user = site.user_of(request)
            if user is None:
                if request.method == "GET":
                    return RedirectResponse("/staff/login", status_code=303)
                return PlainTextResponse("Sign in first.", status_code=403)
            if request.method == "POST":
                form = await site.form_of(request)
                if not site.csrf_valid(request, form):
                    return site.refused(request)
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
        v, t = site.read(), site.now()
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
        return site.page(request, "staff_overview.html", title="Overview", user=user, cards=cards, oldest=oldest)

    async def triage_list(request: Request, user: str) -> Response:
        v, t = site.read(), site.now()
        status = request.query_params.get("status", "open")
        q = request.query_params.get("q", "")
        show_all = status == "all"
        rows = sorted((d for _, d in v.items(st.TRIAGE) if (show_all or d.get("status", "open") == status)
                       and matches(d, q, ("id", "reason", "from", "acted_for", "subject", "proposed"))),
                      key=lambda d: d.get("created", ""), reverse=True)
        rows, paging = paginate(rows, request)
        for r in rows:
            r["age"] = days_since(r.get("created", ""), t)
        return site.page(request, "staff_triage.html", title="Triage", user=user, rows=rows, show_all=show_all,
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
        v = site.read()
        item = v.get(st.TRIAGE, request.path_params["tid"])
        if item is None:
            return site.page(request, "message.html", status=404, title="Not found", user=user, heading="Not found",
                        text="There is no such triage item.", back="/staff/triage", back_text="Back to the triage queue")
        usages = [c.usage for c in cmds.COMMANDS.values() if c.name != "help"]
        queued = [e for e in queue.pending(cfg) if e.get("kind") == "command" and e.get("item") == item["id"]]
        return site.page(request, "staff_triage_item.html", title=f"Triage item {item['id']}", user=user, item=item,
                    quick=quick_commands(item), usages=usages, queued=queued)

    async def enqueue_command(user: str, line: str, item: str = "") -> str:
        t = site.now()
        aid = "cmd-" + auth.new_id()
        queue.enqueue(cfg, {"kind": "command", "id": aid, "created": t.isoformat(), "actor": user,
                            "line": compose.header_safe(line, 500), "item": item})
        await site.drain()
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
        doc = site.read().get(queue.WEB_ACTIONS, aid)
        waiting = any(e.get("id") == aid for e in queue.pending(cfg))
        if doc is None and not waiting:
            return site.page(request, "message.html", status=404, title="Not found", user=user, heading="Not found",
                        text="There is no such action.", back="/staff", back_text="Back to the overview")
        return site.page(request, "staff_action.html", title="Action", user=user, doc=doc, aid=aid)

    async def requests_view(request: Request, user: str) -> Response:
        v, t = site.read(), site.now()
        rep = reports.requests(v, cfg, t)
        q, group = request.query_params.get("q", ""), request.query_params.get("group", "")
        keep = [r for r in rep["rows"] if matches(r, q, ("id", "organisation", "from", "answered_by", "status"))
                and (not group or r.get("group") == group)]
        pending = [r for r in keep if r["status"] == "pending"]
        pending.sort(key=lambda r: -(r["age_days"] or 0))
        answered, paging = paginate([r for r in keep if r["response_days"] is not None], request)
        return site.page(request, "staff_requests.html", title="Requests", user=user, pending=pending,
                    answered=answered, summary=rep["summary"], q=q, group=group, paging=paging,
                    groups=sorted({r.get("group", "") for r in rep["rows"] if r.get("group")}))

    async def groups_view(request: Request, user: str) -> Response:
        v, t = site.read(), site.now()
        out = []
        for g in wf.all_groups(cfg, v):
            held, upcoming = reports.meetings_of(v, cfg, t, g.slug)
            members = wf.memberships(v, group=g.slug)
            out.append({"g": g, "members": members, "held": held, "upcoming": upcoming,
                        "pending": [d for _, d in v.items(st.REQUESTS) if d.get("status") == "pending"
                                    and d.get("group") == g.slug]})
        return site.page(request, "staff_groups.html", title="Groups", user=user, groups=out)

    async def proposals_view(request: Request, user: str) -> Response:
        v = site.read()
        rows = sorted((d for _, d in v.items(proposals.PROPOSALS)), key=lambda d: d.get("created", ""), reverse=True)
        for p in rows:
            p["ok"], p["why"] = proposals.proposal_ready(cfg, p)
        return site.page(request, "staff_proposals.html", title="Proposals", user=user, rows=rows)

    async def proposal_approve(request: Request, user: str, form: Any) -> Response:
        aid = await enqueue_command(user, f"approve {request.path_params['pid']}")
        return RedirectResponse(f"/staff/actions/{aid}", status_code=303)

    async def participants_view(request: Request, user: str) -> Response:
        v = site.read()
        rows = sorted((dict(d, domain=k) for k, d in v.items(roster.PARTICIPANTS) if not d.get("removed")),
                      key=lambda d: (d.get("organisation", ""), d["domain"]))
        return site.page(request, "staff_participants.html", title="Participants", user=user, rows=rows)

    def _subject(raw: str) -> str:
        try:
            return compose.header_safe(message_from_string(raw[:20000], policy=default_policy).get("Subject", ""), 200)
        except Exception:
            return ""

    async def outbox_view(request: Request, user: str) -> Response:
        v = site.read()
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
        return site.page(request, "staff_outbox.html", title="Outbox", user=user,
                    failed=[r for r in rows if r.get("status") == "failed"],
                    waiting=[r for r in rows if r.get("status") != "failed"], sent=sent, sent_total=total,
                    q=q, paging=paging)

    async def audit_view(request: Request, user: str) -> Response:
        v = site.read()
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
        return site.page(request, "staff_audit.html", title="Audit trail", user=user, lines=lines, total=total,
                    kind=kind, q=q, paging=paging, kinds=("message", "staff (web)", "triage resolved"))

    async def reports_view(request: Request, user: str) -> Response:
        v, t = site.read(), site.now()
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
        return site.page(request, "staff_reports.html", title="Reports", user=user, rep=rep, year=year,
                    limit=cfg.scheduler.max_days_per_year)

    async def digest_view(request: Request, user: str) -> Response:
        v, t = site.read(), site.now()
        period = request.query_params.get("period") or reports.period_of(t)
        if not (len(period) == 7 and period[:4].isdigit() and period[4:6] == "-H" and period[6] in "12"):
            period = reports.period_of(t)
        digest = reports.compile_digest(v, cfg, t, period)
        subject, text = reports.render_digest(digest, cfg)
        return site.page(request, "staff_digest.html", title="Network update digest", user=user, digest=digest,
                    subject=subject, text=text, period=period)

    async def digest_send(request: Request, user: str, form: Any) -> Response:
        t = site.now()
        period = str(form.get("period", "")) or reports.period_of(t)
        aid = "digest-" + auth.new_id()
        queue.enqueue(cfg, {"kind": "digest", "id": aid, "created": t.isoformat(), "actor": user,
                            "period": compose.header_safe(period, 10), "intro": compose.text_safe(form.get("intro", ""), 4000)})
        await site.drain()
        return RedirectResponse(f"/staff/actions/{aid}", status_code=303)


    return [
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
