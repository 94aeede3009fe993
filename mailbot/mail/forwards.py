"""Find a forwarded original inside a plain-text body.

Mail clients mark an inline forward in three ways, in whatever language the
forwarder's client speaks:

* a separator line: ``---------- Forwarded message ---------`` (Gmail),
  ``-------- Weitergeleitete Nachricht --------`` (Thunderbird),
  ``----- Message transmis ----- De : …`` (Yahoo, headers on the same line);
* an intro line ending in a colon: ``Begin forwarded message:`` (Apple Mail);
* a bare header block: ``From: … Sent: … To: … Subject: …`` (Outlook), which
  Outlook also uses for replies, so it counts as a *weak* marker;
* Outlook 2019 on macOS even forwards with a reply line (``Am … schrieb …:``),
  another weak marker, accepted only when nothing was written above it.

Rather than list every client's phrase per language, the detector recognises
the shape (dash-bracketed line, colon-terminated intro, a run of
``Label: value`` lines) and checks the labels against a multilingual
vocabulary of header names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mailbot.core.model import Address, Forwarded

# Header labels as localised by mail clients, lower-case, without the colon.
FROM_LABELS = frozenset(
    """from von de da van från fra od lähettäjä feladó šalje expeditorul
    отправитель от від кого kimden gönderen saatja nadawca odesílatel 送信元
    差出人 afzender remitente expéditeur mittente absender avsändare lähettäjä
    de la кто αποστολέας από no 발신자 寄件者 发件人 saatja siuntėjas sūtītājs
    pošiljatelj odosielateľ nuo mingħand ó""".split()
) | {"de la", "від кого", "de la:"}
DATE_LABELS = frozenset(
    """date datum fecha data dato dátum päivämäärä dată дата tarih sent
    gesendet envoyé enviado inviato verzonden skickat sendt wysłano odesláno
    lähetetty elküldve poslano trimis отправлено надіслано gönderildi 日付
    kuupäev päiväys datums data: 送信日時 날짜 ημερομηνία στάλθηκε sendt: verstuurd
    odoslané poslané išsiųsta nosūtīts saadetud изпратено mibgħut seolta
    wysłane enviada dáta""".split()
) | {"enviado el", "enviada em", "enviado em", "enviat el", "inviato il"}  # Outlook's Spanish/Portuguese/Catalan "Sent:"
SUBJECT_LABELS = frozenset(
    """subject betreff objet asunto oggetto onderwerp ämne emne temat
    předmět predmet aihe tárgy subiectul subiect тема konu assunto 件名
    teema naslov θέμα tema tēma tema: 제목 主题 主旨 sujet относно suġġett ábhar""".split()
)
TO_LABELS = frozenset(
    """to an à a para aan till til do komu pre prima vastaanottaja címzett
    destinatarul către кому kime adresat 送信先 宛先 saaja destinatario
    destinataire pour empfänger προς 받는사람 收件人 adresát kam до lil chuig""".split()
)
CC_LABELS = frozenset(
    """cc kopie copie kopia kopi kopio másolat копия копія bilgi dw kópia
    kopie(cc) bcc ccn cco kopie (cc) másolatot""".split()
) | {"kopie (cc)", "copia", "en copie"}
OTHER_LABELS = frozenset(
    """reply-to antwort-an répondre-à responder-a rispondi-a organization
    organisation importance priority wichtigkeit""".split()
)
ALL_LABELS = FROM_LABELS | DATE_LABELS | SUBJECT_LABELS | TO_LABELS | CC_LABELS | OTHER_LABELS

_QUOTE = re.compile(r"^(?:[ \t]*>)+ ?")
# "Label: value"; the label is short, may be *bold*, and French puts a space
# (often non-breaking) before the colon. Full-width colons come from CJK clients.
_HEADER_LINE = re.compile(
    r"^[ \t\u00a0]*\*{0,2}(?P<label>[^\W\d_][^\W\d_ ()\-]*(?:[ \-][^\W\d_()]+){0,2}(?: \(cc\))?)"
    r"\*{0,2}[ \t\u00a0]*[:：]\*{0,2}[ \t\u00a0]*(?P<value>.*)$",
    re.IGNORECASE,
)
# A line that is mostly dashes around a short phrase: a client separator.
_SEPARATOR = re.compile(
    r"^[ \t]*-{2,}[ \t]*(?P<phrase>[^\-\n]{3,80}?)(?:[ \t]*-{2,}[ \t]*[^\-\n]{0,60}?)?[ \t]*-{2,}[ \t]*(?P<rest>.*)$"
)
# Apple Mail / MailMate style intro: a short line ending in a colon, followed by headers.
_INTRO = re.compile(r"^[ \t]*(?P<phrase>[^:\n]{3,60}?)[ \t\u00a0]*:[ \t]*$")
_FORWARD_WORDS = re.compile(
    r"forward|weitergeleitet|transf[ée]r|transmis|reenviado|reencaminhad|encaminhad|inoltrat|"
    r"doorgestuurd|vidarebefordra|videresend|przekaz|přeposlan|preposlan|továbbított|"
    r"edelleenlähet|välitetty|proslijeđen|redirecționat|переадрес|перенаправлен|пересыла|"
    r"пересила|переслан|iletil|ileti başlangıcı|転送|original message|originalnachricht|"
    r"message d'origine|mensaje original|messaggio originale|oorspronkelijk bericht|"
    r"ursprungligt meddelande|oprindelig meddelelse|opprinnelig melding|wiadomość oryginalna|"
    r"původní zpráva|alkuperäinen viesti|eredeti üzenet|mensagem original|mesaj original|"
    r"videresendt|přeposílan|réexpédi|zaslan|prosleđen|persiųst|pārsūtīt|edastatud|edasi saadetud|"
    r"προωθημένο|προώθηση|препратен|препратено|posredovan|posredovano|mgħoddi|seolta ar aghaidh|curtha ar aghaidh",
    re.IGNORECASE,
)
#: a note saying it forwards ("I'm forwarding", "Reencaminho", "Ich leite … weiter", "Inoltro"), in the
#: languages whose staff write to the bot; and how long such a note may be
_FORWARDING = re.compile(
    r"\b(?:forward(?:ing|ed)?|fwd|reencaminh\w*|encaminh\w*|reenv[ií]\w*|weiterleit\w*|leite\w* .{0,40}weiter|"
    r"transf[eè]r\w*|transmet\w*|inoltr\w*|stuur\w* .{0,40}door|doorgestuurd|vidarebefordr\w*|videresend\w*|"
    r"przekaz\w*|přeposíl\w*|přeposl\w*|preposiel\w*|továbbít\w*|edelleenläh\w*|välitän|prosljeđ\w*|"
    r"posredujem|redirecțion\w*|trimit mai departe|препращам|προωθώ|edastan|pārsūtu|persiunčiu|ngħaddi)\b",
    re.IGNORECASE,
)
_NOTE_CHARS = 400

# Outlook quotes the invitation it answers under "-----Original Appointment-----", in the reader's
# language: a reply, whatever its subject prefix ("VS:" is Finnish "Re:" and Danish "Fwd:").
_APPOINTMENT = re.compile(r"appointment|termin|rendez-vous|appuntamento|afspraak|tapaaminen|cita original|"
                          r"compromisso|avtalad tid|aftale|avtale|spotkanie|schůzka|schôdzka|találkozó|"
                          r"sestanek|sastanak|întâlnire|среща|ραντεβού|kohtumine|tikšanās|susitikimas|schôdzk|"
                          r"sestank|sastank|kohtumi|coinne|laqgħa", re.I)
_ORIGINAL_MESSAGE = re.compile(r"original|ursprüng|ursprunglig|origine|originale|oorspronkelijk|oprindelig|opprinnelig|oryginaln|původní|"
                               r"pôvodn|izvirn|izvorn|alkuperäinen|eredeti|оригинал|първоначал|αρχικ|algne|sākotnēj|"
                               r"pradin|oriġinal|bunaidh", re.I)
# Reply-style lines ("On … wrote:") in the languages Outlook and friends use.
_WROTE = re.compile(
    r"(?:wrote|schrieb|a écrit|escribió|ha scritto|scrisse|geschreven|schreef|skrev|"
    r"napsal|napisał|napísal|kirjoitti|írta|написал|написав|yazdı|escreveu|a scris|"
    r"kirjutas|rakstīja|rašė|έγραψε|написа|napisao|napisal)\b[^\n]{0,40}[:：]\s*$",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_MAX_SCAN_LINES = 5000
_MAX_MARKER_LINE = 1000  # longer lines are prose, and regexes on them cost quadratic time


@dataclass(frozen=True)
class Marker:
    """Where a quoted/forwarded block starts in a body and what it is."""

    start: int  # line index of the first line of the marker
    body_start: int  # line index where the original's body begins
    strong: bool  # an explicit forward marker (not a reply-style quote)
    headers: dict[str, str]
    wrote_line: str = ""
    quoted: bool = False  # the original is quoted with ">"
    appointment: bool = False  # Outlook's "-----Original Appointment-----": a reply to an invitation


def _strip_quote(line: str) -> tuple[str, bool]:
    m = _QUOTE.match(line)
    return (line[m.end():], True) if m else (line, False)


def _label(line: str) -> tuple[str, str] | None:
    """Return (canonical field, value) if the line is a known header line."""
    m = _HEADER_LINE.match(line)
    if not m:
        return None
    label = m.group("label").strip().lower().replace("\u00a0", " ")
    value = m.group("value").strip()
    for name, labels in (
        ("from", FROM_LABELS),
        ("date", DATE_LABELS),
        ("subject", SUBJECT_LABELS),
        ("to", TO_LABELS),
        ("cc", CC_LABELS),
        ("other", OTHER_LABELS),
    ):
        if label in labels:
            return name, value
    return None


def _header_block(lines: list[str], i: int) -> tuple[dict[str, str], int, bool] | None:
    """Parse a run of header lines starting at `i`; None unless it looks like one.

    Returns (fields, index after the block, quoted). Wrapped values (a long
    To: list) are joined while they don't look like a new header.
    """
    fields: dict[str, str] = {}
    quoted_any = False
    j = i
    last = ""
    n = len(lines)
    while j < n and j - i < 20:
        raw, quoted = _strip_quote(lines[j][:_MAX_MARKER_LINE])
        quoted_any = quoted_any or quoted
        hit = _label(raw)
        if hit:
            name, value = hit
            if name in fields and name != "other":
                break  # a second From: is the next message, not this one
            fields.setdefault(name, value)
            last = name
            j += 1
            continue
        if raw.strip() and last in ("to", "cc") and len(fields) >= 2 and not _looks_like_body(raw):
            fields[last] += " " + raw.strip()
            j += 1
            continue
        break
    if "from" not in fields or len(set(fields) - {"other"}) < 2:
        return None
    if not ({"date", "subject", "to"} & set(fields)):
        return None
    return fields, j, quoted_any


def _looks_like_body(line: str) -> bool:
    # Continuation lines of an address list hold addresses or commas.
    return not ("@" in line or line.rstrip().endswith((",", ";")))


def _split_inline_headers(text: str) -> dict[str, str]:
    """Split Yahoo's one-line header run 'From: a <x@y>To: b Sent: … Subject: …'."""
    labels = sorted(ALL_LABELS, key=len, reverse=True)
    pattern = re.compile(
        r"(?:(?<=^)|(?<=[\s>\]\"'])|(?<=[a-z0-9]))(" + "|".join(re.escape(label) for label in labels) + r")[ \t\u00a0]?[:：]",
        re.IGNORECASE,
    )
    fields: dict[str, str] = {}
    matches = [m for m in pattern.finditer(text) if m.group(1)[0].isupper() or m.start() == 0]
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        hit = _label(m.group(0) + " x")
        if hit:
            fields.setdefault(hit[0], text[m.end():end].strip())
    return fields


