"""Proposal topics in a shared, language-independent representation (pure).

"zero-emission construction sites" and "obras de construcción sin emisiones"
must meet in one proposal, so topics are not compared word by word within
one language. A topic becomes a set of *concepts* — ids from a small
multilingual table of the procurement themes authorities propose groups
about — plus the words no concept took (kept for cognates: "circular",
"circulaire", "circolare" meet by their letters). Two topics are similar
when their concepts agree and their remaining words look alike.

    represent("zero-emission construction sites")
        == represent("obras de construcción sin emisiones")
        == {"c:zero-emission", "c:construction", "c:construction-site"}
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable

#: concept id -> phrases that name it, in the network's languages (folded: no accents, lower case).
#: A phrase matches consecutive words of a topic, each word by its stem (`stem`).
CONCEPTS: dict[str, tuple[str, ...]] = {
    "zero-emission": (
        "zero emission", "zero emissions", "emission free", "emissions free", "emission-free", "net zero",
        "carbon neutral", "climate neutral", "fossil free", "fossil-free",
        "emissionsfrei", "emissionsfreie", "null emission", "klimaneutral", "fossilfrei",
        "zero emission", "sans emission", "sans emissions", "zero carbone", "neutre en carbone", "decarbone",
        "sin emisiones", "cero emisiones", "libre de emisiones", "neutro en carbono", "descarbonizado",
        "emissioni zero", "a emissioni zero", "senza emissioni", "a zero emissioni", "neutrale carbonio",
        "emissievrij", "emissieloos", "nul emissie", "klimaatneutraal", "fossielvrij",
        "utslappsfri", "utslappsfria", "fossilfri", "fossilfria", "klimatneutral",
        "bezemisyjny", "bezemisyjne", "zeroemisyjny", "sem emissoes", "emissoes zero", "neutro em carbono",
    ),
    "construction": (
        "construction", "building", "buildings", "infrastructure", "civil works",
        "bau", "bauen", "bauwesen", "hochbau", "tiefbau", "gebaude", "infrastruktur",
        "construction", "batiment", "batiments", "travaux publics", "btp",
        "construccion", "edificacion", "edificios", "infraestructura",
        "costruzione", "costruzioni", "edilizia", "edifici", "infrastrutture",
        "bouw", "bouwen", "gebouwen", "infrastructuur", "bygg", "byggande", "byggnader",
        "budownictwo", "budowa", "budynki", "construcao", "edificios",
    ),
    "construction-site": (
        "construction site", "construction sites", "building site", "worksite", "work site",
        "baustelle", "baustellen", "chantier", "chantiers", "obra", "obras", "cantiere", "cantieri",
        "bouwplaats", "bouwplaatsen", "byggarbetsplats", "byggplats", "plac budowy", "place budowy", "estaleiro",
    ),
    "machinery": (
        "machinery", "machines", "equipment", "non-road mobile machinery", "construction machinery",
        "maschinen", "baumaschinen", "engins", "engins de chantier", "maquinaria", "macchinari",
        "macchine", "bouwmachines", "materieel", "arbetsmaskiner", "maszyny", "maquinas",
    ),
    "vehicles": (
        "vehicles", "vehicle", "fleet", "fleets", "cars", "buses", "trucks", "clean vehicles",
        "fahrzeuge", "fuhrpark", "busse", "vehicules", "flotte", "vehiculos", "flota", "autobuses",
        "veicoli", "flotta", "autobus", "voertuigen", "wagenpark", "bussen", "fordon", "pojazdy", "veiculos",
    ),
    "electric": (
        "electric", "electrical", "e-mobility", "electromobility", "battery", "charging",
        "elektro", "elektrisch", "elektromobilitat", "electrique", "electriques", "electrico", "electricos",
        "elettrico", "elettrici", "elektrisk", "elektryczne", "eletrico",
    ),
    "mobility": (
        "mobility", "transport", "transportation", "mobilitat", "verkehr", "mobilite", "movilidad",
        "transporte", "mobilita", "trasporti", "mobiliteit", "vervoer", "mobilitet", "transport", "mobilnosc",
    ),
    "food": (
        "food", "catering", "canteens", "school meals", "meals", "organic food",
        "lebensmittel", "verpflegung", "kantinen", "schulessen", "alimentation", "restauration collective",
        "cantines", "repas", "alimentos", "alimentacion", "comedores", "comida", "cibo", "alimenti", "mense",
        "ristorazione", "voedsel", "catering", "kantines", "livsmedel", "maltider", "zywnosc", "alimentacao",
    ),
    "textiles": (
        "textiles", "textile", "clothing", "uniforms", "workwear", "textilien", "kleidung", "arbeitskleidung",
        "textiles", "vetements", "uniformes", "textil", "ropa", "tessili", "abbigliamento", "divise",
        "textiel", "kleding", "textilier", "klader", "tekstylia", "odziez", "texteis",
    ),
    "energy": (
        "energy", "electricity", "renewable energy", "renewables", "energie", "strom", "erneuerbare",
        "energie", "electricite", "renouvelables", "energia", "electricidad", "renovables", "energia",
        "elettricita", "rinnovabili", "energie", "elektriciteit", "hernieuwbare", "energi",
        "fornybar", "energia", "odnawialne", "eletricidade", "renovaveis",
    ),
    "heating": (
        "heating", "cooling", "heat pumps", "district heating", "heizung", "warmepumpen", "fernwarme",
        "chauffage", "pompes a chaleur", "calefaccion", "climatizacion", "riscaldamento", "verwarming",
        "warmtepompen", "uppvarmning", "ogrzewanie", "aquecimento",
    ),
    "schools": ("school", "schools", "education", "schul", "schulen", "schule", "ecoles", "ecole", "scolaire", "scolaires",
                "escuelas", "escolar", "escolares", "colegios", "scuole", "scuola", "scolastica", "scolastiche",
                "scholen", "school", "skolor", "skola", "szkoly", "szkolne", "escolas"),
    "lighting": ("lighting", "street lighting", "beleuchtung", "eclairage", "alumbrado", "illuminazione",
                 "verlichting", "belysning", "oswietlenie", "iluminacao"),
    "cleaning": ("cleaning", "cleaning products", "reinigung", "nettoyage", "limpieza", "pulizia", "schoonmaak",
                 "stadning", "sprzatanie", "limpeza"),
    "furniture": ("furniture", "mobel", "mobilier", "muebles", "mobili", "arredi", "meubilair", "meubels",
                  "mobler", "meble", "mobiliario"),
    "ict": ("ict", "digital", "computers", "electronics", "data centres", "data centers", "software",
            "ikt", "edv", "rechenzentren", "tic", "numerique", "informatique", "informatica", "centros de datos",
            "digitale", "datacenters", "digitaal", "datorer", "informatyka", "informatica"),
    "water": ("water", "wasser", "eau", "agua", "acqua", "vatten", "woda", "agua"),
    "waste": ("waste", "abfall", "dechets", "residuos", "rifiuti", "afval", "avfall", "odpady"),
    "plastic": ("plastic", "plastics", "single-use", "kunststoff", "plastik", "plastique", "plastico",
                "plastica", "plast", "tworzywa"),
    "circular": ("circular", "circular economy", "reuse", "kreislaufwirtschaft", "zirkular", "wiederverwendung",
                 "economie circulaire", "circulaire", "reemploi", "economia circular", "reutilizacion",
                 "economia circolare", "circolare", "riuso", "circulair", "hergebruik", "cirkular", "aterbruk",
                 "gospodarka o obiegu zamknietym", "reutilizacao"),
    "biodiversity": ("biodiversity", "nature", "green spaces", "biodiversitat", "natur", "biodiversite",
                     "biodiversidad", "biodiversita", "biodiversiteit", "biologisk mangfald", "bioroznorodnosc"),
    "social": ("social", "fair trade", "human rights", "labour rights", "sozial", "fairer handel",
               "menschenrechte", "equitable", "droits humains", "comercio justo", "derechos humanos",
               "sociale", "commercio equo", "diritti umani", "sociaal", "eerlijke handel", "mensenrechten",
               "socialt", "rattvis handel", "spoleczne", "comercio justo"),
    "innovation": ("innovation", "innovative", "pre-commercial", "innovativ", "innovante", "innovacion",
                   "innovadora", "innovazione", "innovativi", "innovatie", "innovatief", "innowacje", "inovacao"),
    "health": ("health", "healthcare", "hospitals", "medical", "gesundheit", "krankenhauser", "sante",
               "hopitaux", "salud", "hospitales", "sanita", "ospedali", "zorg", "ziekenhuizen", "halsa",
               "sjukhus", "zdrowie", "saude"),
    "asphalt-roads": ("roads", "road", "asphalt", "strassen", "strassenbau", "routes", "voirie", "carreteras",
                      "asfalto", "strade", "wegen", "asfalt", "vagar", "drogi", "estradas"),
    "concrete": ("concrete", "cement", "beton", "zement", "beton", "ciment", "hormigon", "cemento",
                 "calcestruzzo", "betong", "cimento"),
    "timber": ("timber", "wood", "holz", "bois", "madera", "legno", "hout", "drewno", "madeira"),
}

#: words that carry no topic in any of the network's languages
STOP = frozenset("""a an and or the of for on in to with about new group groups interest working
topic topics public procurement purchasing buying sustainable sustainability there is are any
we our would like could start create set up someone else other authorities also that this
der die das und oder fur von zu mit eine einer einen gruppe neue thema uber im in den dem des
le la les des du de et ou pour sur un une nouveau nouvelle groupe achats publics au aux en
el los las del y o para sobre nuevo nueva grupo compra compras publica publicas en con sin
il lo gli dei delle e per su nuovo nuova gruppo appalti acquisti pubblici di da con senza
het de een en of voor over nieuwe groep inkoop van met zonder
och eller for om ny nya grupp upphandling med utan
i oraz dla o nowa nowy grupa zamowienia publiczne bez
o os as da do dos das um uma para sobre novo nova grupo compras publicas sem
green greener nachhaltig nachhaltige nachhaltigen durable durables responsable sostenible sostenibles
sostenibile sostenibili duurzaam duurzame hallbar hallbara zrownowazone sustentavel sustentaveis""".split())


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def stem(word: str) -> str:
    """A crude, language-blind stem: a plural ending off, then at most seven letters."""
    if len(word) > 4 and word.endswith("es"):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s"):
        word = word[:-1]
    return word[:7]


@lru_cache(maxsize=1)
def _phrases() -> list[tuple[tuple[str, ...], str]]:
    """(stemmed words, concept), longest phrases first."""
    out = {(tuple(stem(w) for w in words(p)), cid) for cid, ps in CONCEPTS.items() for p in ps if words(p)}
    return sorted(out, key=lambda x: -len(x[0]))


@lru_cache(maxsize=1)
def _phrases_by_first() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """`_phrases()` grouped by their first stem: a topic's word looks up only the phrases it can start."""
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, cid in _phrases():
        out.setdefault(phrase[0], []).append((phrase, cid))
    return out


