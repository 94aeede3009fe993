"""parse(): realistic fixtures, hostile input, and properties."""

from __future__ import annotations

import base64
import random
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailbot.mail.parse import parse, parse_auth_results, parse_calendar
from mailbot.core.model import ParsedMessage

FIXTURES = Path(__file__).parent / "fixtures" / "message"


def load(name: str) -> ParsedMessage:
    return parse((FIXTURES / name).read_bytes())


# --- headers -------------------------------------------------------------------


def test_gmail_reply_headers_and_new_text() -> None:
    m = load("gmail_reply_en.eml")
    assert m.sender is not None and m.sender.addr == "anna.berg@stockholm.se"
    assert m.sender.name == "Anna Berg"
    assert m.cc[0].name == "Lindqvist, Erik"
    assert m.message_id == "CAF8x+abc123@mail.gmail.com"
    assert m.in_reply_to == "ig-circular-20240513@procuraplus.org"
    assert m.references == ("ig-intro-20240501@procuraplus.org", "ig-circular-20240513@procuraplus.org")
    assert isinstance(m.date, datetime) and m.date.tzinfo is not None
    assert m.text.startswith("Hello,") and "join the Circular procurement" in m.text
    assert "wrote:" not in m.text and "Dear participants" not in m.text
    assert "Strategic Procurement Officer" not in m.text  # after the "-- " line
    assert "Dear participants" in m.full_text
    assert m.language == "en"
    assert m.forwarded is None
    assert m.return_path == "anna.berg@stockholm.se"
    assert not m.auto.is_automatic


def test_authentication_results_kept_in_order() -> None:
    m = load("gmail_reply_en.eml")
    assert len(m.authentication_results) == 2
    assert m.authentication_results[0].startswith("mx.procuraplus.org;")
    results = parse_auth_results(m.authentication_results[0])
    assert [(r.method, r.result) for r in results] == [("dkim", "pass"), ("spf", "pass"), ("dmarc", "pass")]
    assert results[0].authserv_id == "mx.procuraplus.org"
    assert results[0].header_from == "stockholm.se"
    assert results[2].header_from == "stockholm.se"


def test_parse_auth_results_edge_cases() -> None:
    assert parse_auth_results("") == []
    assert parse_auth_results("example.org 1; none") == []
    r = parse_auth_results(
        "mx.google.com;\r\n dkim=pass header.i=@x.org header.s=s1 header.b=abc;\r\n"
        " spf=neutral (google.com: 1.2.3.4 is neither permitted (nor denied)) smtp.mailfrom=a@x.org;\r\n"
        ' dmarc=fail (p=QUARANTINE sp=NONE dis=NONE) header.from="X.org"'
    )
    assert [(x.method, x.result) for x in r] == [("dkim", "pass"), ("spf", "neutral"), ("dmarc", "fail")]
    assert r[2].header_from == "x.org"


def test_rfc2047_names_and_subject_decoded() -> None:
    m = load("rfc2047_names.eml")
    assert m.sender is not None
    assert m.sender.name == "Jürgen Schäfer"
    assert m.sender.addr == "juergen.schaefer@wien.gv.at"
    assert m.to[0].name == "Paweł Kowalski"
    assert m.reply_to[0].name == "Équipe Achats"
    assert m.subject == "Beitritt zur Gruppe „Kreislaufwirtschaft“"
    assert m.language == "de"


def test_missing_message_id_gets_stable_content_hash() -> None:
    raw = (FIXTURES / "missing_message_id.eml").read_bytes()
    a, b = parse(raw), parse(raw)
    assert a.message_id == b.message_id
    assert a.message_id.startswith("sha256-") and a.message_id.endswith("@mailbot.invalid")
    assert len(a.message_id.split("@")[0]) == len("sha256-") + 32
    assert parse(raw + b"\n").message_id != a.message_id
    assert "missing Message-ID" in a.defects


def test_unknown_charset_and_bad_date_are_defects_not_errors() -> None:
    m = load("unknown_charset.eml")
    assert m.date is None
    assert "Praha" in m.text
    assert any("charset" in d for d in m.defects)
    assert any("Date" in d for d in m.defects)


