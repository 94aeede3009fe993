"""The membership workflows: join requests, answers, leaving, reminders; the `Work` every workflow writes into.

Each workflow is a small state machine whose state lives in the store and
whose steps are pure: they read through a store view and write only into a
`Work` (records to upsert, outgoing mail), which the caller commits in one
store write — the pipeline for a message, the CLI for a command, the
scheduler (or `Pipeline.cycle`) for reminders.

State, by table:

``requests``  join requests, one per (message, group):
              ``pending`` → ``confirmed`` | ``declined`` | ``expired``;
              a pending request is reminded (``reminded``) and escalated
              (``escalated``) on the way.
``members``   ``"<slug>|<address>"`` → {group, address, name, organisation,
              since, status: "active" | "left"} (the scheduler relies on
              exactly this shape).
``proposals`` new-group proposals gathered by topic: ``open`` → ``ready``
              (enough authorities and a volunteer: staff were sent a summary)
              → ``approved`` (the group exists).
``groups_extra`` groups created by approving a proposal, with the same fields
              as a `[[groups]]` entry of the config. `group_of()` and
              `all_groups()` see both kinds; everything that needs "a group"
              by slug goes through them.
``threads``   outgoing Message-ID → (kind, id): which request or proposal a
              reply belongs to.
``people``    address → {language, source, since}: the language every mail
              to that person is written in, remembered from their first
              mail (or set by the form's language, an explicit choice).

Proposals for new groups are in `proposals.py`, facilitators' group updates
in `updates.py`; both build on this module's `Work`, groups and people.
Tokens (tokens.py) prove a facilitator's answer; the Authentication-Results
check (trust.py) decides whether a sender is who they claim.

Why one room past 400 lines: the join request's life (open, ask, answer,
confirm or decline, leave, remind, escalate, expire) is one state machine
over one table, and `Work`, groups and people are what every step uses.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Iterable

from mailbot.mail import compose
from mailbot.workflows import roster
from mailbot.workflows import tokens
from mailbot.decide import trust
from mailbot.adapters import store as st
from mailbot.core.view import StoreView
from mailbot.core.config import Config, Group
from mailbot.core.model import OutgoingMail, ParsedMessage
from mailbot.core.tables import GROUPS_EXTRA, MEETINGS, MEMBERS, PEOPLE, TERMS, THREADS

log = logging.getLogger(__name__)


PENDING, CONFIRMED, DECLINED, EXPIRED, WITHDRAWN = "pending", "confirmed", "declined", "expired", "withdrawn"
#: every state a request can be in (what `mailbot requests --status` accepts)
REQUEST_STATES = (PENDING, CONFIRMED, DECLINED, EXPIRED, WITHDRAWN)
ACTIVE, LEFT = "active", "left"


def items(view: Any, table: str) -> list[tuple[str, dict]]:
    """Every (key, document) of `table` a view can list (an empty list when it cannot)."""
    fn = getattr(view, "items", None)
    if fn is None:
        return []
    try:
        return [(k, dict(d)) for k, d in fn(table) if d is not None]
    except Exception:  # a view without that table
        return []


def lookup(view: Any, table: str, field: str, value: Any) -> list[tuple[str, dict]]:
    """(key, doc) of `table` whose `field` equals `value`: by index where the view has one.

    Per-message work must not scan whole tables, which grow with every
    message ever processed; views without `lookup` fall back to a scan.
    """
    fn = getattr(view, "lookup", None)
    if fn is not None:
        return [(k, dict(d)) for k, d in fn(table, field, value)]
    return [(k, d) for k, d in items(view, table) if d.get(field) == value]


def keyed_id(key: bytes, *parts: str) -> str:
    """A short id that grants something (a request, a proposal, a triage item): an HMAC under
    the token secret, so it cannot be computed from the Message-ID a sender chose; stable for
    the same message, so deciding it again gives the same id."""
    return hmac.new(key, "|".join(parts).encode(), hashlib.sha256).hexdigest()[:8]


# -- the unit of work ------------------------------------------------------------

@dataclass
class Work:
    """Records and mail gathered for one commit; reads see its own writes."""

    cfg: Config
    view: StoreView
    now: datetime
    source_id: str  # idempotency prefix of everything written (a Message-ID, "cli:…")
    records: list[tuple[str, str, dict]] = field(default_factory=list)
    outbox: list[OutgoingMail] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def get(self, table: str, key: str) -> dict | None:
        for t, k, doc in reversed(self.records):
            if t == table and k == key:
                return dict(doc)
        return self.view.get(table, key)

    def items(self, table: str) -> list[tuple[str, dict]]:
        out = dict(items(self.view, table))
        for t, k, doc in self.records:
            if t == table:
                out[k] = dict(doc)
        return list(out.items())

    def lookup(self, table: str, field: str, value: Any) -> list[tuple[str, dict]]:
        out = dict(lookup(self.view, table, field, value))
        for t, k, doc in self.records:
            if t == table:
                out[k] = dict(doc)  # later writes in this unit win, and may change `field`
        return [(k, d) for k, d in out.items() if d.get(field) == value]

    def put(self, table: str, key: str, doc: dict) -> None:
        self.records.append((table, key, dict(doc)))

    def mail(self, template: str, to: list[tuple[str, str]], ctx: dict[str, Any], *, kind: str,
             reply_to: str = "", in_reply_to: str = "", references: tuple[str, ...] = (),
             auto: str = "auto-generated", language: str = "") -> str:
        """Render and queue one mail; returns its Message-ID (without brackets).

        Written in `language`, else in the recipient's remembered language
        (staff and several recipients: the fallback language).
        """
        language = language or recipients_language(self.cfg, self, [a for _, a in to])
        language = language if language in self.cfg.bot.languages else ""
        subject, text, html = compose.render(template, localise(ctx, language, self.cfg), language)
        key = "|".join((self.source_id, kind, template, ",".join(a for _, a in to)))
        self.outbox.append(compose.build(
            key=key, sender=(self.cfg.bot.name, self.cfg.bot.address), to=to, subject=subject,
            text=text, html=html, date=self.now, in_reply_to=in_reply_to, references=references,
            auto_submitted=auto, reply_to=reply_to, source_message_id=self.source_id,
        ))
        return compose.message_id_for(key, self.cfg.bot.address.rpartition("@")[2] or "mailbot.invalid").strip("<>")

    def thread(self, message_id: str, kind: str, ident: str) -> None:
        self.put(THREADS, message_id, {"kind": kind, "id": ident, "at": self.now.isoformat()})

    def staff(self) -> list[tuple[str, str]]:
        return [("", a) for a in self.cfg.bot.staff]


# -- people's languages ----------------------------------------------------------------

def language_of(view: Any, addr: str) -> str:
    """The language remembered for `addr` ("" when none is)."""
    if not addr or view is None:
        return ""
    try:
        doc = view.get(PEOPLE, addr.lower())
    except Exception:  # a view without the table
        return ""
    return str((doc or {}).get("language", ""))


def recipients_language(cfg: Config, view: Any, addrs: list[str]) -> str:
    """The language to write to `addrs` in: one person's remembered language; staff get the fallback."""
    if len(addrs) != 1 or addrs[0] in cfg.bot.staff:
        return ""
    return language_of(view, addrs[0])


