"""What kind of note a message is, beyond its intent: a thank-you, or a sales pitch.

Pure functions over a ParsedMessage, for the rule table's `courtesy` and
`sales` conditions (config.toml decides what follows: today no
acknowledgement for either). Neither acts on its own: a rule must ask, and
the rule table places them below every intent the bot can act on.

A thank-you is a short new text (after quotes and signature are stripped)
that thanks in one of the EU's 24 languages and asks nothing. A pitch
carries at least two commercial phrases ("book a demo", "our solution",
"free trial", an unsubscribe footer, ...), in any of them.

The tables are written per language, as people write (accents and all);
they are folded and compiled into one trie-shaped regular expression each
when the module loads, so a message costs one pass per table. A phrase
matches whole words; one ending in "*" is a stem: "dziękuj*" is
"dziękuję" and "dziękujemy", "agradec*" is "agradecemos" and "agradeço".
"""

from __future__ import annotations

import re
import unicodedata

from mailbot.core.model import ParsedMessage

#: thanking words and stems per language
_THANKS: dict[str, tuple[str, ...]] = {
    "bg": ("благодар*", "мерси"),
    "cs": ("děkuj*", "díky", "dík"),
    "da": ("tak for", "mange tak", "tusind tak", "tak skal", "takker"),
    "de": ("danke*", "vielen dank", "herzlichen dank", "besten dank", "bedanke*"),
    "el": ("ευχαριστ*",),
    "en": ("thank*", "thx", "cheers", "much appreciated", "many thanks"),
    "es": ("gracias", "agradec*", "agradezc*"),
    "et": ("aitäh", "tänan", "täname", "tänud", "suur tänu"),
    "fi": ("kiitos", "kiitän", "kiitämme", "kiitoks*"),
    "fr": ("merci", "remerci*"),
    "ga": ("go raibh maith agat", "go raibh maith agaibh", "go raibh míle maith agat", "míle buíochas", "buíochas"),
    "hr": ("hvala", "zahvaljuj*"),
    "hu": ("köszön*", "hálás*"),
    "it": ("grazie", "ringrazi*"),
    "lt": ("ačiū", "dėkoj*", "dėkui"),
    "lv": ("paldies", "pateicos", "pateicamies"),
    "mt": ("grazzi", "nirringrazzj*"),
    "nl": ("bedankt", "dank je", "dank u", "hartelijk dank", "dankjewel", "dankuwel", "bedank*", "dank"),
    "pl": ("dziękuj*", "dzięki", "dziekuj*", "dzieki"),
    "pt": ("obrigad*", "agradeç*", "agradec*"),
    "ro": ("mulțum*", "multum*", "mersi"),
    "sk": ("ďakuj*", "vďaka"),
    "sl": ("hvala", "zahvaljuj*"),
    "sv": ("tack*",),
}

