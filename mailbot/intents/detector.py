"""Intent detection: what a message asks for, which groups, how sure, and why.

`detect(msg, cfg)` is pure and never raises. It reads only the subject and
`msg.text` (the new text; quotes, signatures and disclaimers already removed
by message.py) plus the structured signals (auto, calendar, forwarded), in
this order of precedence:

    bounce > auto_reply > rsvp > calendar invitation (unknown) > forward
    > confirm/decline > leave > start_group > join > info > unknown

Text is tokenised into words on word boundaries, folded (accents, case), and
matched against the phrase tables in lexicon.py and the group vocabularies in
the config. Long words tolerate one typo. The costly mistake is a join sent to
the wrong facilitator, so a join that names no group, names groups as
alternatives, or is not sure enough becomes `unknown` with the candidates in
the evidence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Iterable

from mailbot.intents import lexicon as lx
from mailbot.core.config import Config
from mailbot.core.model import INTENTS, Intent, ParsedMessage

__all__ = ["detect", "fold", "MAX_TOKENS"]

#: Only the start of a long message is read: requests come first, and the
#: cost stays bounded on hostile input.
MAX_TOKENS = 600
_MAX_CHARS = 20000  # likewise for the text handed to the tokenizer
_GAP = 3  # words a "~" may skip
_LONG_GAP = 8  # "~~": German separable verbs ("melden Sie mich von der Gruppe X ab")

# Sentence-boundary tokens: they never match a word and a gap cannot cross them.
_END, _QEND = ".", "?"

_SPECIAL = str.maketrans({"ß": "ss", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d",
                          "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th"})


def fold(text: str) -> str:
    """Lower-case and strip accents: "Würden Gerne" -> "wurden gerne"."""
    if text.isascii():  # nothing to translate, decompose or strip; casefold is lower for ASCII
        return text.lower()
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


#: `fold` for single words, which repeat: most tokens of a message were folded before
_fold_word = lru_cache(maxsize=1 << 15)(fold)


# -- tokens -------------------------------------------------------------------

@dataclass(frozen=True)
class _Tok:
    f: str  # folded word, or _END / _QEND
    start: int  # char offsets in the source text
    end: int
    line: int
    upper: bool = False  # written in capitals (acronyms)


_TOKEN_RE = re.compile(r"[^\W_]+|[.!?;:]+(?=\s|$)|\n[ \t]*\n|¿")
_URLISH = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+", re.I)


def _tokenize(text: str) -> list[_Tok]:
    # Addresses and links are blanked (same length) so their parts are not words.
    text = _URLISH.sub(lambda m: " " * len(m.group()), text)
    out: list[_Tok] = []
    line = 0
    last = 0
    for m in _TOKEN_RE.finditer(text):
        line += text.count("\n", last, m.start())
        last = m.start()
        s = m.group()
        if s[0].isalnum():
            out.append(_Tok(_fold_word(s), m.start(), m.end(), line, s.isupper() and len(s) > 1))
        elif "?" in s:
            out.append(_Tok(_QEND, m.start(), m.end(), line))
        elif s == "¿":
            continue  # an opening mark; the closing "?" ends the question
        elif s[0] == "." and out and out[-1].f.isdigit() and text[m.start() - 1:m.start()].isdigit():
            continue  # German ordinals: "am 3. Mai" does not end a sentence
        elif out and out[-1].f not in (_END, _QEND):
            out.append(_Tok(_END, m.start(), m.end(), line))
        if len(out) >= MAX_TOKENS:
            break
    return out


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(w for w in re.findall(r"[^\W_]+\*?|~~|~", fold(phrase)))


# -- compiled lexicon ----------------------------------------------------------

@dataclass(frozen=True)
class _Pat:
    cat: str  # lexicon table name, or "group"
    lang: str
    words: tuple[str, ...]
    weight: int = 1
    slug: str = ""
    needs_upper: bool = False  # tiny acronyms ("IT") only count in capitals


@dataclass
class _Lexicon:
    pats: list[_Pat]
    by_first: dict[str, list[_Pat]] = field(default_factory=dict)
    known: frozenset[str] = frozenset()
    stars: tuple[str, ...] = ()
    long_words: tuple[str, ...] = ()
    group_words: tuple[str, ...] = ()
    group_vocab: frozenset[str] = frozenset()
    cache: dict[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        words: set[str] = set()
        for p in self.pats:
            self.by_first.setdefault(p.words[0], []).append(p)
            words.update(w for w in p.words if w not in ("~", "~~"))
        self.known = frozenset(w for w in words if not w.endswith("*"))
        self.stars = tuple(sorted(w for w in words if w.endswith("*")))
        self.long_words = tuple(sorted(w for w in self.known if len(w) >= 6))
        self.group_vocab = frozenset(w for p in self.pats if p.cat == "group" for w in p.words)
        self.group_words = tuple(sorted({w for p in self.pats if p.cat == "group" for w in p.words
                                         if len(w) >= 6}))

    def forms(self, t: str) -> frozenset[str]:
        """The lexicon words a text word stands for (itself, a prefix, a typo, a plural)."""
        hit = self.cache.get(t)
        if hit is not None:
            return hit
        out = set()
        if t in self.known:
            out.add(t)
        out.update(s for s in self.stars if t.startswith(s[:-1]))
        if len(t) >= 5:
            for suf in ("s", "es", "e", "n", "en", "r"):
                base = t[: -len(suf)]
                if t.endswith(suf) and len(base) >= 4 and base in self.known:
                    out.add(base)
        if not out and len(t) >= 5 and t not in lx.FALSE_FRIENDS:
            out.update(w for w in self.long_words if w[0] == t[0] and _fuzzy(w, t))
            # Inflected group keywords ("gospodarce cyrkularnej" for "gospodarka cyrkularna").
            out.update(w for w in self.group_words if _same_stem(w, t))
        res = frozenset(out)
        if len(self.cache) > 20000:
            self.cache.clear()
        self.cache[t] = res
        return res


def _fuzzy(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance exactly 1 (one insertion, deletion, substitution or swap)."""
    la, lb = len(a), len(b)
    if a == b or abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1:] == b[i + 1:] or (
            i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:])
    if la + 1 == lb:
        return a[i:] == b[i + 1:]
    return a[i + 1:] == b[i:]


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _same_stem(word: str, t: str) -> bool:
    """Same word with another ending: shared prefix of all but two letters, short tails."""
    n = _common_prefix(word, t)
    return n >= max(5, len(word) - 2) and len(t) - n <= 3 and len(word) - n <= 3


