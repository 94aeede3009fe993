"""Lexical matching for intent detection: words tokenised and folded, the phrase tables of
lexicon.py and the config's group vocabularies compiled, and every phrase found in a text.

Long words tolerate one typo; `~` and `~~` let a phrase skip a few words inside one sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, NamedTuple

from mailbot.core.config import Config
from mailbot.intents import lexicon as lx
# `fold` lives with the model's features so that both read words the same way.
from mailbot.intents.features import fold, greek_questions

#: Only the start of a long message is read: requests come first, and the
#: cost stays bounded on hostile input.
MAX_TOKENS = 600
_MAX_CHARS = 20000  # likewise for the text handed to the tokenizer
_GAP = 3  # words a "~" may skip
_LONG_GAP = 8  # "~~": German separable verbs ("melden Sie mich von der Gruppe X ab")

# Sentence-boundary tokens: they never match a word and a gap cannot cross them.
_END, _QEND = ".", "?"

#: `fold` for single words, which repeat: most tokens of a message were folded before
_fold_word = lru_cache(maxsize=1 << 15)(fold)


# -- tokens -------------------------------------------------------------------

class _Tok(NamedTuple):  # a tuple: hundreds are made per message, a frozen dataclass costs several times more
    f: str  # folded word, or _END / _QEND
    start: int  # char offsets in the source text
    end: int
    line: int
    upper: bool = False  # written in capitals (acronyms)


_TOKEN_RE = re.compile(r"[^\W_]+|[.!?;:]+(?=\s|$)|\n[ \t]*\n|¿")
_URLISH = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+", re.I)


def _tokenize(text: str) -> list[_Tok]:
    # Addresses and links are blanked (same length) so their parts are not words.
    text = greek_questions(_URLISH.sub(lambda m: " " * len(m.group()), text))
    out: list[_Tok] = []
    line = 0
    last = 0
    tok = tuple.__new__  # _Tok(…) without the Python-level __new__ of a NamedTuple: one per word
    for m in _TOKEN_RE.finditer(text):
        start, end = m.span()
        line += text.count("\n", last, start)
        last = start
        s = m.group()
        if s[0].isalnum():
            out.append(tok(_Tok, (_fold_word(s), start, end, line, s.isupper() and len(s) > 1)))
        elif "?" in s:
            out.append(_Tok(_QEND, m.start(), m.end(), line))
        elif s == "¿":
            continue  # an opening mark; the closing "?" ends the question
        elif s[0] == "." and out and out[-1].f.isdigit() and len(out[-1].f) <= 2 \
                and text[m.start() - 1:m.start()].isdigit():
            continue  # German ordinals: "am 3. Mai" does not end a sentence ("ab Januar 2027." does)
        elif s == "." and out and out[-1].f in _TITLES and text[m.end():m.end() + 2].strip()[:1].isupper():
            continue  # a title or an abbreviation before a name: "m.st. Warszawy", "Mr. Smith", "ul. Długa"
        elif s == "." and out and (len(out[-1].f) <= 3 or out[-1].f in _ABBREVIATIONS) and out[-1].f.isalpha() \
                and text[out[-1].start:out[-1].start + 1].islower() and (
                    (nxt := text[m.end():m.end() + 2].strip()[:1]).islower() or nxt.isdigit()):
            # an abbreviation before a lower-case word or a number: "ds. zamówień cyrkularnych", "e.g. the",
            # "tj. ICT", "ca. 9.000 pc'er", "(napr. členstvo v …)"
            continue
        elif out and out[-1].f not in (_END, _QEND):
            out.append(_Tok(_END, m.start(), m.end(), line))
        if len(out) >= MAX_TOKENS:
            break
    return out


#: "for example", "that is", "and so on" longer than three letters, written with a dot
_ABBREVIATIONS = frozenset("napr napriklad tzn tzv bzw usw vgl esim pvz piem ecc incl approx evtl ggf eventl".split())

#: abbreviations that stand before a name, so a capital after their dot opens no sentence
_TITLES = frozenset("st ul mr mrs ms dr mgr ing prof dott sig sr sra mme mlle dipl doc hr jr".split())


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
    needs_cap: bool = False  # a short name ("Market") counts only written as a name, capitalised


@dataclass
class _Lexicon:
    pats: list[_Pat]
    by_first: dict[str, list[_Pat]] = field(default_factory=dict)
    known: frozenset[str] = frozenset()
    stars: tuple[str, ...] = ()
    long_words: tuple[str, ...] = ()
    group_words: tuple[str, ...] = ()
    group_vocab: frozenset[str] = frozenset()
    vocab_prefixes: frozenset[str] = frozenset()  # 6-letter starts of the long group words
    cache: dict[str, frozenset[str]] = field(default_factory=dict)
    #: the indexes of `forms` for a word it has not seen: (prefix length, the stars of that
    #: prefix length by prefix); long words by (first letter, length); group words by 5-letter start
    _star_index: tuple[tuple[int, dict[str, tuple[str, ...]]], ...] = ()
    _long_index: dict[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)
    _stem_index: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _starts: dict[str, tuple[_Pat, ...]] = field(default_factory=dict)
    #: every language whose table has a phrase ("participar" is Portuguese, Spanish and Romanian alike)
    langs: dict[tuple[str, tuple[str, ...]], frozenset[str]] = field(default_factory=dict)
    #: whether a long word also matches with one typo, an inflected group word by its stem
    fuzzy: bool = True

    def __post_init__(self) -> None:
        words: set[str] = set()
        for p in self.pats:
            self.by_first.setdefault(p.words[0], []).append(p)
            words.update(w for w in p.words if w not in ("~", "~~"))
        self.known = frozenset(w for w in words if not w.endswith("*"))
        self.stars = tuple(sorted(w for w in words if w.endswith("*")))
        self.long_words = tuple(sorted(w for w in self.known if len(w) >= 6))
        self.group_vocab = frozenset(w for p in self.pats if p.cat == "group" for w in p.words)
        self.vocab_prefixes = frozenset(w[:6] for w in self.group_vocab if len(w) >= 6)
        self.group_words = tuple(sorted({w for p in self.pats if p.cat == "group" for w in p.words
                                         if len(w) >= 6}))
        langs: dict[tuple[str, tuple[str, ...]], set[str]] = {}
        for p in self.pats:
            langs.setdefault((p.cat, p.words), set()).add(p.lang)
        self.langs = {k: frozenset(v) for k, v in langs.items()}
        self._index()

    def _index(self) -> None:
        stars: dict[int, dict[str, list[str]]] = {}
        for s in self.stars:
            stars.setdefault(len(s) - 1, {}).setdefault(s[:-1], []).append(s)
        self._star_index = tuple((n, {p: tuple(v) for p, v in by.items()}) for n, by in sorted(stars.items()))
        longs: dict[tuple[str, int], list[str]] = {}
        for w in self.long_words:
            longs.setdefault((w[0], len(w)), []).append(w)
        self._long_index = {k: tuple(v) for k, v in longs.items()}
        stems: dict[str, list[str]] = {}
        for w in self.group_words:
            stems.setdefault(w[:5], []).append(w)  # _same_stem needs a shared start of 5 letters at least
        self._stem_index = {k: tuple(v) for k, v in stems.items()}

    def forms(self, t: str) -> frozenset[str]:
        """The lexicon words a text word stands for (itself, a prefix, a typo, a plural)."""
        hit = self.cache.get(t)
        if hit is not None:
            return hit
        res = frozenset(self._forms(t))
        if len(self.cache) > 20000:
            self.cache.clear()
        self.cache[t] = res
        return res

    def starts(self, t: str) -> tuple[_Pat, ...]:
        """The patterns a text word can start, in the order the scan tries them (by first word)."""
        hit = self._starts.get(t)
        if hit is None:
            hit = tuple(p for first in sorted({t} | self.forms(t)) for p in self.by_first.get(first, ()))
            if len(self._starts) > 20000:
                self._starts.clear()
            self._starts[t] = hit
        return hit

    def _forms(self, t: str) -> set[str]:
        """`forms` of a word not in the cache: the indexes give the words the scans of the
        tables would find, and only those."""
        out = set()
        if t in self.known:
            out.add(t)
        for n, by_prefix in self._star_index:
            if len(t) < n or t in lx.NOT_STARRED:
                break
            out.update(by_prefix.get(t[:n], ()))
        if len(t) >= 5 and t not in lx.FALSE_FRIENDS:  # (English "quite" is no "quit" + e)
            for suf in ("s", "es", "e", "n", "en", "r"):
                base = t[: -len(suf)]
                if t.endswith(suf) and len(base) >= 4 and base in self.known:
                    out.add(base)
        if not out and self.fuzzy and len(t) >= 5 and t not in lx.FALSE_FRIENDS:
            # one typo: the same first letter, a length one apart at most
            for n in (len(t) - 1, len(t), len(t) + 1):
                out.update(w for w in self._long_index.get((t[0], n), ()) if _fuzzy(w, t))
            # Inflected group keywords ("gospodarce cyrkularnej" for "gospodarka cyrkularna").
            out.update(w for w in self._stem_index.get(t[:5], ()) if _same_stem(w, t))
        return out


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
           "CONFIRM", "DECLINE", "GROUP_WORDS", "TOPIC_PREPS", "CONDITION", "HEDGE", "ASK", "AUTO", "CONTACT_CHANGE", "RSVP_TEXT",
           "PAST", "SIDE_QUESTION", "OTHER_GROUPS", "LATER")


_KEYS: dict[int, tuple[object, tuple]] = {}


def _vocab_key(cfg: Config) -> tuple:
    # Per config object (frozen): the key is built once, not for every message.
    hit = _KEYS.get(id(cfg.groups))
    if hit is not None and hit[0] is cfg.groups:
        return hit[1]
    key = tuple((g.slug, g.name, tuple(sorted((k, tuple(v)) for k, v in g.vocabulary.items())))
                for g in cfg.groups)
    if len(_KEYS) > 16:
        _KEYS.clear()
    _KEYS[id(cfg.groups)] = (cfg.groups, key)
    return key


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
                # "markkinavuoropuhelu*": a word start, for the compounds of Finnish, German, Swedish
                w = tuple(x for x in _words(e) if not x.startswith("~"))
                if not w or w in seen:
                    continue
                seen.add(w)
                weight = 3 if w in names else 2 if len(w) > 1 else 1
                # Tiny acronyms, and any written in capitals in the config ("SME": Slovak "sme" is
                # "we are"), count only when written in capitals.
                upper = len(w) == 1 and (len(w[0]) <= 2 or e.strip().isupper())
                # A one-word name written capitalised in the config ("Market") is a name only when
                # written so: "grup Circular oraz Market", not "the market for laptops".
                cap = len(w) == 1 and not upper and e.strip()[:1].isupper()
                pats.append(_Pat("group", lang, w, weight, slug, upper, cap))
    return _Lexicon(pats)


@lru_cache(maxsize=1)
def _hint_lexicon() -> _Lexicon:
    # A lexicon of its own: its loose words, mixed into the tables' lexicon, would change which
    # words the other tables match by typo or ending (a known word is not matched fuzzily).
    # (and no typos: "useita" (several) is one letter from Italian "uscita")
    return _Lexicon([_Pat("LEAVE_HINT", lang, _words(ph)) for lang, phrases in lx.LEAVE_HINT.items()
                     for ph in phrases if _words(ph)], fuzzy=False)


def leave_hints(toks: list[_Tok], text: str) -> list[_Hit]:
    """The LEAVE_HINT words in a tokenized text (matched apart from the other tables)."""
    return _longest(_scan(_hint_lexicon(), toks, text))


# -- matching ------------------------------------------------------------------

class _Hit(NamedTuple):
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
        for p in lex.starts(tok.f):
            # its first word is this token's (what `starts` means): the rest is matched from the next
            end = _match_at(lex, toks, p.words, i + 1, 1) if len(p.words) > 1 else i + 1
            if end < 0:
                continue
            if (p.needs_upper and not tok.upper) or (p.needs_cap and not text[tok.start].isupper()):
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


