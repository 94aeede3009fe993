"""Translations beyond the person-facing mail: facilitator mail, the web form's words, its confirmation mail.

tests/test_templates.py checks the mail to members and applicants in every
language; this file checks what a language adds on top of that: the mail to
a facilitator whose remembered language it is (every language has all of it),
the term notices (all or none, and rendered where they exist),
the form's words (every key but the form-mail ones, the same placeholders as
English) and the form's confirmation mail.
"""

from __future__ import annotations

import re
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest

from mailbot.core import config
from mailbot.mail import compose
from mailbot.schedule import reports
from mailbot.web import i18n
from mailbot.workflows import membership as wf

ROOT = Path(__file__).resolve().parents[1]
CFG = config.load(ROOT / "config.toml")
TEMPLATES = compose.TEMPLATES_DIR

REQUESTS = ("facilitator_join_request", "reminder", "facilitator_leave", "facilitator_welcome_note",
            "facilitator_assigned")
SCHEDULED = ("facilitator_reminder", "attendance_summary", "plan_check")
FACILITATOR = REQUESTS + SCHEDULED
#: the notices of a group's term (to its facilitator, staff and, since the renew command, its
#: members). Translated from the current English only, renew command and member copy included;
#: a language has both or neither until every language has them (then they join SCHEDULED).
TERM = ("term_end_notice", "term_closed")
#: languages that write to facilitators in their own words (the others fall back to English)
WITH_FACILITATOR_MAIL = sorted(p.parent.name for p in TEMPLATES.glob("*/facilitator_join_request.txt")
                               if p.parent.name != "en")
WITH_TERM_MAIL = sorted({p.parent.name for n in TERM for p in TEMPLATES.glob(f"*/{n}.txt")} - {"en"})
PLACEHOLDER = re.compile(r"{[a-z_]+}")


def _bot() -> dict:
    return {"name": CFG.bot.name, "address": CFG.bot.address, "network": CFG.bot.network}


def _request_ctx() -> dict:
    return {"bot": _bot(), "group": wf.group_ctx(CFG.groups[1]), "groups": [wf.group_ctx(CFG.groups[1])],
            "sender": {"name": "Maria Rossi", "address": "buyer@city.example", "organisation": "City of Example",
                       "kind_text": "Participant"},
            "message": {"subject": "Joining", "text": "Hello, we would like to join."},
            "request_id": "r1234567", "triage_id": "t7654321", "days": 9, "reply_address": "procurement+tok@x.example",
            "assigned_by": "secretariat@procuraplus.example", "confirmed_by": "staff",
            "next_meeting": {"when": "18 March 2027"}}


def _scheduled_ctx(to_staff: bool) -> dict:
    meeting = {"summary": "Circular procurement", "date": "18 March 2027", "time": "14:00",
               "when_text": "Thursday 18 March 2027, 14:00", "format_text": "web meeting", "duration": 90,
               "url": "https://meet.example/x", "location": ""}
    return {"schedule": True, "to_staff": to_staff, "to_member": False, "bot": _bot(), "group": wf.group_ctx(CFG.groups[1]),
            "recipient": {"address": "f@city.example", "name": "Pieter"}, "meeting": meeting,
            "figures": {"year": 2027, "members": 7, "meetings_held": 1, "meetings_planned": 1, "open_requests": 2,
                        "held": [{"meeting": {"date": "10 March 2027"}, "accepted": 5, "declined": 1}],
                        "next": [meeting]},
            "attendance": {"accepted": 1, "tentative": 0, "declined": 0, "no_answer": 1,
                           "rows": [{"partstat": "ACCEPTED", "name": "Ana", "address": "a@x.example",
                                     "organisation": "City"},
                                    {"partstat": "NEEDS-ACTION", "name": "", "address": "b@x.example",
                                     "organisation": ""}]},
            "problems": ["only one meeting planned in 2027"], "next": [meeting],
            "term": {"start": "2025-01-01", "end": "2027-01-01", "years": 2}}


