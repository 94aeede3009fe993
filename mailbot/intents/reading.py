"""The text a detector reads: the subject's parts, the cleaned body, its clauses, the groups
it names (per clause, so a group named as context or in a negated clause is not a target)
and the topic of a proposed group."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from mailbot.core.config import Config
from mailbot.intents import lexicon as lx

from mailbot.intents.matching import (
    _END, _QEND, _Hit, _Lexicon, _MAX_CHARS, _TABLES, _Tok, _longest, _scan, _tokenize, fold,
)


# -- the document we read --------------------------------------------------------

_REQ_TOKEN = re.compile(r"\[req:[^\]\s]{1,64}\]", re.I)
_PREFIX = re.compile(r"^\s*(?:\[[^\]]{0,80}\]\s*)?([^\W\d_]{1,7})\.?\s?:\s*", re.U)
_QUOTE_HEADER = re.compile(
    r"^\s*(?:-{2,}\s*(?:original|forwarded|ursprüngliche|weitergeleitete|message d'origine)"
    r"|_{8,}\s*$"
    r"|(?:on|am|le|el|il|op|den|w dniu|em)\b.{0,200}\b(?:wrote|schrieb|a écrit|escribió|ha scritto|"
    r"schreef|skrev|napisał|escreveu)\s*:?\s*$)", re.I)
_SIG_START = re.compile(r"^\s*(?:--\s*|disclaimer\b.*|confidential.*|this (?:e-?mail|message) .*)$", re.I)
_CLOSINGS = frozenset(lx.CLOSINGS)


def _subject_parts(subject: str) -> tuple[str, bool, bool, str]:
    """(subject without Re:/Fwd:/[req:] prefixes, is_reply, is_forward, request token)."""
    token_m = _REQ_TOKEN.search(subject or "")
    token = token_m.group() if token_m else ""
    s = _REQ_TOKEN.sub(" ", subject or "")
    reply = forward = False
    for _ in range(6):
        m = _PREFIX.match(s)
        if not m:
            break
        p = fold(m.group(1))
        if p in lx.REPLY_PREFIXES:
            reply = True
        elif p in lx.FORWARD_PREFIXES:
            forward = True
        else:
            break
        s = s[m.end():]
    return s.strip(), reply, forward, token


_CLEAN: dict[str, str] = {}


def _clean_body(text: str) -> str:
    """The new text up to the first quote header, signature or closing line."""
    hit = _CLEAN.get(text)
    if hit is None:
        hit = _clean_body_uncached(text)
        if len(_CLEAN) > 8:  # one message is read a few times in a row; no more is kept
            _CLEAN.clear()
        _CLEAN[text] = hit
    return hit


def _clean_body_uncached(text: str) -> str:
    return "\n".join(_cut_lines(text)[0]).strip()


_LINES: dict[str, tuple[list[str], int]] = {}


def _cut_lines(text: str) -> tuple[list[str], int]:
    """`_body_lines`, of the last few texts: a message's new text is cut once for the body and
    once for its signature."""
    hit = _LINES.get(text)
    if hit is None:
        hit = _body_lines(text)
        if len(_LINES) > 8:
            _LINES.clear()
        _LINES[text] = hit
    return hit


def _body_lines(text: str) -> tuple[list[str], int]:
    """The new text's lines, and the number of the line where the signature or quote begins."""
    out: list[str] = []
    lines = (text or "")[:_MAX_CHARS].splitlines()
    for n, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(">"):
            continue
        if _QUOTE_HEADER.match(line) or _SIG_START.match(line):
            return out, n
        key = re.sub(r"[^\w\s]", " ", fold(stripped)).split()
        if out and key and " ".join(key) in _CLOSINGS:
            return out, n
        if out and len(key) <= 6 and key and " ".join(key[:3]) in _CLOSINGS and stripped.endswith(","):
            return out, n
        out.append(line)
    return out, len(lines)


def _signature(text: str) -> str:
    """What follows the new text's sign-off: the signature, and any mailing's footer below it."""
    lines = (text or "")[:_MAX_CHARS].splitlines()
    return "\n".join(lines[_cut_lines(text)[1]:])


@dataclass
class _Doc:
    """One message's readable text, its tokens and every lexicon hit."""

    text: str
    toks: list[_Tok]
    hits: dict[str, list[_Hit]]
    groups: list[_Hit]
    sent_of: list[int]  # sentence number per token
    questions: dict[int, str]  # sentence -> "how" | "wh" | "yes-no"
    #: group hits in a clause that negates them ("not X") or places them as
    #: context ("we are already in X", "we left X"): not the object of a request
    negated: list[_Hit] = field(default_factory=list)
    context: list[_Hit] = field(default_factory=list)
    #: the group hits a join or an info request is about (set by _read)
    targets: list[_Hit] = field(default_factory=list)
    #: the targets of the sentences that make a join or leave request (see _focus)
    focus: list[_Hit] = field(default_factory=list)
    #: groups a joining sentence names with "only" ("samo v skupino X"): the request's whole object
    only: set[str] = field(default_factory=set)
    lex: _Lexicon | None = field(default=None, repr=False, compare=False)

    def of(self, cat: str) -> list[_Hit]:
        return self.hits.get(cat, [])


_READ: dict[tuple[int, str], _Doc] = {}


def _read(lex: _Lexicon, text: str) -> _Doc:
    """The document of `text` (the last few are kept: detection reads a message's text more than once)."""
    key = (id(lex), text)
    hit = _READ.get(key)
    if hit is None or hit.lex is not lex:
        hit = _read_uncached(lex, text)
        if len(_READ) > 8:
            _READ.clear()
        _READ[key] = hit
    return hit