#: words that turn a thank-you into a request (then it is not only a thank-you); a "?" does too
_ASKS: dict[str, tuple[str, ...]] = {
    "bg": ("моля", "молим", "бихте ли", "можете ли", "присъедин*", "включ*", "запишете", "отпишете", "оттегл*",
           "напуска*"),
    "cs": ("prosím", "prosíme", "mohli byste", "můžete", "připoj*", "přidat", "přihlás*", "odhlás*", "vystoupit"),
    "da": ("venligst", "kan i", "kan du", "vil i", "med i", "tilmeld*", "meld os", "afmeld*", "udmeld*"),
    "de": ("bitte", "könnten sie", "können sie", "beitreten", "teilnehmen", "mitmachen", "aufnehmen", "eintragen",
           "austreten", "austragen", "anmelden", "abmelden"),
    "el": ("παρακαλ*", "θα μπορούσατε", "μπορείτε να", "να συμμετάσχ*", "να ενταχθ*", "εγγράψτε", "διαγράψτε",
           "αποχωρ*"),
    "en": ("please", "could you", "can you", "would you", "join*", "leave", "remove", "withdraw*", "unsubscribe",
           "sign up", "sign us up", "add us", "take us off", "participate", "take part", "become member*"),
    "es": ("por favor", "podrían", "podrian", "pueden", "podéis", "unirnos", "entrar en", "apunt*", "participar",
           "inscrib*", "darnos de baja", "abandonar", "salir del"),
    "et": ("palun", "kas saaksite", "kas saate", "liitu*", "lisage", "osaleda", "lahku*", "eemaldage"),
    "fi": ("voisitteko", "voitteko", "voisitko", "pyydän", "pyydämme", "liitty*", "liittä*", "ilmoittakaa", "mukaan",
           "poistakaa", "erota", "eroamme"),
    "fr": ("pourriez", "pouvez", "s'il vous plaît", "s'il vous plait", "rejoindre", "adhérer", "participer",
           "inscri*", "désinscri*", "retirer", "quitter"),
    "ga": ("le do thoil", "le bhur dtoil", "an féidir", "an bhféadfá", "dul isteach", "páirt a ghlacadh", "cláraigh",
           "bainigí", "bain sinn"),
    "hr": ("molim", "molimo", "možete li", "biste li", "pridruž*", "prijavi*", "upišite", "uči u", "uci u",
           "sudjelovati", "odjavite", "ispišite"),
    "hu": ("kérem", "kérjük", "kérném", "tudná", "csatlakoz*", "jelentkez*", "vegyenek fel", "részt venni",
           "töröljenek", "kilép*"),
    "it": ("per favore", "potreste", "potete", "potrebbe", "aderire", "partecipare", "iscriver*", "iscrivete*",
           "unirci", "cancellar*", "togliermi", "lasciare"),
    "lt": ("prašau", "prašome", "ar galėtumėte", "galite", "prisijung*", "užregistr*", "įtraukite", "dalyvauti",
           "išbraukite"),
    "lv": ("lūdzu", "vai jūs varētu", "vai varat", "pievieno*", "pieteik*", "piedalīties", "izslēdziet"),
    "mt": ("jekk jogħġbok", "tistgħu", "tista'", "nidħlu", "ningħaqdu", "nissieħbu", "nipparteċipaw", "neħħuna"),
    "nl": ("graag", "zou u", "kunt u", "kun je", "aanmelden", "meld ons", "zet ons", "deelnemen", "aansluiten",
           "afmelden", "uitschrijven", "verwijder*"),
    "pl": ("proszę", "prosimy", "czy mogliby", "czy może", "dołącz*", "zapisa*", "dopisa*", "uczestniczyć", "wypisa*",
           "usunąć"),
    "pt": ("por favor", "poderiam", "podem", "poderia", "aderir", "inscrev*", "juntar", "participar", "remover",
           "sair do"),
    "ro": ("vă rog", "va rog", "vă rugăm", "va rugam", "ați putea", "puteți", "alătur*", "înscrie*", "intram",
           "facem parte", "participa*", "retrage*", "scoateți"),
    "sk": ("prosím", "prosíme", "mohli by ste", "môžete", "pripoj*", "pridať", "prihlás*", "zúčastniť", "odhlás*",
           "vystúpiť"),
    "sl": ("prosim", "prosimo", "lahko bi", "ali lahko", "pridruž*", "prijavi*", "vključili", "vkljucili",
           "sodelovati", "odjavite", "izpišite"),
    "sv": ("kan ni", "kan du", "skulle ni", "vänligen", "gå med", "vara med", "anmäl*", "delta", "avregistrera",
           "ta bort"),
}
_MAX_THANKS_WORDS = 40
#: a question: "?", "¿", the Greek question mark (U+037E, or the ";" it normalises to, after Greek words)
_QUESTION = re.compile(r"[?¿\u037e]|[\u0370-\u03ff][^;\n]*;")