_TABLES = ("JOIN", "JOIN_WEAK", "DESIRE", "LEAVE", "START", "INFO", "ALL_GROUPS", "ALTERNATIVE",
           "CONFIRM", "DECLINE", "GROUP_WORDS", "TOPIC_PREPS")


def _vocab_key(cfg: Config) -> tuple:
    return tuple((g.slug, g.name, tuple(sorted((k, tuple(v)) for k, v in g.vocabulary.items())))
                 for g in cfg.groups)


@lru_cache(maxsize=8)
def _compile(key: tuple) -> _Lexicon:
    pats: list[_Pat] = []
    for table in _TABLES:
        for lang, phrases in getattr(lx, table).items():
            for ph in phrases:
                w = _words(ph)
                if w and not w[0].startswith("~"):
                    pats.append(_Pat(table, lang, w))
    for slug, name, vocab in key:
        names = {_words(name)}
        for _lang, entries in vocab:
            if entries:
                names.add(_words(entries[0]))  # first entry per language is the group's name
        seen = set()
        for lang, entries in (("en", (name,)),) + vocab:
            for e in entries:
                w = tuple(x.rstrip("*") for x in _words(e) if not x.startswith("~"))
                if not w or w in seen:
                    continue
                seen.add(w)
                weight = 3 if w in names else 2 if len(w) > 1 else 1
                pats.append(_Pat("group", lang, w, weight, slug, len(w) == 1 and len(w[0]) <= 2))
    return _Lexicon(pats)


# -- matching ------------------------------------------------------------------

