"""Sender-facing templates in every language: they exist, render, and keep user text inert.

The context is built the way `mailbot check` builds it (cli/check.py, cmd_check):
a ParsedMessage, an Intent and `effects.Plan(...).context(...)`.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest

from mailbot.mail import compose
from mailbot.core import config
from mailbot.actions import plan as effects
from mailbot.core.view import EmptyView
from mailbot.mail import parse as message
from mailbot.core.model import Address, Decision, Intent, ParsedMessage
from mailbot.workflows import membership as wf

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
CFG = config.load(ROOT / "config.toml")
NOW = datetime(2025, 3, 4, 9, 30, tzinfo=timezone.utc)

LANGUAGES = compose.LANGUAGES  # every EU official language
# replies to what a person wrote (their subject is "Re: …")
SENDER_FACING = ("join_ack", "join_not_participant", "start_group_ack", "leave_ack", "info", "ack_unknown")
# every other mail to a member or an applicant, rendered with a message's context
LATER = tuple(n for n in compose.PERSON_TEMPLATES
              if n not in SENDER_FACING and n != "_footer" and not n.startswith("meeting_"))
MEETINGS = tuple(n for n in compose.PERSON_TEMPLATES if n.startswith("meeting_"))
FOOTER = "_footer"
BIDI = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
QUARTERLY = next(g.slug for g in CFG.groups if g.cadence == "quarterly")


def make_plan(*, name: str = "Maria Rossi", subject: str = "Joining a group", text: str = "Hello, we would like to join.",
              groups: tuple[str, ...] = (), topic: str = "", organisation: dict | None = None,
              msg: ParsedMessage | None = None) -> effects.Plan:
    msg = msg or ParsedMessage(message_id="tmpl-test@example.org", sender=Address("buyer@city.example", name),
                               subject=subject, text=text, references=("earlier@example.org",))
    return effects.Plan(msg=msg, intent=Intent("join", groups=groups, confidence=1.0, topic=topic),
                        decision=Decision("", ""), cfg=CFG, view=EmptyView(), now=NOW,
                        organisation=organisation, request_id="r1234567", triage_id="t7654321")


def context(plan: effects.Plan) -> dict:
    # The extras cmd_check passes, so the same context renders every template.
    return plan.context(**dict(wf.sample_context(), group=wf.group_ctx(CFG.groups[0]), reason="check",
                               proposed="ignore"))


# Representative variations: 0, 1 (quarterly) and 2+ groups; with and without
# a name, an organisation, a subject, a message text and a topic.
SCENARIOS = {
    "one-group": dict(groups=(QUARTERLY,), topic="Green catering"),
    "many-groups": dict(groups=tuple(g.slug for g in CFG.groups),
                        organisation={"organisation": "City of Example", "kind": "participant"}),
    "no-groups-anonymous": dict(name="", subject="", text="", groups=()),
    "organisation-only": dict(name="", groups=(CFG.groups[0].slug,),
                              organisation={"organisation": "Comune di Esempio", "kind": "strategic-partner"}),
}


def render(name: str, lang: str, plan: effects.Plan) -> tuple[str, str, str | None]:
    # as Plan.mail does: group names and descriptions in the reader's language
    return compose.render(name, wf.localise(context(plan), lang, CFG), lang)


def group_name(g: config.Group, lang: str) -> str:
    tr = g.translations.get(lang)
    return tr.name if tr and tr.name else g.name


# -- the templates exist -----------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_person_facing_template_exists(lang):
    missing = [n for n in compose.PERSON_TEMPLATES if not (TEMPLATES / lang / f"{n}.txt").is_file()]
    assert not missing, f"templates/{lang}/ lacks {missing}"


def test_every_language_is_one_the_bot_writes_in():
    assert set(CFG.bot.languages) == set(LANGUAGES)
    assert sorted(p.name for p in TEMPLATES.iterdir() if p.is_dir() and p.name != "web") == sorted(LANGUAGES)


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
@pytest.mark.parametrize("name", SENDER_FACING + LATER)
def test_no_english_left_in_a_translation(lang, name):
    """No sentence of the English mail survives in a translation (the data it quotes aside)."""
    plan = make_plan(**SCENARIOS["many-groups"])
    _, english, _ = render(name, "en", plan)
    _, text, _ = render(name, lang, plan)
    data = [CFG.bot.name, CFG.bot.network, CFG.bot.address] + [
        v for g in CFG.groups for v in (g.name, g.description, g.aim, g.facilitator_name, g.facilitator)]
    text = " ".join(text.split())
    for line in english.splitlines():
        line = " ".join(line.split())
        words = line.split()
        if len(words) < 4 or any(d and d in line for d in data) or line.startswith(("--", "-", "*")):
            continue
        assert line not in text, f"English left in {lang}/{name}: {line!r}"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", LATER)
def test_later_mail_renders(lang, name):
    for scenario in ("one-group", "many-groups", "no-groups-anonymous"):
        subject, text, _ = render(name, lang, make_plan(**SCENARIOS[scenario]))
        assert subject.strip() and "{{" not in text and "{%" not in text
        assert CFG.bot.address in text
        if lang != "en":
            assert text != render(name, "en", make_plan(**SCENARIOS[scenario]))[1]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", MEETINGS)
def test_meeting_mail_renders(lang, name):
    meeting = {"uid": "u1", "summary": "Circular procurement", "sequence": 0, "date": "Thursday 18 March 2027",
               "time": "14:00", "end_time": "15:30", "tz": "Europe/Brussels", "utc_offset": "UTC+01:00",
               "when_text": "Thursday 18 March 2027, 14:00–15:30 (Europe/Brussels)", "duration": 90,
               "format": "web", "format_text": "web meeting", "location": "", "url": "https://meet.example/x",
               "status": "planned", "start_iso": "2027-03-18T14:00:00+01:00"}
    ctx = {"schedule": True, "bot": {"name": CFG.bot.name, "address": CFG.bot.address, "network": CFG.bot.network},
           "group": wf.group_ctx(CFG.groups[1]), "recipient": {"address": "m@city.example", "name": "Maria"},
           "meeting": meeting, "reason": ""}
    subject, text, html = compose.render(name, wf.localise(ctx, lang, CFG), lang)
    assert "2027" in subject and "{{" not in text
    # the HTML part too, in the language (an English one beside a translated text reads as a fallback)
    assert html is not None and "{{" not in html and "{%" not in html, f"templates/{lang}/{name}.html"
    assert name == "meeting_cancel" or "https://meet.example/x" in html
    assert name == "meeting_cancel" or "https://meet.example/x" in text
    assert "18" in text and "14:00" in text.replace("14.00", "14:00")
    if lang != "en":
        english_subject, _, english_html = compose.render(name, ctx, "en")
        assert subject != english_subject and html != english_html


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", SENDER_FACING)
def test_footer_include_stays_in_language(lang, name):
    source = (TEMPLATES / lang / f"{name}.txt").read_text(encoding="utf-8")
    includes = re.findall(r"""{%-?\s*include\s+["']([^"']+)["']""", source)
    assert includes == [f"{lang}/_footer.txt"], includes


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", SENDER_FACING)
def test_first_line_is_subject(lang, name):
    first = (TEMPLATES / lang / f"{name}.txt").read_text(encoding="utf-8").partition("\n")[0]
    assert first.startswith("Subject: ")


# -- they render -------------------------------------------------------------------

@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", SENDER_FACING)
def test_renders(name, lang, scenario):
    plan = make_plan(**SCENARIOS[scenario])
    subject, text, html = render(name, lang, plan)
    assert subject.strip(), "empty subject"
    assert "\n" not in subject and "\r" not in subject
    for leftover in ("{{", "}}", "{%", "%}", "{#"):
        assert leftover not in subject and leftover not in text, f"{leftover!r} left in {lang}/{name}"
    assert text.strip()
    assert CFG.bot.address in text, "footer missing"
    assert CFG.bot.name in text
    # No blank-line collapse into a wall of text, and no runaway blank lines.
    assert "\n\n\n\n" not in text
    if html is not None:
        assert "{{" not in html and "{%" not in html
    if lang != "en":
        # The language's own template was used, not the English fallback.
        _, english, _ = render(name, "en", plan)
        assert text != english


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", SENDER_FACING)
def test_reply_subject(lang, name):
    subject, _, _ = render(name, lang, make_plan(subject="AW: Re: Frage zu Gruppen", groups=(QUARTERLY,)))
    assert subject == "Re: Frage zu Gruppen"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", SENDER_FACING)
def test_default_subject_is_in_language(lang, name):
    subject, _, _ = render(name, lang, make_plan(subject="", groups=(QUARTERLY,)))
    assert subject.startswith("Re: ") and len(subject) > len("Re: ")  # reply_subject() prefixes the default too
    if lang != "en":
        english, _, _ = render(name, "en", make_plan(subject="", groups=(QUARTERLY,)))
        assert subject != english, "default subject not translated"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_group_names_and_facilitators_appear(lang):
    plan = make_plan(groups=tuple(g.slug for g in CFG.groups))
    _, text, _ = render("join_ack", lang, plan)
    text = " ".join(text.split())  # a long name may be wrapped
    for g in CFG.groups:
        assert group_name(g, lang) in text
        assert g.facilitator_name in text
    _, info, _ = render("info", lang, plan)
    info = " ".join(info.split())
    for g in CFG.groups:
        assert group_name(g, lang) in info
    physical = [g for g in CFG.groups if g.physical_meetings_per_year]
    for g in physical:  # the physical meetings are not lost in translation
        assert re.search(rf"\b{g.physical_meetings_per_year}\b", info)


# -- user text stays inert -----------------------------------------------------------

EVIL = "{{ 7*7 }} {% for x in range(3) %}X{% endfor %} <script>alert(1)</script> \u202egnp.exe"
EVIL_SUBJECT = "Join {{ 7*7 }}\r\nBcc: victim@example.net\r\n\r\n<script>x</script> \u202eevil"
EVIL_NAME = "Eve {{ 7*7 }} \u202eevE <script>"


def _evil_plans() -> list[effects.Plan]:
    direct = make_plan(name=EVIL_NAME, subject=EVIL_SUBJECT, text=EVIL, topic=EVIL,
                       groups=(QUARTERLY,))
    raw = (
        "From: =?utf-8?b?" + _b64(EVIL_NAME) + "?= <eve@city.example>\r\n"
        "To: procurement@procuraplus.example\r\n"
        "Subject: =?utf-8?b?" + _b64(EVIL_SUBJECT) + "?=\r\n"
        "Message-ID: <evil@city.example>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n"
        "\r\n" + EVIL + "\r\n"
    ).encode("utf-8")
    parsed = make_plan(msg=message.parse(raw), topic=EVIL, groups=(QUARTERLY,))
    return [direct, parsed]


def _b64(text: str) -> str:
    import base64

    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _build(plan: effects.Plan, subject: str, text: str, html: str | None):
    out = compose.build(
        key="tmpl-test", sender=(CFG.bot.name, CFG.bot.address),
        to=[(plan.msg.sender.name if plan.msg.sender else "", plan.msg.sender_addr)],
        subject=subject, text=text, html=html, date=NOW,
        in_reply_to=plan.msg.message_id, references=plan.msg.references,
    )
    return message_from_bytes(out.raw, policy=default_policy)


EXPECTED_HEADERS = {"from", "to", "subject", "date", "message-id", "in-reply-to", "references",
                    "auto-submitted", "x-auto-response-suppress", "x-mailbot-key",
                    "mime-version", "content-type", "content-transfer-encoding"}


@pytest.mark.parametrize("which", ("direct", "parsed"))
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", SENDER_FACING)
def test_user_text_is_inert(name, lang, which):
    plan = _evil_plans()[("direct", "parsed").index(which)]
    subject, text, html = render(name, lang, plan)

    # Nothing the sender wrote was evaluated as template code.
    assert "49" not in subject and "49" not in text
    assert "XXX" not in text
    if name not in ("join_not_participant",):  # templates that echo user text show it verbatim
        assert "{{ 7*7 }}" in subject + text
    # The subject is one clean line.
    assert "\r" not in subject and "\n" not in subject
    assert not BIDI.search(subject)

    mail = _build(plan, subject, text, html)
    headers = [k.lower() for k in mail.keys()]
    assert set(headers) <= EXPECTED_HEADERS, f"unexpected headers: {set(headers) - EXPECTED_HEADERS}"
    assert "bcc" not in headers
    assert headers.count("subject") == 1 and headers.count("to") == 1
    assert [a.addr_spec for a in mail["To"].addresses] == [plan.msg.sender_addr]
    for key, value in mail.items():
        assert not BIDI.search(str(value)), f"bidi control in {key}"
        assert "\n" not in str(value) and "\r" not in str(value)
    assert "victim@example.net" not in str(mail["To"])
    assert str(mail["Subject"]) == subject
    assert "{{ 7*7 }}" in str(mail["Subject"])
    body = mail.get_body(("plain",)).get_content()
    assert "49" not in body
    # Parsing the full message gives back exactly one text part: the body we rendered.
    assert body.replace("\r\n", "\n").rstrip("\n") == text.replace("\r\n", "\n").rstrip("\n")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_bidi_controls_in_body(lang):
    plan = _evil_plans()[1]
    _, text, _ = render("ack_unknown", lang, plan)
    assert not BIDI.search(text)


def test_bidi_in_subject_topic_and_text_is_removed():
    plan = make_plan(subject=EVIL_SUBJECT, text=EVIL, topic=EVIL, groups=(QUARTERLY,))
    ctx = context(plan)
    for value in (ctx["message"]["subject"], ctx["message"]["text"], ctx["intent"]["topic"]):
        assert not BIDI.search(value)
    for lang in LANGUAGES:
        _, text, _ = render("start_group_ack", lang, plan)
        topic_line = next(line for line in text.splitlines() if "7*7" in line)
        assert not BIDI.search(topic_line)


# -- HTML ----------------------------------------------------------------------------

HTML_TEMPLATES = sorted(p for p in TEMPLATES.glob("*/*.html"))


@pytest.mark.skipif(not HTML_TEMPLATES, reason="no .html templates exist")
@pytest.mark.parametrize("path", HTML_TEMPLATES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_html_templates_autoescape(path):
    plan = _evil_plans()[0]
    _, _, html = compose.render(path.stem, context(plan), path.parent.name)
    assert html is not None
    assert "<script>" not in html
    assert "49" not in html


def test_html_autoescape_mechanism(tmp_path):
    """An .html beside a .txt is autoescaped; the .txt is not (it is plain text)."""
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "probe.txt").write_text('Subject: {{ message.subject | re("Probe") }}\n{{ sender.name }}\n')
    (tmp_path / "en" / "probe.html").write_text("<p>{{ sender.name }} {{ message.text }}</p>\n")
    plan = _evil_plans()[0]
    subject, text, html = compose.render("probe", context(plan), "en", directory=tmp_path)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "49" not in html and "{{ 7*7 }}" in html
    assert "49" not in subject + text