def _read_uncached(lex: _Lexicon, text: str) -> _Doc:
    toks = _tokenize(text)
    by_cat: dict[str, list[_Hit]] = {}
    for h in _scan(lex, toks, text):
        by_cat.setdefault(h.cat, []).append(h)
    hits = {cat: _longest(by_cat[cat]) if cat in by_cat else [] for cat in _TABLES}
    # "I recently joined the council's unit": a join verb in the past tense asks nothing
    hits["JOIN"] = [h for h in hits["JOIN"] if not (h.j - h.i == 1 and toks[h.i].f in lx.JOINED)]
    # "har været Procura+ deltager siden 2023": the network's name before the word makes it a noun, a status
    hits["JOIN"] = [h for h in hits["JOIN"] if not (h.j - h.i == 1 and h.i and toks[h.i - 1].f == "procura")]
    # "ποιοι φορείς συμμετέχουν ήδη" (which bodies take part already): a join verb "already" follows
    # tells who is in, not what they ask ("already now" is a time: "pridať sa už teraz")
    hits["JOIN"] = [h for h in hits["JOIN"] if not (
        h.j - h.i == 1 and h.j + 1 < len(toks) and toks[h.j].f in lx.ALREADY and toks[h.j].f != "al"
        and toks[h.j + 1].f not in lx.NOW_WORDS and toks[h.j + 1].f not in lx.NEGATIONS)]
    # Swedish "vi kommer (nog) att låna …", Danish "vi kommer til at": "will", not "we are coming" ("vi
    # kommer att delta", we will attend, still answers)
    hits["RSVP_TEXT"] = [h for h in hits["RSVP_TEXT"] if not (toks[h.j - 1].f == "kommer" and any(
        toks[x].f in ("att", "til") and not any(t.f.startswith(_ATTENDING) for t in toks[x + 1:x + 3])
        for x in range(h.j, min(h.j + 3, len(toks)))))]
    # "Kas pärast seda grupp lõpetab …?" (does the group end after that?): the group is the verb's subject,
    # asked about, nobody leaves
    worded_at = {h.j for h in hits["GROUP_WORDS"]}
    hits["LEAVE"] = [h for h in hits["LEAVE"] if not (h.j - h.i == 1 and h.i in worded_at and next(
        (toks[x].f for x in range(h.j, len(toks)) if toks[x].f in (_END, _QEND)), _END) == _QEND)]
    # "We'll leave the ICT group aside for now": set aside, not left (the "aside" negates the group)
    hits["LEAVE"] = [h for h in hits["LEAVE"] if not (h.j < len(toks) and toks[h.j].f == "aside")]
    # "interessegruppen", "Interessengruppe": a group word, not a wish ("interess*")
    nouns = {h.i for h in hits["GROUP_WORDS"] if h.j - h.i == 1}
    hits["DESIRE"] = [h for h in hits["DESIRE"] if not (h.j - h.i == 1 and h.i in nouns)]
    groups = _longest(by_cat.get("group", ()))
    sent_of, questions = [], {}
    particle: set[int] = set()  # sentences opened by a yes/no particle
    aux: set[int] = set()  # sentences opened by an auxiliary ("is", "does"): a question only with "?"
    sent, first = 0, True
    for k, t in enumerate(toks):
        sent_of.append(sent)
        if t.f in (_END, _QEND):
            if t.f == _QEND:
                questions.setdefault(sent, "yes-no")
            sent, first = sent + 1, True
            continue
        if first:
            first = False
            if k + 1 < len(toks) and toks[k + 1].f in lx.AS_STATED:
                pass  # "Kaip nurodyta temoje.", "Wie im Betreff angegeben": the subject's request, no question
            elif t.f in lx.HOW_WORDS:
                questions[sent] = "how"
            elif t.f in lx.YES_NO_STARTS or (k + 1 < len(toks) and toks[k + 1].f == "li"
                                              and text[t.end:toks[k + 1].start].isspace()):
                # "kas osalemine on tasuline", "– plaća li se kotizacija" (not Czech "je-li", if it is)
                questions[sent] = "yes-no"
                particle.add(sent)
            elif (t.f in lx.QUESTION_WORDS or (t.f,) in lx.EXISTENTIAL_STARTS
                  or (k + 1 < len(toks) and (t.f, toks[k + 1].f) in lx.EXISTENTIAL_STARTS)) \
                    and any(x.f in lx.ROOM for x in toks[k + 1:k + 5]):
                questions[sent] = "yes-no"  # "finns det plats för oss i gruppen?", "is there room for us": may we join
            elif t.f in lx.QUESTION_WORDS or (t.f,) in lx.EXISTENTIAL_STARTS or (
                    k + 1 < len(toks) and (t.f, toks[k + 1].f) in lx.EXISTENTIAL_STARTS):
                questions[sent] = "wh"
                if t.f in lx.AUXILIARIES:
                    aux.add(sent)  # "Is é Dónall … an duine teagmhála": Irish "is" states
                elif t.f == "what" and k + 1 < len(toks) and toks[k + 1].f in ("we", "i"):
                    aux.add(sent)  # "What we'd really like is to join X": a statement unless asked with "?"
    # A question word only makes a question when the sentence ends with "?" or
    # is the leading word of a short clause; statements like "Is this ok." are rare.
    ends_q = {sent_of[k] for k, t in enumerate(toks) if t.f == _QEND}
    questions = {s: q for s, q in questions.items()
                 if s in ends_q or (q in ("how", "wh") and s not in aux) or s in particle}
    # "Kif tkellimna fis-Seminar, …", "Como falámos, …" (as we discussed): a short opening clause, no question
    firsts = {}
    for k, n in enumerate(sent_of):
        firsts.setdefault(n, k)
    for n in [n for n, q in questions.items() if n not in ends_q and q == "how"]:
        k0 = firsts[n]
        if any("," in text[toks[k].end:toks[k + 1].start] for k in range(k0, min(k0 + 4, len(toks) - 1))
               if sent_of[k] == n):
            del questions[n]
    for h in hits["ASK"]:
        # An indirect question, with no "?": "zanima nas ima li članarina … i koliko je sastanaka",
        # "we'd like to know how many meetings there are".
        s0 = sent_of[h.i]
        if s0 in questions:
            continue
        for n, (t, s1) in enumerate(zip(toks[h.j:], sent_of[h.j:])):
            if s1 != s0:
                break
            if t.f in lx.HOW_WORDS or (t.f in lx.QUESTION_WORDS and t.f not in lx.AUXILIARIES):
                questions[s0] = "how" if t.f in lx.HOW_WORDS else "wh"
                break
            if n < 3 and t.f == "li":
                questions[s0] = "yes-no"  # "zanima me odvijaju li se sastanci …": a South Slavic yes/no question
                break
            if n < 2 and t.f in lx.WHETHER and any(sent_of[g.i] == s0 for g in groups):
                # "vorrei sapere se il gruppo sull'ICT si occupa anche …": asked about a group
                questions[s0] = "yes-no"
                break
    # "prije nego što se odlučimo" (before we decide): a condition's "before" is no "earlier"
    # (a phrase both tables hold, Bulgarian "преди това", stays a past)
    hits["PAST"] = [h for h in hits["PAST"] if not any(c.i <= h.i and h.j <= c.j and c.j - c.i > h.j - h.i
                                                       for c in hits["CONDITION"])]
    doc = _Doc(text, toks, hits, groups, sent_of, questions, lex=lex)
    requests = {h.i for cat in ("JOIN", "JOIN_WEAK", "DESIRE", "LEAVE", "START") for h in hits[cat]}
    clause = _clauses(text, toks, requests, {k for h in groups for k in range(h.i, h.j)}) if groups else []
    negations = lx.CLAUSE_NEGATIONS
    if groups and "nu" in negations and any(t.f in _NU_IS_NOW for t in toks):
        # Romanian "not", Dutch, Swedish and Danish "now" ("we willen nu ook meedoen met X", "Nu vill vi gå med i X")
        negations = negations - {"nu"}
    if groups and "mai" in negations and _ROMANIAN_LETTERS.search(text):
        # Romanian "mai" is "more", "still" ("Ne puteți trimite mai multe detalii despre grupul X?"); in
        # Italian "never" (its "nu mai", "not any more", keeps its "nu")
        negations = negations - {"mai"}
    langs = {h.pat.lang for hs in hits.values() for h in hs}
    asked_in = {h.pat.lang for cat in ("JOIN", "JOIN_WEAK", "DESIRE", "LEAVE", "START") for h in hits[cat]}
    if groups and "ni" in negations and "sv" in asked_in and not asked_in & _NI_IS_NOT:
        # Swedish "ni" is "you" ("Kan ni lägga till oss i X?"); Irish, Slovene, Croatian "not", Spanish "nor"
        negations = negations - {"ni"}
    if groups and langs & _NE_IS_NOT and not langs & _NE_IS_OTHER:
        # Slavic "ne" (not): "V skupini za IKT trenutno ne moremo sodelovati"; in Italian it is "of it"
        # ("ne facciamo parte"), in French half of "ne … pas", in Romanian "us" ("să ne alăturăm")
        negations = negations | {"ne"}
    in_leave = {k for h in hits["LEAVE"] if any(w in lx.CLAUSE_NEGATIONS for w in h.pat.words)
                for k in range(h.i, h.j)}
    # "We haven't decided yet whether to go for X or Y": the negation is the condition's, not X's
    in_leave |= {k for h in hits["CONDITION"] for k in range(h.i, h.j) if toks[k].f in lx.CLAUSE_NEGATIONS}
    # a leave's own "already" is no context word: Spanish "deja el grupo" is no French "déjà" (its past
    # tense, "dejamos el grupo", still is: where they were)
    leaving = {k for h in hits["LEAVE"] for k in range(h.i, h.j) if toks[k].f in lx.ALREADY}
    # … nor is a leave's own word of staying ("will not continue in X", "nu vom continua în X")
    leaving |= {k for h in hits["LEAVE"] for k in range(h.i, h.j)
                if toks[k].f in lx.CLAUSE_CONTEXT and any(
                    toks[x].f in negations or (toks[x].f == "ne" and h.pat.lang in _NE_IS_NOT) for x in range(h.i, h.j))}
    # … nor a conditional's participle ("Grad Varaždin bi izašao iz skupine X": would leave, not left)
    leaving |= {k for h in hits["LEAVE"] for k in range(h.i, h.j)
                if toks[k].f in lx.CLAUSE_CONTEXT and toks[h.i].f in _CONDITIONAL}
    # … nor is the present of a leave verb that a participle shares ("Rennes Métropole quitte le groupe X"),
    # unless an auxiliary makes it the past ("nous avons quitté le groupe X")
    leaving |= {k for h in hits["LEAVE"] for k in range(h.i, h.j) if leaves_now(toks, k)}
    # a clause told of the past ("we left X last year", "миналата година … се оттегли от групата X")
    past = {clause[h.i] for h in hits["PAST"]} if groups else set()
    # … and a "that" clause it governs ("původně jsme zvažovali, že se zapojíme do X, ale … rádi bychom se
    # připojili k Y"): what they once weighed, not what they ask
    for h in hits["PAST"] if groups else ():
        k = next((k for k in range(h.j, len(toks)) if clause[k] != clause[h.i]), len(toks))
        if k < len(toks) and sent_of[k] == sent_of[h.i] and (toks[k].f in _THAT or _zu_infinitive(toks, clause, k)
                                                             or _gives_reason(toks, k)):
            past.add(clause[k])
    # "already" before a negation is "no longer" ("už nemá kapacitu na skupinu X", "ya no …"): no context;
    # Spanish "deja de participar" (stops taking part) is no French "déjà"
    # and so is one a word or two after it ("nie chce już być członkiem grupy X"); "already now"
    # ("pridať sa už teraz") is a time, not where they are
    no_longer = {k for k, t in enumerate(toks[:-1]) if t.f in lx.ALREADY and (
        toks[k + 1].f in negations or (t.f in ("uz", "juz", "jiz") and any(
            toks[x].f.startswith(("ne", "nie")) and not toks[x].f.startswith(_NE_NOT_NOT)
            for x in range(k + 1, min(k + 4, len(toks)))))  # "už nám neposielajte" (no longer send us),
        # "už Mesto Žilina nebude pokračovať" (the town will no longer continue)
        or any(toks[x].f in negations for x in range(max(0, k - 2), k))
        or (t.f == "deja" and toks[k + 1].f == "de") or toks[k + 1].f in lx.NOW_WORDS)}
    # Spanish "ya que" is "since" (because), not "already": "… ya que la estrategia abarca X e Y"
    because = {k for k, t in enumerate(toks[:-1]) if t.f == "ya" and toks[k + 1].f == "que"}
    # Greek in Latin letters, "gia tin agora" (for the market), is no Italian "già" (already)
    because |= {k for k, t in enumerate(toks[:-1]) if t.f == "gia" and toks[k + 1].f in _AFTER_GREEKLISH_GIA}
    # Slovene "več informacij", "več o" (more information, more about) is no Croatian "već" (already)
    because |= {k for k, t in enumerate(toks[:-1]) if t.f == "vec" and (
        toks[k + 1].f.startswith(("inform", "podrobn")) or toks[k + 1].f in ("o", "kot"))}
    # a negation of a status ("os municípios que não são membros … podem participar no grupo"): who
    # they are, not what they ask
    status = {k for k, t in enumerate(toks) if t.f in negations and any(
        toks[x].f in lx.COPULAS or toks[x].f.startswith(lx.MEMBER_NOUNS) for x in range(k + 1, min(k + 3, len(toks))))
        and any(toks[x].f.startswith(lx.MEMBER_NOUNS) for x in range(k + 1, min(k + 4, len(toks))))}
    # Portuguese "no" (in the) before a group word or a group's name: "participar no grupo de economia circular"
    named = {h.i for h in groups} | {h.i for h in hits["GROUP_WORDS"]}
    status |= {k for k, t in enumerate(toks) if t.f == "no" and k + 1 in named}
    # Portuguese "no" (in the) inside a join phrase ("entrar no grupo de contratação circular") and
    # before "de" ("e também no de mercado": and in the one on the market)
    status |= {k for h in hits["JOIN"] for k in range(h.i, h.j) if toks[k].f == "no"}
    if _PORTUGUESE_LETTERS.search(text):
        status |= {k for k, t in enumerate(toks[:-1]) if t.f == "no" and toks[k + 1].f == "de"}
    # "no. 1 and no. 3 on your list": "no." is "number"; Irish "nó" is "or"
    status |= {k for k, t in enumerate(toks) if t.f == "no" and text[t.start:t.end].lower() == "nó"}
    status |= {k for k, t in enumerate(toks[:-1]) if t.f in ("no", "nos") and toks[k + 1].f.isdigit()}
    # Swedish "ni" (you) after a modal: "Skulle ni kunna berätta …", "Kan ni lägga till oss …"
    status |= {k for k, t in enumerate(toks) if k and t.f == "ni" and toks[k - 1].f in _SWEDISH_MODALS}
    # Czech "místo ní" (instead of it): the pronoun is no Slovene or Croatian "ni" (not)
    status |= {k for k, t in enumerate(toks) if k and t.f in _IT and (toks[k - 1].f,) in lx.INSTEAD_OF}
    starts = {g.i for g in groups}
    for h in groups:
        c = clause[h.i]
        if h.i and "(" in text[toks[h.i - 1].end:toks[h.i].start] and ")" in text[toks[h.j - 1].end:toks[h.j - 1].end + 2]:
            # "rinkos plėtros (Market and Supplier Development) grupėje": a name in brackets belongs
            # to the clause it names, with its "already".
            c = clause[h.i - 1]
        # a negation inside a leave phrase ("non parteciperà più al gruppo X") is the leave's, not X's
        before = [t.f for k, t in enumerate(toks[:h.i]) if clause[k] == c and k not in in_leave and k not in status]
        inside = [t.f for k, t in enumerate(toks[:h.i]) if clause[k] == c and k not in no_longer and k not in leaving
                  and k not in because] \
            + [t.f for k, t in enumerate(toks[h.j:], h.j) if clause[k] == c and k not in no_longer and k not in leaving
               and k not in because]
        after = [t.f for k, t in enumerate(toks[h.j:], h.j) if clause[k] == c and k not in status]
        if any(w in negations for w in before) and not _preposition_no(toks, h, clause):
            doc.negated.append(h)
        elif any(w in negations for w in after) and not any(
                clause[x.i] == c and not any(toks[k].f in negations and clause[k] == c and not (
                    k >= x.j and (k in status or k + 1 < len(toks) and toks[k + 1].f in _ONLY))
                    for k in range(max(0, x.i - 3), min(x.j + 2, len(toks))))
                for cat in ("JOIN", "LEAVE") for x in hits[cat]):
            # (a negation just after the join noun negates it too: "Ringmajanduse töörühmaga liitumist
            # praegu ei kaalu", joining the circular group we do not consider now; "dalyvauti ne tik
            # miestai", take part not only cities, negates nothing)
            # "quello sull'economia circolare per ora non fa per noi": negated after it, in a clause
            # that asks nothing ("V skupini za IKT trenutno ne moremo sodelovati": its join is negated)
            doc.negated.append(h)
        elif any(w in lx.CLAUSE_CONTEXT for w in inside) or any(
                f"{a} {b}" in lx.CONTEXT_BIGRAMS for a, b in zip(before, before[1:])) or any(
                f"{a} {b}" in lx.CONTEXT_BIGRAMS for a, b in zip(after, after[1:])) or _instead_of(toks, h, clause, starts) \
                or (any(w in lx.THANKS for w in before) and not any(w in lx.IN_ADVANCE for w in inside)) \
                or _member_of(before) or c in past:
            doc.context.append(h)
    # "Skupina za IKT nas ne zanima, ker imamo informatiko centralizirano …": a "because" clause gives the
    # reason a group it names again was set aside
    for h in groups:
        if h not in doc.negated and h not in doc.context and any(
                n.pat.slug == h.pat.slug and sent_of[n.i] == sent_of[h.i] and n.i < h.i for n in doc.negated):
            first = next(k for k in range(len(toks)) if clause[k] == clause[h.i])
            if toks[first].f in lx.BECAUSE:
                doc.negated.append(h)
    # "… indichiamo Circular procurement e Market and Supplier Development. Per il gruppo ICT valuteremo il
    # prossimo anno.": a sentence that asks nothing and puts its group off, beside one naming others
    later = {sent_of[h.i] for h in hits["LATER"]} - {sent_of[k] for k in requests}
    if later and any(sent_of[h.i] not in later for h in groups if h not in doc.negated and h not in doc.context):
        doc.context += [h for h in groups if sent_of[h.i] in later and h not in doc.negated and h not in doc.context]
    def still_named() -> list[_Hit]:
        return [h for h in groups if h not in doc.negated and h not in doc.context]

    def set_aside(these: list[_Hit], others_of) -> None:
        """Context only while another group stays the object: a message naming one group keeps it."""
        if these and any(others_of(h) for h in still_named() if h not in these):
            doc.context.extend(these)

    # "A colleague from the ICT group recommended the circular one to us": the group a colleague sits in,
    # beside another the sender asks for (its other names in that sentence too)
    said = {(h.pat.slug, sent_of[h.i]) for h in still_named() if _a_colleagues(doc, h)}
    theirs = [h for h in still_named() if (h.pat.slug, sent_of[h.i]) in said]
    set_aside(theirs, lambda h: h.pat.slug not in {x.pat.slug for x in theirs})
    # "ICT is done by our IT company, they will decide themselves if they want to join": a sentence whose
    # joins are another body's "if they …", beside a group the sender asks for
    theirs_if = {sent_of[h.i] for cat in ("JOIN", "JOIN_WEAK") for h in hits[cat] if any(
        toks[k].f in _IF and sent_of[k] == sent_of[h.i]
        and any(t.f in lx.THEY for t in toks[k + 1:min(k + 3, h.i)]) for k in range(max(0, h.i - 4), h.i))}
    set_aside([h for h in still_named() if sent_of[h.i] in theirs_if], lambda h: sent_of[h.i] not in theirs_if)
    # "Az IKT-csoport talán jövőre, egyelőre csak a … csoportba jelentkeznénk": a group put off to later in
    # its clause, beside a group asked for now
    put_off = {clause[h.i] for h in hits["LATER"]} if groups else set()
    set_aside([h for h in still_named() if clause[h.i] in put_off], lambda h: clause[h.i] not in put_off)
    # "Cuirigí … leis an nGrúpa um Fhorbairt Margaidh. Dála an scéil, an mbuaileann an grúpa ciorclach …?"
    # (by the way, does the circular group meet …?): a group a side question asks about, asking no join
    # (a marker that ends its sentence, "Μια ερώτηση ακόμα:", is about the next one)
    side = {sent_of[x.i] + (not any(sent_of[k] == sent_of[x.i] for k in range(x.j + 1, min(len(toks), x.j + 3))))
            for x in hits["SIDE_QUESTION"]}
    side -= {sent_of[h.i] for cat in ("JOIN", "JOIN_WEAK") for h in hits[cat]}
    set_aside([h for h in still_named() if sent_of[h.i] in side], lambda h: sent_of[h.i] not in side)
    # "We are already in the Socially Responsible ICT group … Same contact as for the ICT group is fine": a
    # group they say they are already in, wherever else the message names it, while another is asked for.
    # Named as a group ("cities that have already run supplier days" is in no group), and not "no longer"
    # nor in a leave ("už ve skupině X nebude pokračovat" leaves X).
    near = _called(doc) if doc.context else set()
    leaving_in = {sent_of[h.i] for h in hits["LEAVE"]}
    already = {h.pat.slug for h in doc.context if (h.i in near or h.j - 1 in near) and sent_of[h.i] not in leaving_in
               and any(toks[k].f in lx.ALREADY and toks[k].f != "al" and k not in no_longer and sent_of[k] == sent_of[h.i]
                       for k in range(max(0, h.i - 8), h.i))}
    set_aside([h for h in still_named() if h.pat.slug in already], lambda h: h.pat.slug not in already)
    # "We were in the ICT group last year but left it … add us to the circular one instead (reuse of … IT
    # equipment)", "Do skupiny k … ICT se možná přihlásíme příští rok, až budeme mít … IT strategii": a group
    # set aside where it is named as a group (or in a clause with a group word), named again only by a word
    # of its topic, while another group stays asked for
    worded = {clause[g.i] for g in hits["GROUP_WORDS"]} if doc.context else set()
    # (not a colleague's or another body's group: "Od kolegů z Prahy víme, že … existuje skupina zaměřená
    # na oběhové zadávání" names the group the request points back to; nor a mention in a leave's sentence:
    # "signed us up to the ICT supply-chain group last year … please take us off the ICT list")
    aside = {h.pat.slug for h in doc.context if (h.i in near or h.j - 1 in near or h.pat.weight >= 3 or clause[h.i] in worded)
             and h not in theirs and sent_of[h.i] not in theirs_if}
    set_aside([h for h in still_named() if h.pat.slug in aside and h.pat.weight < 3 and h.i not in near
               and h.j - 1 not in near and sent_of[h.i] not in leaving_in],
              lambda h: h.pat.slug not in aside)
    # "En lugar del grupo de ICT …, inclúyannos en Market …": the group they do not want, wherever else
    # the message names it (not where it is left), while another group stays asked for
    asking = {sent_of[h.i] for cat in ("JOIN", "JOIN_WEAK", "DESIRE") for h in hits[cat]}
    unwanted = {h.pat.slug for h in doc.context if sent_of[h.i] in asking and _instead_of(toks, h, clause, starts)}
    unwanted |= _instead_of_that(doc, starts) if asking else set()
    unwanted |= _before_instead(doc, asking)
    set_aside([h for h in still_named() if h.pat.slug in unwanted and sent_of[h.i] not in leaving_in],
              lambda h: h.pat.slug not in unwanted)
    # "Táimid cheana féin sa ghrúpa ICT (soláthar sóisialta freagrach TFC)": a name in brackets right after
    # a group set aside names that group again
    for h in still_named():
        g = max((g for g in groups if g.j <= h.i), key=lambda g: g.j, default=None)
        between = text[toks[g.j - 1].end:toks[h.i].start] if g is not None else ""
        if g is not None and g.pat.slug == h.pat.slug and "(" in between and ")" not in between:
            (doc.negated if g in doc.negated else doc.context if g in doc.context else []).append(h)
    doc.targets = [h for h in groups if h not in doc.negated and h not in doc.context]
    # "X only", "the X group only"
    named_only = [h for h in doc.targets if h.j < len(toks) and (toks[h.j].f in lx.ONLY_AFTER or any(
        g.i == h.j and g.j < len(toks) and toks[g.j].f in lx.ONLY_AFTER for g in hits["GROUP_WORDS"]))]
    # … and "only" before it, its group word or preposition between ("prijavljuje se samo u grupu ICT, ne
    # u ostale dvije grupe"), not "not only" nor "or only" ("… anche di lavori edili o solo di forniture?"),
    # in a sentence that joins
    words = {k for g in hits["GROUP_WORDS"] + hits["TOPIC_PREPS"] for k in range(g.i, g.j)}
    joins = {sent_of[h.i] for cat in ("JOIN", "JOIN_WEAK") for h in hits[cat]}
    named_only += [h for h in doc.targets if h not in named_only and sent_of[h.i] in joins and any(
        toks[k].f in _ONLY and sent_of[k] == sent_of[h.i]
        and not (k and (toks[k - 1].f in negations or text[toks[k - 1].start:toks[k - 1].end].lower() in lx.OR_WORDS))
        and all(x in words or toks[x].f in lx.ARTICLES or len(toks[x].f) <= 2 for x in range(k + 1, h.i))
        for k in range(max(0, h.i - 4), h.i))]
    # ("prije nekoliko tjedana … namjera nam je bila prijaviti se samo u skupinu X", weeks ago … our intention
    # was to sign up only for X: an "only" told of the past puts no other group aside now)
    past = {sent_of[h.i] for h in hits["PAST"]}
    named_only = [h for h in named_only if sent_of[h.i] not in past]
    only = {sent_of[h.i] for h in named_only}
    if only:
        # "… sign up for Circular procurement only - the market engagement work sits with …"; asked so,
        # "X only" leaves every other group the message names as context ("… they'll get in touch
        # separately if they ever want to join Circular procurement")
        keep = {h.pat.slug for h in named_only}
        asked_only = only & {sent_of[h.i] for cat in ("JOIN", "JOIN_WEAK") for h in hits[cat]}
        doc.only = {h.pat.slug for h in named_only if sent_of[h.i] in asked_only}
        doc.context += [h for h in doc.targets if (asked_only or sent_of[h.i] in only) and h.pat.slug not in keep]
        doc.targets = [h for h in doc.targets if h not in doc.context]
    # "Skupini X, iz katere smo izstopili lani, se ne bomo ponovno pridružili" (to group X, which we left
    # last year, we will not join again): a sentence whose every join phrase is negated puts its groups
    # aside, while another sentence joins a group that stays
    jh = hits["JOIN"] + hits["JOIN_WEAK"]
    if jh and len(doc.targets) > 1:
        # (the languages are read only when a bare "ne" may be the negation)
        ne = any(t.f == "ne" for t in toks) and bool(written_in(doc) & _NE_IS_NOT)
        said_no = lambda h: any(toks[k].f in lx.CLAUSE_NEGATIONS or (ne and toks[k].f == "ne")  # noqa: E731
                                for k in range(max(0, h.i - 3), h.i))
        refused = {sent_of[h.i] for h in jh if said_no(h)} - {sent_of[h.i] for h in jh if not said_no(h)}
        moved = [h for h in doc.targets if sent_of[h.i] in refused]
        if moved and any(h not in moved for h in doc.targets) \
                and any(not said_no(h) and any(sent_of[g.i] == sent_of[h.i] for g in doc.targets if g not in moved)
                        for h in jh):
            doc.negated += moved
            doc.targets = [h for h in doc.targets if h not in moved]
    doc.focus = _focus(doc) if doc.targets else []
    return doc