def _contexts(name: str) -> list[dict]:
    if name in REQUESTS:
        return [_request_ctx()]
    if name in TERM:  # also to the group's members, each with their own wording
        return [_scheduled_ctx(False), _scheduled_ctx(True), dict(_scheduled_ctx(False), to_member=True)]
    return [_scheduled_ctx(False), _scheduled_ctx(True)]


def test_some_language_writes_to_facilitators():
    assert WITH_FACILITATOR_MAIL, "no translated facilitator mail found: the glob is wrong"
    assert WITH_TERM_MAIL, "no translated term notice found: the glob is wrong"


def test_every_language_writes_to_facilitators():
    """A facilitator whose language is any of the bot's gets the join requests and reminders in it."""
    assert WITH_FACILITATOR_MAIL == sorted(set(compose.LANGUAGES) - {"en"})


def test_every_language_has_the_term_notices_and_the_digest():
    """Members and facilitators get the end-of-term notices and the network digest in any of the bot's languages."""
    others = sorted(set(compose.LANGUAGES) - {"en"})
    assert WITH_TERM_MAIL == others
    assert sorted({p.parent.name for p in reports.MAIL_TEMPLATES.glob("*/digest.txt")} - {"en"}) == others


@pytest.mark.parametrize("lang", WITH_TERM_MAIL)
def test_a_language_has_both_term_notices_or_neither(lang):
    missing = [n for n in TERM + FACILITATOR if not (TEMPLATES / lang / f"{n}.txt").is_file()]
    assert not missing, f"templates/{lang}/ lacks {missing}"


@pytest.mark.parametrize("lang", WITH_FACILITATOR_MAIL)
def test_a_language_has_all_facilitator_mail_or_none(lang):
    missing = [n for n in FACILITATOR if not (TEMPLATES / lang / f"{n}.txt").is_file()]
    assert not missing, f"templates/{lang}/ lacks {missing}"


TRANSLATED = [(lang, name) for lang in WITH_FACILITATOR_MAIL for name in FACILITATOR] + \
             [(lang, name) for lang in WITH_TERM_MAIL for name in TERM]


@pytest.mark.parametrize(("lang", "name"), TRANSLATED)
def test_facilitator_mail_renders_in_its_language(lang, name):
    source = (TEMPLATES / lang / f"{name}.txt").read_text(encoding="utf-8")
    includes = re.findall(r"""["']([a-z]{2}/_(?:staff_)?footer\.txt)["']""", source)
    assert f"{lang}/_footer.txt" in includes and all(i.startswith((lang + "/", "en/_staff")) for i in includes)
    for ctx in _contexts(name):
        subject, text, _ = compose.render(name, wf.localise(ctx, lang, CFG), lang)
        english_subject, english, _ = compose.render(name, ctx, "en")
        assert subject.strip() and "\n" not in subject
        assert not any(t in text for t in ("{{", "}}", "{%", "%}")), f"template code left in {lang}/{name}"
        assert CFG.bot.address in text and "\n\n\n\n" not in text
        assert text != english and subject != english_subject
        for line in english.splitlines():  # no sentence of the English mail survives
            words = line.split()
            data = (CFG.bot.name, CFG.bot.address, "meet.example", "Thursday 18 March 2027")
            if len(words) >= 4 and not line.lstrip().startswith((">", "-", '"', "--", "meeting ")) \
                    and not any(d in line for d in data):
                assert line not in text, f"English left in {lang}/{name}: {line!r}"


@pytest.mark.parametrize(("lang", "name"), TRANSLATED)
def test_the_commands_and_tokens_a_facilitator_types_stay_literal(lang, name):
    """Keywords the bot parses are not translated: [req:…], "yes"/"no", the meeting and renew commands."""
    source = (TEMPLATES / lang / f"{name}.txt").read_text(encoding="utf-8")
    english = (TEMPLATES / "en" / f"{name}.txt").read_text(encoding="utf-8")
    for literal in ("[req:{{ request_id }}]", "[update:{{ group.slug }}]",
                    "meeting {{ group.slug }} YYYY-MM-DD HH:MM 90min web <link>", "renew {{ group.slug }}"):
        if literal in english:
            assert literal in source, f"{lang}/{name} lost {literal!r}"
    if '"yes" or "no"' in english:  # the reply lexicon has no words for most languages: the English ones stay
        quoted = r"[\"„“”«]yes[\"“”»].*[\"„“”«]no[\"“”»]"
        assert re.search(quoted, source, re.S), f"{lang}/{name} lost the answer words yes/no"


