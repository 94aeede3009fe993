"""The membership workflows: join requests, answers, leaving, reminders, proposals.

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

Tokens (tokens.py) prove a facilitator's answer; the Authentication-Results
check (trust.py) decides whether a sender is who they claim.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Iterable, Protocol

from mailbot.mail import compose
from mailbot.workflows import roster
from mailbot.workflows import tokens
from mailbot.decide import trust
from mailbot.adapters import store as st
from mailbot.core.config import Config, Group
from mailbot.core.model import OutgoingMail, ParsedMessage

log = logging.getLogger(__name__)

MEMBERS = "members"
PROPOSALS = "proposals"
GROUPS_EXTRA = "groups_extra"
THREADS = "threads"
MEETINGS = "meetings"  # written by the scheduler; read here when present

PENDING, CONFIRMED, DECLINED, EXPIRED, WITHDRAWN = "pending", "confirmed", "declined", "expired", "withdrawn"
#: every state a request can be in (what `mailbot requests --status` accepts)
REQUEST_STATES = (PENDING, CONFIRMED, DECLINED, EXPIRED, WITHDRAWN)
ACTIVE, LEFT = "active", "left"


class View(Protocol):
    def get(self, table: str, key: str) -> dict | None: ...


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
    view: Any
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
        """Render and queue one mail; returns its Message-ID (without brackets)."""
        subject, text, html = compose.render(template, ctx, language)
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


def is_facilitator(addr: str, cfg: Config, view: Any) -> bool:
    return any(g.facilitator == addr for g in all_groups(cfg, view))


def group_ctx(g: Group) -> dict[str, Any]:
    cadence = "quarterly" if g.cadence == "quarterly" else "twice a year"
    if g.physical_meetings_per_year:
        cadence += f", plus {g.physical_meetings_per_year} physical meetings a year"
    return {"slug": g.slug, "name": g.name, "description": g.description, "aim": g.aim,
            "facilitator": g.facilitator, "facilitator_name": g.facilitator_name,
            "cadence": g.cadence, "cadence_text": cadence}


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

    Returns the groups whose facilitator is to be told: the groups left, or
    the named groups when the person was not (yet) a member of any.
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
        work.notes.append(f"{who.address} was not an active member of {', '.join(named) or 'any group'}")
        left = [g for g in (group_of(s, work.cfg, work.view) for s in named) if g]
    # A pending join request for a group one leaves is moot.
    for _, r in work.lookup(st.REQUESTS, "from", who.address):
        if r.get("kind") == "join" and r.get("status") == PENDING and r.get("from") == who.address \
                and (not named or r.get("group") in named):
            _close(work, r, WITHDRAWN, who.address, "")
    return left


# -- reminders, escalation, expiry ------------------------------------------------------------

def due_reminders(view: Any, cfg: Config, now: datetime) -> list[tuple[str, dict]]:
    """(step, request) for every pending join request with a step due: reminder, escalation, expiry."""
    w = cfg.workflow
    out = []
    for _, r in sorted(lookup(view, st.REQUESTS, "status", PENDING)):
        if r.get("kind") != "join" or r.get("status") != PENDING or not r.get("group"):
            continue
        try:
            created = datetime.fromisoformat(r["created"])
        except (KeyError, ValueError):
            continue
        if now >= created + timedelta(days=w.expire_days):
            out.append(("expire", r))
        elif not r.get("reminded"):
            if now >= created + timedelta(days=w.reminder_days):
                out.append(("reminder", r))
        elif not r.get("escalated"):
            if now >= datetime.fromisoformat(r["reminded"]) + timedelta(days=w.escalation_days):
                out.append(("escalation", r))
    return out


def plan_reminders(view: Any, cfg: Config, now: datetime) -> Work:
    """The records and mail for every due step (pure: nothing is written)."""
    base = Work(cfg, view, now, source_id="reminders")
    for step, req in due_reminders(view, cfg, now):
        work = Work(cfg, base, now, source_id=f"{step}:{req['id']}")
        work.records, work.outbox, work.notes = base.records, base.outbox, base.notes
        req = dict(req)
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
    return base


def run_reminders(store: st.Store, cfg: Config, now: datetime) -> list[str]:
    """Plan the due steps and commit their records and outbox entries in one transaction."""
    from mailbot.mail import queue as ob

    work = plan_reminders(store, cfg, now)
    if not work.records and not work.outbox:
        return []
    tx = st.Transaction()
    for table, key, doc in work.records:
        tx.put(table, key, doc)
    ob.enqueue(tx, store, work.outbox, now, cfg=cfg)
    store.commit(tx)
    for note in work.notes:
        log.info("workflow: %s", note)
    return list(work.notes)


# -- proposals for new groups --------------------------------------------------------------

_STOP = frozenset("""a an and or the of for on in to with about new group groups interest working
topic topics public procurement purchasing buying sustainable sustainability there is are any
we our would like could start create set up someone else other authorities also that this
der die das und oder für fur von zu mit eine einer einen gruppe neue thema über uber
le la les des du de et ou pour sur un une nouveau nouvelle groupe achats publics
el los las del y o para sobre nuevo nueva grupo compra compras
il lo gli dei delle e per su nuovo nuova gruppo appalti acquisti""".split())

_VOLUNTEER = re.compile(
    r"\b(?:facilitat\w*|coordinat\w*|to lead|lead (?:it|the group|this)|moderat\w*|koordinier\w*|leiten"
    r"|animer|animat\w*|coordonn\w*|facilitar|coordinar|dinamizar|coordinare|facilitare|facilitator\w*)\b",
    re.I)
_NEGATED = re.compile(r"\b(?:not|cannot|can't|unable|nicht|kein\w*|pas|no|non)\b[^.!?\n]{0,40}$", re.I)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def topic_tokens(topic: str) -> frozenset[str]:
    words = re.findall(r"[a-z0-9]+", _fold(topic))
    out = set()
    for w in words:
        if len(w) < 3 or w in _STOP:
            continue
        out.add(w[:-1] if len(w) > 4 and w.endswith("s") else w)
    return frozenset(out)


def similarity(a: Iterable[str], b: Iterable[str]) -> float:
    """Token-set similarity: Jaccard, or full containment of the smaller topic."""
    a, b = set(a), set(b)
    if not a or not b:
        return 0.0
    inter = len(a & b)
    if inter == min(len(a), len(b)):
        return max(inter / len(a | b), 0.75)
    return inter / len(a | b)


def volunteers(text: str) -> bool:
    """Does the text offer to facilitate ("we would be happy to facilitate")?"""
    for m in _VOLUNTEER.finditer(text or ""):
        before = (text or "")[max(0, m.start() - 60):m.start()]
        if not _NEGATED.search(before):
            return True
    return False


def find_proposal(work: Work, topic: str) -> dict | None:
    toks = topic_tokens(topic)
    best, score = None, 0.0
    for _, p in work.items(PROPOSALS):
        if p.get("status") == "approved":
            continue
        s = similarity(toks, p.get("tokens", []))
        if s > score:
            best, score = p, s
    return best if score >= work.cfg.workflow.topic_similarity else None


def proposal_for_thread(view: Any, msg: ParsedMessage) -> dict | None:
    """The proposal a message replies to (by In-Reply-To/References), if any."""
    for mid in (msg.in_reply_to, *reversed(msg.references)):
        t = view.get(THREADS, mid) if mid else None
        if t and t.get("kind") == "proposal":
            return view.get(PROPOSALS, t["id"])
    return None


def propose(work: Work, who: Person, topic: str, text: str, *, msg: ParsedMessage | None = None,
            request_id: str = "") -> dict:
    """Gather a `start_group` message into its topic's proposal; tell proposers; maybe tell staff."""
    prop = proposal_for_thread(work, msg) if msg is not None else None
    topic = compose.header_safe(topic, 120)
    if prop is None:
        prop = find_proposal(work, topic) if topic else None
    if prop is None:
        pid = keyed_id(tokens.secret(work.cfg, work.view), "proposal", work.source_id)
        prop = {"id": pid, "topic": topic or "(no topic)", "tokens": sorted(topic_tokens(topic)),
                "status": "open", "created": work.now.isoformat(), "backers": [], "topics": []}
    prop = dict(prop, backers=[dict(b) for b in prop.get("backers", [])])
    if topic and topic not in prop.setdefault("topics", []):
        prop["topics"].append(topic)
        prop["tokens"] = sorted(set(prop.get("tokens", [])) | topic_tokens(topic))
    offer = volunteers(text)
    mine = next((b for b in prop["backers"] if b["address"] == who.address), None)
    new = mine is None
    if new:
        mine = {"address": who.address, "name": who.name, "organisation": who.organisation,
                "volunteer": False, "at": work.now.isoformat(), "request": request_id,
                "message_id": work.source_id}
        prop["backers"].append(mine)
    if offer:
        mine["volunteer"] = True
    work.put(PROPOSALS, prop["id"], prop)
    if new and len(prop["backers"]) >= 2:
        # The newcomer hears who else is interested; of the earlier backers only the first, when
        # the second arrives (so each learns of the other). Telling every backer of every newcomer
        # made N proposals cost N²/2 mails; this is at most N+1.
        told = [mine] if len(prop["backers"]) > 2 else prop["backers"][:2]
        for b in told:
            others = sorted({o["organisation"] or "an authority not yet on the roster"
                             for o in prop["backers"] if o["address"] != b["address"]})
            ctx = context(work.cfg, work.view, Person(b["address"], b["name"], b["organisation"]),
                          proposal=_proposal_ctx(prop), others=others, is_new=b is mine)
            mid = work.mail("proposal_interest", [(b["name"], b["address"])], ctx, kind="proposal-interest")
            work.thread(mid, "proposal", prop["id"])
    _maybe_ready(work, prop)
    return prop