def remember_language(view: Any, addr: str, language: str, now: datetime, *, source: str = "mail") -> tuple | None:
    """The `people` record to write when `addr`'s language is learnt, or None.

    A person's first mail sets it; later mail does not change it (a short
    English "thanks" must not switch a German member to English). The
    form's language is an explicit choice and replaces it.
    """
    addr = (addr or "").lower()
    if not addr or not language or language not in compose.LANGUAGES:
        return None
    old = view.get(PEOPLE, addr) if view is not None else None
    if old and (source != "form" or old.get("language") == language):
        return None
    return (PEOPLE, addr, {"language": language, "source": source, "since": now.isoformat()})


def localise(ctx: dict[str, Any], language: str, cfg: Config) -> dict[str, Any]:
    """The context with group names and descriptions in `language` where the config has them."""
    if not language or language == compose.FALLBACK_LANGUAGE:
        return ctx
    out = dict(ctx)
    for key in ("groups", "all_groups", "not_member_of"):
        if isinstance(out.get(key), list):
            out[key] = [_group_in(g, language, cfg) for g in out[key]]
    if isinstance(out.get("group"), dict):
        out["group"] = _group_in(out["group"], language, cfg)
    return out


def _group_in(g: Any, language: str, cfg: Config) -> Any:
    if not isinstance(g, dict):
        return g
    conf = cfg.group(g.get("slug", ""))
    return _translated(g, conf, language) if conf is not None else g


