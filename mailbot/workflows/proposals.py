"""Proposals for new groups: gathered by topic, ready when enough authorities back one and someone
volunteers to facilitate, approved by staff into a group (table ``proposals``; see membership.py)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import timedelta
from typing import Any, Iterable

from mailbot.core.config import Config
from mailbot.core.model import ParsedMessage
from mailbot.core.tables import GROUPS_EXTRA, PROPOSALS, REQUESTS, SCHEDULE_MSGIDS, THREADS
from mailbot.mail import compose
from mailbot.workflows import tokens, topics
from mailbot.workflows.membership import (ACTIVE, PENDING, Person, Work, _close, _extra_group, add_member, context,
                                          group_of, keyed_id)


# -- proposals for new groups --------------------------------------------------------------

_VOLUNTEER = re.compile(
    r"\b(?:facilitat\w*|coordinat\w*|to lead|lead (?:it|the group|this)|moderat\w*|koordinier\w*|leiten"
    r"|animer|animat\w*|coordonn\w*|facilitar|coordinar|dinamizar|coordinare|facilitare|facilitator\w*)\b",
    re.I)
_NEGATED = re.compile(r"\b(?:not|cannot|can't|unable|nicht|kein\w*|pas|no|non)\b[^.!?\n]{0,40}$", re.I)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def topic_tokens(topic: str) -> frozenset[str]:
    """The topic in the shared cross-language representation (topics.represent)."""
    return topics.represent(topic)


def similarity(a: Iterable[str], b: Iterable[str]) -> float:
    """Cross-language topic similarity (topics.similarity)."""
    return topics.similarity(a, b)


def proposal_vocabulary(prop: dict) -> dict[str, list[str]]:
    """A created group's vocabulary: each backer's topic, under the language they wrote in."""
    out: dict[str, list[str]] = {}
    for b in prop.get("backers", []):
        t = (b.get("topic") or "").strip().lower()
        if t and len(t) >= 4:
            out.setdefault(b.get("language") or "en", [])
            if t not in out[b.get("language") or "en"]:
                out[b.get("language") or "en"].append(t)
    topic = (prop.get("topic") or "").strip().lower()
    if topic and not any(topic in v for v in out.values()):
        out.setdefault("en", []).append(topic)
    return out


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
                "message_id": work.source_id, "topic": topic,
                "language": (msg.language if msg is not None else "") or ""}
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
    # The same fields as a configured group: facilitator, cadence and meeting defaults, the
    # two-year term from the first of next month, and a vocabulary of the proposers' own topics
    # (in their languages) so that their colleagues' free-text joins find the group.
    first = (work.now.date().replace(day=1) + timedelta(days=32)).replace(day=1)
    doc = {"slug": slug, "name": name, "description": f"Interest Group on {prop['topic']}, proposed by "
           + ", ".join(sorted({b['organisation'] for b in prop['backers'] if b.get('organisation')})) + ".",
           "aim": "", "facilitator": fac["address"], "facilitator_name": fac.get("name", ""),
           "cadence": "twice-yearly", "meeting_format": "web", "meeting_url": work.cfg.scheduler.default_meeting_url,
           "term_start": first.isoformat(), "vocabulary": proposal_vocabulary(prop),
           "status": ACTIVE, "created": work.now.isoformat(), "proposal": pid, "approved_by": by}
    work.put(GROUPS_EXTRA, slug, doc)
    g = _extra_group(doc)
    work.put(PROPOSALS, pid, dict(prop, status="approved", group=slug, approved=work.now.isoformat(), approved_by=by))
    # The founding start_group requests are answered by the approval.
    for b in prop["backers"]:
        req = work.get(REQUESTS, b.get("request", "")) if b.get("request") else None
        if req and req.get("status") == PENDING:
            _close(work, dict(req, group=slug), "approved", by, "")
    for b in prop["backers"]:
        who = Person(b["address"], b.get("name", ""), b.get("organisation", ""))
        add_member(work, slug, who, request=pid, role="facilitator" if b is fac else "member")
        ctx = context(work.cfg, work.view, who, groups=[g] if g else [], proposal=_proposal_ctx(prop),
                      is_facilitator=b is fac, founders=sorted({x["organisation"] for x in prop["backers"]
                                                                 if x.get("organisation")}))
        work.mail("group_created", [(who.name, who.address)], ctx, kind="group-created")
    return f"group {slug} ({name}) created; facilitator {fac['address']}; {len(prop['backers'])} founding members welcomed"


INVITATIONS = SCHEDULE_MSGIDS  # a sent invitation's Message-ID -> {uid, group, recipient}


def invitation_reply(msg: ParsedMessage, intent, view: Any) -> bool:
    """Whether a message is its recipient's plain reply to one of our meeting invitations.

    ("Yes, I'll be there", "Leider nicht"): a fact for the rule table, which records it as an RSVP.
    """
    if intent.name not in ("rsvp", "confirm", "decline", "unknown", "info") or not msg.in_reply_to or msg.auto.is_automatic:
        return False
    inv = view.get(INVITATIONS, msg.in_reply_to.strip("<>"))
    return bool(inv and inv.get("recipient") == msg.sender_addr)


def proposal_volunteer(msg: ParsedMessage, intent, view: Any) -> bool:
    """Whether a message replies in a proposal's thread offering to facilitate (or proposing again).

    ("If you would be willing to facilitate the group, just reply and say so.")
    A fact for the rule table, which decides what follows.
    """
    if intent.name not in ("unknown", "info", "start_group") or msg.auto.is_automatic:
        return False
    if proposal_for_thread(view, msg) is None:
        return False
    return intent.name == "start_group" or volunteers(msg.text)