@dataclass(frozen=True)
class _Hit:
    pat: _Pat
    i: int  # first token
    j: int  # one past the last token
    span: str  # the words as written

    @property
    def cat(self) -> str:
        return self.pat.cat


def _match_at(lex: _Lexicon, toks: list[_Tok], words: tuple[str, ...], i: int, k: int) -> int:
    """End index if words[k:] match toks from i, else -1 (gaps try shortest first)."""
    if k == len(words):
        return i
    w = words[k]
    if w in ("~", "~~"):
        for skip in range((_LONG_GAP if w == "~~" else _GAP) + 1):
            if i + skip > len(toks) or any(t.f in (_END, _QEND) for t in toks[i:i + skip]):
                break
            end = _match_at(lex, toks, words, i + skip, k + 1)
            if end >= 0:
                return end
        return -1
    if i >= len(toks) or toks[i].f in (_END, _QEND):
        return -1
    t = toks[i].f
    if t != w and w not in lex.forms(t):
        return -1
    return _match_at(lex, toks, words, i + 1, k + 1)


def _scan(lex: _Lexicon, toks: list[_Tok], text: str) -> list[_Hit]:
    hits = []
    for i, tok in enumerate(toks):
        if tok.f in (_END, _QEND):
            continue
        firsts = {tok.f} | lex.forms(tok.f)
        for first in sorted(firsts):
            for p in lex.by_first.get(first, ()):
                end = _match_at(lex, toks, p.words, i, 0)
                if end < 0:
                    continue
                if p.needs_upper and not tok.upper:
                    continue
                hits.append(_Hit(p, i, end, text[tok.start:toks[end - 1].end]))
    return hits


def _longest(hits: Iterable[_Hit]) -> list[_Hit]:
    """Drop hits inside a longer one (so "circular procurement" is not also "circular")."""
    taken: set[int] = set()
    out = []
    for h in sorted(hits, key=lambda h: (-(h.j - h.i), h.i, h.pat.slug, h.pat.words)):
        if taken.isdisjoint(range(h.i, h.j)):
            out.append(h)
            taken.update(range(h.i, h.j))
    return sorted(out, key=lambda h: (h.i, h.j))


# -- the document we read --------------------------------------------------------

_REQ_TOKEN = re.compile(r"\[req:[^\]\s]{1,64}\]", re.I)
_PREFIX = re.compile(r"^\s*(?:\[[^\]]{0,80}\]\s*)?([^\W\d_]{1,7})\s?:\s*", re.U)
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


def _clean_body(text: str) -> str:
    """The new text up to the first quote header, signature or closing line."""
    out: list[str] = []
    for line in (text or "")[:_MAX_CHARS].splitlines():
        stripped = line.strip()
        if stripped.startswith(">"):
            continue
        if _QUOTE_HEADER.match(line) or _SIG_START.match(line):
            break
        key = re.sub(r"[^\w\s]", " ", fold(stripped)).split()
        if out and key and " ".join(key) in _CLOSINGS:
            break
        if out and len(key) <= 6 and key and " ".join(key[:3]) in _CLOSINGS and stripped.endswith(","):
            break
        out.append(line)
    return "\n".join(out).strip()


@dataclass
class _Doc:
    """One message's readable text, its tokens and every lexicon hit."""

    text: str
    toks: list[_Tok]
    hits: dict[str, list[_Hit]]
    groups: list[_Hit]
    sent_of: list[int]  # sentence number per token
    questions: dict[int, str]  # sentence -> "how" | "wh" | "yes-no"

    def of(self, cat: str) -> list[_Hit]:
        return self.hits.get(cat, [])


