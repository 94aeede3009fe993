"""Eligibility: does an unknown sender look like a public authority?

Only Procura+ Participants and Strategic Partners may join a group, and a
person's organisation is known by their address's domain (roster.py). An
address whose domain is not on the roster is usually a refusal ("how to
become a participant") — unless the message is signed like a public
authority ("City of …", "Stadt …", "Ayuntamiento de …"): then it may be a
participant writing from a domain we do not know yet, and staff decide
(triage) instead of the bot refusing.

`authority_signature()` is pure and looks only at what the sender wrote
themselves: the display name and the unquoted lines of the body (including
the signature, which the intent text leaves out), never quoted history.
"""

from __future__ import annotations

import re

from mailbot.core.model import ParsedMessage

#: phrases that name a public authority, in the network's languages
PHRASES = (
    "City of", "City Council", "County Council", "Borough Council", "Council", "Municipality",
    "Municipal", "Region of", "Regional Government", "Ministry", "Government of", "Public Authority",
    "Stadt", "Landeshauptstadt", "Stadtverwaltung", "Gemeinde", "Landkreis", "Kreis", "Senatsverwaltung",
    "Ministerium", "Bezirksamt", "Magistrat",
    "Ville de", "Mairie", "Métropole", "Conseil départemental", "Conseil régional", "Région", "Ministère",
    "Ayuntamiento", "Ajuntament", "Diputación", "Generalitat", "Junta de", "Gobierno de", "Ministerio",
    "Comune di", "Città di", "Regione", "Provincia di", "Città metropolitana", "Ministero",
    "Gemeente", "Provincie", "Ministerie",
    "Kommun", "Stad", "Region ", "Urząd", "Gmina", "Miasto", "Câmara Municipal", "Município",
)
_RE = re.compile(r"(?<!\w)(" + "|".join(re.escape(p.strip()) for p in PHRASES) + r")(?!\w)")
_QUOTE_START = re.compile(r"^\s*(?:-{2,}\s*(?:original|forwarded)|_{8,}$|(?:on|am|le|el|il|op)\b.{0,200}"
                          r"\b(?:wrote|schrieb|a écrit|escribió|ha scritto|schreef)\s*:?\s*$|from:\s|von:\s|de\s*:\s)",
                          re.I)


def own_lines(msg: ParsedMessage) -> list[str]:
    """The lines the sender wrote: the whole body up to the quoted history, no '>' lines."""
    out = []
    for line in (msg.full_text or msg.text or "").splitlines()[:200]:
        if _QUOTE_START.match(line):
            break
        if line.lstrip().startswith(">"):
            continue
        out.append(line)
    return out


def authority_signature(msg: ParsedMessage) -> str:
    """The authority-like phrase found in the sender's name or own text, or ""."""
    name = msg.sender.name if msg.sender else ""
    for text in (name, *own_lines(msg)):
        m = _RE.search(text or "")
        if m:
            return (text or "").strip()[:120]
    return ""