def test_scheduled_previews_render_in_every_language_that_has_them():
    for lang in WITH_FACILITATOR_MAIL:
        for name in SCHEDULED + (TERM if lang in WITH_TERM_MAIL else ()):
            subject, text, _ = compose.render(name, {"bot": _bot()}, lang)
            assert subject and subject != compose.render(name, {"bot": _bot()}, "en")[0], (lang, name)


@pytest.mark.parametrize("lang", WITH_FACILITATOR_MAIL)
def test_the_facilitators_welcome_note_dates_the_meeting_in_its_language(lang):
    ctx = dict(_request_ctx(), next_meeting={"when": "Thursday 18 March 2027, 14:00 (Europe/Brussels)",
                                             "start": "2027-03-18T14:00:00+01:00", "tz": "Europe/Brussels"})
    _, text, _ = compose.render("facilitator_welcome_note", wf.localise(ctx, lang, CFG), lang)
    assert "2027" in text and "Thursday" not in text and "March" not in text


@pytest.mark.parametrize("lang", WITH_FACILITATOR_MAIL)
def test_the_applicants_standing_is_named_in_the_facilitators_language(lang):
    for kind in ("Participant", "Strategic Partner"):
        ctx = _request_ctx()
        ctx["sender"] = dict(ctx["sender"], kind_text=kind)
        _, text, _ = compose.render("facilitator_join_request", wf.localise(ctx, lang, CFG), lang)
        assert kind not in text, (lang, kind)


def test_scheduler_mail_writes_the_meeting_in_the_readers_language(tmp_path):
    """A Bulgarian member's invitation and the facilitator's reminder say "четвъртък, 18 март 2027 г." and
    "онлайн среща", not "Thursday 18 March 2027" and "web meeting"; an English reader's stay English."""
    from datetime import date, datetime, timedelta, timezone
    from email import message_from_string

    from mailbot.adapters import store as st
    from mailbot.schedule import scheduler as S

    g = CFG.groups[0].model_copy(update={"term_start": date(2027, 1, 1), "physical_meetings_per_year": 0})
    cfg = CFG.model_copy(update={"groups": [g]})
    store = st.Store(tmp_path / "s.json")
    for addr in ("ivan@sofia.example", "ann@city.example"):
        store.put(S.MEMBERS, f"{g.slug}|{addr}", {"group": g.slug, "address": addr, "name": "", "organisation": "City",
                                                  "since": "2026-12-01", "status": "active"})
    for addr in ("ivan@sofia.example", g.facilitator):
        store.put(wf.PEOPLE, addr, {"language": "bg", "source": "mail", "since": "2026-12-01"})
    day = datetime(2027, 1, 1, 6, 0, tzinfo=timezone.utc)
    while day < datetime(2027, 3, 10, tzinfo=timezone.utc):
        S.run_due(store, cfg, day)
        day += timedelta(days=1)

    def text_to(addr: str, kind: str) -> str:
        raw = next(d["raw"] for k, d in store.items(st.OUTBOX) if f"|{kind}|" in k and addr in d["to"])
        msg = message_from_string(raw, policy=default_policy)
        return str(msg["Subject"]) + "\n" + msg.get_body(("plain",)).get_content()

    bulgarian = text_to("ivan@sofia.example", "invitation")
    assert "март" in bulgarian and "онлайн среща" in bulgarian
    assert "Thursday" not in bulgarian and "March" not in bulgarian and "web meeting" not in bulgarian
    english = text_to("ann@city.example", "invitation")
    assert "March" in english and "web meeting" in english
    reminder = text_to(g.facilitator, "facilitator_reminder")
    assert "web meeting" not in reminder and "March" not in reminder