def sender_from_value(value: str) -> Address | None:
    """Turn a quoted From: value ('"Doe, John" <j@x>', 'J [mailto:j@x]', 'J') into an Address."""
    value = value.strip()
    if not value:
        return None
    m = _EMAIL.search(value)
    if not m:
        name = _clean_name(value)
        return Address(addr="", name=name) if name else None
    addr = m.group(0).lower().rstrip(".")
    name = _clean_name(value[: m.start()])
    if name.lower() == addr:
        name = ""
    return Address(addr=addr, name=name)


def _clean_name(text: str) -> str:
    text = re.sub(r"(?i)<?\[?mailto:\S*", "", text)
    text = re.sub(r"(?i)\bon behalf of\b.*", "", text)
    text = text.strip().rstrip("<([").strip()
    return text.strip(" \t\"'«»„“”‘’()<>[],;").strip()


def _wrote_sender(line: str) -> Address | None:
    m = _EMAIL.search(line)
    quoted = re.search(r"[\"«„“]\s*([^\"«»„“”]+?)\s*[\"»”]", line)
    if m:
        name = quoted.group(1).strip() if quoted else ""
        if not name:
            # "… John Doe <j@x>" / "… John Doe (j@x)": the words just before the address
            before = line[: m.start()].rstrip(" <([")
            words = re.findall(r"[^\W\d_][\w.'-]*", before.split(",")[-1])
            tail = [w for w in words[-3:] if w[0].isupper()]
            name = " ".join(tail)
        return Address(addr=m.group(0).lower(), name=name)
    # "On July 19, 2022 at 3:36 PM, John Doe wrote:" (no address)
    m2 = re.search(r",\s*([^,\d][^,]{1,60}?)\s+\S+\s*:?\s*$", line)
    if m2:
        return Address(addr="", name=m2.group(1).strip())
    return None


