"""Language-agnostic features of a message's text for the intent model.

Words are folded (case, accents) and cut into character n-grams inside word
boundaries ("<join>" -> "<jo", "joi", …), so a model trained on one form of
a word also reads its inflections and typos, in any script. Word unigrams
and bigrams add phrase evidence; a few structural marks (question, reply,
what the phrase tables saw) come from the caller.

The function is pure and deterministic: no hashing with Python's per-process
salt; the model keeps a vocabulary of feature strings instead.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

__all__ = ["text_features", "fold", "greek_questions", "words", "word_grams", "MAX_WORDS", "NGRAMS"]

#: Only the first words are read: requests come early, and the cost stays bounded.
MAX_WORDS = 250
#: Character n-gram sizes inside "<word>".
NGRAMS = (3, 4, 5)

_SPECIAL = str.maketrans({"ß": "ss", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d",
                          "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th"})
_WORD = re.compile(r"[^\W\d_]+|\d+|\?")


def fold(text: str) -> str:
    """Lower-case and strip accents: "Würden Gerne" -> "wurden gerne"."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=1 << 16)
def word_grams(word: str) -> tuple[str, ...]:
    """The character n-grams of one folded word, with the word itself."""
    if word == "?":
        return ("w:?",)
    if word.isdigit():
        return ("w:0",)
    padded = f"<{word}>"
    out = ["w:" + word]
    for n in NGRAMS:
        if len(padded) < n:
            break
        out.extend(padded[i:i + n] for i in range(len(padded) - n + 1))
    return tuple(out)


_GREEK = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")


def greek_questions(text: str) -> str:
    """Greek ends a question with ";" (or U+037E): in Greek text it is read as "?"."""
    if text.isascii() or not _GREEK.search(text):
        return text
    return text.replace("\u037e", "?").replace(";", "?")


_WORDS: dict[str, tuple[str, ...]] = {}


def words(text: str) -> tuple[str, ...]:
    """Folded words (and "?" marks) of a text, at most MAX_WORDS."""
    hit = _WORDS.get(text)
    if hit is None:
        # Folding is the costly part and a message's text is read several times in a
        # row (features, then the words that decided): the last few are kept.
        folded = fold(greek_questions(text[:MAX_WORDS * 16]))
        hit = tuple(m.group() for m in itertools.islice(_WORD.finditer(folded), MAX_WORDS))
        if len(_WORDS) > 8:
            _WORDS.clear()
        _WORDS[text] = hit
    return hit


def text_features(subject: str, body: str, marks: tuple[str, ...] = ()) -> list[str]:
    """The feature strings of one message: subject words apart, body words and n-grams, marks."""
    feats = ["m:" + m for m in marks]
    sw = words(subject)
    feats.extend("s:" + w for w in sw if w != "?")
    for w in sw:
        feats.extend(word_grams(w))
    bw = words(body)
    for w in bw:
        feats.extend(word_grams(w))
    feats.extend(f"b:{a} {b}" for a, b in zip(bw, bw[1:]))
    return feats