# -- the web form --------------------------------------------------------------------

@pytest.mark.parametrize("lang", sorted(i18n.LANGUAGES))
def test_form_words_are_complete_with_the_same_placeholders(lang):
    english = i18n.T["en"]
    words = i18n.T[lang]
    assert set(words) <= set(english), f"{lang} has keys English lacks: {set(words) - set(english)}"
    missing = [k for k in english if k not in words and not k.startswith("mail_")]
    assert not missing, f"form words missing in {lang}: {missing}"
    for key, text in words.items():
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(english[key])), (lang, key)
        assert text.strip(), (lang, key)


@pytest.mark.parametrize("lang", sorted(i18n.LANGUAGES))
def test_every_form_language_is_one_the_bot_writes_in(lang):
    assert lang in CFG.bot.languages and lang in compose.LANGUAGES


def test_form_mail_stays_in_a_language_intent_detection_reads():
    """A language without form-mail words falls back to English, which the detector reads."""
    for lang in i18n.LANGUAGES:
        w = i18n.words(lang)
        assert "{group}" in i18n.T[lang].get("mail_join_one", i18n.T["en"]["mail_join_one"])
        assert w("mail_join_one", group="X")


@pytest.mark.parametrize("lang", sorted(i18n.LANGUAGES))
def test_confirmation_mail_in_the_form_language(lang):
    ctx = {"bot": _bot(), "name": "Maria", "organisation": "City of Example", "groups": ["Circular procurement"],
           "topic": "Green catering", "hours": 48, "link": "https://forms.example/c/abc"}
    subject, text, _ = compose.render("confirm", ctx, lang, directory=reports.MAIL_TEMPLATES)
    for value in ("https://forms.example/c/abc", "City of Example", "48", "Green catering", "Circular procurement"):
        assert value in text
    if lang != "en":  # its own words, not the English fallback
        assert (reports.MAIL_TEMPLATES / lang / "confirm.txt").is_file(), f"web/mail/{lang}/confirm.txt"
        english_subject, english, _ = compose.render("confirm", ctx, "en", directory=reports.MAIL_TEMPLATES)
        assert subject != english_subject and text != english


@pytest.mark.parametrize("lang", sorted(i18n.LANGUAGES))
def test_form_mail_carries_the_form_language(lang):
    """The mail a confirmed form becomes is read as the form's language, even where its text is English."""
    from datetime import datetime, timezone

    from mailbot.mail import parse
    from mailbot.web import forms

    sub = forms.Submission(organisation="City of Example", name="Ana", email="ana@city.example",
                           groups=(CFG.groups[1].slug,), topic="Green catering", lang=lang)
    out = forms.messages(sub, CFG, "sid1", datetime(2027, 1, 4, tzinfo=timezone.utc), {CFG.groups[1].slug: "X"})
    assert len(out) == 2
    for _, raw in out:
        assert parse.parse(raw).language == lang


# -- the network digest ----------------------------------------------------------------

DIGEST_LANGUAGES = sorted(p.parent.name for p in reports.MAIL_TEMPLATES.glob("*/digest.txt") if p.parent.name != "en")


def _digest() -> dict:
    return {"period": "2027-H1", "recipients": [], "languages": {},
            "entries": [{"key": "k", "group": CFG.groups[1].slug, "group_name": CFG.groups[1].name,
                         "author": "Pieter de Vries", "at": "2027-03-01",
                         "text": "We compared take-back clauses for furniture."}]}


def group_name(g: config.Group, lang: str) -> str:
    tr = g.translations.get(lang)
    return tr.name if tr and tr.name else g.name