#: commercial phrases per language: a vendor presenting itself, its offer, a demo or call to book, a price, a footer
_SALES: dict[str, tuple[str, ...]] = {
    "bg": ("нашата компания", "нашата фирма", "нашето решение", "нашите решения", "нашите продукти", "предлагаме",
           "безплатна демонстрация", "безплатен пробен", "отстъпка*", "специална оферта",
           "бихме искали да ви представим", "запазете среща", "отписване", "отпишете се", "за отписване"),
    "cs": ("naše společnost", "naše firma", "naše řešení", "naše produkty", "nabízíme", "bezplatná ukázka",
           "bezplatnou ukázku", "zkušební verzi zdarma", "domluvit schůzku", "sleva*", "slevu", "speciální nabídka",
           "rádi bychom vám představili", "odhlásit z odběru", "objednejte si demo", "odhlášení*", "nechcete dostávat"),
    "da": ("vores virksomhed", "vores løsning", "vores produkter", "vi tilbyder", "gratis demo",
           "gratis prøveperiode", "book et møde", "book en demo", "særtilbud", "vi vil gerne præsentere",
           "afmeld nyhedsbrev", "frameld*", "ikke længere at modtage"),
    "de": ("unser unternehmen", "unsere firma", "wir bieten", "unser angebot*", "unsere lösung*", "unsere produkt*",
           "kostenlose demo*", "kostenlos testen", "demo vereinbaren", "vertrieb*", "rabatt*", "sonderangebot*",
           "möchten ihnen unsere", "führender anbieter", "newsletter abbestellen", "abmelden können", "abbestell*",
           "eine demo"),
    "el": ("η εταιρεία μας", "η λύση μας", "οι λύσεις μας", "τα προϊόντα μας", "προσφέρουμε", "δωρεάν επίδειξη",
           "δωρεάν δοκιμή", "κλείστε ραντεβού", "έκπτωση*", "ειδική προσφορά", "θα θέλαμε να σας παρουσιάσουμε",
           "απεγγραφ*", "διαγραφείτε από"),
    "en": ("book a call", "book a demo", "schedule a call", "schedule a demo", "request a demo", "free trial*",
           "our solution*", "our product*", "our services", "our platform*", "our company offers",
           "we would like to present", "i would like to introduce", "special offer*", "discount*", "pricing*",
           "price list*", "head of sales", "sales manager*", "sales team", "account manager*", "business development",
           "cuts costs", "save up to", "% off", "webinar*", "15-minute call", "quick call", "marketing*",
           "leading provider*", "unsubscrib*", "opt out", "opt-out", "no longer wish to receive", "demo", "demos",
           "stop receiving"),
    "es": ("nuestra empresa", "nuestra solución", "nuestras soluciones", "nuestros productos", "nuestra oferta",
           "ofrecemos", "demostración gratuita", "prueba gratuita", "agendar una llamada", "agendar una demo",
           "descuento*", "oferta especial", "nos gustaría presentarle", "líder en", "darse de baja",
           "si no desea recibir"),
    "et": ("meie ettevõte", "meie lahendus", "meie tooted", "pakume", "tasuta demo", "tasuta prooviperiood",
           "broneeri demo", "broneerige kohtumine", "allahindlus*", "eripakkumine", "soovime tutvustada",
           "loobu uudiskirjast", "tellimusest loobumiseks", "uudiskirjast loobu*"),
    "fi": ("yrityksemme", "ratkaisumme", "tuotteemme", "tarjoamme", "ilmainen demo", "ilmaisen demon",
           "ilmainen kokeilu", "varaa demo", "varaa aika", "alennus*", "erikoistarjous", "haluaisimme esitellä",
           "peruuta tilaus", "tilauksen peruutus", "et halua enää"),
    "fr": ("notre société", "notre entreprise", "notre solution*", "nos solution*", "nos produit*", "notre offre*",
           "nous proposons", "démonstration gratuite", "essai gratuit", "prendre rendez-vous", "offre spéciale",
           "nous souhaiterions vous présenter", "désabonn*", "désinscri*",
           "pour ne plus recevoir", "démo"),
    "ga": ("ár gcomhlacht", "ár gcuideachta", "ár réiteach", "ár dtáirgí", "ár seirbhísí", "cuirimid ar fáil",
           "saor in aisce", "taispeántas", "lascaine*", "tairiscint speisialta", "díliostáil*"),
    "hr": ("naša tvrtka", "naše rješenje", "naša rješenja", "naši proizvodi", "nudimo", "besplatna demonstracija",
           "besplatnu demonstraciju", "besplatno probno", "dogovorite sastanak", "popust*", "posebna ponuda",
           "željeli bismo vam predstaviti", "odjaviti s popisa", "odjava od", "za odjavu"),
    "hu": ("cégünk*", "megoldásunk", "megoldásaink", "termékeink*", "kínálunk", "ingyenes bemutató*",
           "ingyenes próba", "időpontot foglal*", "kedvezmény*", "különleges ajánlat", "szeretnénk bemutatni",
           "leiratkoz*", "demót", "nem kér több levelet"),
    "it": ("la nostra azienda", "la nostra soluzione", "le nostre soluzioni", "i nostri prodotti", "offriamo",
           "offerta speciale", "sconto*", "prova gratuita", "demo gratuita", "fissare una call",
           "vorremmo presentarle", "leader nel", "disiscriver*", "cancellarsi dalla", "webinar gratuito",
           "posti limitati", "per non ricevere"),
    "lt": ("mūsų įmonė", "mūsų sprendim*", "mūsų produkt*", "siūlome", "nemokama demonstracija",
           "nemokamą demonstraciją", "nemokamas bandom*", "nuolaida*", "specialus pasiūlymas", "norėtume pristatyti",
           "atsisakyti prenumeratos", "užsisakykite demonstracij*", "norėdami atsisakyti"),
    "lv": ("mūsu uzņēmums", "mūsu risinājum*", "mūsu produkt*", "piedāvājam", "bezmaksas demo",
           "bezmaksas izmēģinājum*", "pieteikt demonstrāciju", "atlaide*", "īpašais piedāvājums",
           "vēlamies iepazīstināt", "atteikties no jaunumiem", "atrakstīties*", "lai atteiktos"),
    "mt": ("il-kumpanija tagħna", "is-soluzzjoni tagħna", "is-soluzzjonijiet tagħna", "il-prodotti tagħna", "noffru",
           "b'xejn", "prezz imnaqqas", "offerta speċjali", "nixtiequ nippreżentaw", "ħassar l-abbonament",
           "ma tridx aktar"),
    "nl": ("ons bedrijf", "onze oplossing*", "onze product*", "wij bieden", "gratis demo", "gratis proefperiode",
           "plan een demo", "korting*", "speciale aanbieding", "graag stellen wij", "willen u graag voorstellen",
           "uitschrijven*", "niet meer ontvangen"),
    "pl": ("nasza firma", "nasze rozwiązani*", "nasze produkt*", "oferujemy", "bezpłatne demo",
           "bezpłatny okres próbny", "bezpłatną prezentację", "umówić rozmowę", "umówić spotkanie", "rabat*",
           "specjalna oferta", "chcielibyśmy przedstawić", "wypisać się", "rezygnacja z subskrypcji",
           "nie chcą państwo otrzymywać", "zrezygnować z subskrypcji"),
    "pt": ("nossa empresa", "nossa solução", "nossas soluções", "nossos produtos", "oferecemos",
           "demonstração gratuita", "teste gratuito", "agendar uma chamada", "agendar uma demonstração", "desconto*",
           "oferta especial", "gostaríamos de apresentar", "cancelar a subscrição", "cancelar a inscrição",
           "para deixar de receber"),
    "ro": ("compania noastră", "firma noastră", "soluția noastră", "soluțiile noastre", "produsele noastre", "oferim",
           "demonstrație gratuită", "perioadă de probă gratuită", "programați o întâlnire", "programați un demo",
           "reducere de preț", "reducere specială", "reduceri de preț", "cu reducere", "ofertă specială", "dorim să vă prezentăm", "dezabona*", "nu mai doriți"),
    "sk": ("naša spoločnosť", "naša firma", "naše riešenie", "naše produkty", "ponúkame", "bezplatná ukážka",
           "bezplatnú ukážku", "skúšobnú verziu zdarma", "dohodnúť stretnutie", "zľav*", "špeciálna ponuka",
           "radi by sme vám predstavili", "odhlásiť z odberu", "nechcete dostávať"),
    "sl": ("naše podjetje", "naša rešitev", "našo rešitev", "naše rešitve", "naši izdelki", "ponujamo",
           "brezplačna predstavitev", "brezplačno predstavitev", "brezplačen preizkus", "popust*", "posebna ponudba",
           "radi bi vam predstavili", "odjava od", "odjavite se", "za odjavo"),
    "sv": ("vårt företag", "vår lösning", "våra lösningar", "våra produkter", "vi erbjuder", "gratis demo",
           "gratis provperiod", "boka ett möte", "boka en demo", "rabatt*", "specialerbjudande",
           "vi vill gärna presentera", "avsluta prenumeration", "avregistrera dig", "vill du inte längre"),
}
_MIN_SALES = 2


