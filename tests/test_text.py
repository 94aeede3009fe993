"""mailbot.mail.text: HTML to text, new-text extraction, language detection."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mailbot.mail.text import detect_language, html_to_text, strip_reply

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def test_html_to_text_blocks_entities_and_scripts() -> None:
    html = (
        "<html><head><style>.x{}</style></head><body><script>var a=1;</script>"
        "<p>One&nbsp;&amp;&#32;two</p><div>Three<br/>Four</div><table><tr><td>a</td><td>b</td></tr></table>"
        "<blockquote><p>quoted</p></blockquote></body></html>"
    )
    text = html_to_text(html)
    assert text.splitlines()[0] == "One & two"
    assert "Three\nFour" in text
    assert "a b" in text
    assert "> quoted" in text
    assert "var a" not in text and ".x" not in text


def test_html_to_text_survives_broken_markup() -> None:
    assert html_to_text("<p>unclosed <b>bold <div").startswith("unclosed bold")
    assert html_to_text("") == ""


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Yes please.\n\nOn Mon, 3 Jun 2024 at 10:00, Bob <b@x.org> wrote:\n> old", "Yes please."),
        ("Ja, gerne.\n\nAm 03.06.2024 um 10:00 schrieb Bob <b@x.org>:\n> alt", "Ja, gerne."),
        ("Oui.\n\nLe lun. 3 juin 2024 à 10:00, Bob <b@x.org> a écrit :\n> ancien", "Oui."),
        ("Sí.\n\nEl lun, 3 jun 2024 a las 10:00, Bob (<b@x.org>) escribió:\n> viejo", "Sí."),
        ("Sì.\n\nIl giorno lun 3 giu 2024 alle ore 10:00 Bob <b@x.org> ha scritto:\n> vecchio", "Sì."),
        ("Ja.\n\nOp ma 3 jun. 2024 om 10:00 schreef Bob <b@x.org>:\n> oud", "Ja."),
        ("Ok.\n\n-----Original Message-----\nFrom: Bob\nSent: Monday\nTo: Me\nSubject: x\n\nold", "Ok."),
        ("Ok.\n\nFrom: Bob <b@x.org>\nSent: Monday, June 3, 2024 10:00 AM\nTo: Me\nSubject: x\n\nold", "Ok."),
        ("Ok.\n\nVon: Bob <b@x.org>\nGesendet: Montag, 3. Juni 2024 10:00\nAn: Ich\nBetreff: x\n\nalt", "Ok."),
        ("Ok.\n\nDe : Bob <b@x.org>\nEnvoyé : lundi 3 juin 2024 10:00\nÀ : Moi\nObjet : x\n\nancien", "Ok."),
        ("Join us.\n\n-- \nBob\nCity of X", "Join us."),
        ("Join us.\n\nSent from my iPhone", "Join us."),
        ("Join us.\n\nVon meinem iPhone gesendet", "Join us."),
        ("Join us.\n\nBest regards,\nBob Smith\nCity of X", "Join us."),
        ("Wir treten bei.\n\nMit freundlichen Grüßen\nBob", "Wir treten bei."),
        ("Nous adhérons.\n\nCordialement,\nBob", "Nous adhérons."),
        ("Nos unimos.\n\nSaludos,\nBob", "Nos unimos."),
        ("Aderiamo.\n\nCordiali saluti\nBob", "Aderiamo."),
        ("We doen mee.\n\nMet vriendelijke groet,\nBob", "We doen mee."),
        (
            "Join us.\n\nCONFIDENTIALITY NOTICE: This e-mail is confidential and intended only for the addressee.",
            "Join us.",
        ),
    ],
)
def test_strip_reply(body: str, expected: str) -> None:
    assert strip_reply(body) == expected


@pytest.mark.parametrize(
    "notice",
    [
        "Ez az e-mail és mellékletei bizalmas információkat tartalmazhatnak, és kizárólag a címzett részére szólnak. "
        "Amennyiben nem Ön a címzett, kérjük, értesítse a feladót, és törölje az üzenetet.",
        "Acest mesaj și eventualele atașamente pot conține informații confidențiale. Dacă l-ați primit din greșeală, "
        "vă rugăm să anunțați expeditorul și să îl ștergeți.",
        "Ova poruka je povjerljiva. Ako niste namjeravani primatelj, molimo obavijestite pošiljatelja i izbrišite poruku.",
        "Detta e-postmeddelande är konfidentiellt och endast avsett för mottagaren. " + "Om du fått det av misstag, radera det. " * 12,
    ],
)
def test_strip_reply_cuts_confidentiality_notices_in_other_languages(notice: str) -> None:
    # Their "delete this message" once read as a request to leave the group.
    body = f"We would like to join.\n\nBest regards,\nBob\nCity of X\n\n{notice}"
    assert strip_reply(body) == "We would like to join."
    assert strip_reply(f"We would like to join.\n{notice}") == "We would like to join."


def test_strip_reply_never_eats_bottom_posted_reply() -> None:
    body = "On Mon, 3 Jun 2024 at 10:00, Bob <b@x.org> wrote:\n> Will you join?\n\nYes, we will join the Food group."
    assert strip_reply(body) == "Yes, we will join the Food group."


def test_strip_reply_keeps_the_reply_below_a_greeting_and_the_quote() -> None:
    # Gmail bottom-posting with a greeting typed above the quote: the answer is below it.
    body = ("Ciao a tutti,\n\nIl giorno mar 5 mag 2026 alle ore 10:00 Bot <b@x.org> ha scritto:\n"
            "> The Market group is still open.\n\nSì, vorremmo entrare nel gruppo Market.\n")
    assert strip_reply(body) == "Ciao a tutti,\n\nSì, vorremmo entrare nel gruppo Market."
    # A real top-posted answer is still cut at the quote.
    top = "Yes, we will come.\n\nOn Mon, 3 Jun 2024 at 10:00, Bob <b@x.org> wrote:\n> Will you come?\n\nBob"
    assert strip_reply(top) == "Yes, we will come."


def test_strip_reply_keeps_text_that_merely_mentions_closing_words() -> None:
    body = "Thanks, we would like to join the Food group.\nBest practice guides are welcome too."
    assert strip_reply(body) == body


def test_strip_reply_long_text_after_thanks_is_kept() -> None:
    paragraphs = "\n".join(f"Paragraph {i} about procurement." for i in range(15))
    body = "Hello,\n\nThanks!\n" + paragraphs
    assert "Paragraph 14" in strip_reply(body)


def test_strip_reply_removes_interleaved_quotes() -> None:
    assert strip_reply("> question?\nanswer\n> another?\nsecond answer") == "answer\nsecond answer"


def test_strip_reply_on_reply_corpus_never_raises_or_grows() -> None:
    folders = [CORPUS / "zapier-email-reply-parser", CORPUS / "mail-parser-reply"]
    files = [p for d in folders if d.is_dir() for p in d.iterdir() if p.is_file()]
    if not files:
        pytest.skip("reply corpus absent")
    nonempty = 0
    for p in files:
        text = p.read_text(encoding="utf-8", errors="replace")
        out = strip_reply(text)
        assert len(out) <= len(text)
        nonempty += bool(out)
    assert nonempty >= 0.8 * len(files)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("We would like to join the interest group on circular procurement.", "en"),
        ("Wir möchten gerne der Interessengruppe für Kreislaufwirtschaft beitreten.", "de"),
        ("Nous souhaitons rejoindre le groupe d'intérêt sur les achats durables.", "fr"),
        ("Queremos unirnos al grupo de interés de compra pública innovadora.", "es"),
        ("Desideriamo aderire al gruppo di interesse sugli appalti verdi.", "it"),
        ("Wij willen graag deelnemen aan de werkgroep circulair inkopen.", "nl"),
        ("Vi vill gärna gå med i intressegruppen för cirkulär upphandling.", "sv"),
        ("Chcielibyśmy dołączyć do grupy zainteresowań zamówień publicznych.", "pl"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["", "ok", "Yes!", "12345 678", "http://x.org/a a@b.c"])
def test_detect_language_too_short(text: str) -> None:
    assert detect_language(text) == ""


def test_detect_language_does_not_touch_global_model() -> None:
    import py3langid

    detect_language("Wir möchten gerne der Interessengruppe beitreten.")
    # the module-level identifier is untouched: Japanese is still a candidate
    assert py3langid.classify("これは日本語の文章です。")[0] == "ja"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=3000))
def test_text_helpers_never_raise(text: str) -> None:
    out = strip_reply(text)
    assert len(out) <= len(text)
    html_to_text(text)
    detect_language(text)


# --- the reply-header search's fast path -------------------------------------------------------

_REPLY_BITS = st.sampled_from([
    "\n", "\n\n", "> ", ">", " ", ":", "On Mon, 3 Jun 2024, Ann <a@b.example> wrote:", "Am 3. Juni schrieb Bob:",
    "Le 3 juin 2024, Anne a écrit :", "From: Ann", "Sent: Monday", "To: Bob", "Subject: hi", "Von: Ann",
    "Betreff: x", "-----Original Message-----", "-----Oprindelig meddelelse-----", "Fra: x", "Sendt: y",
    "Od: x", "Temat: y", "* ", "hello", "text", "DE: ", "wrote:", "schrieb", "Il giorno", "ha scritto:",
])


def _same_search(text: str) -> None:
    from mailbot.mail.text import _reply_header_regex, _search_at_line_starts

    regex = _reply_header_regex()
    if regex is None:
        pytest.skip("mail-parser-reply is not installed")
    slow, fast = regex.search(text), _search_at_line_starts(regex, text)
    assert (slow and (slow.span(), slow.groups())) == (fast and (fast.span(), fast.groups()))


@settings(max_examples=400, deadline=None)
@given(st.lists(_REPLY_BITS, max_size=30).map("".join))
@example("hello -----Oprindelig meddelelse-----\nFra: x\nSendt: y\n")  # the one match that starts mid-line
@example("intro\n> > From: Ann\n> > Sent: Monday\nrest")
def test_reply_header_fast_search_finds_what_the_plain_search_finds(text: str) -> None:
    """Trying the pattern only at line starts is an optimisation, never a change of result."""
    _same_search(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_reply_header_fast_search_on_any_text(text: str) -> None:
    _same_search(text)


def test_reply_header_fast_search_on_the_corpus() -> None:
    from test_corpus import corpus_dir

    root = corpus_dir()
    checked = 0
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in ("", ".txt", ".eml", ".msg")):
        text = path.read_bytes()[:20_000].decode("utf-8", "replace")
        _same_search("\n".join("" if len(line) > 200 else line for line in text.split("\n")))
        checked += 1
    assert checked > 100


def test_strip_reply_cuts_outlooks_dashed_headers_in_other_languages() -> None:
    body = ("Din păcate nu pot participa pe 9 decembrie.\n\nAlina\n\n-----Programare inițială-----\n"
            "De la: Procura+ Interest Groups <procurement@procuraplus.example>\nCând: miercuri, 9 decembrie 2026")
    assert strip_reply(body) == "Din păcate nu pot participa pe 9 decembrie.\n\nAlina"


def test_a_czech_notice_for_the_addressee_only_is_a_disclaimer():
    # its "zprávu odstraňte" (delete the message) must not read as a leave
    from mailbot.mail.text import is_disclaimer

    assert is_disclaimer("Tento e-mail je určen pouze adresátovi. Pokud jste jej obdrželi omylem, zprávu odstraňte.")
    assert is_disclaimer("Táto správa je určená výhradne adresátovi.")
    assert not is_disclaimer("Tento e-mail je pro vás, posíláme přihlášku do skupiny.")


def test_a_notice_that_asks_to_delete_the_message_is_a_disclaimer_with_no_word_for_confidential():
    # "… verzoeken wij u dit bericht te verwijderen": its "verwijderen" must not read as a leave
    from mailbot.mail.text import is_disclaimer

    assert is_disclaimer("Dit bericht kan informatie bevatten die niet voor u is bestemd. Indien u niet de "
                         "geadresseerde bent, verzoeken wij u dit bericht te verwijderen.")
    assert is_disclaimer("If you are not the intended recipient, please delete this message.")
    # the imperative alone, beside a word for the recipient or a mistake (Romanian, Irish)
    assert is_disclaimer("Acest mesaj este destinat exclusiv destinatarului. Dacă l-ați primit din greșeală, vă "
                         "rugăm să îl ștergeți.")
    assert is_disclaimer("Má fuair tú é trí earráid, cuir an seoltóir ar an eolas agus scrios é, le do thoil.")
    # a leave that says "delete" is no notice: no word for the recipient or a mistake
    assert not is_disclaimer("Bitte löschen Sie uns aus dem Verteiler der Gruppe Kreislaufwirtschaft.")
    assert not is_disclaimer("Vă rugăm să ștergeți Primăria Iași din grupul de achiziții circulare.")
    assert not is_disclaimer("Vă rugăm să ne ștergeți din grup, am fost adăugați din greșeală.")


def test_a_notice_wrapped_over_two_lines_is_cut():
    # "bizalmas" (confidential) on one line, "címzett" (recipient) on the next: its "törölje az üzenetet"
    # (delete the message) must not read as a leave
    body = ("Szeretnénk csatlakozni a körforgásos munkacsoporthoz.\nKovács Gergely\nosztályvezető\n"
            "Ez az e-mail és mellékletei bizalmas információkat tartalmazhatnak. Ha Ön\n"
            "nem a címzett, kérjük, értesítse a feladót és törölje az üzenetet.")
    assert "törölje" not in strip_reply(body)
    # … and a request line above a notice's first line is kept
    kept = "We would like to join the ICT group.\nThis e-mail is confidential. If you are not the recipient, delete it."
    assert "join the ICT group" in strip_reply(kept)