@pytest.mark.parametrize("lang", DIGEST_LANGUAGES)
def test_digest_renders_in_its_language(lang):
    english_subject, english = reports.render_digest(_digest(), CFG, intro="")
    for digest in (_digest(), dict(_digest(), entries=[])):
        subject, text = reports.render_digest(digest, CFG, intro="Welcome to this issue.", lang=lang)
        assert subject and subject != english_subject and "{{" not in text and "{%" not in text
        assert "Welcome to this issue." in text  # staff's words and the facilitators' stay as written
        for line in reports.render_digest(digest, CFG, lang="en")[1].splitlines():
            data = (CFG.bot.network, "take-back", "Pieter de Vries", "Welcome to this issue.")
            if len(line.split()) >= 4 and not any(d in line for d in data):
                assert line not in text, f"English left in web/mail/{lang}/digest.txt: {line!r}"
    _, text = reports.render_digest(_digest(), CFG, lang=lang)
    assert "take-back clauses" in text and f"== {group_name(CFG.groups[1], lang)} ==" in text


def test_digest_goes_to_each_reader_in_their_language(tmp_path):
    """A Dutch member reads the digest in Dutch, staff and people with no remembered language in English."""
    from datetime import datetime, timezone

    from mailbot.adapters import store as st
    from mailbot.workflows import roster

    store = st.Store(tmp_path / "s.json")
    tx = st.Transaction()
    for table, key, doc in roster.seed_records(CFG):
        tx.put(table, key, doc)
    store.commit(tx)
    slug = CFG.groups[1].slug
    for addr, lang in (("jan@utrecht.example", "nl"), ("ana@gent.example", ""), ("eva@malmo.example", "sv")):
        store.put("members", f"{slug}|{addr}", {"group": slug, "address": addr, "status": "active"})
        if lang:
            store.put(wf.PEOPLE, addr, {"language": lang, "source": "mail", "since": "2027-01-01"})
    store.put("updates", f"{slug}|2027-H1", {"group": slug, "period": "2027-H1", "author": "Pieter de Vries",
                                              "text": "We compared take-back clauses for furniture."})
    now = datetime(2027, 4, 1, tzinfo=timezone.utc)
    digest = reports.compile_digest(store, CFG, now, period="2027-H1")
    mails = {m.to[0]: message_from_bytes(m.raw, policy=default_policy) for m in reports.digest_mails(digest, CFG, now)}
    english, _ = reports.render_digest(digest, CFG)
    for addr, lang in (("jan@utrecht.example", "nl"), ("eva@malmo.example", "sv")):
        assert mails[addr]["Subject"] == reports.render_digest(digest, CFG, lang=lang)[0] != english
        text = mails[addr].get_body(("plain",)).get_content()
        assert "take-back clauses" in text and group_name(CFG.groups[1], lang) in text
    assert mails["ana@gent.example"]["Subject"] == english
    assert mails[CFG.groups[1].facilitator]["Subject"] == english  # no remembered language


# -- command answers and the reply-to-confirm mail (to a facilitator in their language) ---------

#: the mail a facilitator's own command gets back; staff get the English (Plan.mail, recipients_language)
COMMAND_MAIL = ("command_result", "command_error", "confirm_command")


def _command_ctx(item: bool = True) -> dict:
    return {"bot": _bot(), "message": {"subject": "meeting circular"}, "help": "",
            "command": "meeting circular-procurement 2027-03-18 14:00 90min web https://meet.jit.si/c",
            "result": "meeting of circular-procurement set: 2027-03-18 14:00",
            "item": {"id": "t7654321", "reason": "unclear intent", "status": "resolved"} if item else None,
            "held": {"id": "h1", "what": "staff command", "why": "no Authentication-Results",
                     "expires": "2027-03-21 09:30", "subject": "Re: [triage:t1] question",
                     "line": "renew circular-procurement"},
            "token": "h1abc"}


def test_every_language_answers_a_facilitators_command():
    for name in COMMAND_MAIL:
        have = sorted(p.parent.name for p in TEMPLATES.glob(f"*/{name}.txt"))
        assert have == sorted(compose.LANGUAGES), f"{name} missing in {sorted(set(compose.LANGUAGES) - set(have))}"