def _translated(ctx: dict[str, Any], g: Group, language: str) -> dict[str, Any]:
    """A group's context with the name, description and aim of `[groups.translations.<language>]`."""
    tr = g.translations.get(language) if language and language != compose.FALLBACK_LANGUAGE else None
    if tr is None:
        return ctx
    return dict(ctx, **{k: v for k, v in tr.model_dump().items() if v})


# -- groups: the config's and the store-created ones --------------------------------

_GROUP_FIELDS = set(Group.model_fields)


def _extra_group(doc: dict) -> Group | None:
    try:
        return Group(**{k: v for k, v in doc.items() if k in _GROUP_FIELDS})
    except Exception as exc:  # a damaged document must not break every message
        log.warning("groups_extra %s unusable: %s", doc.get("slug"), exc)
        return None


def group_of(slug: str, cfg: Config, view: Any) -> Group | None:
    """The group with `slug`: from the config, else created by an approved proposal."""
    g = cfg.group(slug)
    if g is not None:
        return g
    doc = view.get(GROUPS_EXTRA, slug) if view is not None else None
    return _extra_group(doc) if doc and doc.get("status", ACTIVE) == ACTIVE else None


def all_groups(cfg: Config, view: Any) -> list[Group]:
    out = list(cfg.groups)
    for _, doc in sorted(items(view, GROUPS_EXTRA)):
        if doc.get("status", ACTIVE) == ACTIVE and not cfg.group(doc.get("slug", "")):
            g = _extra_group(doc)
            if g:
                out.append(g)
    return out


def network_config(cfg: Config, view: Any) -> Config:
    """`cfg` with the groups created by approved proposals (table `groups_extra`) added.

    Everything that takes a config — intent detection, the rules, the
    scheduler, the `meeting` command, the web form, the reports — then treats
    a created group as it treats a configured one. Returns `cfg` itself when
    there are none. A stored term renewal (`renew <group>`, table `terms`)
    moves a group's `term_start`.
    """
    created = all_groups(cfg, view)[len(cfg.groups):] if view is not None else []
    renewals = dict(items(view, TERMS)) if view is not None else {}
    if not created and not renewals:
        return cfg
    groups = []
    for g in list(cfg.groups) + created:
        r = renewals.get(g.slug)
        if r and r.get("term_start"):
            try:
                g = g.model_copy(update={"term_start": date.fromisoformat(r["term_start"]),
                                         "term_years": max(1, min(int(r.get("term_years") or g.term_years), 50))})
            except (TypeError, ValueError):
                log.warning("terms %s: unusable renewal %r", g.slug, r)
        groups.append(g)
    return cfg.model_copy(update={"groups": groups})


def is_facilitator(addr: str, cfg: Config, view: Any) -> bool:
    return any(g.facilitator == addr for g in all_groups(cfg, view))


