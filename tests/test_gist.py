"""gist.py: thank-you notes and sales pitches, and the rules that keep them from being acknowledged."""

from __future__ import annotations

from pathlib import Path

import pytest

from conversation import STAFF, Conversation, mail, sent_to
from mailbot.intents import gist
from mailbot.mail import parse as message

ROOT = Path(__file__).resolve().parents[1]


def parsed(subject: str, body: str, frm: str = "someone@city.example") -> message.ParsedMessage:
    return message.parse(mail(frm, subject, body))


@pytest.mark.parametrize("subject,body", [
    ("Gracias", "Muchas gracias por la presentación de ayer, fue muy útil.\n\nJordi"),
    ("Re: welcome", "Thank you, that is great!\n\nAnna"),
    ("Danke", "Vielen Dank für die schnelle Antwort.\n\nKatrin"),
    ("Merci", "Merci beaucoup pour ces informations.\n\nClaire"),
    ("Kiitos", "Kiitos paljon, tämä auttoi.\n\nMikko"),
    ("Dziękuję", "Dziękuję bardzo za pomoc.\n\nAnna"),
    ("Ευχαριστώ", "Ευχαριστώ πολύ για τις πληροφορίες.\n\nΜαρία"),
    ("Thanks", "Go raibh maith agat as an eolas.\n\nSeán"),
])
def test_thanks(subject, body):
    assert gist.is_thanks(parsed(subject, body))


@pytest.mark.parametrize("subject,body", [
    ("Thanks", "Thank you! Could you also add us to the circular procurement group?"),
    ("Danke", "Danke. Bitte tragen Sie uns auch in die Gruppe ein."),
    ("Question", "When is the next meeting of the ICT group?"),
    ("Thanks", "Thanks for the call. " + "We have discussed the tender criteria at length. " * 8),
    ("Join", "We would like to join the circular procurement group."),
])
def test_not_only_thanks(subject, body):
    assert not gist.is_thanks(parsed(subject, body))


def test_sales_pitch():
    raw = (ROOT / "mailbot" / "examples" / "unknown-en-sales-pitch.eml").read_bytes()
    assert gist.is_sales(message.parse(raw))
    assert len(gist.sales_signals(message.parse(raw))) >= 2


@pytest.mark.parametrize("subject,body", [
    ("Circular procurement", "We would like to join the circular procurement group.\n\nKatrin"),
    ("Question", "Our procurement team asks: is there a group on catering? We have a discount scheme for schools."),
])
def test_buyers_are_not_pitches(subject, body):
    assert not gist.is_sales(parsed(subject, body))


def test_pitch_and_thanks_get_no_acknowledgement(tmp_path):
    """The rules (config.toml) send a pitch to staff only and ignore a thank-you; nobody hears 'we will get back to you'."""
    conv = Conversation(tmp_path)
    pitch = (ROOT / "mailbot" / "examples" / "unknown-en-sales-pitch.eml").read_bytes()
    thanks = (ROOT / "mailbot" / "examples" / "unknown-es-thanks.eml").read_bytes()
    out = conv.send(pitch)
    assert not sent_to(out, "greg@refurbtech.example")
    assert sent_to(out, STAFF)  # staff see it in triage
    out = conv.send(thanks)
    assert not out  # nothing to answer, nobody to tell