#: "that" opening a clause a verb governs, in the EU languages (folded)
_THAT = frozenset("that dass que che att at etta ze ca hogy oti ce ka kad".split())
_NI_IS_NOT = frozenset({"ga", "sl", "hr", "es", "fr"})
#: West Slavic words in "ne-"/"nie-" that negate nothing ("již několik měsíců", "už niekoľko rokov")
_NE_NOT_NOT = ("nekolik", "nekter", "nejak", "nekdy", "nekde", "nejen", "nejvic", "nejvet", "nemec",
               "niekol", "niektor", "niekedy", "nieco", "niejak", "niedawn")
_NE_IS_NOT = frozenset({"sl", "hr", "cs", "sk"})
_NE_IS_OTHER = frozenset({"it", "fr", "ro"})  # "of it", "ne … pas", "us"


def _member_of(before: list[str]) -> bool:
    """"… is a member of X" before the group in its clause: a statement of where they are ("Kraj
    Vysočina je od loňska členem skupiny X"), not "we are keen to become members"."""
    for k, w in enumerate(before):
        if w.startswith(lx.MEMBER_NOUNS):
            near = before[max(0, k - 3):k]
            if any(x in lx.COPULAS for x in near) and not any(x in lx.BECOME for x in near):
                return True
    return False