def group_ctx(g: Group, language: str = "", *, name_or_address: bool = False) -> dict[str, Any]:
    """A group as every template sees it — the actions' and workflows' mail, the scheduler's,
    the web form: the one place this dict is built.

    In `language` where the group's `[groups.translations]` has it, else English (`localise`
    translates a context built before the reader's language is known). With `name_or_address`
    the facilitator's address stands in for a missing name: the scheduler's templates print
    `facilitator_name` bare, the others say "facilitator" when it is empty.
    """
    cadence = "quarterly" if g.cadence == "quarterly" else "twice a year"
    if g.physical_meetings_per_year:
        cadence += f", plus {g.physical_meetings_per_year} physical meetings a year"
    ctx = {"slug": g.slug, "name": g.name, "description": g.description, "aim": g.aim,
           "facilitator": g.facilitator,
           "facilitator_name": (g.facilitator_name or g.facilitator) if name_or_address else g.facilitator_name,
           "cadence": g.cadence, "cadence_text": cadence,
           "physical_meetings": g.physical_meetings_per_year}
    return _translated(ctx, g, language)


def next_meeting(slug: str, view: Any, now: datetime) -> dict | None:
    """The group's next planned meeting from table `meetings`, if the scheduler made one."""
    best: tuple[datetime, dict] | None = None
    for _, m in items(view, MEETINGS):
        if m.get("group") != slug or m.get("status", "planned") != "planned":
            continue
        try:
            start = datetime.fromisoformat(str(m.get("start", "")))
            if start.tzinfo is None:
                from zoneinfo import ZoneInfo

                start = start.replace(tzinfo=ZoneInfo(m.get("tz") or "UTC"))
        except Exception:
            continue
        if start >= now and (best is None or start < best[0]):
            best = (start, m)
    if best is None:
        return None
    start, m = best
    return {"when": start.strftime("%A %d %B %Y, %H:%M") + (f" ({m['tz']})" if m.get("tz") else ""),
            "start": start.isoformat(), "tz": m.get("tz", ""),
            "format": m.get("format", ""), "url": m.get("url", ""), "location": m.get("location", "")}


# -- people ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Person:
    address: str
    name: str = ""
    organisation: str = ""
    kind: str = ""


def person(addr: str, name: str, view: Any) -> Person:
    org = roster.organisation_of(addr, view) if addr else None
    return Person(addr.lower(), name or "", (org or {}).get("organisation", ""), (org or {}).get("kind", ""))


def context(cfg: Config, view: Any, who: Person, *, subject: str = "", text: str = "",
            groups: Iterable[Group] = (), request_id: str = "", triage_id: str = "",
            message_id: str = "", **extra: Any) -> dict[str, Any]:
    """The template context every template can rely on (the same keys as effects.Plan.context)."""
    gs = [group_ctx(g) for g in groups]
    ctx: dict[str, Any] = {
        "bot": {"name": cfg.bot.name, "address": cfg.bot.address, "network": cfg.bot.network},
        "sender": {"name": who.name, "address": who.address, "organisation": who.organisation,
                   "kind_text": "Strategic Partner" if who.kind == "strategic-partner" else "Participant"},
        "groups": gs,
        "all_groups": [group_ctx(g) for g in all_groups(cfg, view)],
        "network_groups_text": f"{cfg.bot.network} Interest Groups",
        "message": {"subject": compose.header_safe(subject, 200), "text": compose.text_safe(text, 3000),
                    "message_id": message_id, "language": ""},
        "intent": {"name": "", "confidence": 1.0, "groups": [g["slug"] for g in gs], "topic": "", "evidence": []},
        "request_id": request_id,
        "triage_id": triage_id,
        "original": None,
        "group": gs[0] if gs else None,
        "not_member_of": [],
    }
    ctx.update(extra)
    return ctx


def _who(req: dict) -> Person:
    return Person(req.get("from", ""), req.get("name", ""), req.get("organisation", ""), req.get("kind_of_org", ""))


# -- join requests ------------------------------------------------------------------------