#: the combining marks NFKD splits off Latin, Greek and Cyrillic letters
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def _fold(text: str) -> str:
    """Lower-case without accents (ł, ø, ħ and ß, which do not decompose, stay as they are)."""
    text = text.lower().replace("\u2019", "'")
    return text if text.isascii() else _COMBINING.sub("", unicodedata.normalize("NFKD", text))


_END = ""  # a trie key: a phrase ends here


def _compile(table: dict[str, tuple[str, ...]]) -> re.Pattern[str]:
    """One pattern for every phrase of every language, as a trie (one branch per letter, not per phrase).

    A phrase starts at a word's start and ends at a word's end; one that
    ends in "*" is a stem and may end inside a word.
    """
    trie: dict = {}
    for phrase in {_fold(p) for words in table.values() for p in words}:
        stem = phrase.endswith("*")
        node = trie
        for ch in phrase.rstrip("*"):
            node = node.setdefault(ch, {})
        node[_END] = node.get(_END, False) or stem

    def pattern(node: dict) -> str:
        branches = [(r"\s+" if ch == " " else re.escape(ch)) + pattern(child)
                    for ch, child in sorted(node.items()) if ch != _END]
        if _END in node:  # longer phrases first, then this one
            branches.append("" if node[_END] else r"(?!\w)")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return re.compile(r"(?<!\w)" + pattern(trie))


