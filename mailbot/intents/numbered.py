"""Groups chosen by their number in a quoted call: "the first and the third", "gruppi 1) e 3)", "the first
two", "all of them".

The secretariat's call for participants lists the groups as a numbered list, and a reply may
choose by those numbers. When the quoted text holds such a list, each number or ordinal of the
new text that points into it gets the group's name beside it, in brackets, so the reading that
follows (clauses, negation, context) sees the group as if the sender had named it.

Pure functions over text: the caller says which group a list line names.
"""

from __future__ import annotations

import re
from typing import Callable

#: a numbered line of a quoted list: "> 1. Socially Responsible …", "2) Circular procurement"
_ITEM = re.compile(r"^[>\s]*\(?([1-9])[.)]\s+(\S.{2,})$", re.M)

#: first, second, third in the 24 EU languages (the start of each word; its case ending follows)
_ORDINALS: dict[int, str] = {
    1: r"first|erst|premi[eè]r|primer|prim[oaie]|primeir|eerste|f[oö]rst|f[øo]rste|ensimm[aä]i|"
       r"esime|pirm|pierwsz|prvn|prv|първ|πρ[ωώ]τ|els[oőö]|ewwel|ch[eé]ad",
    2: r"second|zweit|deuxi[eè]m|segund|second[oaie]|tweede|andr[ao]|anden|andet|toi[sn]|teis|teine|"
       r"otr|antr|drug|druh|втор|δε[υύ]τερ|m[aá]sodik|doilea|doua|tieni|dara",
    3: r"third|dritt|troisi[eè]m|tercer|terz|terceir|derde|tredje|kolma|tre[sš]|tre[cč]|trzeci|t[rř]et|"
       r"tre[tć]j?|трет|τρ[ιί]τ|harmadik|treilea|treia|tielet|tr[ií][uú]",
}
_ORD = re.compile(r"\b(" + "|".join(f"(?P<o{n}>(?:{p})\\w*)" for n, p in _ORDINALS.items())
                  + r")\b", re.I)

#: what may follow a lone ordinal for it to name a group: "the third one", "la seconda",
#: "den andra gruppen" (one, group, in the 24 languages)
_GROUPISH = re.compile(r"^\W{0,3}(?:\w+\s+)?(?:one|ones|gr[uo]\w*|ryhm\w*|skupin\w*|csoport\w*|ομ[αά]δ\w*|"
                       r"груп\w*|r[uü]hm\w*|grup\w*)\b", re.I)

#: a number that points at a list item: "1)", "group 2", "Nr. 3", "#1", "n. 2" (not a date or a count)
_NUM = re.compile(r"(?:(?<![\w.])([1-9])\)|(?:\b(?:gr[uo]\w*|ryhm\w*|skupin\w*|csoport\w*|ομ[αά]δ\w*|груп\w*|"
                  r"r[uü]hm\w*|n[or]s?|nr|č|n|num\w*)\.?\s*#?|#)([1-9])\b(?![.,:/-]\d))", re.I)
#: "1 and 3", "2 e 3": the second number of a pair whose first points at the list
_AND_NUM = re.compile(r"\)?\s*(?:,|&|\+|and|und|et|e|y|en|och|og|ja|i|a|és|si|și|u|un|ir|agus|и|και|oraz|sowie)\s+"
                      r"(?:(?:the|die|le|la|il|el|o|a|de|het)\s+)?([1-9])\b\)?", re.I)


#: "all of them" under the call's list: every group it numbers ("All of them, please")
_ALL = re.compile(r"\b(?:all of them|all of the above|alle davon|todos ellos|todas ellas|tutti quanti|todos eles|"
                  r"allemaal|allihop|allihopa|dem alle|kaikki ne|wszystkie z nich|všechny z nich|mindegyik|"
                  r"toate acestea|всички тях|όλες τους|kõik need|visas tās|visas jas|kollha|iad go léir)\b", re.I)


#: "the first two (on your list)", "the last two": two neighbouring items of the call's list
_FIRST_TWO = re.compile(r"\b(?:first two|ersten (?:beiden|zwei)|deux premi[eè]r\w*|dos primer\w*|(?:primi|prime) due|"
                        r"due prim\w*|dois primeir\w*|duas primeir\w*|eerste twee|tv[aå] f[oö]rsta|f[oö]rsta tv[aå]|"
                        r"to f[øo]rste|f[øo]rste to|kaksi ensimm[aä]ist\w*|ensimm[aä]iset kaksi|dwie pierwsze|"
                        r"dw[oó]ch pierwszych|pierwsze dwie|prvn[ií] dv[eě]|prv[eé] dve|prv[ei] dv[ei]j?e|"
                        r"első k[eé]t\w*|primele dou[aă]|първите две|δύο πρώτες|esimesed kaks|pirm[aā]s divas|"
                        r"pirm[aą]sias dvi|l-ewwel tnejn|an ch[eé]ad dh?[aá])\b", re.I)