def open_join(work: Work, who: Person, groups: Iterable[Group], *, subject: str = "", text: str = "",
              in_reply_to: str = "", via: str = "") -> list[dict]:
    """Pending join requests for `who`, one per group (skipping members and duplicates)."""
    out = []
    for g in groups:
        member = work.get(MEMBERS, f"{g.slug}|{who.address}")
        if member and member.get("status") == ACTIVE:
            work.notes.append(f"{who.address} is already a member of {g.slug}: no request")
            continue
        dup = next((d for _, d in work.lookup(st.REQUESTS, "from", who.address) if d.get("kind") == "join" and d.get("status") == PENDING
                    and d.get("group") == g.slug and d.get("from") == who.address), None)
        if dup:
            work.notes.append(f"{who.address} already has pending request {dup['id']} for {g.slug}")
            continue
        rid = keyed_id(tokens.secret(work.cfg, work.view), "request", work.source_id, g.slug)
        req = {
            "id": rid, "kind": "join", "status": PENDING, "created": work.now.isoformat(),
            "message_id": work.source_id, "in_reply_to": in_reply_to,
            "from": who.address, "name": who.name, "organisation": who.organisation, "kind_of_org": who.kind,
            "group": g.slug, "groups": [g.slug], "facilitator": g.facilitator,
            "subject": compose.header_safe(subject, 250), "text": compose.text_safe(text, 8000),
            "intent": "join", "via": via or "email",
            "history": [f"{work.now.isoformat()} requested" + (f" (via {via})" if via else "")],
        }
        work.put(st.REQUESTS, rid, req)
        out.append(req)
    return out


def token_for(work: Work, rid: str) -> str:
    return tokens.make(tokens.secret(work.cfg, work.view), rid)


def send_facilitator_request(work: Work, req: dict, template: str = "facilitator_join_request",
                             kind: str = "facilitator") -> str:
    """Ask the group's facilitator: the token in the subject and in a plus-address Reply-To."""
    g = group_of(req["group"], work.cfg, work.view)
    if g is None:
        raise LookupError(f"no group {req['group']!r}")
    token = token_for(work, req["id"])
    ctx = context(work.cfg, work.view, _who(req), subject=req.get("subject", ""), text=req.get("text", ""),
                  groups=[g], request_id=token, token=token,
                  reply_address=tokens.reply_address(work.cfg, token), request=_public(req),
                  days=(work.now - datetime.fromisoformat(req["created"])).days)
    to = [(g.facilitator_name, g.facilitator)] if kind != "escalation" else work.staff()
    mid = work.mail(template, to, ctx, kind=kind, reply_to=tokens.reply_address(work.cfg, token))
    work.thread(mid, "request", req["id"])
    return mid


def _public(req: dict) -> dict:
    return {k: req.get(k, "") for k in ("id", "status", "group", "from", "name", "organisation", "created")}


def send_join_ack(work: Work, who: Person, reqs: list[dict], *, subject: str = "", in_reply_to: str = "",
                  references: tuple[str, ...] = ()) -> None:
    groups = [g for g in (group_of(r["group"], work.cfg, work.view) for r in reqs) if g]
    if not groups:
        return
    ctx = context(work.cfg, work.view, who, subject=subject, groups=groups, request_id=reqs[0]["id"])
    work.mail("join_ack", [(who.name, who.address)], ctx, kind="reply", in_reply_to=in_reply_to,
              references=references, auto="auto-replied" if in_reply_to else "auto-generated")


