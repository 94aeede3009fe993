"""Proposals for new groups: gathered by topic, ready when enough authorities back one and someone
volunteers to facilitate, approved by staff into a group (table ``proposals``; see membership.py)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Any, Iterable

from mailbot.core.config import Config
from mailbot.core.model import ParsedMessage
from mailbot.core.tables import GROUPS_EXTRA, PROPOSALS, THREADS
from mailbot.mail import compose
from mailbot.workflows.membership import (ACTIVE, Person, Work, _extra_group, add_member, context, group_of,
                                          short_id)


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
        pid = short_id("proposal", work.source_id)
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
        for b in prop["backers"]:
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


def refine_intent(msg: ParsedMessage, intent, view: Any):
    """A reply in a proposal's thread offering to facilitate is that proposal's `start_group`.

    ("If you would be willing to facilitate the group, just reply and say so.")
    """
    if intent.name not in ("unknown", "info", "start_group") or msg.auto.is_automatic:
        return intent
    prop = proposal_for_thread(view, msg)
    if prop is None or not (intent.name == "start_group" or volunteers(msg.text)):
        return intent
    return replace(intent, name="start_group", groups=(), topic=prop.get("topic", ""),
                   confidence=max(intent.confidence, 0.8),
                   evidence=intent.evidence + (f"reply in the thread of proposal {prop['id']}",))