@pytest.mark.parametrize("lang", sorted(set(compose.LANGUAGES) - {"en"}))
def test_command_mail_renders_in_its_language_with_the_tokens_literal(lang):
    data = ("meeting circular", "meet.jit.si", "circular-procurement", "Authentication-Results", "[triage:t1]",
            CFG.bot.address, CFG.bot.name)
    for name in COMMAND_MAIL:
        source = (TEMPLATES / lang / f"{name}.txt").read_text(encoding="utf-8")
        assert f'"{lang}/_footer.txt"' in source, f"{lang}/{name} ends with another footer"
        for ctx in (_command_ctx(), _command_ctx(item=False), dict(_command_ctx(), command="")):
            subject, text, _ = compose.render(name, ctx, lang)
            english_subject, english, _ = compose.render(name, ctx, "en")
            assert subject.strip() and "\n" not in subject and "\n\n\n" not in text
            assert not any(t in text for t in ("{{", "}}", "{%", "%}", "{#")), f"template code left in {lang}/{name}"
            assert text != english and CFG.bot.address in text
            for value in (ctx["command"], ctx["result"]) if name != "confirm_command" else (ctx["held"]["line"],):
                assert value in text, (lang, name, value)  # the command's own words stay as the code wrote them
            for line in english.splitlines():  # no sentence of the English frame survives
                if len(line.split()) >= 3 and not line.lstrip().startswith(("--", "ok")) \
                        and not any(d in line for d in data) and line not in (ctx["result"],):
                    assert line not in text, f"English left in {lang}/{name}: {line!r}"
            if name == "confirm_command":  # the reply is matched on this tag: it must survive translation
                assert subject.startswith("[confirm:h1abc] ") and subject != english_subject
            if name == "command_error":
                assert "`help`" in text  # the command word, not a translation of it


def test_a_facilitator_gets_command_mail_in_their_language_and_staff_get_english(tmp_path):
    """Through the pipeline: a Dutch facilitator's unauthenticated command is held and the confirmation
    asked in Dutch, its result (once confirmed) answered in Dutch; the same answer to staff is English."""
    from conversation import STAFF, Conversation, authed, body, mail, reply, sent_to

    fac = "circular.facilitator@rotterdam.example"
    conv = Conversation(tmp_path)
    conv.store.put(wf.PEOPLE, fac, {"language": "nl", "source": "mail", "since": "2026-01-01"})
    conv.store.put(wf.PEOPLE, STAFF, {"language": "nl", "source": "mail", "since": "2026-01-01"})  # staff: English anyway
    out = conv.send(mail(fac, "renew", "renew circular-procurement\n"))  # no Authentication-Results: held
    (ask,) = [m for m in sent_to(out, fac) if "[confirm:" in str(m["Subject"])]
    assert "Graag bevestigen" in str(ask["Subject"]) and "NIET uitgevoerd" in body(ask), body(ask)
    assert "NOT been carried out" not in body(ask)
    out = conv.send(reply(ask, fac, "yes"))
    (done,) = [m for m in sent_to(out, fac) if "Uitgevoerd" in body(m)]
    assert "Done:" not in body(done) and "renew circular-procurement" in body(done)
    out = conv.send(mail(STAFF, "renew", "renew circular-procurement\n", auth=authed(STAFF)))
    (answer,) = sent_to(out, STAFF)
    assert "Done:" in body(answer) or "Not done:" in body(answer)
    assert "Uitgevoerd" not in body(answer) and "Niet uitgevoerd" not in body(answer)


# -- the plan check's findings, worded by each language ------------------------------------------

ISSUES = [{"level": "error", "code": "web_no_link", "params": {"start": "2027-03-18 14:00"}},
          {"level": "error", "code": "too_few_meetings", "params": {"count": 0, "period": "2028-01-01–2028-12-31"}},
          {"level": "warning", "code": "too_many_days",
           "params": {"hours": "30.0", "period": "2027-01-01–2027-12-31", "days": "3.8", "max": "2"}},
          {"level": "error", "code": "physical_no_place", "params": {"start": "2027-06-01 10:00"}}]