def answer(work: Work, msg: ParsedMessage, decision: str, verdict: trust.Verdict) -> str | None:
    """A facilitator's (or staff's) yes/no to a join request. None when acted on, else why not.

    It counts only with a valid token for a pending request, from that
    group's facilitator or staff, and with an authenticated sender (an
    Authentication-Results pass, or the answer confirmed by mail). Anything
    else changes nothing.
    """
    cfg = work.cfg
    rid, seen = tokens.find(msg, cfg, tokens.secret(cfg, work.view))
    if not rid:
        thread = work.get(THREADS, msg.in_reply_to) if msg.in_reply_to else None
        about = f" (it replies to request {thread['id']})" if thread and thread.get("kind") == "request" else ""
        if seen:
            return f"{decision} with an invalid request token{about}"
        return f"{decision} without a valid request token{about}"
    req = work.get(st.REQUESTS, rid)
    if not req or req.get("kind") != "join":
        return f"{decision} for unknown request {rid}"
    if req.get("status") != PENDING:
        return f"request token {rid} already used (the request is {req.get('status')})"
    g = group_of(req.get("group", ""), cfg, work.view)
    sender = msg.sender_addr
    allowed = set(cfg.bot.staff) | ({g.facilitator} if g else set())
    if sender not in allowed:
        return f"{decision} for request {rid} from {sender or '(no sender)'}, who is neither the facilitator of {req.get('group')} nor staff"
    if not verdict.authenticated:
        return f"{decision} for request {rid} not trusted: {verdict.reason}"
    who = "facilitator" if g and sender == g.facilitator else "staff"
    if decision == "confirm":
        confirm(work, req, by=sender, by_role=who, auth=str(verdict), reply_to=msg.message_id)
    else:
        decline(work, req, by=sender, by_role=who, auth=str(verdict), reply_to=msg.message_id)
    return None


def _close(work: Work, req: dict, status: str, by: str, auth: str) -> dict:
    req = dict(req, status=status, answered_by=by, answered_at=work.now.isoformat(), auth=auth,
               answer_message_id=work.source_id)
    req["history"] = list(req.get("history", [])) + [f"{work.now.isoformat()} {status} by {by}"]
    work.put(st.REQUESTS, req["id"], req)
    return req


def confirm(work: Work, req: dict, *, by: str, by_role: str = "facilitator", auth: str = "",
            reply_to: str = "") -> None:
    """Record the membership, welcome the member, and tell the facilitator."""
    req = _close(work, req, CONFIRMED, by, auth)
    g = group_of(req["group"], work.cfg, work.view)
    who = _who(req)
    add_member(work, g.slug if g else req["group"], who, request=req["id"])
    if g is None:
        work.notes.append(f"group {req['group']} no longer exists: member recorded, no welcome sent")
        return
    meeting = next_meeting(g.slug, work.view, work.now)
    ctx = context(work.cfg, work.view, who, groups=[g], request_id=req["id"], next_meeting=meeting,
                  confirmed_by=by_role)
    work.mail("welcome", [(who.name, who.address)], ctx, kind="welcome")
    work.mail("facilitator_welcome_note", [(g.facilitator_name, g.facilitator)], ctx, kind="facilitator-note",
              in_reply_to=reply_to if by == g.facilitator else "",
              auto="auto-replied" if by == g.facilitator and reply_to else "auto-generated")


def decline(work: Work, req: dict, *, by: str, by_role: str = "facilitator", auth: str = "",
            reply_to: str = "") -> None:
    """A polite answer to the requester; staff informed."""
    req = _close(work, req, DECLINED, by, auth)
    g = group_of(req["group"], work.cfg, work.view)
    who = _who(req)
    ctx = context(work.cfg, work.view, who, groups=[g] if g else [], request_id=req["id"],
                  group_name=g.name if g else req["group"], declined_by=by, declined_by_role=by_role)
    work.mail("join_declined", [(who.name, who.address)], ctx, kind="declined")
    work.mail("staff_declined", work.staff(), ctx, kind="staff-declined")


def add_member(work: Work, slug: str, who: Person, *, request: str = "", role: str = "member") -> None:
    key = f"{slug}|{who.address}"
    old = work.get(MEMBERS, key) or {}
    since = old.get("since") if old.get("status") == ACTIVE else work.now.date().isoformat()
    work.put(MEMBERS, key, {"group": slug, "address": who.address, "name": who.name or old.get("name", ""),
                            "organisation": who.organisation or old.get("organisation", ""),
                            "since": since, "status": ACTIVE, "role": role, "request": request})