def proposal_ready(cfg: Config, prop: dict) -> tuple[bool, str]:
    orgs = {b["organisation"] for b in prop.get("backers", []) if b.get("organisation")}
    vol = [b for b in prop.get("backers", []) if b.get("volunteer") and b.get("organisation")]
    need = cfg.workflow.proposal_min_authorities
    if len(orgs) < need:
        return False, f"{len(orgs)} of {need} participating authorities"
    if not vol:
        return False, "no volunteer facilitator yet"
    return True, f"{len(orgs)} authorities, facilitator {vol[0]['address']}"


def _proposal_ctx(prop: dict) -> dict:
    return {"id": prop["id"], "topic": prop.get("topic", ""), "status": prop.get("status", ""),
            "backers": prop.get("backers", []), "topics": prop.get("topics", []),
            "volunteers": [b for b in prop.get("backers", []) if b.get("volunteer")]}


def _maybe_ready(work: Work, prop: dict) -> None:
    ok, why = proposal_ready(work.cfg, prop)
    if not ok or prop.get("status") != "open":
        return
    prop = dict(prop, status="ready", ready=work.now.isoformat())
    work.put(PROPOSALS, prop["id"], prop)
    ctx = context(work.cfg, work.view, Person(""), proposal=_proposal_ctx(prop), why=why)
    mid = work.mail("proposal_summary", work.staff(), ctx, kind="proposal-summary")
    work.thread(mid, "proposal", prop["id"])
    work.notes.append(f"proposal {prop['id']} ready: {why}; staff asked to approve")


