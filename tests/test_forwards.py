"""mailbot.mail.forwards: inline forward detection."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailbot.mail.forwards import find_forward, is_forward_subject, sender_from_value
from mailbot.core.model import Address

ORIGINAL = "We would like to join the Food group."


@pytest.mark.parametrize(
    "header",
    [
        "---------- Forwarded message ---------\nFrom: Ann Lee <ann@city.org>\nDate: Mon, Jun 3, 2024 at 10:00 AM\nSubject: Join\nTo: <staff@pp.org>",
        "---------- Weitergeleitete Nachricht ---------\nVon: Ann Lee <ann@city.org>\nDatum: Montag, 3. Juni 2024\nBetreff: Join\nAn: staff@pp.org",
        "-------- Forwarded Message --------\nSubject: \tJoin\nDate: \tMon, 3 Jun 2024 10:00:00 +0200\nFrom: \tAnn Lee <ann@city.org>\nTo: \tstaff@pp.org",
        "-------- Message transféré --------\nSujet : \tJoin\nDate : \tMon, 3 Jun 2024\nDe : \tAnn Lee <ann@city.org>\nPour : \tstaff@pp.org",
        "Begin forwarded message:\n\nFrom: Ann Lee <ann@city.org>\nSubject: Join\nDate: 3 June 2024 at 10:00:00 CEST\nTo: staff@pp.org",
        "> Anfang der weitergeleiteten Nachricht:\n>\n> Von: Ann Lee <ann@city.org>\n> Betreff: Join\n> Datum: 3. Juni 2024\n> An: staff@pp.org\n>",
        "> Début du message réexpédié :\n>\n> De: Ann Lee <ann@city.org>\n> Objet: Join\n> Date: 3 juin 2024\n> À: staff@pp.org\n>",
        "---------- Mensaje reenviado ---------\nDe: Ann Lee <ann@city.org>\nFecha: lunes, 3 de junio\nAsunto: Join\nPara: staff@pp.org",
        "---------- Messaggio inoltrato ---------\nDa: Ann Lee <ann@city.org>\nData: lunedì 3 giugno\nOggetto: Join\nA: staff@pp.org",
        "________________________________\nVan: Ann Lee <ann@city.org>\nVerzonden: maandag 3 juni 2024 10:00\nAan: staff@pp.org\nOnderwerp: Join",
        "Från: Ann Lee <ann@city.org>\nSkickat: den 3 juni 2024 10:00\nTill: staff@pp.org\nÄmne: Join",
        "Od: Ann Lee <ann@city.org>\nWysłano: poniedziałek, 3 czerwca 2024 10:00\nDo: staff@pp.org\nTemat: Join",
        "________________________________\nOd: Ann Lee <ann@city.org>\nWysłane: wtorek, 4 czerwca 2024 09:10\nDo: staff@pp.org\nTemat: Join",
        "De: Ann Lee <ann@city.org>\nEnviada: 3 de junho de 2024 10:00\nPara: staff@pp.org\nAssunto: Join",
        "*From:* Ann Lee <ann@city.org>\n*Sent:* Monday, June 3, 2024 10:00 AM\n*To:* staff@pp.org\n*Subject:* Join",
        "  ----- Forwarded Message ----- From: Ann Lee <ann@city.org>To: staff@pp.org Sent: Monday, June 3, 2024Subject: Join",
        "---------- Persiųstas laiškas ---------\nNuo: Ann Lee <ann@city.org>\nDate: 2026 m. geg. 6 d.\nSubject: Join\nTo: <staff@pp.org>",
        "---------- Препратено съобщение ---------\nОт: Ann Lee <ann@city.org>\nДата: 6 май 2026\nОтносно: Join\nДо: staff@pp.org",
    ],
)
def test_forward_styles(header: str) -> None:
    fwd = find_forward(header + "\n\n" + ORIGINAL + "\n")
    assert fwd is not None
    assert fwd.sender == Address("ann@city.org", "Ann Lee")
    assert fwd.subject == "Join"
    assert fwd.text.lstrip("> ").startswith(ORIGINAL)
    assert fwd.kind == "inline"


def test_text_above_explicit_forward_is_allowed() -> None:
    body = "Please handle.\n\n---------- Forwarded message ---------\nFrom: a@b.org\nSubject: s\nTo: c@d.org\n\nhello"
    fwd = find_forward(body)
    assert fwd is not None and fwd.sender == Address("a@b.org")


def test_reply_style_marker_needs_forward_subject_when_text_above() -> None:
    body = "Agreed.\n\nFrom: Ann Lee <ann@city.org>\nSent: Monday\nTo: me@x.org\nSubject: Join\n\nold"
    assert find_forward(body) is None
    fwd = find_forward(body, subject="FW: Join")
    assert fwd is not None and fwd.sender is not None and fwd.sender.addr == "ann@city.org"


@pytest.mark.parametrize("note", ["Reencaminho o pedido de Setúbal – querem entrar no grupo de mercado.",
                                  "Forwarding Leeds' request, see below.", "Ich leite euch die Anfrage aus Ulm weiter.",
                                  "Προωθώ το παρακάτω μήνυμα."])
def test_a_short_note_that_says_it_forwards_makes_a_reply_marker_a_forward(note: str) -> None:
    body = (f"{note}\nInês\n\n-----Mensagem original-----\nDe: Carla Pinto <carla@setubal.example>\n"
            "Enviada: quinta-feira, 15 de maio de 2025 17:44\nPara: Inês <ines@procuraplus.example>\nAssunto: Procura+\n\n"
            "O Município de Setúbal quer entrar no grupo.")
    fwd = find_forward(body, subject="RE: Procura+")
    assert fwd is not None and fwd.sender is not None and fwd.sender.addr == "carla@setubal.example"


def test_a_reply_above_an_original_message_stays_a_reply() -> None:
    body = ("Yes, that date works for us.\n\n-----Original Message-----\nFrom: Ann <ann@procuraplus.example>\n"
            "Sent: Monday\nTo: me@x.org\nSubject: Meeting\n\nold")
    assert find_forward(body, subject="RE: Meeting") is None


def test_greek_outlook_forward_with_text_above() -> None:
    # Outlook in Greek marks the forward only by its subject prefix ("ΠΡΘ:") and a header block.
    block = ("\n\nΑπό: Ann Lee <ann@city.org>\nΣτάλθηκε: Τετάρτη, 11 Νοεμβρίου 2026\n"
             "Προς: staff@pp.org\nΘέμα: Join\n\n" + ORIGINAL)
    assert find_forward("Συμφωνώ με την πρόταση." + block) is None  # a reply's note, no prefix: a reply
    body = "Σας στέλνω το παρακάτω μήνυμα." + block
    fwd = find_forward(body, subject="ΠΡΘ: Join")
    assert fwd is not None and fwd.sender == Address("ann@city.org", "Ann Lee")


@pytest.mark.parametrize("sent", ["Enviado el", "Enviada em", "Enviat el"])
def test_outlooks_two_word_sent_label_under_a_note(sent: str) -> None:
    # Outlook in Spanish, Portuguese and Catalan writes "Sent:" as two words.
    body = ("Hola, reenvío esta solicitud de Murcia.\nGracias, Carmen\n\nDe: Francisco Sánchez <fs@murcia.example>\n"
            f"{sent}: martes, 18 de febrero de 2025 13:55\nPara: Secretariat <s@pp.org>\nAsunto: Adhesión\n\n" + ORIGINAL)
    fwd = find_forward(body, subject="RV: Adhesión")
    assert fwd is not None and fwd.sender == Address("fs@murcia.example", "Francisco Sánchez")


def test_wrote_line_at_top_counts_as_forward() -> None:
    body = '\ufeffAm 28/10/2021, 12:46 schrieb "John Doe" <john.doe@acme.com>:\n\n    Hello there\n    second line\n'
    fwd = find_forward(body)
    assert fwd is not None and fwd.sender == Address("john.doe@acme.com", "John Doe")
    assert fwd.text == "Hello there\nsecond line"


def test_plain_text_is_not_a_forward() -> None:
    assert find_forward("From: the City of Oslo, we want to join.\nThanks") is None
    assert find_forward("") is None
    assert find_forward("Subject: our interest\nWe'd like to join") is None


@pytest.mark.parametrize(
    ("subject", "expected"),
    [("Fwd: x", True), ("FW: x", True), ("WG: x", True), ("TR: x", True), ("RV: x", True), ("Re: Fwd: x", True),
     ("Doorst: x", True), ("ΠΡΘ: x", True), ("PŘED: x", True), ("TOV: x", True), ("Re: x", False),
     ("Forward planning", False), ("", False)],
)
def test_is_forward_subject(subject: str, expected: bool) -> None:
    assert is_forward_subject(subject) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("John Doe <john.doe@acme.com>", Address("john.doe@acme.com", "John Doe")),
        ('"Doe, John" <John.Doe@Acme.com>', Address("john.doe@acme.com", "Doe, John")),
        ("John Doe [mailto:john.doe@acme.com]", Address("john.doe@acme.com", "John Doe")),
        (
            "John Doe<mailto:john.doe@acme.com> <john.doe@acme.com<mailto:john.doe@acme.com>> on behalf of x@y.z",
            Address("john.doe@acme.com", "John Doe"),
        ),
        ("john.doe@acme.com", Address("john.doe@acme.com")),
        ("John Doe", Address("", "John Doe")),
        ("", None),
    ],
)
def test_sender_from_value(value: str, expected: Address | None) -> None:
    assert sender_from_value(value) == expected


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=2000), st.text(max_size=40))
def test_find_forward_never_raises(text: str, subject: str) -> None:
    find_forward(text, subject=subject)


def test_bottom_posted_reply_is_not_a_forward() -> None:
    body = "On 04/02/2012 06:26 PM, Megan One <m@x.org> wrote:\n> Hi\nHello"
    assert find_forward(body) is None


@pytest.mark.parametrize("phrase, subject", [
    ("Alkuperäinen tapaaminen", "VS: Circular procurement – study visit"),  # Finnish "Re:", Danish "Fwd:"
    ("Original Appointment", "Fwd: Circular procurement – study visit"),
    ("Ursprünglicher Termin", "WG: Circular procurement – Treffen"),
    ("Appuntamento originale", "I: Market and Supplier Development – call"),
    ("Pôvodná schôdzka", "RE: Circular procurement – online stretnutie"),
    ("Ursprunglig avtalad tid", "SV: Circular procurement IG – construction materials session"),
])
def test_outlooks_original_appointment_under_an_answer_is_a_reply(phrase: str, subject: str) -> None:
    # Outlook quotes the invitation it answers so; the text above answers it, whatever the prefix.
    text = (f"Osallistun, myös illalliselle.\n\n-----{phrase}-----\nFrom: Pieter de Vries <p@rotterdam.example>\n"
            "Sent: Monday, 10 March 2025 09:30\nTo: Procura+ Interest Groups\nSubject: Study visit\n"
            "When: Wednesday, 4 June 2025 09:00-17:00\nWhere: Stadhuis Rotterdam\n\nPlease confirm.\n")
    assert find_forward(text, subject) is None


def test_an_original_appointment_with_nothing_above_is_still_forwarded() -> None:
    text = ("-----Original Appointment-----\nFrom: Pieter de Vries <p@rotterdam.example>\n"
            "Sent: Monday, 10 March 2025 09:30\nTo: Procura+ Interest Groups\nSubject: Study visit\n\nPlease confirm.\n")
    assert find_forward(text, "Fwd: Study visit") is not None


def test_a_latvian_forward_prefix_marks_a_forward():
    from mailbot.mail.forwards import is_forward_subject

    assert is_forward_subject("Pārsūtīt: Jautājums par ICT grupu")
    assert not is_forward_subject("Pārskats par ICT grupu")  # "review", no prefix


@pytest.mark.parametrize("when", ["Milloin", "When", "Wann", "Kdy"])
def test_an_answer_above_a_bare_header_block_with_a_when_line_is_a_reply(when: str) -> None:
    # Finnish Outlook answers "VS: …" (Finnish "Re:", Danish "Fwd:") over a bare header block; its
    # "Milloin:" (When) line says it is the invitation being answered (set AZ)
    text = ("Hei,\nen valitettavasti pääse 25.3. paikalle Rotterdamiin.\nJohanna\n\n"
            "Lähettäjä: Procura+ Secretariat <secretariat@procuraplus.example>\n"
            "Lähetetty: tiistai 18. helmikuuta 2025 14.40\nVastaanottaja: Johanna Virtanen\n"
            f"Aihe: Circular procurement – workshop Rotterdam\n{when}: 25. maaliskuuta 2025 10.00–16.00\n"
            "Missä: Rotterdam City Hall\n\nDear members, you are invited …\n")
    assert find_forward(text, "VS: Circular procurement – workshop Rotterdam") is None


def test_a_forward_of_a_mail_with_no_when_line_is_still_a_forward() -> None:
    text = ("Välitän tämän sinulle.\n\nLähettäjä: Liisa Mäki <liisa@tampere.example>\n"
            "Lähetetty: tiistai 18. helmikuuta 2025 14.40\nVastaanottaja: Procura+\nAihe: Liittyminen\n\n"
            "Haluamme liittyä kiertotalousryhmään.\n")
    assert find_forward(text, "VS: Liittyminen") is not None


def test_an_irish_gmail_forward_separator_and_date_label() -> None:
    # "Teachtaireacht curtha ar aghaidh" (message forwarded), "Dáta:" (date): a forward under a note
    body = ("Seo iarratas ó Chomhairle Contae Chiarraí. Cuir leis an ngrúpa iad, le do thoil.\n\nNóra\n\n"
            "---------- Teachtaireacht curtha ar aghaidh ---------\nÓ: Tomás Ó Súilleabháin <tos@kerry.example>\n"
            "Dáta: Déar, 10 Aib 2025 ag 14:22\nÁbhar: Grúpa TFC\nChuig: <secretariat@pp.org>\n\n" + ORIGINAL)
    fwd = find_forward(body, subject="Fwd: Grúpa TFC")
    assert fwd is not None and fwd.sender == Address("tos@kerry.example", "Tomás Ó Súilleabháin")