_COLLEAGUE_GAP = 20  # words between a colleague and the group ("colega Inês Carvalho, da Lipor, participa … no grupo")


def _a_colleagues(doc: _Doc, h: _Hit) -> bool:
    """Whether a colleague comes shortly before the group in its sentence ("Kolega z grupy ICT", "Min
    kollega som leder IKT-gruppen", "a colleague from Heraklion, who takes part in X, recommended Y"),
    with no request before the colleague in that sentence ("please add my colleague to X" asks X) nor a
    wish between them ("my colleague and I would like to join X"); a single verb between them is the
    colleague's own ("που συμμετέχει στην ομάδα X", who takes part in X)."""
    toks, s = doc.toks, doc.sent_of[h.i]
    for k in range(max(0, h.i - _COLLEAGUE_GAP - 1), h.i):
        if doc.sent_of[k] == s and toks[k].f.startswith(lx.COLLEAGUES):
            if any(k < g.i < h.i for g in doc.groups):
                return False  # only the first group after the colleague is theirs
            first = next(x for x in range(k + 1) if doc.sent_of[x] == s)
            # (a one-word wish is mostly a pronoun or an auxiliary: Slovak "je", "is"; two or more are the
            # sender's: "Net als onze collega's willen wij graag aansluiten bij X")
            cues = [r for cat in ("JOIN", "JOIN_WEAK", "DESIRE", "LEAVE") for r in doc.hits[cat]]
            # (Swedish "i" is "in", no English "I": "En kollega i Uppsala som sitter i ICT-gruppen")
            return not any(first <= r.i < h.i and (r.j - r.i > 1 or (r.i < k and r.cat != "DESIRE")) for r in cues) \
                and sum(k < r.i < h.i and not (r.cat == "DESIRE" and toks[r.i].f == "i") for r in cues) < 2
    return False


_INSTEAD_GAP = 4  # words between "instead of" and the group ("em vez do grupo de compras circulares")


def _instead_of(toks: list[_Tok], h: _Hit, clause: list[int], starts: set[int] = frozenset()) -> bool:
    """Whether "instead of" comes right before the group ("au lieu du groupe ICT") or its postposition
    right after ("ICT-ryhmän sijaan"): the group they do not want. Only the first group after the
    phrase is its object ("Vietoje IRT grupės norėtume dalyvauti rinkos … grupėje": not the second);
    `starts` are where the groups' names start."""
    c = clause[h.i]
    for k in range(max(0, h.i - _INSTEAD_GAP - 2), h.i):
        for seq, end in _instead_phrases(toks, k):
            if end <= h.i and h.i - end <= _INSTEAD_GAP and clause[k] == c \
                    and not any(x in starts for x in range(end, h.i)) \
                    and not (seq in _PLACE and end < len(toks) and toks[end].f in _PLACE_PREPS) \
                    and not (end < len(toks) and toks[end].f in _IT):
                return True
    return any(t.f in lx.INSTEAD_AFTER and clause[k] == c for k, t in enumerate(toks[h.j:h.j + 3], h.j))


def _instead_phrases(toks: list[_Tok], k: int) -> list[tuple[tuple[str, ...], int]]:
    """The "instead of" phrases starting at token k, with where each ends; not the adverb a phrase
    begins ("vietoj to", "instead of that": what follows it is what they want)."""
    firsts = _instead_firsts(lx.INSTEAD_OF)
    if firsts is not None and toks[k].f not in firsts:
        return []  # no phrase starts with this word (most words): no tuple of words is built
    return [(seq, k + len(seq)) for seq in lx.INSTEAD_OF
            if tuple(t.f for t in toks[k:k + len(seq)]) == seq
            and not any(len(a) > len(seq) and tuple(t.f for t in toks[k:k + len(a)]) == a for a in lx.INSTEAD_ADVERBS)]


def _instead_of_that(doc: _Doc, starts: set[int]) -> set[str]:
    """The group "instead of that group" stands for: the last one named before it ("Hace unas semanas
    solicitamos entrar en el grupo X … en lugar de ese grupo, incluidnos en Y"), when a group word
    follows the phrase and ends its clause, with no group's name between."""
    toks, words = doc.toks, {h.i for h in doc.hits["GROUP_WORDS"]}
    out = set()
    for k in range(len(toks)):
        for _seq, end in _instead_phrases(toks, k):
            word = next((w for w in range(end, min(end + 3, len(toks))) if w in words), None)
            if word is None:
                continue
            # the group word ends its clause ("ese grupo, …"): "zamiast grupy rynkowej" names a group
            after = doc.text[toks[word].end:toks[word + 1].start] if word + 1 < len(toks) else "."
            if not any(ch in after for ch in ",;:.!?–—") or any(x in starts for x in range(end, word + 1)):
                continue
            before = [g for g in doc.groups if g.j <= k]
            if before:
                out.add(before[-1].pat.slug)
    return out


def _before_instead(doc: _Doc, asking: set[int]) -> set[str]:
    """The groups named before "instead" in a sentence that asks for another after it ("zgłaszaliśmy
    się do grupy ICT, ale … prosimy zamiast tego o przypisanie … do grupy Circular")."""
    toks, out = doc.toks, set()
    for k in range(len(toks)):
        # (the first word's test spares most words the tuples of the phrases' comparison)
        if toks[k].f not in _ADVERB_FIRSTS or doc.sent_of[k] not in asking or _instead_phrases(toks, k) or not any(
                tuple(x.f for x in toks[k:k + len(a)]) == a for a in lx.INSTEAD_ADVERBS):
            continue
        s = doc.sent_of[k]
        before = {g.pat.slug for g in doc.groups if doc.sent_of[g.i] == s and g.j <= k}
        after = {g.pat.slug for g in doc.groups if doc.sent_of[g.i] == s and g.i > k}
        if after - before:
            out |= before - after
    return out


#: Czech "místo" is "instead of" and also "a place": "místo ve skupině X" (a place in
#: group X) wants X
_PLACE = {("misto",)}
_PLACE_PREPS = frozenset("v ve vo na pro pre do u".split())
#: "instead of it" ("namiesto nej", "místo ní", "zamiast niej", "umjesto nje", "statt dessen"): its object is
#: the group told of before, and the group after it is the one they want
_IT = frozenset("it that nej neho ni nej niej niego nje njega nje njo njega ihr ihm ihn dessen ella ello esso essa "
                "lui elle ele ela dat daarvan det jos jo ju tas ta".split())

_FIRSTS: list = [None, None]  # (the table, its first words), kept for the table object in use


def _instead_firsts(seqs: tuple[tuple[str, ...], ...]) -> frozenset[str] | None:
    """The first words of the "instead of" phrases (None if one is empty: it would match anywhere)."""
    if _FIRSTS[0] is not seqs:
        _FIRSTS[:] = [seqs, None if any(not s for s in seqs) else frozenset(s[0] for s in seqs)]
    return _FIRSTS[1]


def _preposition_no(toks: list[_Tok], h: _Hit, clause: list[int]) -> bool:
    """Portuguese "no"/"na" ("in the") right before the group or its group word is no negation
    ("incluir o Município no grupo Market"), while other negation words still count."""
    c = clause[h.i]
    words = [t.f for k, t in enumerate(toks[:h.i]) if clause[k] == c]
    nos = [k for k, w in enumerate(words) if w in ("no", "na")]
    if not nos or any(w in lx.CLAUSE_NEGATIONS and w not in ("no", "na") for w in words):
        return False
    # each "no" is a preposition: near the group, or before "grupo"/"de" ("participar no grupo circular e
    # também no de ICT")
    return all(k >= len(words) - 3 or (k + 1 < len(words) and words[k + 1] in _AFTER_PREPOSITION) for k in nos)


_AFTER_PREPOSITION = frozenset("grupo grupos de do da dos das ambito".split())


#: "both", "two": an ALL_GROUPS phrase that means the groups it names, not every group
_TWO = frozenset(fold(w) for w in "both beiden beide deux ambos dos entrambi begge bada båda obe oba obidve obě obie ambele mindkét molemmat mõlemad mõlemasse mõlemale abi abu abiem abiejose двете δύο".split())

#: words of Dutch, Swedish and Danish no Romanian text has: there "nu" is "now", not "not"
_NU_IS_NOW = frozenset("het een ook graag wij niet zijn onze vill vi och att jag det som har med garna "
                       "vil gerne og ikke jeg".split())

#: phrase tables whose hits make a request of the groups around them
_REQUESTS = ("JOIN", "JOIN_WEAK", "LEAVE")
_IF = lx.IF_WORDS | lx.WHETHER
#: "only" after a negation: "not only" negates nothing
_ONLY = frozenset("only nur seulement solo solamente alleen endast bara kun vain tylko jen iba samo csak doar само μονο "
                  "ainult tikai tik biss".split())
#: South Slavic conditional auxiliaries: a participle after them is no past ("bi izašao": would leave)
_CONDITIONAL = frozenset(("bi", "bismo", "bih"))


def leaves_now(toks: list[_Tok], k: int) -> bool:
    """Whether token k is a leave verb's present that folds to its participle ("Rennes quitte le
    groupe"), with no auxiliary before it making it the past ("nous avons quitté")."""
    return toks[k].f in lx.LEAVES_NOW and not (k and toks[k - 1].f in lx.AUXILIARIES_PAST)


def _already_in(doc: _Doc, h: _Hit) -> bool:
    """Whether "already" stands just before a join phrase, in its sentence, and no negation after it
    ("už nechceme" is "no longer")."""
    for k in range(max(0, h.i - 2), h.i):
        if doc.sent_of[k] == doc.sent_of[h.i] and doc.toks[k].f in lx.ALREADY and doc.toks[k].f != "al" \
                and doc.toks[k + 1].f not in lx.NEGATIONS:
            return True
    return False