def represent(topic: str) -> frozenset[str]:
    """The topic as concepts ("c:construction") plus the words no concept took (stemmed)."""
    ws = words(topic)
    stems = [stem(w) for w in ws]
    taken = [False] * len(ws)
    out: set[str] = set()
    # Every occurrence of every phrase counts (none is skipped for an earlier match), so looking
    # phrases up by the word they start at finds the same matches as trying each phrase everywhere.
    by_first = _phrases_by_first()
    for i, s in enumerate(stems):
        for phrase, cid in by_first.get(s, ()):
            n = len(phrase)
            if i + n <= len(stems) and tuple(stems[i:i + n]) == phrase:
                out.add("c:" + cid)
                for j in range(i, i + n):
                    taken[j] = True
    for i, w in enumerate(ws):  # compounds ("Schulverpflegung"): concept words inside a long word
        if not taken[i] and len(w) >= 10:
            for word, cid in _single_words():
                if word in w:
                    out.add("c:" + cid)
                    taken[i] = True
    for w, s, t in zip(ws, stems, taken):
        if not t and len(w) >= 3 and w not in STOP:
            out.add(s)
    return frozenset(out)


@lru_cache(maxsize=1)
def _single_words() -> list[tuple[str, str]]:
    """(word, concept) for the one-word phrases of five letters or more."""
    return sorted({(p, cid) for cid, ps in CONCEPTS.items() for p in ps
                   if len(words(p)) == 1 and len(p) >= 5 and p.isalpha()})