# --- new text in several languages ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "lang", "kept", "dropped"),
    [
        ("outlook_reply_de.eml", "de", "möchte gerne an der Interest Group", ["Mit freundlichen", "vertrauliche", "Von:", "Liebe Mitglieder"]),
        ("apple_reply_fr.eml", "fr", "souhaite rejoindre", ["Cordialement", "Envoyé de mon iPhone", "a écrit", "Répondez"]),
        ("thunderbird_reply_es.eml", "es", "quiere unirse", ["Saludos", "escribió", "Respondan"]),
        ("reply_it.eml", "it", "desidera aderire", ["Cordiali saluti", "ha scritto", "rispondete"]),
    ],
)
def test_replies_new_text(name: str, lang: str, kept: str, dropped: list[str]) -> None:
    m = load(name)
    assert kept in m.text
    for fragment in dropped:
        assert fragment not in m.text, fragment
    assert m.language == lang
    assert m.forwarded is None


def test_outlook_reply_sender_and_suppress_header_is_not_automatic() -> None:
    m = load("outlook_reply_de.eml")
    assert m.sender is not None and m.sender.name == "Müller, Thomas"
    assert m.to[0].name == ""  # "x@y" <x@y>: the name adds nothing
    assert not m.auto.is_automatic  # X-Auto-Response-Suppress alone is ordinary Outlook mail


def test_html_only_message_becomes_readable_text() -> None:
    m = load("html_only.eml")
    assert "Dear member," in m.full_text
    assert "Zero Emission Construction group & the Food group" in m.full_text
    assert "Café second" in m.full_text  # windows-1252 decoded
    assert "alert" not in m.full_text and "color: red" not in m.full_text and "Ignore me" not in m.full_text
    assert "Old text that was quoted" not in m.text
    assert "Kind regards" not in m.text
    assert m.subject == "Newsletter – May"


# --- forwards --------------------------------------------------------------------------


def test_rfc822_attachment_forward() -> None:
    m = load("forward_rfc822.eml")
    assert m.forwarded is not None and m.forwarded.kind == "attachment"
    assert m.forwarded.sender is not None and m.forwarded.sender.addr == "maria.silva@cm-lisboa.pt"
    assert m.forwarded.subject == "Joining the Food group"
    assert "Lisbon would like to join" in m.forwarded.text
    assert m.text == "Please add them, this came to my personal address."
    assert m.attachments == ("Joining the Food group.eml",)


@pytest.mark.parametrize(
    ("name", "addr", "subject", "original", "new_text"),
    [
        ("gmail_forward_de.eml", "lukas.weber@freiburg.de", "Anfrage Beitritt", "Stadt Freiburg möchte", "Bitte Freiburg in die Gruppe aufnehmen."),
        ("outlook_forward_fr.eml", "jean.moreau@ville-nantes.fr", "Adhésion groupe alimentation", "Nantes souhaite", "Pour traitement.\n\nClaire"),
        ("apple_forward_nl.eml", "s.bakker@rotterdam.nl", "Aanmelding", "Rotterdam wil graag", ""),
    ],
)
def test_inline_forwards(name: str, addr: str, subject: str, original: str, new_text: str) -> None:
    m = load(name)
    assert m.forwarded is not None and m.forwarded.kind == "inline"
    assert m.forwarded.sender is not None and m.forwarded.sender.addr == addr
    assert m.forwarded.subject == subject
    assert original in m.forwarded.text
    assert m.text == new_text


def test_outlook_header_block_without_forward_subject_is_a_quote() -> None:
    m = load("outlook_reply_de.eml")  # "AW:" with a Von/Gesendet block below
    assert m.forwarded is None
    assert "Einladung" not in m.text


# --- calendar, bounces, auto-replies ------------------------------------------------------


def test_imip_reply_accepted() -> None:
    m = load("imip_reply_outlook.eml")
    assert m.calendar is not None
    assert m.calendar.method == "REPLY"
    assert m.calendar.uid == "ig-circular-kickoff@procuraplus.org"
    assert m.calendar.sequence == 2
    assert m.calendar.attendee == "p.devries@utrecht.nl"
    assert m.calendar.partstat == "ACCEPTED"
    assert m.text == "Ik ben er bij."
    assert not m.auto.is_automatic