def _focus(doc: _Doc, cats: tuple[str, ...] = _REQUESTS) -> list[_Hit]:
    """The target groups of the sentences that make the request, when those name any.

    "We are in the ICT group and happy there. Please add us to Circular": the
    request is the second sentence; a group named only elsewhere is context. Inside
    such a sentence, a group in a clause set against the request's ("X…, but we
    want to join Y") is context too.
    """
    toks = doc.toks
    cues = [h for cat in cats for h in doc.of(cat)
            if not any(toks[k].f in lx.NEGATIONS and doc.sent_of[k] == doc.sent_of[h.i]
                       for k in range(max(0, h.i - 4), h.i))]
    # "Vilniaus savivaldybė jau dalyvauja X grupėje … norėtume prisijungti ir prie Y": a join phrase
    # right after "already" says where they are, when another phrase asks
    asking = [h for h in cues if not (h.cat in ("JOIN", "JOIN_WEAK") and _already_in(doc, h))]
    # "Could we be added to X? … our membership was confirmed last week": a weak join word in a sentence
    # told of the past says what happened, beside a sentence that asks
    then = {doc.sent_of[p.i] for p in doc.of("PAST")}
    asking = [h for h in asking if not (h.cat == "JOIN_WEAK" and doc.sent_of[h.i] in then)] or asking
    cues = asking if asking else cues
    # "kollegani Espoosta osallistuu X-ryhmäänne … haluaisimme mukaan Y-ryhmään": a join phrase with no
    # wish in its sentence tells of someone, when another sentence's join phrase is wished
    # (only when that sentence names its group: "¿Nos podrían dar de alta en ese?" points back)
    wished = {doc.sent_of[d.i] for d in doc.of("DESIRE")} | set(doc.questions)
    naming = {doc.sent_of[g.i] for g in doc.targets}
    if any(h.cat == "JOIN" and doc.sent_of[h.i] in wished & naming for h in cues):
        cues = [h for h in cues if h.cat != "JOIN" or doc.sent_of[h.i] in wished]
    if not cues:  # no request phrase the tables know: the sentences that say what they would like
        cues = [h for h in doc.of("DESIRE") if not any(toks[k].f in lx.NEGATIONS and doc.sent_of[k] == doc.sent_of[h.i]
                                                         for k in range(max(0, h.i - 4), h.i))]
    sents = {doc.sent_of[h.i] for h in cues}
    listed = _listed(doc, sents) | _also(doc, sents)
    sents |= listed
    in_sent = [h for h in doc.targets if doc.sent_of[h.i] in sents]
    if not in_sent:
        # "… the Circular procurement group is the most useful fit: … reuse lots. Would it be possible
        # to sign us up to that group?": the group of the three sentences just before the request,
        # preferring one called a group there
        first = min(sents) if sents else 0
        near = [h for h in doc.targets if first - 3 <= doc.sent_of[h.i] < first]
        if near:
            # "we twijfelden tussen de ICT-groep en de marktgroep, maar we kiezen voor X. Kunnen jullie ons
            # aanmelden?": what follows the last "but" of that sentence is the choice
            last = max(doc.sent_of[h.i] for h in near)
            buts = [k for k, t in enumerate(toks) if doc.sent_of[k] == last and _clause_break(doc.text, t)]
            chosen = [h for h in near if doc.sent_of[h.i] == last and buts and h.i > buts[-1]]
            if chosen:
                return chosen
        called = _called(doc)
        near = [h for h in near if h.i in called or h.j - 1 in called] or near
        if near:
            last = max(doc.sent_of[h.i] for h in near)
            return [h for h in near if doc.sent_of[h.i] == last]
        return doc.targets
    seg, n = [], 0
    for k, t in enumerate(toks):
        # "but" opens a clause after a comma or a dash; German "jetzt aber anmelden" is a particle, and
        # Hungarian ", de" is "but" where a bare "de" is "of" in five languages; ", so please take us off
        # X" sets the request apart from its reason ("we focus on Y this year")
        # (Romanian ", de asemenea, …" is "also", no Hungarian ", de" but)
        de = t.f == "de" and not (k + 1 < len(toks) and toks[k + 1].f == "asemenea")
        if k and (doc.sent_of[k] != doc.sent_of[k - 1] or ((_clause_break(doc.text, t) or de or t.f in lx.SO_WORDS) and (
                t.f not in ("aber", "de") and t.f not in lx.SO_WORDS or _BREAK_MARK.search(doc.text[toks[k - 1].end:t.start])))
                or (t.f in _INSTEAD_FIRSTS and _BREAK_MARK.search(doc.text[toks[k - 1].end:t.start])
                    and any(tuple(x.f for x in toks[k:k + len(a)]) == a for a in _INSTEAD_ALL))):
            # "… w grupie X – zamiast tego prosimy o dopisanie do Y": "instead" after a mark opens a clause
            # (the whole phrase: Spanish "en vez" starts with Dutch "en", and)
            n += 1
        seg.append(n)
    cue_segs = {seg[h.i] for h in cues} | {seg[k] for k in range(len(toks)) if doc.sent_of[k] in listed}
    # "We registered for X in January, but we would now like to join Y instead": the clause with "instead"
    # (also a clause of its own in the request's sentence: "… sme sa prihlásili do skupiny ICT, ale … by sme
    # namiesto nej radi vstúpili do skupiny X")
    wishing = {seg[d.i] for d in doc.of("DESIRE")}
    instead = {seg[k] for k in range(len(toks)) if (seg[k] in cue_segs or (doc.sent_of[k] in sents and seg[k] in wishing))
               and toks[k].f in _INSTEAD_FIRSTS and any(tuple(t.f for t in toks[k:k + len(a)]) == a for a in _INSTEAD_ALL)}
    instead = {n for n in instead if any(seg[h.i] == n for h in in_sent)}
    return [h for h in in_sent if seg[h.i] in (instead or cue_segs)] or in_sent


_BREAK_MARK = re.compile(r"[,;:–—-]")
_DASH = re.compile(r"\s[–—-]\s")
_ADVERB_FIRSTS = frozenset(a[0] for a in lx.INSTEAD_ADVERBS if a)
#: the articles before Italian, Spanish, Portuguese "quale", "cual", "qual" as a relative pronoun ("per il quale")
_RELATIVE_ARTICLES = frozenset("il la i le lo el los las o a os as".split())
#: Swedish and Danish verbs of attending, after "kommer att" / "kommer til at"
_ATTENDING = ("delt", "vara", "vaere", "narvar", "komma", "komme", "medverk")
#: what follows Greek "gia" (for) written in Latin letters: articles and the particles "tha", "na"
_AFTER_GREEKLISH_GIA = frozenset("tin to ta tis ton tous tha na".split())
_SWEDISH_MODALS = frozenset("skulle kan kunde vill ska får far har kommer".split())
_ROMANIAN_LETTERS = re.compile("[ăşșţț]", re.IGNORECASE)
_PORTUGUESE_LETTERS = re.compile(r"[ãõÃÕ]")


def _clause_break(text: str, t) -> bool:
    """Whether a token is a "but" that opens a clause: not Maltese "ma'" (with), which Italian "ma" spells."""
    return t.f in lx.CLAUSE_BREAKS and not (t.f == "ma" and text[t.end:t.end + 1] in ("'", "’"))
_INSTEAD_ALL = lx.INSTEAD_ADVERBS + lx.INSTEAD_OF  # "we'd rather join X", "en lugar de ese grupo, X"
_INSTEAD_FIRSTS = frozenset(a[0] for a in _INSTEAD_ALL)
_LIST_ITEMS = 12
_ITEM_CHARS = 80  # a list item is a bulleted or a short line
_BULLET = re.compile(r"^\s*(?:[-*•–—·+]|\d{1,2}[.)])\s")


def _also(doc: _Doc, sents: set[int]) -> set[int]:
    """The sentence right after a request that opens with "also" ("Případně i ke skupině o oběhovém
    hospodářství"): it adds groups to the request."""
    out = set()
    named = {doc.sent_of[h.i] for h in doc.targets}
    for s in sents:
        # the next sentence that names a group ("… Og hvis det også går an med ICT-gruppen, …")
        nxt = next((n for n in (s + 1, s + 2) if n in named), None)
        if nxt is None or (nxt == s + 2 and s + 1 in sents):
            continue
        words = [t.f for t, n in zip(doc.toks, doc.sent_of) if n == nxt and t.f not in (_END, _QEND)][:4]
        if any(w in lx.ALSO_WORDS for w in words) and not _asks_about(doc, nxt, words):
            out.add(nxt)
    return out


def _asks_about(doc: _Doc, n: int, words: list[str]) -> bool:
    """Whether sentence `n` is a question about its group that asks no join ("Also, is the market group
    still open to new members?"): a side question, not one more group ("And the ICT group too?")."""
    if n not in doc.questions or any(doc.sent_of[h.i] == n for cat in ("JOIN", "JOIN_WEAK", "DESIRE")
                                     for h in doc.hits[cat]):
        return False
    first = next((w for w in words if w not in lx.ALSO_WORDS and w not in lx.AND_WORDS), "")
    return first in lx.QUESTION_WORDS or first in lx.HOW_WORDS


def _line_at(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start:end if end >= 0 else len(text)]


def _listed(doc: _Doc, sents: set[int]) -> set[int]:
    """The list lines under a request sentence that ends in a colon ("…for two groups:" then
    "* Circular procurement" / "* Market and Supplier Development"), up to the first blank line."""
    out: set[int] = set()
    toks = doc.toks
    for s in sents:
        ends = [k for k, t in enumerate(toks) if doc.sent_of[k] == s and t.f in (_END, _QEND)]
        if not ends or ":" not in doc.text[toks[ends[-1]].start:toks[ends[-1]].end]:
            continue
        k = ends[-1] + 1
        # "…aan twee groepen: Market and Supplier Development en de groep rond …" on the same line
        eol = doc.text.find("\n", toks[ends[-1]].end)
        if k < len(toks) and (eol < 0 or toks[k].start < eol):
            out.add(doc.sent_of[k])
            continue
        while k < len(toks) and len(out) < _LIST_ITEMS:
            if toks[k].f == _END and "\n" in doc.text[toks[k].start:toks[k].end]:
                # a blank line ends the list, unless a bullet follows it ("- X" / "" / "- Y")
                if k + 1 < len(toks) and _BULLET.match(_line_at(doc.text, toks[k + 1].start)):
                    k += 1
                    continue
                break
            line = _line_at(doc.text, toks[k].start)
            if not (_BULLET.match(line) or len(line.strip()) <= _ITEM_CHARS):
                break  # prose again: "Il gruppo Circular per ora non è tra le nostre priorità."
            out.add(doc.sent_of[k])
            k += 1
    return out


def _clauses(text: str, toks: list[_Tok], requests: set[int] = frozenset(), names: set[int] = frozenset()) -> list[int]:
    """Clause number per token: sentences, cut again at commas, semicolons, "but", and an "and" that
    opens a request ("we are already in X and would like to join Y": Y is not "already"; Swedish
    "med i ICT-gruppen" is "in", not Polish "and": a group name comes first)."""
    out, c, top = [], 0, 0
    opened: list[int] = []  # the clause a bracket interrupts, resumed after it ("X grupā (…) vēlamies palikt")
    for k, t in enumerate(toks):
        gap = text[toks[k - 1].end:t.start] if k else ""
        if k and toks[k - 1].f in (_END, _QEND):
            opened.clear()
        if k and ")" in gap and "(" not in gap and opened and not _aside(text, t.start) \
                and not any(ch in ",;–—" for ch in gap.split(")", 1)[1]):
            c = opened.pop()
        elif k and (toks[k - 1].f in (_END, _QEND) or _clause_break(text, t)
                    or (t.f in lx.AND_WORDS and _opens_request(k, requests, names, t.f == "en"))
                    or any(ch in ",;–—" for ch in gap) or " - " in gap
                    or (any(ch in "()" for ch in gap) and not _aside(text, t.start))):
            if "(" in gap and ")" not in gap and not _aside(text, t.start):
                opened.append(c)
            top += 1
            c = top
        out.append(c)
    return out