def slugify(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", _fold(text))
    return "-".join(words[:6]) or "group"


def approve(work: Work, pid: str, by: str) -> str:
    """Create the proposal's group with its facilitator and founding members; welcome them."""
    prop = work.get(PROPOSALS, pid)
    if prop is None:
        raise LookupError(f"no proposal {pid}")
    if prop.get("status") == "approved":
        raise LookupError(f"proposal {pid} is already approved (group {prop.get('group')})")
    ok, why = proposal_ready(work.cfg, prop)
    if not ok:
        raise LookupError(f"proposal {pid} is not ready: {why}")
    fac = next(b for b in prop["backers"] if b.get("volunteer") and b.get("organisation"))
    base = slugify(prop["topic"])
    slug, n = base, 2
    while group_of(slug, work.cfg, work) is not None or work.get(GROUPS_EXTRA, slug):
        slug, n = f"{base}-{n}", n + 1
    name = prop["topic"][:1].upper() + prop["topic"][1:]
    doc = {"slug": slug, "name": name, "description": f"Interest Group on {prop['topic']}, proposed by "
           + ", ".join(sorted({b['organisation'] for b in prop['backers'] if b.get('organisation')})) + ".",
           "aim": "", "facilitator": fac["address"], "facilitator_name": fac.get("name", ""),
           "cadence": "twice-yearly", "status": ACTIVE, "created": work.now.isoformat(),
           "proposal": pid, "approved_by": by}
    work.put(GROUPS_EXTRA, slug, doc)
    g = _extra_group(doc)
    work.put(PROPOSALS, pid, dict(prop, status="approved", group=slug, approved=work.now.isoformat(), approved_by=by))
    for b in prop["backers"]:
        who = Person(b["address"], b.get("name", ""), b.get("organisation", ""))
        add_member(work, slug, who, request=pid, role="facilitator" if b is fac else "member")
        ctx = context(work.cfg, work.view, who, groups=[g] if g else [], proposal=_proposal_ctx(prop),
                      is_facilitator=b is fac, founders=sorted({x["organisation"] for x in prop["backers"]
                                                                 if x.get("organisation")}))
        work.mail("group_created", [(who.name, who.address)], ctx, kind="group-created")
    return f"group {slug} ({name}) created; facilitator {fac['address']}; {len(prop['backers'])} founding members welcomed"


# -- facilitators' group updates (replies to the twice-yearly reminder) -----------------------

UPDATES = "updates"  # "<group>|<period>" -> {group, period, text, author, author_name, date, ...}
SCHEDULE_SENT = "schedule_sent"  # the scheduler's sent-log (scheduler.SENT_LOG)
UPDATE_TAG = re.compile(r"\[update:\s*([a-z0-9][a-z0-9-]{0,63})\s*\]", re.I)


def period_of(day: datetime | Any) -> str:
    """The half-year an update belongs to: "2027-H1" (January–June) or "2027-H2"."""
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


def update_reply(msg: ParsedMessage, cfg: Config, view: Any) -> dict | None:
    """Whether `msg` is a facilitator's reply to their twice-yearly reminder, and for which group.

    Matched by In-Reply-To/References naming a reminder's Message-ID (the
    scheduler's sent-log keeps it), or else by the ``[update:<group>]`` tag
    the reminder's subject carries (clients that drop In-Reply-To keep the
    subject). Only from that group's facilitator or staff, and never for
    automatic mail: anything else is left to the ordinary rules. Returns
    {group, period, reminder} or None.
    """
    if msg.auto.is_automatic or msg.calendar is not None or not msg.sender_addr:
        return None
    reminder: dict | None = None
    for mid in [msg.in_reply_to, *reversed(msg.references)]:
        mid = (mid or "").strip().strip("<>")
        if not mid:
            continue
        hit = [d for _, d in lookup(view, SCHEDULE_SENT, "message_id", mid) if d.get("kind") == "facilitator_reminder"]
        if hit:
            reminder = hit[0]
            break
    slug = reminder.get("group", "") if reminder else ""
    if not slug:
        m = UPDATE_TAG.search(msg.subject or "")
        slug = m.group(1).lower() if m else ""
    g = group_of(slug, cfg, view) if slug else None
    if g is None:
        return None
    sender = msg.sender_addr.lower()
    if sender != g.facilitator.lower() and sender not in [a.lower() for a in cfg.bot.staff]:
        return None
    ref = (reminder or {}).get("ref", "")
    if not ref:  # by subject only: the latest reminder this group was sent
        sent = sorted((d.get("due_at", ""), d.get("ref", "")) for _, d in lookup(view, SCHEDULE_SENT, "group", g.slug)
                      if d.get("kind") == "facilitator_reminder" and d.get("status") == "sent")
        ref = sent[-1][1] if sent else ""
    try:
        day = datetime.fromisoformat(ref.removeprefix("reminder-")) if ref else None
    except ValueError:
        day = None
    return {"group": g.slug, "period": period_of(day or msg.date or datetime.now()), "reminder": ref}


def record_update(work: Work, msg: ParsedMessage, upd: dict) -> dict:
    """Store the reply as the group's update for the period (a later reply replaces it) and forward it to staff."""
    g = group_of(upd["group"], work.cfg, work.view)
    key = f"{upd['group']}|{upd['period']}"
    old = work.get(UPDATES, key)
    doc = {
        "group": upd["group"], "period": upd["period"], "reminder": upd.get("reminder", ""),
        "text": compose.text_safe(msg.text or msg.full_text, 20000),
        "author": msg.sender_addr, "author_name": compose.header_safe(msg.sender.name if msg.sender else "", 120),
        "date": work.now.isoformat(), "message_id": msg.message_id,
        "subject": compose.header_safe(msg.subject, 250), "status": "received",
        "revisions": int((old or {}).get("revisions", 0)) + 1,
    }
    work.put(UPDATES, key, doc)
    who = person(msg.sender_addr, doc["author_name"], work.view)
    ctx = context(work.cfg, work.view, who, subject=msg.subject, text=doc["text"], groups=[g] if g else [],
                  update=doc, group_name=g.name if g else upd["group"])
    work.mail("staff_group_update", [("", a) for a in work.cfg.bot.staff], ctx, kind="group-update",
              reply_to=msg.sender_addr)
    work.notes.append(f"update for {key} from {msg.sender_addr} stored (revision {doc['revisions']}), staff told")
    return doc


def refine_intent(msg: ParsedMessage, intent, view: Any):
    """A reply in a proposal's thread offering to facilitate is that proposal's `start_group`.

    ("If you would be willing to facilitate the group, just reply and say so.")
    """
    from dataclasses import replace

    if intent.name not in ("unknown", "info", "start_group") or msg.auto.is_automatic:
        return intent
    prop = proposal_for_thread(view, msg)
    if prop is None or not (intent.name == "start_group" or volunteers(msg.text)):
        return intent
    return replace(intent, name="start_group", groups=(), topic=prop.get("topic", ""),
                   confidence=max(intent.confidence, 0.8),
                   evidence=intent.evidence + (f"reply in the thread of proposal {prop['id']}",))


def sample_context() -> dict[str, Any]:
    """Values for the workflow templates' own variables, for `mailbot check` to render them."""
    backer = {"address": "a@city.example", "name": "A", "organisation": "City", "volunteer": True}
    return {
        "next_meeting": None, "confirmed_by": "facilitator", "group_name": "Group",
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