def test_calendar_line_fallback_for_broken_ics() -> None:
    broken = (
        "BEGIN:VCALENDAR\nMETHOD:REPLY\nBEGIN:VEVENT\nUID:abc-1\nSEQUENCE:x\n"
        "ATTENDEE;CN=A;PARTSTAT=DECLINED:MAILTO:A@B.ORG\nSUMMARY:Kick\n off\nDTSTART:garbage"
    )
    cal = parse_calendar(broken)
    assert cal is not None
    assert (cal.method, cal.uid, cal.attendee, cal.partstat) == ("REPLY", "abc-1", "a@b.org", "DECLINED")
    assert cal.summary == "Kickoff"
    assert parse_calendar("not a calendar") is None
    assert parse_calendar("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:u\nEND:VEVENT\nEND:VCALENDAR", "request").method == "REQUEST"


def test_dsn_bounce() -> None:
    m = load("dsn_bounce.eml")
    assert m.auto.is_bounce and m.auto.is_automatic
    assert m.auto.failed_recipients == ("old.contact@gemeente.example.nl",)
    assert m.return_path == ""
    assert m.sender is not None and m.sender.addr == "mailer-daemon@mx.procuraplus.org"
    assert m.auto.auto_submitted == "auto-replied"


@pytest.mark.parametrize("subject", [
    "Kan ikke leveres: Velkommen", "Mensagem não entregue: Convite", "Nedostavljeno sporočilo: Vabilo",
    "Nedoručitelná zpráva: Pozvánka", "Kézbesíthetetlen: Meghívó", "Δεν παραδόθηκε: Πρόσκληση",
    "Αποτυχία παράδοσης μηνύματος", "Poruka nije isporučena", "Ziņojumu nevarēja piegādāt",
])
def test_plain_bounce_from_a_mail_server_in_other_languages(subject: str) -> None:
    # No multipart/report: the server's own words and a daemon sender say it is a bounce, not an out-of-office.
    raw = (f"From: Mail Delivery System <mailer-daemon@mx.city.example>\r\nTo: procurement@procuraplus.example\r\n"
           f"Subject: {subject}\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <b1@mx.city.example>\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n\r\n550 5.1.1 user unknown\r\n").encode()
    m = parse(raw)
    assert m.auto.is_bounce


def test_exchanges_own_non_delivery_sender_is_a_daemon() -> None:
    # Exchange signs its plain-text non-delivery reports "MicrosoftExchange" and 32 hex digits.
    raw = ("From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@trencin.example>\r\n"
           "To: procurement@procuraplus.example\r\nSubject: Nedoručiteľné: Procura+ ICT – pozvánka\r\n"
           "Auto-Submitted: auto-replied\r\nPrecedence: bulk\r\nMessage-ID: <ndr@trencin.example>\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n\r\nDoručenie správy nebolo úspešné.\r\n"
           "  michal.benko@trencin.example\r\nRemote Server returned '550 5.1.10 RecipientNotFound'\r\n").encode()
    assert parse(raw).auto.is_bounce
    person = raw.replace(b"MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e", b"michal.exchange")
    assert not parse(person).auto.is_bounce


def test_out_of_office() -> None:
    m = load("out_of_office.eml")
    assert m.auto.is_automatic and not m.auto.is_bounce
    assert "Auto-Submitted: auto-replied" in m.auto.reasons
    assert not any("Suppress" in r for r in m.auto.reasons)