_AND_REQUEST = 4  # words between an "and" and the request it opens ("and we would now like to join")


def _opens_request(k: int, requests: set[int], names: set[int], not_next: bool = False) -> bool:
    """Whether a request phrase starts a few words after token k, with no group name before it.
    `not_next`: not right after it (Dutch "en" is "and", but "pensamos en apuntarnos", "interesados en
    participar" is Spanish "in" before its infinitive)."""
    for r in range(k + 1 + not_next, k + 1 + _AND_REQUEST):
        if r in names:
            return False
        if r in requests:
            return True
    return False


def _aside(text: str, pos: int) -> bool:
    """Whether `pos` sits inside or right after a one-word aside in brackets ("melden we ons bewust (nog)
    niet aan"): no clause of its own."""
    opened = text.rfind("(", max(0, pos - 16), pos + 1)
    closed = text.find(")", max(0, pos - 2), pos + 16)
    return opened >= 0 and closed >= 0 and closed - opened <= 15 and " " not in text[opened:closed].strip("() ")


# -- groups -------------------------------------------------------------------------

def _called(doc: _Doc) -> set[int]:
    """Token positions written beside a group word, so named as a group ("the Circular group")."""
    near = {k for h in doc.of("GROUP_WORDS") for k in range(h.i - 2, h.j + 2)}
    # "the ICT and the circular ones": "one" after a name stands for "group"
    near |= {h.i for h in doc.groups if h.j < len(doc.toks) and doc.toks[h.j].f in ("one", "ones")}
    # "the X and Y groups", "groups X and Y": the group word is beside both names (a name read
    # through a typo, "à compter du" for "computer", is not lifted by its neighbour).
    for a, b in zip(doc.groups, doc.groups[1:]):
        # "X and Y", "no grupo circular e também no de ICT": "and", then at most a few small words
        gap = doc.toks[a.j:b.i]
        if gap and len(gap) <= 5 and gap[0].f in lx.AND_WORDS and a.pat.slug != b.pat.slug and all(
                len(t.f) <= 3 or t.f in lx.ALSO_WORDS or t.f in lx.ARTICLES or t.f in lx.THAT_ONE for t in gap[1:]):
            for x, y in ((a, b), (b, a)):
                if (y.i in near or y.j - 1 in near) and all(
                        t.f.startswith(w.rstrip("*")) for t, w in zip(doc.toks[x.i:x.j], x.pat.words)):
                    near.add(x.i)
    return near


def _group_scores(doc: _Doc, hits: list[_Hit] | None = None) -> dict[str, int]:
    """Sum of distinct vocabulary weights per group, +1 when written next to a group word."""
    hits = doc.targets if hits is None else hits
    near = _called(doc)
    scores: dict[str, int] = {}
    seen: set[tuple[str, tuple[str, ...]]] = set()
    bonus: set[str] = set()
    for h in hits:
        key = (h.pat.slug, h.pat.words)
        if key in seen:
            continue
        seen.add(key)
        scores[h.pat.slug] = scores.get(h.pat.slug, 0) + h.pat.weight
        if h.pat.slug not in bonus and (h.i in near or h.j - 1 in near):
            bonus.add(h.pat.slug)
            scores[h.pat.slug] += 1
    return scores


def _group_evidence(doc: _Doc, slugs: Iterable[str]) -> list[str]:
    out = []
    for slug in slugs:
        spans = []
        for h in doc.groups:
            if h.pat.slug == slug and h.span not in spans:
                spans.append(h.span)
        if spans:
            out.append(f"group {slug}: " + ", ".join(f'"{s}"' for s in spans[:3]))
    return out


def _candidates(scores: dict[str, int]) -> str:
    return ", ".join(f"{s} ({n})" for s, n in sorted(scores.items(), key=lambda x: (-x[1], x[0])))


@dataclass
class _Pick:
    groups: tuple[str, ...]
    strength: int  # score of the weakest chosen group
    problem: str = ""  # why no group could be chosen


#: the languages where a bare two-letter word is "or" ("o": es, it; "ou": fr, pt)
_SHORT_OR = {w: {lang for lang, ws in lx.ALTERNATIVE.items() if w in ws}
             for ws in lx.ALTERNATIVE.values() for w in ws if len(w) <= 2}
#: hits that show which language a text is written in (requests, not names or short function words)
_LANG_CUES = ("JOIN", "JOIN_WEAK", "DESIRE", "LEAVE", "INFO", "GROUP_WORDS", "CONDITION", "ASK", "START")


def _cue_langs(doc: _Doc) -> Counter[str]:
    """For each language, how many of the text's request words its tables have."""
    return Counter(lang for cat in _LANG_CUES for x in doc.of(cat) for lang in doc.lex.langs.get((x.pat.cat, x.pat.words), ()))


def written_in(doc: _Doc) -> set[str]:
    """The languages the text's request words belong to: every language whose table has the phrase."""
    return set(_cue_langs(doc))


def _alternatives(doc: _Doc) -> bool:
    """Whether groups are named as alternatives ("ICT or Circular", "which group"). A bare "o" or "ou"
    is "or" in Spanish, Italian and Portuguese but "the", "about" or "and" in others (Czech "ke
    skupině o oběhovém hospodářství": the group about the circular economy): it counts only between
    two groups of one sentence, in a text that reads as one of the languages where it means "or"."""
    # only in the request's sentences: "… one of our laptop suppliers" in an introduction offers no choice
    asked = {doc.sent_of[g.i] for g in doc.focus}
    for h in doc.of("ALTERNATIVE"):
        if asked and doc.sent_of[h.i] not in asked:
            continue
        if h.i and h.pat.words == ("either",) and any(
                doc.toks[k].f in lx.NEGATIONS for k in range(max(0, h.i - 6), h.i) if doc.sent_of[k] == doc.sent_of[h.i]):
            continue  # "won't be taking part in either group": neither, no choice
        if h.i and h.pat.words[0] in ("quale", "cual", "qual") and doc.toks[h.i - 1].f in _RELATIVE_ARTICLES:
            continue  # "il gruppo Circular procurement, per il quale il referente resta …": "which", no choice
        if h.j - h.i > 1 or len(h.pat.words[0]) > 2:
            return True
        langs = _SHORT_OR.get(h.pat.words[0], set())
        if not langs & written_in(doc):
            continue
        if h.pat.words[0] == "o" and _reads_more_as(doc, _O_IS_OTHER, langs):
            continue  # "dorește să participe în două grupuri: … (organizăm anual o zi …)": Romanian "a"
        sent = doc.sent_of[h.i]
        before = {g.pat.slug for g in doc.targets if g.j <= h.i and doc.sent_of[g.i] == sent}
        after = {g.pat.slug for g in doc.targets if g.i >= h.j and doc.sent_of[g.i] == sent}
        if before and after and before != after:
            return True
    return False


def _or_between_named(doc: _Doc) -> bool:
    """Whether an "or" of the alternatives stands between two groups of one sentence, each named as a
    group ("the ICT group or the Market and Supplier Development group"), not a weak word after it."""
    near = _called(doc)
    named = [g for g in doc.targets if g.pat.weight >= 2 or g.i in near or g.j - 1 in near]
    for h in doc.of("ALTERNATIVE"):
        s = doc.sent_of[h.i]
        before = {g.pat.slug for g in named if g.j <= h.i and doc.sent_of[g.i] == s}
        after = {g.pat.slug for g in named if g.i >= h.j and doc.sent_of[g.i] == s}
        if before and after and before != after:
            return True
    return False


def _reads_more_as(doc: _Doc, these: frozenset[str], those: set[str]) -> bool:
    """Whether at least as many of the request's cue words belong to one of `these` languages as to
    any of `those` (a Romanian "să participe" and "dorește" against one word Spanish shares)."""
    count = _cue_langs(doc)
    return max((count.get(g, 0) for g in these), default=0) >= max((count.get(g, 0) for g in those), default=0) > 0


#: where a bare "o" is no "or": Romanian "a", Czech, Slovak, Polish, Slovene, Croatian "about"
_O_IS_OTHER = frozenset({"ro", "cs", "sk", "pl", "sl", "hr"})


def _counts_two(doc: _Doc) -> bool:
    """Whether a request's sentence, the one its list follows ("… two of your groups: X and Y") or the
    one after it ("A kapcsolattartó mindkét csoportban …": the contact in both groups) counts two
    groups: "two" or "both" a few words before a group word."""
    asked = {doc.sent_of[g.i] + d for g in doc.focus for d in (-1, 0, 1)}
    return any(doc.toks[k].f in lx.TWO and doc.sent_of[k] in asked
               for g in doc.of("GROUP_WORDS") for k in range(max(0, g.i - 3), g.i))


#: "of" after a count ("two of them", "to af", "divām no tām", "dvě z nich")
_OF = frozenset(fold(w) for w in "of af av von van de di da do no iš is z ze iz od из от από των közül din dintre".split())


#: "them", "these" after "two of" ("divām no tām", "dvě z nich")
_THEM = frozenset(fold(w) for w in "them these those tām tiem jų jų nich ních nih njih njima ezek acestea tyto tych "
                  "niistä dem dessa disse dei ihnen eux ellos ellas esses essas loro questi hiervan daarvan "
                  "их тях αυτές αυτά neist minnhom díobh".split())


def _two_of_them(doc: _Doc) -> bool:
    """Whether a sentence that asks counts two of the groups: "two" or "both" before a group word
    (`_counts_two`), or "two of them", "two of the groups" (Danish "to af interessegrupperne")."""
    if _counts_two(doc):
        return True
    asking = {doc.sent_of[h.i] for c in _REQUESTS + ("DESIRE",) for h in doc.of(c)}
    words = {k for g in doc.of("GROUP_WORDS") for k in range(g.i, g.j)}
    return any((t.f in lx.TWO or (t.f == "to" and "da" in written_in(doc))) and doc.sent_of[k] in asking
               and doc.toks[k + 1].f in _OF
               and any(x in words or doc.toks[x].f in _THEM for x in range(k + 2, min(len(doc.toks), k + 5)))
               for k, t in enumerate(doc.toks[:-1]))


def _coordinated(doc: _Doc) -> bool:
    """Whether two groups of a request's sentence are joined as two groups: "and" with a group word a
    few words apart ("… do skupiny k odpovědným nákupům ICT a do skupiny Market …"), or "both … and"
    ("sekä … että", "nii … kui ka"). A bare short "and" is not enough: French "à compter", Swedish
    "konfliktmineraler och uppföljning av leverantörer" join no groups."""
    words = {k for g in doc.of("GROUP_WORDS") for k in range(g.i, g.j)}
    for a in doc.focus:
        for b in doc.focus:
            if a.pat.slug == b.pat.slug or not 0 <= b.i - a.j <= _BOTH_GAP or doc.sent_of[a.i] != doc.sent_of[b.i]:
                continue
            between = [t.f for t in doc.toks[a.j:b.i]]
            if b.i == a.j and _PLUS.fullmatch(doc.text[doc.toks[a.j - 1].end:doc.toks[b.i].start]):
                return True  # "ICT + market development", "Circular & Market": a sign for "and"
            ands = [k for k in range(a.j, b.i) if doc.toks[k].f in lx.AND_WORDS]
            if ands and _joined_by_and(doc, a, b, ands[-1], words):
                return True
            # "sekä ICT-hankintojen … ryhmään että kiertotalousryhmään", "nii … kui ka": both … and
            opener = next((doc.toks[k].f for k in range(a.i - 1, max(-1, a.i - _AND_GAP - 1), -1)
                           if doc.toks[k].f in lx.BOTH_AND), None)
            if opener and lx.BOTH_AND[opener].intersection(between):
                return True
    return False