_MARKERS: dict[str, Marker | None] = {}


def find_marker(text: str) -> Marker | None:
    """Locate the first forward/quote header in `text`, or None.

    The last few answers are kept: parsing one message asks about the same
    body twice (the forward split and the reply cut), and a Marker is frozen.
    """
    try:
        return _MARKERS[text]
    except KeyError:
        pass
    marker = _find_marker(text)
    if len(_MARKERS) >= 4:
        _MARKERS.clear()
    _MARKERS[text] = marker
    return marker


def _find_marker(text: str) -> Marker | None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")[:_MAX_SCAN_LINES]
    lines = [line.lstrip("\ufeff\u200b") for line in lines]
    n = len(lines)
    for i in range(n):
        raw, quoted = _strip_quote(lines[i])
        stripped = raw.strip()
        if not stripped or len(raw) > _MAX_MARKER_LINE:
            continue
        sep = _SEPARATOR.match(raw)
        if sep and (_FORWARD_WORDS.search(sep.group("phrase")) or _is_header_next(lines, i + 1)):
            rest = sep.group("rest")
            strong = not _ORIGINAL_MESSAGE.search(sep.group("phrase")) or bool(
                re.search("forward", sep.group("phrase"), re.I)
            )
            appointment = bool(_ORIGINAL_MESSAGE.search(sep.group("phrase")) and _APPOINTMENT.search(sep.group("phrase")))
            strong = strong and not appointment
            if rest.strip():
                fields = _split_inline_headers(rest)
                if "from" in fields:
                    return Marker(i, i + 1, strong, fields, quoted=quoted, appointment=appointment)
            block = _next_block(lines, i + 1)
            if block:
                fields, end, q = block
                return Marker(i, end, strong, fields, quoted=q or quoted, appointment=appointment)
            if _FORWARD_WORDS.search(sep.group("phrase")):
                return Marker(i, i + 1, strong, {}, quoted=quoted)
        intro = _INTRO.match(raw)
        if intro and _FORWARD_WORDS.search(intro.group("phrase")):
            block = _next_block(lines, i + 1)
            if block:
                fields, end, q = block
                return Marker(i, end, True, fields, quoted=q or quoted)
        if _HEADER_LINE.match(raw):
            block = _header_block(lines, i)
            if block:
                fields, end, q = block
                prev = _prev_nonblank(lines, i)
                # Outlook's "____" rule above a header block is still a weak marker
                start = prev if prev is not None and re.fullmatch(r"[_\-]{10,}", _strip_quote(lines[prev])[0].strip()) else i
                return Marker(start, end, False, fields, quoted=q)
        if len(stripped) < 300 and _WROTE.search(stripped):
            return Marker(i, i + 1, False, {}, wrote_line=stripped, quoted=quoted)
        # Gmail wraps long "On … <x@y>\nwrote:" lines.
        if i + 1 < n and len(stripped) < 300 and "@" in stripped:
            nxt = _strip_quote(lines[i + 1])[0].strip()
            if nxt and len(nxt) < 40 and _WROTE.search(stripped + " " + nxt):
                return Marker(i, i + 2, False, {}, wrote_line=stripped + " " + nxt, quoted=quoted)
        if (
            i + 1 < n
            and len(stripped) < 200
            and re.search(r"\d", stripped)
            and not _HEADER_LINE.match(raw)
        ):
            nxt = _strip_quote(lines[i + 1])[0].strip()
            if nxt and len(nxt) < 80 and "@" in nxt and _WROTE.search(nxt):
                return Marker(i, i + 2, False, {}, wrote_line=stripped + " " + nxt, quoted=quoted)
    return None


