"""The Procura+ process end to end (issue 15): created groups, viability, terms, the digest."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from conversation import STAFF, Conversation, auth_header, authed, body, mail, one_to, reply
from mailbot.schedule import scheduler as S
from mailbot.adapters import store as st
from mailbot.workflows import topics

UTC = timezone.utc

#: the same topic from three authorities, in three languages
CROSS = [
    ("a.berg@stockholm.example", "Anna Berg", "New group: zero-emission construction sites",
     "Hello,\n\nwe would like to start a new interest group on zero-emission construction sites. "
     "We would be happy to facilitate it.\n\nBest,\nAnna"),
    ("m.garcia@barcelona.example", "Marta Garcia", "Nuevo grupo: obras de construcción sin emisiones",
     "Hola,\n\nnos gustaría crear un nuevo grupo de interés sobre obras de construcción sin emisiones.\n\n"
     "Saludos,\nMarta"),
    ("k.vogel@berlin.example", "Katrin Vogel", "Neue Gruppe: emissionsfreie Baustellen",
     "Guten Tag,\n\nwir möchten eine neue Interessengruppe zu emissionsfreien Baustellen gründen.\n\n"
     "Mit freundlichen Grüßen\nKatrin Vogel"),
]


@pytest.mark.parametrize("a,b", [
    ("zero-emission construction sites", "obras de construcción sin emisiones"),
    ("zero-emission construction sites", "emissionsfreie Baustellen"),
    ("zero-emission construction sites", "chantiers zéro émission"),
    ("zero-emission construction sites", "cantieri a emissioni zero"),
    ("sustainable food in schools", "alimentación sostenible en comedores escolares"),
    ("sustainable food in schools", "nachhaltige Schulverpflegung"),
    ("circular textiles", "textiles circulaires"),
    ("electric buses", "autobuses eléctricos"),
])
def test_topics_meet_across_languages(a, b):
    assert topics.similarity(topics.represent(a), topics.represent(b)) >= 0.5


@pytest.mark.parametrize("a,b", [
    ("zero-emission construction sites", "zero-emission vehicles"),
    ("zero-emission construction sites", "sustainable food in schools"),
    ("circular textiles", "circular furniture"),
])
def test_different_topics_stay_apart(a, b):
    assert topics.similarity(topics.represent(a), topics.represent(b)) < 0.5


def created_group(conv: Conversation) -> str:
    """Three proposals in three languages → one proposal → staff approve → the slug."""
    for frm, name, subject, text in CROSS:
        conv.send(mail(frm, subject, text, name=name))
    (prop,) = conv.table("proposals").values()
    assert {b["address"] for b in prop["backers"]} == {c[0] for c in CROSS}
    summary = next(m for m in conv.all_mail() if "[proposal:" in str(m["Subject"]) and STAFF in str(m["To"]))
    out = conv.send(reply(summary, STAFF, f"approve {prop['id']}", auth=authed(STAFF)))
    assert "created" in body(one_to(out, STAFF, "Re:"))
    (slug,) = conv.table("groups_extra")
    return slug


def test_a_created_group_is_a_group_everywhere(tmp_path):
    conv = Conversation(tmp_path)
    slug = created_group(conv)
    doc = conv.table("groups_extra")[slug]
    # the same fields as a configured group
    assert doc["facilitator"] == "a.berg@stockholm.example" and doc["cadence"] == "twice-yearly"
    assert doc["term_start"] == "2026-12-01" and doc["meeting_format"] == "web"
    assert {"es", "de"} <= set(doc["vocabulary"]) or len(doc["vocabulary"]) >= 2
    # the founding start_group requests are closed by the approval
    founding = [r for r in conv.table(st.REQUESTS).values() if r.get("kind") == "start_group"]
    assert founding and all(r["status"] == "approved" for r in founding)
    # a free-text join in Spanish naming the topic goes to its facilitator, not to staff
    out = conv.send(mail("p.soler@bcn.example", "Unirse al grupo",
                         "Hola,\n\nnos gustaría unirnos al grupo sobre obras de construcción sin emisiones.\n\nPere",
                         name="Pere Soler"))
    req = one_to(out, "a.berg@stockholm.example", "[req:")
    assert conv.triage() == [] and "Pere Soler" in body(req)
    # its facilitator sets a meeting by email (with a link: the created group has none yet; on one of
    # the network's video platforms, [bot] meeting_link_domains: any other link is held for staff)
    out = conv.send(mail("a.berg@stockholm.example", "meeting",
                         f"meeting {slug} 2027-03-18 14:00 90min web https://meet.jit.si/zero\n",
                         auth=[auth_header("pass", "stockholm.example")]))
    assert "set a web meeting" in body(out[0]) or "moved" in body(out[0]) or "updated" in body(out[0])
    # the web form: a confirmed submission for the created group reaches its facilitator too
    from mailbot.web import forms

    sub = forms.Submission(organisation="City of Lyon", name="Claire Martin", email="claire.martin@lyon.example",
                           groups=(slug,), lang="fr")
    names = {slug: conv.table("groups_extra")[slug]["name"]}
    ((_, raw),) = forms.messages(sub, conv.cfg, "s1", conv.now, names)
    out = conv.send(raw)
    assert "Claire Martin" in body(one_to(out, "a.berg@stockholm.example", "[req:")) and conv.triage() == []
    # the scheduler plans, invites and reminds it like the others
    S.run_due(conv.store, conv.cfg, datetime(2026, 12, 2, tzinfo=UTC))
    planned = [d for d in conv.table("meetings").values() if d["group"] == slug]
    assert len([d for d in planned if d["status"] == "planned"]) >= 4
    r = S.run_due(conv.store, conv.cfg, datetime(2027, 3, 1, 9, tzinfo=UTC))
    invited = {j.recipient for j in r.sent if j.kind == "invitation" and j.group == slug}
    assert invited == {c[0] for c in CROSS}  # the two joiners are not confirmed yet
    assert any(j.kind == "facilitator_reminder" and j.group == slug for j in r.sent)


def test_a_lead_is_rerun_when_staff_add_the_organisation(tmp_path):
    conv = Conversation(tmp_path)
    text = "Dear team,\n\nwe would like to join the Circular procurement interest group.\n\nTom"
    out = conv.send(mail("tom@newtown.example", "Circular procurement group", text, name="Tom Town"))
    lead_mail = one_to(out, STAFF, "Lead:")
    (lead,) = [r for r in conv.table(st.REQUESTS).values() if r["kind"] == "lead"]
    assert lead["status"] == "pending" and f"lead rerun {lead['id']}" in body(lead_mail)
    assert not [m for m in out if "circular.facilitator@rotterdam.example" in str(m["To"])]
    # staff add the organisation: the lead is re-run by itself, staff are told, the facilitator asked
    out = conv.send(mail(STAFF, "roster", "participant add newtown.example City of Newtown\n",
                         auth=[auth_header("pass", "procuraplus.example")]))
    told = body(one_to(out, STAFF))
    assert "participant added: newtown.example" in told and f"lead {lead['id']} re-run" in told
    assert one_to(out, "circular.facilitator@rotterdam.example", "[req:")
    assert one_to(out, "tom@newtown.example")
    assert conv.table(st.REQUESTS)[lead["id"]]["status"] == "rerun"
    # by hand: a second run is refused with the reason
    out = conv.send(mail(STAFF, "lead", f"lead rerun {lead['id']}\n", auth=[auth_header("pass", "procuraplus.example")]))
    assert "already re-run" in body(one_to(out, STAFF))


def test_lead_rerun_by_hand(tmp_path):
    conv = Conversation(tmp_path)
    conv.send(mail("eva@oldtown.example", "Join", "Hello,\n\nwe would like to join the Market and Supplier "
                   "Development group.\n\nEva", name="Eva Old"))
    (lead,) = [r for r in conv.table(st.REQUESTS).values() if r["kind"] == "lead"]
    auth = [auth_header("pass", "procuraplus.example")]
    out = conv.send(mail(STAFF, "lead", f"lead rerun {lead['id']}\n", auth=auth))
    assert "still not on the roster" in body(one_to(out, STAFF))
    # the roster entry came another way (here: straight into the store, as the config seeds it)
    conv.store.put("participants", "oldtown.example", {"domain": "oldtown.example", "organisation": "Old Town"})
    out = conv.send(mail(STAFF, "lead", f"lead rerun {lead['id']}\n", auth=auth))
    assert f"lead {lead['id']} re-run" in body(one_to(out, STAFF))
    assert one_to(out, "market.facilitator@barcelona.example", "[req:")


def test_the_network_digest_goes_to_every_contact_on_the_staff_set_date_once(tmp_path):
    from mailbot.core import config
    from mailbot.schedule import digest
    from mailbot.workflows import roster
    from pathlib import Path

    cfg = config.load(Path(__file__).resolve().parents[1] / "config.toml")
    store = st.Store(tmp_path / "s.json")
    tx = st.Transaction()
    for table, key, doc in roster.seed_records(cfg):
        tx.put(table, key, doc)
    store.commit(tx)
    store.put("members", "circular-procurement|ana@gent.example", {"group": "circular-procurement",
              "address": "ana@gent.example", "status": "active"})
    store.put("updates", "circular-procurement|2027-H1", {"group": "circular-procurement", "period": "2027-H1",
              "text": "We compared take-back clauses for furniture.", "author": "Pieter de Vries"})
    store.put(digest.OPTOUTS, "achats@lyon.example", {"at": "2027-01-01"})
    S.run_due(store, cfg, datetime(2027, 1, 2, tzinfo=UTC))
    r = S.run_due(store, cfg, datetime(2027, 4, 1, 9, 5, tzinfo=UTC))
    got = {j.recipient for j in r.sent if j.kind == "digest"}
    assert "procurement@stockholm.example" in got and "ana@gent.example" in got  # a contact and a member
    assert "circular.facilitator@rotterdam.example" in got
    assert "achats@lyon.example" not in got  # opted out
    mails = [d for k, d in store.items(st.OUTBOX) if k.startswith("digest:2027-H1|")]
    assert len(mails) == len(got) and "take-back clauses" in mails[0]["raw"]
    assert not [j for j in S.run_due(store, cfg, datetime(2027, 4, 2, tzinfo=UTC)).sent if j.kind == "digest"]
    # the preview shows the same
    p = digest.preview(store, cfg, datetime(2027, 4, 1, tzinfo=UTC), "2027-H1")
    assert p["updates"] == 1 and set(p["recipients"]) == got and "take-back clauses" in p["text"]


def test_two_years_of_the_whole_network(tmp_path):
    """2027–2028 day by day: the three configured groups and one created from a proposal.

    Counted: invitations, the removal of a member who left, attendance summaries, facilitator
    reminders, the renewal question, closures (one group renewed), viability notices, digests.
    """
    from collections import Counter
    from pathlib import Path

    from mailbot.core import config
    from mailbot.schedule import contacts
    from mailbot.workflows import membership as wf
    from mailbot.workflows import roster

    cfg = config.load(Path(__file__).resolve().parents[1] / "config.toml")
    store = st.Store(tmp_path / "net.json")
    tx = st.Transaction()
    for table, key, doc in roster.seed_records(cfg):
        tx.put(table, key, doc)
    store.commit(tx)
    zero = "zero-emission-construction-sites"
    store.put(wf.GROUPS_EXTRA, zero, {
        "slug": zero, "name": "Zero-emission construction sites", "facilitator": "a.berg@stockholm.example",
        "facilitator_name": "Anna Berg", "cadence": "twice-yearly", "meeting_format": "web",
        "meeting_url": "https://meet.example/zero", "term_start": "2027-01-01", "status": "active",
        "vocabulary": {"en": ["zero-emission construction sites"], "es": ["obras de construcción sin emisiones"]}})
    members = {
        "socially-responsible-ict": ["m1.ict@gent.example", "m2.ict@lyon.example", "m3.ict@torino.example"],
        "circular-procurement": ["m1.circ@berlin.example", "m2.circ@gent.example", "m3.circ@regionsyddanmark.example"],
        "market-supplier-development": ["m1.mkt@lyon.example", "m2.mkt@torino.example", "m3.mkt@berlin.example"],
        zero: ["a.berg@stockholm.example", "m.garcia@barcelona.example", "k.vogel@berlin.example"],
    }
    for slug, addrs in members.items():
        for a in addrs:
            store.put(wf.MEMBERS, f"{slug}|{a}", {"group": slug, "address": a, "name": "", "status": "active",
                                                  "since": "2026-12-01"})
    auth = "cli:staff"

    def leave(s):
        s.put(wf.MEMBERS, "market-supplier-development|m3.mkt@berlin.example", {
            "group": "market-supplier-development", "address": "m3.mkt@berlin.example", "status": "left",
            "left": "2027-06-01T10:00:00+00:00"})

    def renew(s):
        from mailbot.commands import staff

        work = wf.Work(cfg, s, day, source_id="renew-test")
        res = staff.execute("renew circular-procurement", work, actor=auth)
        assert res.ok, res.text
        tx = st.Transaction()
        for table, key, doc in work.records:
            tx.put(table, key, doc)
        s.commit(tx)

    def update(period):
        def put(s):
            for slug in members:
                s.put("updates", f"{slug}|{period}", {"group": slug, "period": period, "text": f"{slug} in {period}"})
        return put

    events = {"2027-03-05": update("2027-H1"), "2027-06-01": leave, "2027-09-05": update("2027-H2"),
              "2028-03-05": update("2028-H1"), "2028-09-05": update("2028-H2"), "2028-11-10": renew}
    day = datetime(2026, 12, 1, 13, 30, tzinfo=UTC)
    digest_recipients = {}
    while day < datetime(2029, 1, 15, tzinfo=UTC):
        if day.date().isoformat() in events:
            events[day.date().isoformat()](store)
        r = S.run_due(store, cfg, day)
        assert not r.errors and not r.missed, (day, r.errors, r.missed)
        for j in r.sent:
            if j.kind == "digest":
                digest_recipients.setdefault(j.ref, set()).add(j.recipient)
        day += timedelta(days=1)
    log = [d for _, d in store.items(S.SENT_LOG)]
    assert all(d["status"] == "sent" for d in log)
    got = Counter((d["kind"], d["group"]) for d in log)
    ict, circ, mkt = "socially-responsible-ict", "circular-procurement", "market-supplier-development"
    assert got == Counter({
        # ICT: two web and two physical meetings a year; Circular two web; Market quarterly; the created group two
        ("invitation", ict): 8 * 3, ("invitation", circ): 4 * 3, ("invitation", zero): 4 * 3,
        ("invitation", mkt): 3 + 3 + 6 * 2,  # m3 left on 2027-06-01, after the June invitation
        ("cancel", mkt): 1,  # ... so that meeting is removed from her calendar, not cancelled for the others
        ("attendance_summary", ict): 8, ("attendance_summary", circ): 4, ("attendance_summary", mkt): 8,
        ("attendance_summary", zero): 4,
        ("facilitator_reminder", ict): 4, ("facilitator_reminder", circ): 4, ("facilitator_reminder", mkt): 4,
        ("facilitator_reminder", zero): 4,
        # the renewal question on 2028-11-01: facilitator, two staff and the members
        ("term_end_notice", ict): 6, ("term_end_notice", circ): 6, ("term_end_notice", mkt): 5,
        ("term_end_notice", zero): 5,
        # Circular was renewed on 2028-11-10; the others close on 2029-01-01 and everybody is told
        ("term_closed", ict): 6, ("term_closed", mkt): 5, ("term_closed", zero): 5,
        # staff told once: Market below three members in June 2027; ICT and the created group closed
        ("viability", mkt): 2, ("viability", ict): 2, ("viability", zero): 2,
        ("digest", "network"): sum(len(v) for v in digest_recipients.values()),
    })
    # four digests, each to every contact, member and facilitator
    assert sorted(digest_recipients) == ["digest-2027-H1", "digest-2027-H2", "digest-2028-H1", "digest-2028-H2"]
    for ref, people in digest_recipients.items():
        assert "procurement@stockholm.example" in people and "m.garcia@barcelona.example" in people
        assert "circular.facilitator@rotterdam.example" in people and len(people) >= 20
    assert len(contacts.recipients(store, cfg)) >= 20
    # Circular plans its next term; the closed groups plan nothing after 2029-01-01
    after = [d for _, d in store.items("meetings") if d["start"] >= "2029" and d.get("status") == "planned"]
    assert {d["group"] for d in after} == {circ}


def test_renew_by_the_facilitator_by_email_and_not_by_others(tmp_path):
    conv = Conversation(tmp_path)
    fac = "circular.facilitator@rotterdam.example"
    out = conv.send(mail("m@gent.example", "renew", "renew circular-procurement\n",
                         auth=[auth_header("pass", "gent.example")]))
    assert conv.table("terms") == {}  # not a command from a member: prose to triage or an answer, never a renewal
    out = conv.send(mail(fac, "renew", "renew circular-procurement\n", auth=[auth_header("pass", "rotterdam.example")]))
    assert "renewed" in body(one_to(out, fac))
    term = conv.table("terms")["circular-procurement"]
    assert term["term_start"] == "2027-01-01" and term["term_years"] == 4 and term["by"] == fac
    # the scheduler now plans the next term and asks about renewal two months before its new end
    from mailbot.schedule import meetings as mt
    from mailbot.workflows import membership as wf

    g = wf.network_config(conv.cfg, conv.store).group("circular-procurement")
    assert mt.term(g)[1].isoformat() == "2031-01-01"


def test_report_for_any_date_shows_the_rules_per_group(tmp_path):
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    cfg = tmp_path / "config.toml"
    cfg.write_text((root / "config.toml").read_text().replace('path = "var/', f'path = "{tmp_path}/var/'))
    for when in ("2026-01-01", "2027-06-30", "2028-12-31", "2031-05-05"):
        out = subprocess.run([sys.executable, "-m", "mailbot", "--config", str(cfg), "report", "--json", "--now", when],
                             capture_output=True, text=True, check=True, cwd=root).stdout
        rep = json.loads(out)
        for g in rep["groups"]:
            assert {"members", "viable", "meetings_held", "meetings_planned", "meetings_minimum",
                    "days_per_participant", "days_limit", "term_end"} <= set(g)
        assert all(f["eligible"] is False for f in rep["facilitators"])  # nobody has held two meetings here


def test_digest_preview_command(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    cfg = tmp_path / "config.toml"
    cfg.write_text((root / "config.toml").read_text().replace('path = "var/', f'path = "{tmp_path}/var/'))
    run = lambda *a: subprocess.run([sys.executable, "-m", "mailbot", "--config", str(cfg), "digest", *a],  # noqa: E731
                                    capture_output=True, text=True, cwd=root)
    out = run("preview", "--now", "2027-03-15")
    assert out.returncode == 0 and "digest 2027-H1: 0 update(s)" in out.stdout and "Subject:" in out.stdout
    assert "next scheduled date: 2027-04-01" in out.stdout
    sent = run("send")
    assert sent.returncode == 2 and "nothing to send" in sent.stderr  # no update yet: nothing goes out
    assert run("optout", "procurement@stockholm.example").returncode == 0
    out = run("preview", "--json")
    import json

    assert "procurement@stockholm.example" in json.loads(out.stdout)["opted_out"]