def _side_by_side(doc: _Doc, names: bool = False) -> bool:
    """Whether the request's sentence names two groups by their short names with only "and" between
    them ("add us to Circular and Market as well", "(ICT and circular)"): two groups, however weakly
    each is named. A topic that merely uses the words has more words between them."""
    for a in doc.focus:
        for b in doc.focus:
            if a.pat.slug != b.pat.slug and b.i == a.j + 1 and doc.sent_of[a.i] == doc.sent_of[b.i] \
                    and doc.toks[a.j].f in lx.AND_WORDS and len(doc.toks[a.j].f) >= 2 \
                    and (names or b.j - b.i == 1 == a.j - a.i):
                # (`names`: a question's "Circular procurement e ICT", names of any length)
                return True
    return False


_AND_GAP = 5
_OR_AND_GAP = 3  # words from a name's end to the next name an "or"/"and" joins it to


def _or_and(doc: _Doc, a: _Hit, b: _Hit) -> bool:
    """Whether an "or"/"and" between two names, a few words apart, joins them ("ringmajandusliku hankimise
    või IKT", Slovene "IKT ali krožno naročanje")."""
    x, y = (a, b) if a.i < b.i else (b, a)
    gap = doc.toks[x.j:y.i]
    return 0 < len(gap) <= _OR_AND_GAP and any(
        t.f in lx.AND_WORDS or t.f == "ali" or doc.text[t.start:t.end].lower() in lx.OR_WORDS for t in gap)
_OWN_NOUN = 7  # words after the second name that may still hold its own "group"
_PLUS = re.compile(r"\s*[+&]\s*")
_BOTH_GAP = 10


def _joined_by_and(doc: _Doc, a: _Hit, b: _Hit, k: int, words: set[int]) -> bool:
    """Whether "and" at `k` joins the names `a` and `b` as two groups: a group word after it ("… ICT a do
    skupiny Market", "… ICT oraz do grupy zajmującej się … obiegu zamkniętym"), or only small words
    around it ("… ryhmään sekä markkinavuoropuhelua", "Circular and for Market"). Not "… group and to
    share our ICT …", nor a one-letter "and" of another language ("Circular procurement à compter")."""
    if words.intersection(range(k + 1, b.i)):
        return True
    if words.intersection(range(a.j, k)) and words.intersection(
            x for x in range(b.j, b.j + _OWN_NOUN) if x < len(doc.toks) and doc.sent_of[x] == doc.sent_of[b.i]):
        # "X-ről szóló csoporthoz, valamint a Y csoporthoz", "… a piaci párbeszéddel és a beszállítók
        # fejlesztésével foglalkozó csoporthoz": each name with its own "group"
        return True
    if a.i and k + 1 < b.i and doc.toks[k + 1].f == doc.toks[a.i - 1].f and doc.toks[k + 1].f.isalpha():
        return True  # "za X i za Y", "für X und für Y": the preposition said again after "and"
    # (… and only small words before it: "our reuse strategy for council furniture and IT kit" joins no
    # two groups)
    small = all(x in words or len(doc.toks[x].f) <= 3 for x in list(range(a.j, k)) + list(range(k + 1, b.i)))
    return small and b.i - a.j <= _AND_GAP and (words.intersection(range(a.j, k)) or len(doc.toks[k].f) >= 3)


def _pick_groups(doc: _Doc, cfg: Config, allow_all: bool, leave: bool = False, question: bool = False) -> _Pick:
    """The groups a request is about; `leave`: "leave all groups" naming none is a leave of every
    group, which a leave with no group already means (so no group is listed); `question`: "which
    fits us better, X or Y?" is about both."""
    # A join or a leave is about the groups of the sentences that ask it; a question about every group named.
    # A leave is about the groups of the sentences that leave ("We will withdraw from X. We will
    # continue to take part in Y": not Y).
    focus = doc.focus
    leave_sents = {doc.sent_of[h.i] for h in doc.of("LEAVE")} if leave else set()
    if any(doc.sent_of[h.i] in leave_sents for h in doc.targets):
        focus = _focus(doc, ("LEAVE",))
    scores = _group_scores(doc, focus if allow_all else None)
    if leave and not scores and doc.negated:
        # "We can no longer follow the X group: please remove us": what is left is the negated group.
        scores = _group_scores(doc, doc.negated)
    order = [g.slug for g in cfg.groups]
    ranked = sorted(scores.items(), key=lambda x: (-x[1], order.index(x[0]) if x[0] in order else 99))
    # "Ogledali smo si vse tri skupine. … želimo pa se vključiti v skupino X" (we looked at all three …):
    # "all" in a sentence with no request of its own, when another sentence asks for a group it names
    asking = {doc.sent_of[h.i] for c in _REQUESTS + ("DESIRE",) for h in doc.of(c)}
    # "Die anderen beiden Gruppen sind für uns derzeit kein Thema": "all" put aside by a negation, in a
    # sentence with no join phrase
    joined = {doc.sent_of[h.i] for c in ("JOIN", "JOIN_WEAK") for h in doc.of(c)}
    refused = {n for n in {doc.sent_of[h.i] for h in doc.of("ALL_GROUPS")} - joined
               if any(t.f in lx.CLAUSE_NEGATIONS for t, m in zip(doc.toks, doc.sent_of) if m == n)}
    # "przez pomyłkę zaznaczyłem wszystkie trzy grupy" (by mistake I ticked all three): "all" told of in a
    # sentence that places it (by mistake, already, left) and asks nothing
    refused |= {n for n in {doc.sent_of[h.i] for h in doc.of("ALL_GROUPS")} - joined - asking
                if any(t.f in lx.CLAUSE_CONTEXT for t, m in zip(doc.toks, doc.sent_of) if m == n)}
    # "… samo skupina X, ne vse tri" (only X, not all three), "Nie do všetkých troch": "all" negated where it
    # stands, in a joining sentence too
    ne = bool(doc.of("ALL_GROUPS")) and any(t.f == "ne" for t in doc.toks) and bool(written_in(doc) & _NE_IS_NOT)
    refused |= {doc.sent_of[h.i] for h in doc.of("ALL_GROUPS") if any(
        doc.toks[k].f in lx.CLAUSE_NEGATIONS or (ne and doc.toks[k].f == "ne") for k in range(max(0, h.i - 2), h.i))}
    told = bool(doc.of("ALL_GROUPS")) and bool(focus) and all(doc.sent_of[h.i] not in asking or doc.sent_of[h.i] in refused
                                                              for h in doc.of("ALL_GROUPS")) \
        and (all(doc.sent_of[g.i] in asking for g in focus) or all(doc.sent_of[h.i] in refused for h in doc.of("ALL_GROUPS")))
    # "… sem omenila vse tri skupine, vendar … da se prijavimo samo v skupino X" (I mentioned all three
    # groups, but … we sign up only for X): "only" in the joining sentence outweighs "all"
    told = told or (not leave and bool(doc.only))
    # "I'll be the contact for both groups": "both" in a sentence about the contact person counts where
    # they are and what they ask, it adds no group
    told = told or (bool(doc.of("ALL_GROUPS")) and all(
        any(t.f.startswith(lx.CONTACT_STEMS) for t, m in zip(doc.toks, doc.sent_of) if m == doc.sent_of[h.i])
        and doc.sent_of[h.i] not in joined for h in doc.of("ALL_GROUPS")))
    # "vēlamies pievienoties divām no tām" (two of them), "tilmelde sig to af interessegrupperne", "do dvoch
    # skupín … Nie do všetkých troch": a request that counts two of the groups picks two of all three
    two = not leave and _two_of_them(doc)
    told = told or (two and sum(v >= 2 for v in scores.values()) == 2)
    asked_two = {g.pat.slug for g in focus} if two and allow_all and (doc.of("ALL_GROUPS") or len(scores) > 2) else set()
    if len(asked_two) > 2:
        # "… aderir a dois grupos: X; Y. O grupo Z, por agora, não": of the two counted, not the group
        # whose every mention stands in a sentence that asks nothing and says no
        said_no = {n for n in set(doc.sent_of) - asking
                   if any(t.f in lx.CLAUSE_NEGATIONS for t, m in zip(doc.toks, doc.sent_of) if m == n)}
        asked_two = {s for s in asked_two if not all(doc.sent_of[g.i] in said_no for g in doc.groups if g.pat.slug == s)}
    if len(asked_two) == 2:
        # "… zapojiť sa do dvoch záujmových skupín: X a Y. Nie do všetkých troch - na skupinu Z …": the two
        # its asking sentence names, whatever else the mail says of the third
        return _Pick(tuple(sorted(asked_two, key=order.index)), 3)
    if allow_all and doc.of("ALL_GROUPS") and not told:
        named = tuple(s for s, _ in ranked if scores[s] >= 2)
        # "all groups except ICT", "all the others, we are already in ICT"
        excluded = {h.pat.slug for h in (doc.context if leave else doc.negated + doc.context)}
        if not leave and any(doc.toks[k].f in lx.THREE for h in doc.of("ALL_GROUPS") for k in range(h.i, h.j)):
            # "all three": a group the introduction told of is one of them; "all three except ICT" is not
            said = {doc.sent_of[h.i] for h in doc.of("ALL_GROUPS")}
            excluded = {h.pat.slug for h in doc.negated + doc.context if doc.sent_of[h.i] in said}
        stated = {h.pat.slug for h in doc.targets if doc.sent_of[h.i] not in doc.questions} & set(named)
        joins = {doc.sent_of[h.i] for h in doc.of("JOIN")}
        if not leave and len(stated) >= 2 and all(doc.sent_of[h.i] in doc.questions and doc.sent_of[h.i] not in joins
                                                  for h in doc.of("ALL_GROUPS")):
            # "… two groups: ICT and Market. Can we send one official for each group?": the groups named
            return _Pick(tuple(sorted(stated, key=order.index)), 3)
        if leave and named and any(doc.toks[k].f in lx.ASSOCIATED for h in doc.of("ALL_GROUPS") for k in range(h.i, h.j)):
            return _Pick(tuple(sorted(named, key=order.index)), 3)  # "X and all its associated lists": X
        if leave and named and all(lx.MAILING_LISTS.intersection(doc.toks[k].f for k in range(h.i, h.j))
                                   for h in doc.of("ALL_GROUPS")):
            # "streicht mich aus der Circular-Gruppe und allen Verteilern", "… die Stadt aus der Gruppe X
            # auszutragen. Herrn Schulz' Adresse … aus allen Verteilern löschen": the lists of a person,
            # beside the group they name, not every group
            return _Pick(tuple(sorted(named, key=order.index)), 3)
        leaving = {doc.sent_of[h.i] for h in doc.of("LEAVE")}
        if leave and named and all(doc.sent_of[h.i] not in leaving and any(w in _TWO for w in h.pat.words)
                                   for h in doc.of("ALL_GROUPS")):
            # "Nous souhaitons nous désinscrire du groupe X … : nous ne pouvons plus suivre les deux
            # groupes": "both" told beside the leave is the reason, the leave is of the group it names
            return _Pick(tuple(sorted(named, key=order.index)), 3)
        if leave and len(named) < 2:
            # "remove us from all groups except the circular one": all the others; else every group
            # (a group a leave negates, "de mercado e ICT ya no necesitamos nada", is one it leaves)
            return _Pick(tuple(s for s in order if s not in excluded) if excluded else (), 3)
        # "both groups, X and Y" names them; "all three (X, Y…)" means all, whatever it lists
        both = any(w in _TWO for h in doc.of("ALL_GROUPS") for w in h.pat.words)
        if both and len(named) < 2 and len(ranked) == 2:
            named = tuple(s for s, _ in ranked)  # "add us to both": the two named, however weakly
        chosen = named if both and len(named) >= 2 else tuple(s for s in order if s not in excluded)
        if leave and set(chosen) == set(order) and len(scores) < len(order):
            # "afmeld os fra alle interessegrupper. Hanne deltog i … den cirkulære gruppe og ICT-gruppen": a
            # leave of every group, some of them named as where they were ("alle drie de groepen: ICT,
            # circulair en markt" names each, and lists them)
            return _Pick((), 3)
        return _Pick(tuple(sorted(chosen, key=order.index)), 3)
    excluded = {h.pat.slug for h in doc.negated + doc.context}
    if allow_all and not leave and doc.of("OTHER_GROUPS") and excluded and len(excluded) < len(order) \
            and not any(scores.get(s, 0) >= 2 for s in order):
        # "add us to the other two groups – we are already in ICT": every group but the ones they are in
        return _Pick(tuple(s for s in order if s not in excluded), 3)
    if not ranked and question and not doc.negated and len({h.pat.slug for h in doc.context}) == 1:
        # "olemme mukana kiertotalousryhmässä. … onko mahdollista osallistua etänä?": a question from
        # the group they are in is about it
        return _Pick((doc.context[0].pat.slug,), 1)
    if not ranked:
        return _Pick((), 0, "names no group")
    strong = [s for s, n in ranked if n >= 2]
    alternative = _alternatives(doc)
    if allow_all and len(strong) >= 2 and not alternative:
        # "… we would like to join the Market and Supplier Development group" after "We also have a
        # long-standing interest in the social side of ICT supply chains": a group the message never names
        # as a group (by its name or beside a group word), named only in sentences with no join phrase, is
        # the topic of other work, while the sentence that joins names another as a group
        near = _called(doc)
        called = {h.pat.slug for h in doc.groups if h.pat.weight >= 3 or h.i in near or h.j - 1 in near}
        joining = {doc.sent_of[h.i] for h in doc.of("JOIN")}
        joining |= _also(doc, joining)  # "… the group of circular procurement. Also in the group about …"
        asked = {h.pat.slug for h in focus if h.pat.slug in called and doc.sent_of[h.i] in joining}
        topical = {s for s in strong if s not in called and not any(
            h.pat.slug == s and doc.sent_of[h.i] in joining for h in focus)}
        if asked & set(strong) and topical and not _counts_two(doc) and not doc.of("ALL_GROUPS"):
            strong = [s for s in strong if s not in topical]
            if len(strong) == 1:
                return _Pick((strong[0],), scores[strong[0]])
        return _Pick(tuple(sorted(strong, key=order.index)), min(scores[s] for s in strong))
    if allow_all and len(ranked) == 2 and not alternative and (_counts_two(doc) or (strong and _coordinated(doc))
                                                                or _side_by_side(doc)):
        # "two of your groups: the one on socially responsible ICT equipment and the one on circular
        # procurement": the count says a weakly named group is meant too, and two weakly named ones
        # ("żewġ gruppi: dak taċ-ċirkolarità u dak tas-suq") are the two it counts
        return _Pick(tuple(sorted((s for s, _ in ranked), key=order.index)), min(scores.values()))
    if question and not allow_all and len(ranked) == 2 and (_counts_two(doc) or not alternative and (
            len(strong) == 2 or _coordinated(doc) or _side_by_side(doc, names=True))):
        # "gli incontri dei gruppi Circular procurement e ICT si svolgono in inglese?", "vad de två
        # grupperna jobbar med": a question about two groups, each named or counted, is about both
        return _Pick(tuple(sorted((s for s, _ in ranked), key=order.index)), min(scores.values()))
    if question and alternative and len(ranked) >= 2 and _or_between_named(doc):
        # "whether to go for the ICT group or the Market and Supplier Development group": a question
        # between groups is about each, however fully each is named
        return _Pick(tuple(sorted((s for s, _ in ranked), key=order.index)), min(scores.values()))
    if question and not allow_all and len(ranked) == 2:
        # "An bhféadfá tuilleadh eolais a chur chugainn faoin ngrúpa ciorclach agus faoin ngrúpa forbartha
        # margaidh?": two groups named in one sentence that asks or weighs are both what it is about, each
        # named as a group (fully, beside a group word, or joined by "or"/"and" to one so named: "kas IKT
        # või ringmajanduse grupiga", "dak tal-ICT jew dak tal-akkwist ċirkolari"), not a word of a group's
        # vocabulary ("fornitori", "servizi informatici") in a question about another group
        near = _called(doc)
        weighing = set(doc.questions) | {doc.sent_of[h.i] for h in doc.of("CONDITION")}
        worded = {doc.sent_of[h.i] for h in doc.of("GROUP_WORDS")}
        # (… in the sentence with a group word, or the one after it: "liema wieħed mill-gruppi jaqbel
        # l-aħjar għalina: dak tal-ICT jew …")
        for n in (weighing & worded) | {m + 1 for m in weighing & worded}:
            here = [g for g in doc.targets if doc.sent_of[g.i] == n]
            called = {g.pat.slug for g in here if g.pat.weight >= 2 or g.i in near or g.j - 1 in near}
            named = called | {a.pat.slug for a in here if any(
                b.pat.slug in called and b.pat.slug != a.pat.slug and _or_and(doc, a, b) for b in here)}
            if len(named) == 2:
                return _Pick(tuple(sorted(named, key=order.index)), min(scores.values()))
    asked = _group_scores(doc, [h for h in doc.targets if doc.sent_of[h.i] in doc.questions]) if question else {}
    if not allow_all and sum(n >= 2 for n in asked.values()) >= 2:
        # "Could you tell us more about how the Circular procurement group and the Market and Supplier
        # Development group work?": the groups the question itself names fully, whatever the
        # introduction dwelt on
        return _Pick(tuple(sorted((s for s, n in asked.items() if n >= 2), key=order.index)),
                     min(n for n in asked.values() if n >= 2))
    top, top_n = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if (second and top_n < 2 * second) or (second >= 2 and alternative):
        if question and len(strong) >= 2:
            return _Pick(tuple(sorted(strong, key=order.index)), min(scores[s] for s in strong))
        return _Pick((), 0, f"names several groups as alternatives: {_candidates(scores)}")
    return _Pick((top,), top_n)


