"""What kind of note a message is, beyond its intent: a thank-you, or a sales pitch.

Pure functions over a ParsedMessage, for the rule table's `courtesy` and
`sales` conditions (config.toml decides what follows: today no
acknowledgement for either). Neither acts on its own: a rule must ask, and
the rule table places them below every intent the bot can act on.

A thank-you is a short new text (after quotes and signature are stripped)
that thanks in one of the EU's languages and asks nothing. A pitch carries
at least two commercial phrases ("book a call", "our solution", "free
trial", ...), in any of the network's common languages.
"""

from __future__ import annotations

import re
import unicodedata

from mailbot.core.model import ParsedMessage

#: thanking words, accent-folded and lower-cased, of the 24 EU languages (stems where they inflect)
_THANKS = (
    "thank", "thanks", "thx", "cheers", "danke", "dankeschon", "vielen dank", "merci", "gracias", "grazie",
    "bedankt", "dank je", "dank u", "hartelijk dank", "dziekuje", "dzieki", "obrigad", "tack", "tak for",
    "mange tak", "kiitos", "dekuji", "diky", "koszon", "multumesc", "multumim", "ευχαριστ", "hvala",
    "dakujem", "dakujeme", "благодар", "aitah", "tanan", "paldies", "aciu", "dekoju", "go raibh maith agat",
    "grazzi", "köszön", "tänan", "děkuji", "díky", "ďakujem", "mulțumesc",
)
#: words that turn a thank-you into a request (then it is not only a thank-you)
_ASKS = re.compile(
    r"\?|\b(please|could you|can you|would you|bitte|konnten sie|pourriez|pouvez|por favor|podrian|"
    r"potreste|potete|graag|prosze|por favor|kan ni|kan du|voisitteko|prosim|kerem|va rog|molim|"
    r"join|beitreten|rejoindre|unirnos|aderire|leave|austreten|unsubscribe|remove)\b", re.I)
_MAX_THANKS_WORDS = 40

#: commercial phrases, accent-folded and lower-cased
_SALES = (
    "book a call", "book a demo", "schedule a call", "schedule a demo", "request a demo", "free trial",
    "our solution", "our solutions", "our products", "our product", "our services", "our platform",
    "special offer", "discount", "pricing", "price list", "head of sales", "sales manager", "sales team",
    "account manager", "business development", "cuts costs", "save up to", "% off", "webinar",
    "15-minute call", "quick call", "unsubscribe from this list", "marketing",
    "unser angebot", "unsere losung", "unsere produkte", "kostenlose demo", "vertrieb", "rabatt",
    "notre solution", "nos produits", "notre offre", "demonstration gratuite", "commercial",
    "nuestra solucion", "nuestros productos", "nuestra oferta", "demostracion gratuita", "descuento",
    "la nostra soluzione", "i nostri prodotti", "offerta speciale", "sconto",
    "onze oplossing", "onze producten", "korting", "nasze rozwiazanie", "nasze produkty", "rabat",
)
_MIN_SALES = 2


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def _new_text(msg: ParsedMessage) -> str:
    return (msg.text or "").strip()


def is_thanks(msg: ParsedMessage) -> bool:
    """A short note that thanks and asks for nothing."""
    text = _new_text(msg) or (msg.subject or "")
    words = text.split()
    if not words or len(words) > _MAX_THANKS_WORDS or _ASKS.search(text):
        return False
    folded = _fold(text + " " + (msg.subject or ""))
    return any(_fold(w) in folded for w in _THANKS)


def sales_signals(msg: ParsedMessage) -> list[str]:
    """The commercial phrases in the message (subject and text)."""
    folded = _fold((msg.subject or "") + "\n" + (msg.full_text or msg.text or "")[:20000])
    return [p for p in _SALES if p in folded]


def is_sales(msg: ParsedMessage) -> bool:
    """At least two commercial phrases: a vendor's pitch, not a question from a buyer."""
    return len(sales_signals(msg)) >= _MIN_SALES