def _prev_nonblank(lines: list[str], i: int) -> int | None:
    j = i - 1
    while j >= 0 and not _strip_quote(lines[j])[0].strip():
        j -= 1
    return j if j >= 0 else None


def _next_block(lines: list[str], i: int) -> tuple[dict[str, str], int, bool] | None:
    # Apple Mail leaves a (quoted) blank line between the intro and the headers.
    j = i
    while j < len(lines) and j - i < 4 and not _strip_quote(lines[j])[0].strip():
        j += 1
    return _header_block(lines, j) if j < len(lines) else None


def _is_header_next(lines: list[str], i: int) -> bool:
    return _next_block(lines, i) is not None


def _bottom_posted(lines: list[str]) -> bool:
    seen_quote = False
    for line in lines:
        if _QUOTE.match(line):
            seen_quote = True
        elif line.strip() and seen_quote:
            return True
    return False


def _original_text(lines: list[str], start: int, quoted: bool) -> str:
    body = lines[start:]
    if quoted:
        body = [_strip_quote(line)[0] for line in body]
    # Outlook for Mac indents the original by four spaces.
    nonblank = [line for line in body if line.strip()]
    if nonblank and all(line.startswith("    ") for line in nonblank):
        body = [line[4:] for line in body]
    return "\n".join(body).strip()