def memberships(view: Any, address: str | None = None, group: str | None = None,
                status: str | None = ACTIVE) -> list[dict]:
    out = []
    rows = lookup(view, MEMBERS, "address", address) if address else items(view, MEMBERS)
    for _, m in rows:
        if address and m.get("address") != address:
            continue
        if group and m.get("group") != group:
            continue
        if status and m.get("status") != status:
            continue
        out.append(m)
    return sorted(out, key=lambda m: (m.get("group", ""), m.get("address", "")))


def leave(work: Work, who: Person, slugs: Iterable[str] = ()) -> list[Group]:
    """End `who`'s memberships (of `slugs`, or of every group when none is named).

    Returns the groups actually left: only their facilitators are told. A
    person who was never a member of a named group leaves nothing, and no
    facilitator hears of it (the reply tells the person so).
    """
    named = list(slugs)
    left: list[Group] = []
    for m in memberships(work, address=who.address):
        if named and m["group"] not in named:
            continue
        work.put(MEMBERS, f"{m['group']}|{who.address}", dict(m, status=LEFT, left=work.now.isoformat()))
        g = group_of(m["group"], work.cfg, work.view)
        if g:
            left.append(g)
    if not left:
        work.notes.append(f"{who.address} was not an active member of {', '.join(named) or 'any group'}: "
                          "no facilitator told")
    # A pending join request for a group one leaves is moot.
    for _, r in work.lookup(st.REQUESTS, "from", who.address):
        if r.get("kind") == "join" and r.get("status") == PENDING and r.get("from") == who.address \
                and (not named or r.get("group") in named):
            _close(work, r, WITHDRAWN, who.address, "")
    return left


# -- reminders, escalation, expiry ------------------------------------------------------------

def due_reminders(view: Any, cfg: Config, now: datetime,
                  groups: set[str] | None = None) -> list[tuple[str, dict]]:
    """(step, request) for every pending join request with a step due: reminder, escalation, expiry.

    `groups` limits it to requests for those groups. A request a periodic job could not handle (`job_error`) waits for staff,
    who have its triage item: it is not retried every cycle.
    """
    w = cfg.workflow
    out = []
    for _, r in sorted(lookup(view, st.REQUESTS, "status", PENDING), key=lambda kr: str(kr[0])):
        try:
            if r.get("kind") != "join" or r.get("status") != PENDING or not r.get("group") or r.get("job_error"):
                continue
            if groups and r.get("group") not in groups:
                continue
            try:
                created = datetime.fromisoformat(r["created"])
            except (KeyError, TypeError, ValueError):
                continue
            if now >= created + timedelta(days=w.expire_days):
                out.append(("expire", r))
            elif not r.get("reminded"):
                if now >= created + timedelta(days=w.reminder_days):
                    out.append(("reminder", r))
            elif not r.get("escalated"):
                if now >= datetime.fromisoformat(r["reminded"]) + timedelta(days=w.escalation_days):
                    out.append(("escalation", r))
        except Exception as exc:  # one damaged record: the others are still due
            out.append(("error", dict(r, _error=f"{type(exc).__name__}: {exc}")))
    return out


def bad_record(work: Work, table: str, key: str, job: str, error: str) -> None:
    """Record that periodic job `job` failed on one stored record: an ERROR log line and
    one triage item for staff (keyed by the record, so a retry adds no second one; an HMAC
    under the token secret, like every id that grants something)."""
    log.error("%s: record %s/%s skipped: %s", job, table, key, error)
    tid = "r" + keyed_id(tokens.secret(work.cfg, work.view), "bad-record", table, key, job)[:7]
    if work.get(st.TRIAGE, tid) is None:
        work.put(st.TRIAGE, tid, {"id": tid, "status": "open", "reason": f"{job} failed on stored record {table}/{key}",
                                 "text": error[:2000], "message_id": "", "from": "", "record": [table, key],
                                 "created": work.now.isoformat()})