@pytest.mark.parametrize("subject", [
    "Frånvaro: Invitation: Circular procurement – group meeting", "Automatická odpověď: Pozvánka",
    "Αυτόματη απάντηση: Πρόσκληση", "Răspuns automat: Invitație", "Resposta automática: Convite",
])
def test_out_of_office_subject_in_other_languages(subject: str) -> None:
    raw = (f"From: a@city.example\r\nTo: procurement@procuraplus.example\r\nSubject: {subject}\r\n"
           "Message-ID: <ooo@city.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           "Jag är föräldraledig och är tillbaka den 1 april.\r\n").encode()
    m = parse(raw)
    assert m.auto.is_automatic and any("auto-reply" in r for r in m.auto.reasons)


def test_list_mail() -> None:
    m = load("list_mail.eml")
    assert m.auto.precedence == "list"
    assert m.auto.list_id == "members.lists.example.eu"
    assert any(r.startswith("List-Id:") for r in m.auto.reasons)


@pytest.mark.parametrize(
    ("headers", "automatic"),
    [
        ("Auto-Submitted: no\n", False),
        ("Auto-Submitted: auto-generated\n", True),
        ("Precedence: bulk\n", True),
        ("Precedence: first-class\n", False),
        ("X-Autoreply: yes\n", True),
        ("X-Autorespond: vacation\n", True),
        ("X-Auto-Response-Suppress: OOF\n", False),
        ("List-Post: <mailto:l@x.org>\n", True),
        ("Return-Path: <>\n", True),
        ("Subject: Out of Office: back Monday\n", True),
        ("Subject: Abwesenheitsnotiz: Urlaub\n", True),
    ],
)
def test_auto_signals(headers: str, automatic: bool) -> None:
    raw = ("From: a@x.org\nTo: b@y.org\n" + headers + "\nhello\n").encode()
    assert parse(raw).auto.is_automatic is automatic


def test_bounce_subject_from_daemon() -> None:
    raw = b"From: Mail Delivery Subsystem <MAILER-DAEMON@example.org>\nSubject: Mail delivery failed: returning message to sender\nX-Failed-Recipients: Gone@Example.NET\n\nx\n"
    m = parse(raw)
    assert m.auto.is_bounce
    assert m.auto.failed_recipients == ("gone@example.net",)


def test_ics_attachment_counts_as_calendar() -> None:
    raw = (
        b"From: a@x.org\nSubject: invite\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
        b"--b\nContent-Type: text/plain\n\nSee attached.\n"
        b"--b\nContent-Type: application/octet-stream; name=invite.ics\nContent-Disposition: attachment; filename=invite.ics\n\n"
        b"BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nBEGIN:VEVENT\r\nUID:u1\r\nSEQUENCE:3\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        b"--b--\n"
    )
    m = parse(raw)
    assert m.calendar is not None and (m.calendar.method, m.calendar.uid, m.calendar.sequence) == ("CANCEL", "u1", 3)
    assert m.attachments == ("invite.ics",)


# --- hostile input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00\xff\xfe",
        b"just some text without headers, I want to join the food group\n",
        b"From: <>\nTo: ,,,,\nCc: \"unterminated\nSubject: =?utf-8?q?broken\n\nbody",
        b"From: a@b\nMessage-ID:    \nContent-Type: multipart/mixed\n\nno boundary",
        b"Content-Type: text/plain; charset=\"\"\n\n\xe9\xe8",
        b"Date: Mon, 99 Foo 20245 99:99:99 +9999\nFrom: x\n\nx",
        b"Subject: " + b"A" * 100_000 + b"\n\n" + b"x",
        b"From: =?unknown-8bit?q?=FF?= <a@b.c>\n\nx",
        b"Content-Type: text/calendar; method=REPLY\n\nBEGIN:VCALENDAR\nATTENDEE;PARTSTAT=ACCEPTED:mailto:x@y.z\n",
    ],
)
def test_garbage_never_raises(raw: bytes) -> None:
    m = parse(raw)
    assert isinstance(m, ParsedMessage)
    assert m.size == len(raw)
    assert m.message_id


def test_plain_text_without_headers_keeps_body() -> None:
    m = parse(b"\nWe would like to join the Food group.\n")
    assert "join the Food group" in m.full_text


def test_deep_nesting_and_many_parts_are_capped() -> None:
    depth = 60
    raw = b"From: a@b.c\nMIME-Version: 1.0\n"
    for i in range(depth):
        raw += b"Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n" % (i, i)
    raw += b"Content-Type: text/plain\n\ndeep\n"
    for i in reversed(range(depth)):
        raw += b"--b%d--\n" % i
    m = parse(raw)
    assert isinstance(m, ParsedMessage)

    parts = b"".join(b"--x\nContent-Type: application/pdf\n\n%d\n" % i for i in range(1000))
    m = parse(b"From: a@b.c\nContent-Type: multipart/mixed; boundary=x\n\n" + parts + b"--x--\n")
    assert len(m.attachments) <= 200
    assert any("MIME parts" in d for d in m.defects)


