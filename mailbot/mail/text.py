"""Body text helpers: HTML to text, new-text extraction, language detection.

All functions are pure and total: they take a string and never raise, since
they run on whatever strangers send to a public mailbox.
"""

from __future__ import annotations

import re
from itertools import islice
from functools import lru_cache
from html.parser import HTMLParser

from mailbot.mail.forwards import find_marker

#: Languages of the network's members (EU/EEA), for language detection.
LANGUAGES = (
    "en de fr es it nl sv pl pt da fi cs hu ro el hr sk sl bg et lv lt ga mt no".split()
)
# mail-parser-reply knows these of ours; English is always added by it.
_REPLY_PARSER_LANGUAGES = ["de", "fr", "es", "it", "nl", "sv", "pl", "da", "cs"]
_MAX_STRIP_CHARS = 100_000  # regex work on quotes is bounded by this

# --- HTML -------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    """address article aside blockquote center dd div dl dt fieldset figcaption
    figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section
    table tbody thead tfoot tr ul""".split()
)
_SKIP_TAGS = frozenset({"script", "style", "head", "title", "template", "noscript"})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.quote = 0  # blockquote depth: quoted lines get "> " like plain text
        self.at_line_start = True

    def _newline(self) -> None:
        self.out.append("\n")
        self.at_line_start = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag == "br":
            self._newline()
        elif tag in _BLOCK_TAGS:
            self._newline()
            if tag == "blockquote":
                self.quote += 1
            elif tag == "li":
                self._emit("- ")
            elif tag in ("td", "th"):
                self._emit(" ")
        elif tag in ("td", "th"):
            self._emit(" ")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self._emit(alt)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            if tag == "blockquote":
                self.quote = max(0, self.quote - 1)
            self._newline()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        data = re.sub(r"\s+", " ", data)
        if self.at_line_start:
            data = data.lstrip()
        if data:
            self._emit(data)

    def _emit(self, text: str) -> None:
        if self.at_line_start and self.quote:
            self.out.append("> " * self.quote)
        self.out.append(text)
        self.at_line_start = False


def html_to_text(html: str) -> str:
    """Readable text from HTML: no script/style, block elements on their own lines."""
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient, but be sure
        pass
    text = "".join(parser.out)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --- New text -----------------------------------------------------------------

_SIG_DELIMITER = re.compile(r"^-- ?$")
_MOBILE_FOOTER = re.compile(
    r"^(?:sent from (?:my|the) |sent from outlook|sent with |get outlook for |"
    r"von meinem .* gesendet|gesendet von (?:meinem )?|gesendet mit |envoyé de mon |envoyé depuis |"
    r"obtenir outlook pour|enviado desde (?:mi )?|enviado do meu |inviato da(?:l mio)? |"
    r"verzonden (?:vanaf|met) (?:mijn )?|skickat från (?:min )?|sendt fra (?:min )?|"
    r"wysłane z (?:mojego )?|lähetetty (?:iphonesta|android)|odesláno z (?:mého )?)",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"^(?:(?:best|kind|warm|many thanks and|with (?:best|kind)) regards|regards|best wishes|"
    r"all the best|cheers|sincerely(?: yours)?|yours sincerely|yours faithfully|best|thanks|"
    r"thank you|many thanks|thanks in advance|"
    r"mit freundlichen gr(?:ü|ue)(?:ß|ss)en|(?:viele|beste|liebe|herzliche) gr(?:ü|ue)(?:ß|ss)e|"
    r"freundliche gr(?:ü|ue)(?:ß|ss)e|gr(?:ü|ue)(?:ß|ss)e|mfg|lg|vg|"
    r"cordialement|bien cordialement|bien à vous|salutations(?: distinguées)?|meilleures salutations|"
    r"saludos(?: cordiales)?|un saludo|atentamente|cordiales saludos|"
    r"cordiali saluti|distinti saluti|saluti|un cordiale saluto|"
    r"met vriendelijke groet(?:en)?|vriendelijke groet(?:en)?|groeten|mvg|"
    r"med vänliga hälsningar|vänliga hälsningar|hälsningar|mvh|med venlig hilsen|venlig hilsen|"
    r"med vennlig hilsen|vennlig hilsen|ystävällisin terveisin|terveisin|"
    r"z poważaniem|pozdrawiam|s pozdravem|s pozdravom|üdvözlettel|cu stima|"
    r"com os melhores cumprimentos|cumprimentos|atenciosamente|melhores cumprimentos|"
    r"lp|lep pozdrav|srdačan pozdrav|srdečne|με εκτίμηση|поздрави|lugupidamisega|ar cieņu|pagarbiai)"
    r"[ \t]*(?:[,.!]+[ \t]*(?:[^\W\d_][\w.'-]*(?: [^\W\d_][\w.'-]*){0,3})?)?[ \t]*$",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"^\W{0,4}(?:confidentiality(?: notice)?|disclaimer|confidential|privileged and confidential|"
    r"this (?:e-?mail|message|communication)(?: and any (?:files|attachments)[^.]*)? (?:is|are|may|contains?)"
    r"[^.]{0,60}(?:confidential|privileged|intended)|"
    r"the information (?:contained )?in this (?:e-?mail|message)|"
    r"diese (?:e-?mail|nachricht) (?:enthält|ist|kann) [^.]{0,40}vertraulich|vertraulichkeitshinweis|"
    r"ce (?:message|courriel|e-?mail)[^.]{0,60}(?:confidentiel|destinés? exclusivement)|"
    r"este (?:mensaje|correo)[^.]{0,60}(?:confidencial|destinatario)|"
    r"questo messaggio[^.]{0,60}(?:riservat|confidenzial|destinatari)|"
    r"dit (?:e-?mail)?bericht[^.]{0,60}(?:vertrouwelijk|uitsluitend)|"
    r"(?:tento e-?mail|tato zpráva|táto správa|tato e-?mailová zpráva)[^.]{0,40}(?:určen|adresát)|"
    r"please consider the environment before printing)",
    re.IGNORECASE,
)
#: A confidentiality notice in any EU language: a word for "confidential" and one for the
#: recipient or a mistake, in one line ("… kizárólag a címzett részére … törölje az üzenetet").
#: Its "delete this message" must not read as a request to leave.
_CONFIDENTIAL = re.compile(
    r"confidential|vertraulich|confidentiel|confidencial|riservat|vertrouwelijk|konfidentiell|fortrolig|"
    r"luottamuksellis|poufn|důvěrn|dôvern|zaupn|povjerljiv|bizalmas|confidenți|confidenti|поверителн|"
    r"конфиденциал|εμπιστευτικ|konfidentsiaal|konfidenciāl|konfidencial|kunfidenzjal|rúnda|sigiliz|"
    r"privileged|privilegiad|privilegiat|salassa pidettäv|tajn|titkos|slapt",
    re.IGNORECASE,
)
_MISADDRESSED = re.compile(
    r"recipient|addressee|in error|by mistake|empfänger|irrtümlich|destinataire|par erreur|destinatari|"
    r"por error|per errore|por engano|geadresseerde|abusievelijk|per vergissing|mottagare|av misstag|"
    r"modtager|ved en fejl|vastaanottaja|erehdyksessä|virheellisesti|adresat|omyłkowo|błędnie|adresát|"
    r"omylem|omylom|naslovnik|pomotoma|pomotom|primatelj|greškom|pogreškom|címzett|tévedés|destinatar|"
    r"greșeală|greseala|получател|грешка|παραλήπτ|λάθος|adressaat|ekslikult|adresāt|kļūd|gavėj|klaiding|"
    r"destinatarju|żball|faighteoir|earráid|dhearmad|dearmad|intended",
    re.IGNORECASE,
)


#: "… please delete this message": with a word for the recipient or a mistake, a notice even with no
#: word for "confidential" ("Indien u niet de geadresseerde bent, verzoeken wij u dit bericht te verwijderen")
_DELETE_THIS = re.compile(
    r"(?:delete|destroy) (?:this|the) (?:e-?mail|message)|bericht (?:te )?verwijderen|nachricht (?:zu )?löschen|"
    r"supprimer (?:ce|le) (?:message|courriel)|eliminar (?:este|el) (?:mensaje|correo)|"
    r"(?:cancellare|eliminare|distruggere) (?:il|questo) messaggio|apagar (?:esta|a) mensagem|"
    r"radera (?:detta )?(?:meddelande|e-?post)|slette (?:denne )?(?:e-?mail|meddelelse|besked)|poista(?:a)? viesti|"
    r"usun(?:ąć|ac) (?:tę |te )?wiadomo|smazat (?:tuto )?zprávu|vymazať (?:túto )?správu|törölje (?:az |ezt az )?(?:üzenetet|e-?mailt|levelet)|"
    # "delete it", the pronoun standing for the message ("vă rugăm să îl ștergeți", "scrios é"): a bare
    # "please delete us … added by mistake" is a leave, not a notice
    r"\b(?:(?:îl|il) (?:ștergeți|stergeti)|(?:ștergeți|stergeti)-l|izbri[sš]ite (?:je|ga|poruku|sporo[cč]ilo)|"
    r"διαγράψτε (?:το|αυτό)|изтрийте (?:го|съобщението)|kustutage (?:see|kiri)|izdzēsiet (?:to|šo)|"
    r"ištrinkite (?:jį|šį|laišką)|ħassru|scrios é|apague-a|apague-o|bórrelo|elimínelo)\b",
    re.IGNORECASE,
)


def is_disclaimer(line: str) -> bool:
    """Whether a line is a confidentiality notice or disclaimer (in any EU language)."""
    head = line[:600]
    return bool(_DISCLAIMER.match(head) or (_CONFIDENTIAL.search(head) and _MISADDRESSED.search(head))
                or (_DELETE_THIS.search(head) and _MISADDRESSED.search(head)))


_QUOTED_LINE = re.compile(r"^[ \t]*>")


def strip_reply(text: str) -> str:
    """The new text of a body: quoted history, signatures and disclaimers removed.

    Never returns more than it was given and never raises. When the body
    starts with the quote (bottom-posting), the quote is dropped and what
    follows is kept, so a reply is never eaten whole.
    """
    try:
        return _strip_reply(text)
    except Exception:
        return (text or "").strip()


def _strip_reply(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")[:_MAX_STRIP_CHARS]
    lines = [line.rstrip() for line in text.split("\n")]
    cut = _quote_cut(lines)
    if cut is not None:
        lines = lines[:cut]
    lines = [line for line in lines if not _QUOTED_LINE.match(line)]
    lines = _strip_signature(lines)
    out = "\n".join(lines).strip()
    return re.sub(r"\n{3,}", "\n\n", out)


def _has_content(lines: list[str]) -> bool:
    return any(line.strip() and not _QUOTED_LINE.match(line) for line in lines)


def _quote_cut(lines: list[str]) -> int | None:
    """Line index where the quoted history begins, if there is text above it."""
    text = "\n".join(lines)
    candidates = []
    marker = find_marker(text)
    if marker is not None:
        candidates.append(marker.start)
    lib = _reply_parser_cut(text)
    if lib is not None:
        candidates.append(lib)
    for i, line in enumerate(lines):
        # "-----Original Message-----", and Outlook's other dashed headers in any language
        # ("-----Programare inițială-----", "-----Ursprünglicher Termin-----")
        if re.match(r"^\s*-{3,}\s*[^\W\d_][^-\n]{2,50}?\s*-{3,}\s*$", line):
            candidates.append(i)
            break
    for cut in sorted(candidates):
        if _has_content(lines[:cut]) and not _greeting_over_quote(lines, cut, marker):
            return cut
    if marker is not None and marker.wrote_line and (
            not _has_content(lines[: marker.start]) or _greeting_over_quote(lines, marker.start, marker)):
        # Bottom-posted: "On … wrote:" and quotes first, the reply below.
        del lines[marker.start : marker.body_start]
    return None


def _greeting_over_quote(lines: list[str], cut: int, marker) -> bool:
    """Only a greeting above "On … wrote:" and its ">" quote, and the reply below it ("Ciao a tutti,",
    the quote, then the answer): bottom-posted, the greeting included."""
    if marker is None or not marker.wrote_line or cut != marker.start:
        return False
    above = [line for line in lines[:cut] if line.strip()]
    if len(above) != 1 or len(above[0].split()) > 4 or not above[0].rstrip().endswith(","):
        return False
    rest = lines[marker.body_start:]
    quoted = [k for k, line in enumerate(rest) if _QUOTED_LINE.match(line)]
    return bool(quoted) and _has_content(rest[quoted[0]:])


def _reply_parser_cut(text: str) -> int | None:
    """First reply header found by mail-parser-reply, as a line index."""
    regex = _reply_header_regex()
    if regex is None:
        return None
    # The library's patterns backtrack badly on long lines ("On On On …");
    # a reply header is never that long, so blank out long lines first.
    # Only the first header matters, so the head of the body is enough.
    lines = text[:20_000].split("\n")
    text = "\n".join("" if len(line) > 200 else line for line in lines)
    try:
        m = _search_at_line_starts(regex, text)
    except Exception:
        return None
    if not m:
        return None
    # The library's from_header pattern starts at the newline before the block.
    start = m.start()
    while start < len(text) and text[start] == "\n":
        start += 1
    return text.count("\n", 0, start)


# Where the library's reply-header pattern can start a match: every one of
# its alternatives begins at a line start (^, MULTILINE) or at a newline,
# except the Danish "-----Oprindelig meddelelse-----" line, which may start
# mid-line. tests/test_text.py holds this against the plain search.
_MIDLINE_REPLY_START = re.compile(r"-----Oprindelig meddelelse-----", re.IGNORECASE)


def _search_at_line_starts(regex: re.Pattern[str], text: str) -> re.Match[str] | None:
    """`regex.search(text)` for the reply-header pattern, trying only where a match can begin.

    A search tries all ~20 alternatives of the pattern at every character;
    a message has a few dozen lines, so trying them at line starts and
    newlines only is an order of magnitude less work for the same match
    (the leftmost one; `match(text, pos)` sees the whole string, so ^ and
    lookarounds behave as in a search).
    """
    starts = {0}
    i = text.find("\n")
    while i != -1:
        starts.add(i)
        starts.add(i + 1)
        i = text.find("\n", i + 1)
    starts.update(m.start() for m in _MIDLINE_REPLY_START.finditer(text))
    for pos in sorted(starts):
        if pos <= len(text):
            m = regex.match(text, pos)
            if m is not None:
                return m
    return None


@lru_cache(maxsize=1)
def _reply_header_regex() -> re.Pattern[str] | None:
    try:
        from mailparser_reply.parser import EmailMessage

        return EmailMessage(text="", languages=list(_REPLY_PARSER_LANGUAGES)).HEADER_REGEX
    except Exception:  # library missing or changed: our own rules still apply
        return None


def _strip_signature(lines: list[str]) -> list[str]:
    above = False
    memo: dict[int, bool] = {}

    def disclaimer(k: int) -> bool:  # each line is judged once: a body of closings looks ahead from each
        if k not in memo:
            line = lines[k].strip()
            # a notice wrapped over two lines: "… bizalmas információkat tartalmazhatnak. Ha Ön" / "nem a
            # címzett, kérjük, … törölje az üzenetet."
            nxt = lines[k + 1].strip() if k + 1 < len(lines) else ""
            memo[k] = is_disclaimer(line) or bool(
                nxt and _CONFIDENTIAL.search(line) and _MISADDRESSED.search(nxt) and is_disclaimer(f"{line} {nxt}"))
        return memo[k]

    for i, line in enumerate(lines):
        s = line.strip()
        if not s:
            continue
        if len(s) > 300:  # prose, not a signature line, unless a notice opens it
            if above and _CONFIDENTIAL.search(s[:150]) and is_disclaimer(s):
                return lines[:i]
            above = True
            continue
        if _SIG_DELIMITER.match(line) and above:
            return lines[:i]
        if _MOBILE_FOOTER.match(s) and len(s) < 80:
            return lines[:i]
        if above and disclaimer(i):
            return lines[:i]
        # A closing ends the text only when little follows it (name, title,
        # address); "Thanks!" followed by paragraphs is still the message.
        if above and _CLOSING.match(s):
            rest = [k for k in range(i + 1, min(i + 200, len(lines))) if lines[k].strip()]
            if len(rest) <= 10 or any(disclaimer(k) for k in rest[:60]):
                return lines[:i]
        above = above or not _QUOTED_LINE.match(line)
    return lines


# --- Language -----------------------------------------------------------------


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    # Loaded on the first text long enough to need it, never at import; a
    # private identifier over a memory-mapped copy of py3langid's model
    # (mail/langmodel.py), not py3langid's module-global one.
    from mailbot.mail import langmodel

    return langmodel.identifier(LANGUAGES)


_LETTER = re.compile(r"[^\W\d_]")


def detect_language(text: str) -> str:
    """ISO 639-1 code of `text` among the network's languages, "" if unsure or too short."""
    # Addresses and links say nothing about the language; token filtering
    # instead of a regex keeps this linear on hostile input.
    tokens = (text or "")[:5000].split()
    sample = " ".join(t for t in tokens if "@" not in t and not t.lower().startswith(("http:", "https:", "www.")))
    if len(sample.split()) < 3 or sum(1 for _ in islice(_LETTER.finditer(sample), 12)) < 12:
        return ""
    try:
        lang, conf = _identifier().classify(sample)
    except Exception:
        return ""
    return lang if conf >= 0.3 else ""