_LAST_TWO = re.compile(r"\b(?:last two|letzten (?:beiden|zwei)|deux derni[eè]r\w*|dos [uú]ltim\w*|ultimi due|"
                       r"ultime due|dois [uú]ltim\w*|laatste twee|tv[aå] sista|sista tv[aå]|to sidste|sidste to|"
                       r"kaksi viimeist\w*|dwie ostatnie|dw[oó]ch ostatnich|posledn[ií] dv[eě]|posledn[eé] dve|"
                       r"zadnj[ie] dv[ie]j?e|utols[oó] k[eé]t\w*|ultimele dou[aă]|последните две|δύο τελευταίες)\b", re.I)


#: a bulleted line of a quoted list ("> - Circular procurement", ">  * Market …"): counted in order
_BULLET = re.compile(r"^[>\s]*[-*•–·]\s+(\S.{2,})$", re.M)


def has_list(quote: str) -> bool:
    """Whether `quote` has a numbered or bulleted line at all (the cheap test before reading its lines)."""
    return _ITEM.search(quote) is not None or _BULLET.search(quote) is not None


def numbered_groups(quote: str, group_of: Callable[[str], str | None]) -> dict[int, str]:
    """Number -> group of a quoted numbered list naming two or more groups, one per line;
    `group_of(line)` says which single group a line names (None: none, or several)."""
    out: dict[int, str] = {}
    for m in _ITEM.finditer(quote):
        n, g = int(m.group(1)), group_of(m.group(2))
        if g is not None and n not in out and g not in out.values():
            out[n] = g
    if not out:
        # a bulleted list: its groups in the order it gives them ("the first two")
        bullets = [g for m in _BULLET.finditer(quote) if (g := group_of(m.group(1))) is not None]
        if len(bullets) == len(set(bullets)):
            out = dict(enumerate(bullets, 1))
    return out if len(out) >= 2 else {}


def _ordinal_refs(text: str, numbers: dict[int, str]) -> list[tuple[int, int]]:
    """(end, number) of each ordinal naming a listed group: one of a pair ("the first and the
    third"), or one followed by "one"/"group"."""
    found = [(m.end(), n, m.start()) for m in _ORD.finditer(text)
             for n in numbers if m.group(f"o{n}")]
    out = []
    for k, (end, n, start) in enumerate(found):
        near = [o for o in found if o is not found[k] and o[1] != n
                and (0 < o[2] - end <= 25 or 0 < start - o[0] <= 25)]
        if near or _GROUPISH.match(text[end:end + 30]):
            out.append((end, n))
    return out


def _number_refs(text: str, numbers: dict[int, str]) -> list[tuple[int, int]]:
    out = []
    for m in _NUM.finditer(text):
        n = int(m.group(1) or m.group(2))
        if n not in numbers or (m.group(1) and not text[text.rfind("\n", 0, m.start()) + 1:m.start()].strip("> \t")):
            continue  # "1)" opening a line is the sender's own list, not the call's
        out.append((m.end(), n))
        end = m.end()
        while (pair := _AND_NUM.match(text, end)) and int(pair.group(1)) in numbers:
            end = pair.end()
            out.append((end, int(pair.group(1))))  # "1, 2 and 3", "1) e 3)"
    return out


def with_numbers_named(text: str, numbers: dict[int, str]) -> str:
    """`text` with "(group name)" after each number or ordinal that points at a listed group."""
    if not numbers:
        return text
    if len(numbers) == 3:
        # "the first two groups": both, not the "first" an ordinal alone would name
        for pattern, pair in ((_FIRST_TWO, (1, 2)), (_LAST_TWO, (2, 3))):
            if (m := pattern.search(text)) and all(n in numbers for n in pair):
                return f"{text[:m.end()]} ({', '.join(numbers[n] for n in pair)}){text[m.end():]}"
    refs = sorted(set(_ordinal_refs(text, numbers) + _number_refs(text, numbers)), reverse=True)
    for end, n in refs:
        text = f"{text[:end]} ({numbers[n]}){text[end:]}"
    if not refs and (m := _ALL.search(text)):
        listed = ", ".join(numbers[n] for n in sorted(numbers))
        text = f"{text[:m.end()]} ({listed}){text[m.end():]}"
    return text