def test_nested_rfc822_forwards_are_bounded() -> None:
    inner = b"From: z@z.z\nSubject: core\n\ncore text\n"
    for i in range(30):
        inner = (
            b"From: l%d@x.y\nSubject: level %d\nContent-Type: multipart/mixed; boundary=m%d\n\n--m%d\n"
            b"Content-Type: message/rfc822\n\n" % (i, i, i, i) + inner + b"\n--m%d--\n" % i
        )
    m = parse(inner)
    assert isinstance(m, ParsedMessage)


def test_huge_text_part_is_truncated() -> None:
    body = b"join the food group " * 200_000  # ~4 MB
    m = parse(b"From: a@b.c\nContent-Type: text/plain\n\n" + body)
    assert len(m.full_text) <= 2 * 1024 * 1024 + 10
    assert any("truncated" in d for d in m.defects)


_SEEDS = sorted(FIXTURES.glob("*.eml"))


def _mutate(raw: bytes, rnd: random.Random) -> bytes:
    data = bytearray(raw)
    op = rnd.randrange(4)
    if op == 0 and data:  # byte flips
        for _ in range(rnd.randint(1, 20)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
    elif op == 1:  # truncation
        data = data[: rnd.randrange(len(data) + 1)]
    elif op == 2:  # header duplication
        lines = bytes(data).split(b"\n")
        head = [line for line in lines[:30] if b":" in line]
        if head:
            dup = rnd.choice(head)
            lines.insert(rnd.randrange(min(len(lines), 30) + 1), dup)
        data = bytearray(b"\n".join(lines))
    else:  # splice two messages
        other = rnd.choice(_SEEDS).read_bytes()
        cut = rnd.randrange(len(data) + 1)
        data = data[:cut] + other[rnd.randrange(len(other) + 1):]
    return bytes(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    m = parse(raw)
    assert m.size == len(raw) and m.message_id


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_SEEDS), st.randoms(use_true_random=False))
def test_mutated_real_messages_never_raise(seed: Path, rnd: random.Random) -> None:
    raw = _mutate(seed.read_bytes(), rnd)
    m = parse(raw)
    assert m.size == len(raw) and m.message_id
    assert isinstance(m.defects, tuple)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=2000))
def test_text_bodies_never_raise(body: str) -> None:
    raw = b"From: a@b.c\nSubject: x\nContent-Type: text/plain; charset=utf-8\n\n" + body.encode("utf-8", "surrogatepass")
    parse(raw)


@pytest.mark.parametrize(
    "body",
    [
        "On " * 20000,  # catastrophic backtracking bait for "On … wrote:" patterns
        ("On " * 66 + "\n") * 2000,
        "-" * 100_000,  # separator-line bait
        ":" * 100_000,
        "x@y.z " * 50_000,  # address-stripping bait in language detection
        "Best regards\n" * 10_000,  # closing-line bait
        "From: x\nSent: y\n" * 10_000,
    ],
    ids=["on-on", "on-lines", "dashes", "colons", "addresses", "regards", "headers"],
)
def test_pathological_bodies_stay_fast(body: str) -> None:
    import time

    start = time.perf_counter()
    parse(b"From: a@b.c\nSubject: Fwd: x\n\n" + body.encode())
    assert time.perf_counter() - start < 3.0


def test_bottom_posted_reply_keeps_new_text() -> None:
    raw = b"From: a@b.c\nSubject: Re: Test\n\nOn 04/02/2012 06:26 PM, Megan One wrote:\n> Hi\nHello, we join.\n"
    m = parse(raw)
    assert m.forwarded is None
    assert m.text == "Hello, we join."


def test_a_base64_body_with_crlf_keeps_the_new_text_a_prefix_of_the_whole() -> None:
    # The sender's CRLFs survive base64: the tail after the new text (a mailing's footer) must still be found.
    body = "Hi there,\r\n\r\nWould you be open to a call?\r\n\r\nBest,\r\nDan\r\n\r\nJust reply \"unsubscribe\".\r\n"
    raw = ("From: Dan <dan@vendor.example>\r\nTo: procurement@procuraplus.example\r\nSubject: Quick question\r\n"
           "Message-ID: <crlf@vendor.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
           "Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(body.encode()).decode()).encode()
    msg = parse(raw)
    assert "\r" not in msg.full_text and msg.full_text.startswith(msg.text) and "unsubscribe" in msg.full_text