def _trigrams(word: str) -> set[str]:
    w = f"  {word} "
    return {w[i:i + 3] for i in range(len(w) - 2)}


def _alike(a: str, b: str) -> bool:
    """Two leftover words that look alike across languages (cognates): trigram Dice >= 0.5."""
    if a == b:
        return True
    ta, tb = _trigrams(a), _trigrams(b)
    return 2 * len(ta & tb) / (len(ta) + len(tb)) >= 0.5


def similarity(a: Iterable[str], b: Iterable[str]) -> float:
    """How alike two represented topics are, 0..1: concepts must agree, leftover words look alike.

    Jaccard over the matched items; when every item of the smaller topic
    matches, at least 0.75 (one proposal is the other's narrower wording).
    """
    a, b = set(a), set(b)
    if not a or not b:
        return 0.0
    ca, cb = {x for x in a if x.startswith("c:")}, {x for x in b if x.startswith("c:")}
    wa, wb = a - ca, b - cb
    matched = len(ca & cb)
    free = set(wb)
    for w in sorted(wa):
        hit = next((x for x in sorted(free) if _alike(w, x)), None)
        if hit is not None:
            free.discard(hit)
            matched += 1
    union = len(a) + len(b) - matched
    if matched and matched == min(len(a), len(b)):
        return max(matched / union, 0.75)
    return matched / union if union else 0.0