def _read(lex: _Lexicon, text: str) -> _Doc:
    toks = _tokenize(text)
    raw = _scan(lex, toks, text)
    hits: dict[str, list[_Hit]] = {}
    for cat in _TABLES:
        hits[cat] = _longest(h for h in raw if h.cat == cat)
    groups = _longest(h for h in raw if h.cat == "group")
    sent_of, questions = [], {}
    sent, first = 0, True
    for t in toks:
        sent_of.append(sent)
        if t.f in (_END, _QEND):
            if t.f == _QEND:
                questions.setdefault(sent, "yes-no")
            sent, first = sent + 1, True
            continue
        if first:
            first = False
            if t.f in lx.HOW_WORDS:
                questions[sent] = "how"
            elif t.f in lx.QUESTION_WORDS:
                questions[sent] = "wh"
    # A question word only makes a question when the sentence ends with "?" or
    # is the leading word of a short clause; statements like "Is this ok." are rare.
    ends_q = {sent_of[k] for k, t in enumerate(toks) if t.f == _QEND}
    questions = {s: q for s, q in questions.items() if s in ends_q or q in ("how", "wh")}
    return _Doc(text, toks, hits, groups, sent_of, questions)


# -- groups -------------------------------------------------------------------------

def _group_scores(doc: _Doc, hits: list[_Hit] | None = None) -> dict[str, int]:
    """Sum of distinct vocabulary weights per group, +1 when written next to a group word."""
    hits = doc.groups if hits is None else hits
    gw = doc.of("GROUP_WORDS")
    near = {k for h in gw for k in range(h.i - 2, h.j + 2)}
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


def _pick_groups(doc: _Doc, cfg: Config, allow_all: bool) -> _Pick:
    scores = _group_scores(doc)
    order = [g.slug for g in cfg.groups]
    ranked = sorted(scores.items(), key=lambda x: (-x[1], order.index(x[0]) if x[0] in order else 99))
    if allow_all and doc.of("ALL_GROUPS"):
        named = tuple(s for s, _ in ranked if scores[s] >= 2)
        chosen = named if len(named) >= 2 else tuple(order)
        return _Pick(tuple(sorted(chosen, key=order.index)), 3)
    if not ranked:
        return _Pick((), 0, "names no group")
    strong = [s for s, n in ranked if n >= 2]
    if allow_all and len(strong) >= 2 and not doc.of("ALTERNATIVE"):
        return _Pick(tuple(sorted(strong, key=order.index)), min(scores[s] for s in strong))
    top, top_n = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if (second and top_n < 2 * second) or (second >= 2 and doc.of("ALTERNATIVE")):
        return _Pick((), 0, f"names several groups as alternatives: {_candidates(scores)}")
    return _Pick((top,), top_n)


# -- topic of a proposed group ------------------------------------------------------

def _topic(doc: _Doc, after: int = 0) -> tuple[str, tuple[int, int] | None]:
    """The words after "group on/about/zum Thema…" (or after the start cue), as written."""
    preps = doc.of("TOPIC_PREPS")
    anchors = [h.j for h in doc.of("GROUP_WORDS") if h.j >= after]
    anchors += [h.j for h in doc.of("START") if h.j >= after]
    anchors += [h.j for h in doc.of("GROUP_WORDS")]  # "is there a group on X? … start one"
    for a in anchors:
        for p in preps:
            if a <= p.i <= a + 3 and all(t.f not in (_END, _QEND) for t in doc.toks[a:p.i]):
                span = _topic_span(doc, p.j)
                if span:
                    return span
    return "", None


def _topic_span(doc: _Doc, k: int) -> tuple[str, tuple[int, int]] | None:
    toks = doc.toks
    while k < len(toks) and toks[k].f in lx.ARTICLES:
        k += 1
    end = k
    while end < len(toks) and end - k < 8 and toks[end].f not in (_END, _QEND) \
            and (end == k or toks[end].f not in lx.TOPIC_STOP):
        end += 1
    if end == k:
        return None
    text = doc.text[toks[k].start:toks[end - 1].end]
    return " ".join(text.split()), (k, end)


# -- the decision ------------------------------------------------------------------

def _ev(h: _Hit, what: str) -> str:
    return f'{what} "{h.span}" ({h.pat.lang})'


def _langs(hits: Iterable[_Hit]) -> str:
    return ",".join(sorted({h.pat.lang for h in hits}))