# -- topic of a proposed group ------------------------------------------------------

def _gives_reason(toks: list, k: int) -> bool:
    """Whether the clause at `k` opens with "because" ("…pensamos en apuntarnos al grupo de TIC, ya que
    también renovamos equipos informáticos"): the reason of the clause before, told with it."""
    return toks[k].f in lx.BECAUSE or (toks[k].f == "ya" and k + 1 < len(toks) and toks[k + 1].f == "que")


def _zu_infinitive(toks: list, clause: list[int], k: int) -> bool:
    """Whether the clause starting at `k` is a German infinitive clause ("…, uns für die Gruppe X zu
    melden", "… anzumelden"): its last verb has "zu" before it, or inside it."""
    end = next((x for x in range(k, len(toks)) if clause[x] != clause[k]), len(toks))
    words = [t for t in toks[k:end] if t.f not in (_END, _QEND)]
    return len(words) >= 2 and (words[-2].f == "zu" or bool(_ZU_INSIDE.match(words[-1].f)))


_ZU_INSIDE = re.compile(r"(?:an|auf|bei|mit|teil|ein|aus|ab|vor|dabei|hinzu)zu\w+en$")


def _topic(doc: _Doc, after: int = 0) -> tuple[str, tuple[int, int] | None]:
    """The words after "group on/about/zum Thema…" (or after the start cue), as written."""
    preps = doc.of("TOPIC_PREPS")
    anchors = [h.j for h in doc.of("GROUP_WORDS") if h.j >= after]
    anchors += [h.j for h in doc.of("START") if h.j >= after]
    anchors += [h.j for h in doc.of("GROUP_WORDS")]  # "is there a group on X? … start one"
    starts = {h.j for h in doc.of("START")}
    for a in anchors:
        for p in preps:
            # "… werkgroep, of moet elke gemeente …": a comma between the group and the word ends it
            gap = doc.text[doc.toks[a - 1].end:doc.toks[p.i].start] if a and p.i < len(doc.toks) else ""
            # (nor an "or": "osaleda ringmajanduse töörühmas või on see ainult …" asks whether, its
            # "on" is Estonian "is")
            if a <= p.i <= a + 1 and all(t.f not in (_END, _QEND) and doc.text[t.start:t.end].lower() not in lx.OR_WORDS
                                         for t in doc.toks[a:p.i]) \
                    and not any(c in gap for c in ",;"):
                span = _topic_span(doc, p.j)
                # "partecipare ai gruppi di interesse per conto di …": "groups of interest" is the
                # network's name for its groups, no topic (a proposal's "nuovo gruppo di interesse
                # sull'edilizia" still has one: its anchor is the new-group phrase)
                if span and a not in starts and doc.toks[span[1][0]].f in lx.INTEREST:
                    continue
                # "grupos de interés de Procura+": the network's name is no topic
                if span and doc.toks[span[1][0]].f == "procura" and span[1][1] - span[1][0] == 1:
                    continue
                if span:
                    return span
    return "", None


def _topic_span(doc: _Doc, k: int) -> tuple[str, tuple[int, int]] | None:
    toks = doc.toks
    while k < len(toks) and toks[k].f in lx.ARTICLES:
        k += 1
    if k < len(toks) and toks[k].f in lx.RELATIVES:
        return None  # "no grupo de interesse de que falámos": a clause about the group, no topic
    end = k
    # a wish, a question, a relative pronoun or "whether"/"or" after a comma is the next clause ("… appalti
    # ICT socialmente responsabili, vorrei capire meglio", "del grupo de ICT, que solicitamos en marzo",
    # "… zamówień ICT, czy musi to być urząd miasta?"), not the topic
    asks = {h.i for cat in ("DESIRE", "ASK") for h in doc.of(cat)}
    while end < len(toks) and end - k < 8 and toks[end].f not in (_END, _QEND) \
            and (end == k or toks[end].f not in lx.TOPIC_STOP) and not (end > k and _clause_break(doc.text, toks[end])) \
            and not (end > k and (end in asks or toks[end].f in lx.RELATIVES or toks[end].f in lx.WHETHER)
                     and "," in doc.text[toks[end - 1].end:toks[end].start]) \
            and not (end > k and _DASH.search(doc.text[toks[end - 1].end:toks[end].start])) \
            and not (end > k and "(" in doc.text[toks[end - 1].end:toks[end].start]):
        # ("over maatschappelijk verantwoord inkopen van ICT – onze nieuwe aanbesteding …": a dash ends it,
        # as a bracket does: "grupul de IT responsabil social (cel cu lanturile de aprovizionare …)")
        end += 1
    if end == k:
        return None
    text = doc.text[toks[k].start:toks[end - 1].end]
    return " ".join(text.split()), (k, end)