_THANKS_RE = _compile(_THANKS)
#: thanks only in a message read as that language ("tak" is Danish thanks, and Polish for "yes")
_THANKS_IF = {"da": _compile({"da": ("tak",)})}
_ASKS_RE = _compile(_ASKS)
_SALES_RE = _compile(_SALES)
#: Romanian "reducere" (discount) is Danish "reducere" (to reduce): a discount only with its percentage
#: ("Reducere 20% pentru autorități", "20% reducere")
_PERCENT_OFF = re.compile(r"\breducer[ei]\s*(?:de\s*)?\d{1,2}\s*%|\d{1,2}\s*%\s*reducer[ei]\b")


def _new_text(msg: ParsedMessage) -> str:
    return (msg.text or "").strip()


def is_thanks(msg: ParsedMessage) -> bool:
    """A short note that thanks and asks for nothing."""
    text = _new_text(msg) or (msg.subject or "")
    words = text.split()
    if not words or len(words) > _MAX_THANKS_WORDS or _QUESTION.search(text):
        return False
    folded = _fold(text)
    if _ASKS_RE.search(folded):
        return False
    folded += "\n" + _fold(msg.subject or "")
    own = _THANKS_IF.get(msg.language)
    return bool(_THANKS_RE.search(folded) or (own and own.search(folded)))


def sales_signals(msg: ParsedMessage) -> list[str]:
    """The commercial phrases in the message (subject and text), each once; not in the lines it quotes
    (a member answering our newsletter quotes its "webinar" and "unsubscribe")."""
    text = "\n".join(line for line in (msg.full_text or msg.text or "")[:20000].splitlines()
                     if not line.lstrip().startswith(">"))
    folded = _fold((msg.subject or "") + "\n" + text)
    found = [" ".join(m.group().split()) for m in _SALES_RE.finditer(folded)]
    found += [" ".join(m.group().split()) for m in _PERCENT_OFF.finditer(folded)][:1]
    return list(dict.fromkeys(found))


def is_sales(msg: ParsedMessage) -> bool:
    """At least two commercial phrases: a vendor's pitch, not a question from a buyer."""
    return len(sales_signals(msg)) >= _MIN_SALES