def _negated(doc: _Doc, h: _Hit) -> bool:
    before = doc.toks[max(0, h.i - 4):h.i]
    return any(t.f in lx.NEGATIONS for t in before) and all(t.f not in (_END, _QEND) for t in before)


def _about_event(doc: _Doc, h: _Hit) -> bool:
    sent = doc.sent_of[h.i]
    # German and Dutch put the verb last: "an der Sitzung der Gruppe X am 3. Mai teilnehmen".
    back = 8 if h.pat.lang in ("de", "nl") else 4
    near = range(max(0, h.i - back), min(len(doc.toks), h.j + 4))
    return any(doc.toks[k].f in lx.EVENT_WORDS and doc.sent_of[k] == sent for k in near)


def _related(lex: _Lexicon, word: str) -> bool:
    vocab = lex.group_vocab
    return word in vocab or any(len(word) >= 5 and _common_prefix(word, v) >= 6 for v in vocab)


def _classify_text(subject: str, text: str, cfg: Config, *, use_subject: bool = True) -> Intent:
    """leave > start_group > join > info > unknown, from subject + new text."""
    lex = _compile(_vocab_key(cfg))
    body = _clean_body(text)
    parts = [subject] if use_subject and subject else []
    if body:
        parts.append(body)
    doc = _read(lex, "\n\n".join(parts))
    threshold = cfg.bot.confidence_threshold

    leave = [h for h in doc.of("LEAVE") if not _negated(doc, h)]
    if leave:
        pick = _pick_groups(doc, cfg, allow_all=True)
        ev = [_ev(leave[0], "leave phrase")] + _group_evidence(doc, pick.groups)
        if pick.problem:
            ev.append(f"leave {pick.problem}")
        conf = 0.9 if pick.groups else 0.75
        return Intent("leave", pick.groups, conf, tuple(ev))

    start = doc.of("START")
    if start:
        topic, span = _topic(doc, start[0].i)
        if not topic and use_subject and subject:
            topic = subject
        ev = [_ev(start[0], "new-group phrase")]
        if topic:
            ev.append(f'topic "{topic}"')
            if span:
                inside = _group_scores(doc, [h for h in doc.groups if span[0] <= h.i < span[1]])
                if inside:
                    ev.append(f"topic overlaps existing groups: {_candidates(inside)}")
        return Intent("start_group", (), 0.85 if topic else 0.75, tuple(ev), topic=topic)

    join = [h for h in doc.of("JOIN") if doc.questions.get(doc.sent_of[h.i]) != "wh"
            and not _negated(doc, h) and not _about_event(doc, h)]
    how_join = [h for h in join if doc.questions.get(doc.sent_of[h.i]) == "how"]
    weak = [h for h in doc.of("JOIN_WEAK") if doc.sent_of[h.i] not in doc.questions
            and not _negated(doc, h)]
    desire = doc.of("DESIRE")
    asked = [h for h in join if h not in how_join]
    cue = asked[0] if asked and desire else (weak[0] if weak and desire and not how_join else None)
    if cue is None and how_join and _group_scores(doc):
        cue = how_join[0]
    if cue is not None:
        ev = [_ev(cue, "join phrase")]
        # "join a group on <topic>": a topic no group covers is a proposal.
        topic, span = _topic(doc, cue.i)
        if topic and span:
            inside = [h for h in doc.groups if span[0] <= h.i < span[1]]
            covered = {k for h in inside for k in range(h.i, h.j)}
            # Words that belong to some group's vocabulary ("socialmente responsable")
            # support the match; only unrelated words make a new topic.
            content = [t for k, t in enumerate(doc.toks[span[0]:span[1]], span[0])
                       if k not in covered and len(t.f) >= 3 and t.f not in lx.ARTICLES
                       and not _related(lex, t.f)]
            strong_elsewhere = any(n >= 3 for n in _group_scores(doc).values())
            weak_inside = sum(h.pat.weight for h in inside) <= 1
            if (not inside and not strong_elsewhere) or (inside and weak_inside and len(content) >= 2):
                ev.append(f'topic "{topic}" matches no group' if not inside
                          else f'topic "{topic}" is more than "{inside[0].span}"')
                return Intent("start_group", (), 0.7, tuple(ev), topic=topic)
        pick = _pick_groups(doc, cfg, allow_all=True)
        if not pick.groups and doc.sent_of[cue.i] in doc.questions and not _group_scores(doc):
            # "Can a district office take part in the groups?": a question
            # about joining that names no group asks for information.
            ev.append("asked as a question, naming no group")
            return Intent("info", (), 0.7, tuple(ev))
        if not pick.groups:
            scores = _group_scores(doc)
            ev.append(f"join {pick.problem}")
            if scores:
                ev.append(f"candidates: {_candidates(scores)}")
            return Intent("unknown", (), 0.4, tuple(ev))
        conf = 0.9 if cue.cat == "JOIN" else 0.75
        if pick.strength < 2:
            conf -= 0.1
        if cue in how_join:
            conf -= 0.1
        if len(pick.groups) > 1:
            conf = min(conf, 0.85)
        ev += _group_evidence(doc, pick.groups)
        if conf < threshold:
            ev.append(f"join confidence {conf:.2f} below threshold {threshold:.2f}")
            ev.append(f"candidates: {_candidates(_group_scores(doc))}")
            return Intent("unknown", (), round(conf, 2), tuple(ev))
        return Intent("join", pick.groups, round(conf, 2), tuple(ev))

    info = doc.of("INFO")
    if doc.questions or info:
        pick = _pick_groups(doc, cfg, allow_all=False)
        ev = []
        if doc.questions:
            first_q = min(doc.questions)
            words = [t for t, s in zip(doc.toks, doc.sent_of) if s == first_q and t.f not in (_END, _QEND)]
            q = doc.text[words[0].start:words[-1].end] if words else ""
            ev.append(f'question "{" ".join(q.split()[:8])}"')
        if info:
            ev.append(_ev(info[0], "information request"))
        ev += _group_evidence(doc, pick.groups)
        conf = 0.8 if doc.questions else 0.65
        return Intent("info", pick.groups, conf, tuple(ev))

    scores = _group_scores(doc)
    ev = ["no request recognised"]
    if scores:
        ev.append(f"mentions: {_candidates(scores)}")
    return Intent("unknown", (), 0.3, tuple(ev))