# "Fwd:", "FW:", "WG:" (de), "TR:" (fr), "RV:" (es), "I:" (it), "Doorst:" (nl),
# "VS:" (fi), "VB:" (sv), "PD:" (pl), "Pārsūtīt:" (lv), "Fwd[2]:" ... possibly after "Re:"/"AW:" etc.
_FWD_SUBJECT = re.compile(
    r"^\s*(?:(?:re|aw|sv|vs|antw|odp|r|ris|res|ynt|odg)\s*:\s*)*"
    r"(?:fwd?|fw|wg|tr|rv|enc|i|doorst|vs|vb|vl|pd|přep|před|prosl|továbbítás|tov|ileti|пересл|преп|πρθ|"
    r"pārsūtīt|pārsūtīts|pārs|prs|persiųsti|edasi|posr|fwd\[\d+\])\.?\s*:",
    re.IGNORECASE,
)


#: the "When:" label of an invitation in Outlook's header block, in the reader's language
WHEN_LABELS = (r"(?:when|wann|quand|cuándo|quando|wanneer|när|hvornår|milloin|kdy|kedy|kiedy|kada|kdaj|mikor|"
               r"când|кога|πότε|millal|kad|meta|cathain)\s*:")
_WHEN_LINE = re.compile(r"^\s*" + WHEN_LABELS, re.I)
_WHEN_SCAN = 3  # lines after the block that may still hold it


def is_forward_subject(subject: str) -> bool:
    """True when a subject carries a forward prefix in any common language."""
    return bool(_FWD_SUBJECT.match(subject or ""))


def find_forward(text: str, subject: str = "") -> Forwarded | None:
    """The forwarded original in a plain-text body, or None.

    Explicit forward markers count anywhere. Reply-style markers (a bare
    Outlook header block, "-----Original Message-----", "On … wrote:") count
    only when nothing was written above them or when `subject` carries a
    forward prefix ("Fwd:", "WG:", "TR:" …); otherwise they are quoted replies.
    """
    try:
        return _find_forward(text, weak_ok=is_forward_subject(subject))
    except Exception:  # a detector must never take the parser down
        return None


def _find_forward(text: str, weak_ok: bool) -> Forwarded | None:
    marker = find_marker(text)
    if marker is None:
        return None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")[:_MAX_SCAN_LINES]
    above = "\n".join(_strip_quote(line)[0] for line in lines[: marker.start]).strip()
    # "Reencaminho o pedido de Setúbal" above "-----Mensagem original-----": a short note that says it
    # forwards makes a reply-style marker a forward's
    weak_ok = weak_ok or (len(above) <= _NOTE_CHARS and bool(_FORWARDING.search(above)))
    if (not marker.strong and not weak_ok and above) or (marker.appointment and above):
        return None
    if not marker.strong and above and any(_WHEN_LINE.match(_strip_quote(line)[0])
                                           for line in lines[marker.start:marker.body_start + _WHEN_SCAN]):
        # "VS: Circular procurement – workshop" over an Outlook block with "Milloin:" (When): Finnish
        # "VS" is a reply, and text above an invitation's header block answers it
        return None
    if marker.wrote_line and not weak_ok and _bottom_posted(lines[marker.body_start :]):
        return None  # "On … wrote:", quotes, then the new text: a reply
    body = _original_text(lines, marker.body_start, marker.quoted)
    if marker.wrote_line:
        sender = _wrote_sender(marker.wrote_line)
        return Forwarded(sender=sender, text=body, kind="inline")
    h = marker.headers
    return Forwarded(
        sender=sender_from_value(h.get("from", "")),
        date=h.get("date", ""),
        subject=h.get("subject", ""),
        text=body,
        kind="inline",
    )


def forward_split(text: str, weak_ok: bool = False) -> tuple[str, Forwarded | None]:
    """Split a body into (text written above the forward, forwarded original)."""
    try:
        fwd = _find_forward(text, weak_ok)
        if fwd is None:
            return text, None
        marker = find_marker(text)
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        above = "\n".join(lines[: marker.start]) if marker else text
        return above.rstrip(), fwd
    except Exception:
        return text, None