def _plan_problems() -> list:
    """Every finding check_plan makes, from one plan that breaks each rule."""
    from datetime import datetime, timezone

    from mailbot.schedule import meetings as mt

    g = CFG.groups[1]
    now = datetime(2027, 1, 5, tzinfo=timezone.utc)
    docs = [{"uid": "a", "group": g.slug, "start": "2027-03-18T14:00:00", "format": "web", "url": "",
             "duration": 90, "status": "planned", "sequence": 0},
            {"uid": "b", "group": g.slug, "start": "2027-06-01T10:00:00", "format": "physical", "location": "",
             "duration": 2400, "status": "planned", "sequence": 0}]
    return mt.check_plan(g, docs, CFG, now)


def test_every_plan_finding_has_a_code_and_keeps_its_english():
    problems = _plan_problems()
    codes = {p.code for p in problems}
    assert {"web_no_link", "physical_no_place", "too_many_days"} <= codes and all(p.code for p in problems)
    for p in problems:  # what schedule --check, the logs and the job digest show is the English as before
        assert str(p) == f"{p.level}: {p.group}: {p.text}" and p.issue()["params"] == p.params
    assert {i["code"] for i in ISSUES} >= codes


@pytest.mark.parametrize("lang", sorted(set(compose.LANGUAGES) - {"en"}))
def test_plan_check_words_the_findings_in_its_language(lang):
    problems = [str(p) for p in _plan_problems()]
    issues = [p.issue() for p in _plan_problems()]
    ctx = dict(_scheduled_ctx(False), problems=problems, issues=issues)
    _, text, _ = compose.render("plan_check", wf.localise(ctx, lang, CFG), lang)
    _, english, _ = compose.render("plan_check", ctx, "en")
    for p in problems:
        assert p in english and p not in text, (lang, p)
        sentence = p.split(": ", 2)[2]
        for part in re.split(r"\d[\d\-: .–]*|\([^)]*\)", sentence):  # the English words between the values
            if len(part.split()) >= 3:
                assert part.strip() not in text, f"English left in {lang}/plan_check: {part!r}"
    for i in issues:
        for key in ("start", "period"):
            if key in i["params"]:
                assert i["params"][key] in text
    # a job stored before the findings had codes still shows its (English) lines
    _, old, _ = compose.render("plan_check", dict(ctx, issues=[]), lang)
    assert all(p in old for p in problems)
    _, text, _ = compose.render("plan_check", dict(_scheduled_ctx(False), problems=["x"] * 4, issues=ISSUES), lang)
    assert "3.8" in text or "3,8" in text


def test_the_scheduler_sends_the_plan_check_findings_in_the_facilitators_language(tmp_path):
    """A plan whose web meetings have no link: the Greek facilitator reads the findings in Greek, staff
    read the English lines the planner stored, word for word."""
    from datetime import date, datetime, timezone
    from email import message_from_string

    from mailbot.adapters import store as st
    from mailbot.schedule import meetings as mt
    from mailbot.schedule import scheduler as S

    g = CFG.groups[0].model_copy(update={"term_start": date(2027, 1, 1), "meeting_url": "",
                                         "physical_meetings_per_year": 0})
    cfg = CFG.model_copy(update={"groups": [g], "scheduler": CFG.scheduler.model_copy(
        update={"default_meeting_url": ""})})
    store = st.Store(tmp_path / "s.json")
    store.put(wf.PEOPLE, g.facilitator, {"language": "el", "source": "mail", "since": "2026-12-01"})
    now = datetime(2027, 1, 4, 6, 0, tzinfo=timezone.utc)
    S.run_due(store, cfg, now)
    english = [str(p) for p in mt.check_plan(g, mt.merged_plan((), g, cfg, now), cfg, now)]
    assert any("has no link" in p for p in english)

    def text_to(addr: str) -> str:
        raw = next(d["raw"] for k, d in store.items(st.OUTBOX) if "|plan_check|" in k and addr in d["to"])
        return message_from_string(raw, policy=default_policy).get_body(("plain",)).get_content()

    greek = text_to(g.facilitator)
    assert "δεν έχει σύνδεσμο" in greek and "has no link" not in greek
    staff = text_to(CFG.bot.staff[0])
    assert all(p in staff for p in english)