def plan_reminders(view: Any, cfg: Config, now: datetime, groups: set[str] | None = None) -> Work:
    """The records and mail for every due step (pure: nothing is written).

    Each request is planned on its own: one that raises is marked
    (`job_error`), triaged and skipped, and the others go on.
    """
    base = Work(cfg, view, now, source_id="reminders")
    for step, req in due_reminders(view, cfg, now, groups):
        rid = str(req.get("id", "?"))
        if step == "error":
            _quarantine(base, req, "reminders", req.pop("_error"))
            continue
        work = Work(cfg, base, now, source_id=f"{step}:{rid}")
        try:
            _remind_step(work, cfg, view, now, step, dict(req))
        except Exception as exc:
            _quarantine(base, req, "reminders", f"{step}: {type(exc).__name__}: {exc}")
            continue
        base.records += work.records
        base.outbox += work.outbox
        base.notes += work.notes
    return base


def _quarantine(base: Work, req: dict, job: str, error: str) -> None:
    rid = str(req.get("id", "?"))
    bad_record(base, st.REQUESTS, rid, job, error)
    if req.get("id"):
        base.put(st.REQUESTS, rid, dict(req, job_error=error[:500]))


def _remind_step(work: Work, cfg: Config, view: Any, now: datetime, step: str, req: dict) -> None:
    req["history"] = list(req.get("history", [])) + [f"{now.isoformat()} {step}"]
    if step == "reminder":
        req["reminded"] = now.isoformat()
        work.put(st.REQUESTS, req["id"], req)
        send_facilitator_request(work, req, template="reminder", kind="reminder")
    elif step == "escalation":
        req["escalated"] = now.isoformat()
        work.put(st.REQUESTS, req["id"], req)
        send_facilitator_request(work, req, template="escalation", kind="escalation")
    else:
        req.update(status=EXPIRED, expired=now.isoformat())
        work.put(st.REQUESTS, req["id"], req)
        g = group_of(req["group"], cfg, view)
        ctx = context(cfg, view, _who(req), groups=[g] if g else [], request_id=req["id"],
                      group_name=g.name if g else req["group"])
        work.mail("join_expired", [(req.get("name", ""), req["from"])], ctx, kind="expired")
    work.notes.append(f"{step} for request {req['id']} ({req['group']}, {req['from']})")


def sample_context() -> dict[str, Any]:
    """Values for the workflow templates' own variables, for `mailbot check` to render them."""
    backer = {"address": "a@city.example", "name": "A", "organisation": "City", "volunteer": True}
    return {
        "next_meeting": {"when": "Thursday 18 March 2027, 14:00 (Europe/Brussels)", "start": "2027-03-18T14:00:00+01:00",
                         "tz": "Europe/Brussels", "format": "web", "url": "https://meet.example/check", "location": ""},
        "confirmed_by": "facilitator", "group_name": "Group",
        "held": {"id": "check", "what": "staff command", "why": "no Authentication-Results header",
                 "expires": "2027-01-01T10:00", "subject": "participant add", "line": "participant add x.example X"},
        "mode": "verify",
        "declined_by": "f@city.example", "declined_by_role": "facilitator", "token": "check",
        "reply_address": "bot+check@example.org", "request": {}, "days": 7,
        "proposal": {"id": "check", "topic": "topic", "status": "open", "backers": [backer],
                     "topics": ["topic"], "volunteers": [backer]},
        "others": ["City"], "is_new": True, "why": "check", "is_facilitator": False, "founders": ["City"],
        "assigned_by": "staff", "command": "help", "result": "ok", "item": None, "help": "",
        "update": {"group": "group", "period": "2027-H1", "text": "We met twice.", "author": "f@city.example",
                   "author_name": "F", "revisions": 1},
    }