def _answer(msg: ParsedMessage, cfg: Config, is_reply: bool, token: str) -> Intent | None:
    """confirm/decline: a short yes/no at the top of a reply to a request."""
    lex = _compile(_vocab_key(cfg))
    body = _clean_body(msg.text)
    doc = _read(lex, body)
    toks = doc.toks
    start = 0
    if toks and toks[0].f in lx.GREETINGS:
        while start < len(toks) and toks[start].line == toks[0].line:
            start += 1
    while start < len(toks) and toks[start].f in (_END, _QEND):
        start += 1
    answers = [h for h in doc.of("CONFIRM") + doc.of("DECLINE") if start <= h.i < start + 3]
    if not answers:
        return None
    h = min(answers, key=lambda h: (h.i, -(h.j - h.i)))
    # Spanish/Italian "si" is also "if": only a standalone "Sí," / "Sì." counts.
    if h.pat.words == ("si",):
        after = body[toks[h.i].end:toks[h.i].end + 1]
        if after.isalnum() or after == " " and h.j < len(toks) and toks[h.j].f not in (_END, _QEND):
            return None
    words = sum(1 for t in toks if t.f not in (_END, _QEND))
    name = "confirm" if h.cat == "CONFIRM" else "decline"
    ev = [_ev(h, f"{name} answer")]
    if token:
        ev.append(f"request token {token}")
        return Intent(name, (), 0.9, tuple(ev))
    if words > 40:
        return None
    ev.append("reply to an earlier message")
    return Intent(name, (), 0.8, tuple(ev))


def _sub_message(msg: ParsedMessage) -> ParsedMessage:
    fw = msg.forwarded
    assert fw is not None
    return ParsedMessage(message_id=msg.message_id + "#fwd", sender=fw.sender, subject=fw.subject,
                         text=fw.text, language="")


