"""mail/dsn.py: Mailman's detectors, and what they log on malformed mail."""

from __future__ import annotations

import email
import email.policy
import logging
from pathlib import Path

from mailbot.mail import dsn
from mailbot.mail.parse import parse

NO_FROM = b"To: procurement@procuraplus.example\r\nSubject: Undelivered Mail\r\n\r\nhello\r\n"


def _msg(raw: bytes):
    return email.message_from_bytes(raw, policy=email.policy.default)


def test_detectors_log_nothing_at_info_even_when_one_trips(caplog):
    # flufl.bounce's Yale detector raises IndexError on an empty From and logs it at ERROR
    with caplog.at_level(logging.INFO):
        assert dsn.detect(_msg(NO_FROM)) == ([], [], [])
    assert not [r for r in caplog.records if r.levelno >= logging.INFO], caplog.text


def test_the_trip_shows_at_debug_when_asked(caplog):
    with caplog.at_level(logging.DEBUG, logger="flufl.bounce"):
        dsn.detect(_msg(NO_FROM))
    trips = [r for r in caplog.records if r.name == "flufl.bounce"]
    assert trips and all(r.levelno == logging.DEBUG for r in trips)


def test_a_daemons_plain_notice_with_a_permanent_status_is_a_bounce_in_any_language() -> None:
    # No DSN, a subject in Latvian: the "552 5.2.2" line says it, and names who failed.
    raw = ("From: Pasta sistēma <mailer-daemon@pasts.tukums.example>\r\nTo: procurement@procuraplus.example\r\n"
           "Subject: =?utf-8?q?V=C4=93stule_netika_pieg=C4=81d=C4=81ta?=\r\nMessage-ID: <n1@pasts.tukums.example>\r\n"
           "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
           "Jūsu vēstuli neizdevās piegādāt šim adresātam:\r\n"
           "  <liga.ozola@tukums.example>: 552 5.2.2 pastkaste ir pilna\r\n").encode()
    msg = parse(raw)
    assert msg.auto.is_bounce and "liga.ozola@tukums.example" in msg.auto.failed_recipients


def test_a_persons_mail_quoting_a_status_code_is_no_bounce() -> None:
    raw = ("From: Ann <ann@city.example>\r\nTo: procurement@procuraplus.example\r\nSubject: Our server\r\n"
           "Message-ID: <n2@city.example>\r\nContent-Type: text/plain\r\n\r\n"
           "Our server answered 550 5.1.1 when we wrote to the facilitator.\r\n").encode()
    assert not parse(raw).auto.is_bounce


def test_an_html_only_daemon_notice_names_the_recipient_listed_above_its_status() -> None:
    # Exchange: no DSN, no text part, the address on a line of its own above "550 5.1.10"; its
    # Auto-Submitted: auto-replied must not make it an out-of-office reply
    from pathlib import Path

    raw = (Path(__file__).parent / "fixtures" / "message" / "exchange-ndr-html-only-fi.eml").read_bytes()
    msg = parse(raw)
    assert msg.auto.is_bounce and msg.auto.failed_recipients == ("minna.virtanen@espoo.example",)


def test_an_address_far_above_the_status_is_not_taken_for_the_failed_one() -> None:
    raw = ("From: postmaster@mail.city.example\r\nTo: procurement@procuraplus.example\r\nSubject: Notice\r\n"
           "Message-ID: <n3@city.example>\r\nContent-Type: text/plain\r\n\r\n"
           "helpdesk@city.example\r\n" + "Line\r\n" * 8 + "Server said: 550 5.1.1 unknown\r\n").encode()
    msg = parse(raw)
    assert msg.auto.is_bounce and msg.auto.failed_recipients == ()


def test_exchanges_ndr_header_marks_a_notice_from_a_plain_microsoftexchange_sender() -> None:
    from pathlib import Path

    raw = (Path(__file__).parent / "fixtures" / "message" / "exchange-ndr-el-no-daemon-name.eml").read_bytes()
    msg = parse(raw)
    assert msg.auto.is_bounce and msg.auto.failed_recipients == ("m.papadaki@larisa.example",)
    assert "X-MS-Exchange-Message-Is-Ndr" in msg.auto.reasons


def test_a_no_reply_senders_mail_is_automatic_and_its_words_ask_nothing() -> None:
    # a helpdesk's receipt quoting our subject ("… Circular procurement …" and "añadir información")
    # from no-reply@: an automatic acknowledgement, never a join for a facilitator
    from mailbot.core.config import load
    from mailbot.intents.detector import detect

    cfg = load(str(Path(__file__).resolve().parents[1] / "config.toml"))
    raw = ("From: CAU <no-reply@sevilla.example>\r\nTo: procurement@procuraplus.example\r\n"
           "Subject: [INC-2026-0042] Hemos recibido su solicitud\r\nMessage-ID: <n4@sevilla.example>\r\n"
           "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
           "Su solicitud ha sido registrada con el número INC-2026-0042 y será atendida en 5 días hábiles.\r\n"
           "Asunto: Procura+ Circular procurement – unirse al grupo\r\n"
           "Por favor, no responda a este mensaje. Para añadir información, acceda al portal.\r\n").encode()
    msg = parse(raw)
    assert msg.auto.is_automatic and not msg.auto.is_bounce
    assert detect(msg, cfg).name == "auto_reply"


def test_a_persons_role_address_is_not_taken_for_a_robot() -> None:
    raw = ("From: procurement-admin@city.example\r\nTo: procurement@procuraplus.example\r\nSubject: Join\r\n"
           "Message-ID: <n5@city.example>\r\nContent-Type: text/plain\r\n\r\nPlease add us to the ICT group.\r\n").encode()
    assert not parse(raw).auto.is_automatic