#: "accepted:", "zugesagt:", …: longest first, so a longer prefix wins over its own start
_RSVP_PREFIX = re.compile("(" + "|".join(re.escape(p) for p in sorted(lx.RSVP_SUBJECT, key=len, reverse=True))
                          + r")\s*:")


def _rsvp_subject(subject: str) -> str:
    m = _RSVP_PREFIX.match(fold(subject or "").strip())
    return m.group(1) if m else ""


def _detect(msg: ParsedMessage, cfg: Config, depth: int = 0) -> Intent:
    auto = msg.auto
    if auto.is_bounce:
        ev = ["delivery status notification"] + [f"failed: {a}" for a in auto.failed_recipients[:3]]
        return Intent("bounce", (), 1.0, tuple(ev + list(auto.reasons[:2])))
    cal = msg.calendar
    # An iMIP REPLY is an answer even when a calendar server sent it by itself (Outlook's
    # auto-accept carries Auto-Submitted: auto-replied): it records attendance, never replies.
    if cal is not None and cal.method.upper() == "REPLY":
        ev = [f"calendar reply PARTSTAT={cal.partstat or '?'}"]
        if cal.summary:
            ev.append(f'event "{cal.summary}"')
        if auto.reasons:
            ev.append(f"sent automatically ({auto.reasons[0]})")
        return Intent("rsvp", (), 0.95, tuple(ev))
    if auto.reasons:
        return Intent("auto_reply", (), 0.95, tuple(auto.reasons[:3]))
    prefix = _rsvp_subject(msg.subject)
    if prefix:
        return Intent("rsvp", (), 0.9, (f'meeting answer subject "{prefix}:"',))
    if cal is not None:
        return Intent("unknown", (), 0.9, ("calendar invitation, not a request", f"METHOD={cal.method}"))

    staff = {s.lower() for s in cfg.bot.staff}
    subject, is_reply, _is_fwd, token = _subject_parts(msg.subject)
    is_reply = is_reply or bool(msg.in_reply_to)
    fw = msg.forwarded
    if fw is not None and depth == 0:
        original = _detect(_sub_message(msg), cfg, depth + 1)
        if msg.sender_addr in staff:
            ev = (f"forwarded by staff {msg.sender_addr}",
                  f"original from {fw.sender.addr if fw.sender else '?'}: {original.name}")
            return Intent("forward", original.groups, 0.95, ev, original=original)
        # A participant passing on a colleague's request: read the request, unless
        # the note above the forward makes its own request.
        own = _classify_text(subject, msg.text, cfg, use_subject=not is_reply)
        from_bot = fw.sender is not None and fw.sender.addr == cfg.bot.address
        if own.name in ("join", "leave", "start_group"):
            return own
        if not from_bot and original.name not in ("unknown", "forward"):
            return replace(original, evidence=("classified by the forwarded original",) + original.evidence)
        if own.name != "unknown":
            return own
        return Intent("forward", original.groups, 0.6,
                      ("forward by a non-staff sender, request not recognised",), original=original)

    if is_reply or token:
        ans = _answer(msg, cfg, is_reply, token)
        if ans is not None:
            if token:
                return ans
            other = _classify_text(subject, msg.text, cfg, use_subject=False)
            if other.name in ("join", "leave", "start_group"):
                return other
            return ans

    use_subject = not is_reply or not _clean_body(msg.text)
    return _classify_text(subject, msg.text, cfg, use_subject=use_subject)


def detect(msg: ParsedMessage, cfg: Config) -> Intent:
    """Classify one message; pure and deterministic, never raises."""
    try:
        intent = _detect(msg, cfg)
    except Exception as exc:  # pragma: no cover - a bug must not stop the pipeline
        return Intent("unknown", (), 0.0, (f"intent detection failed: {type(exc).__name__}: {exc}",))
    if intent.name not in INTENTS:  # pragma: no cover - defensive
        return Intent("unknown", (), 0.0, (f"bad intent {intent.name!r}",))
    return replace(intent, confidence=min(1.0, max(0.0, round(intent.confidence, 2))))
