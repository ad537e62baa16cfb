"""Grow a street-address finding to the whole address block: units, postcode, city, country.

Why: a street line alone is rarely what identifies a home; the "Flat 4B" line before it and the
"Leeds / LS6 4WN" lines after it do. Every grammar finding is extended here, candidate-locally
(anchored matches at the finding's edges, never a scan of the text), so one finding covers the
unit line before the street, units after it ("Suite 210", "3. Stock links", "1º dcha.",
"scala B, int. 8", "Hinterhaus, 1. OG"), the postcode and city on the same or the next lines
("Tulsa, OK 74188", "D-79098 Freiburg im Breisgau", " - 70122 Bari (BA)", "3021 XV  ROTTERDAM",
"Leeds\\nLS6 4WN") and a country line.

Also here: PO boxes ("PO Box 6108", "Postfach 04 70 68", "Casella Postale 742", "Apartado de
Correos 12", "Postbus 1234", "BP 25") and German prepositional streets ("Am Mühlbach 159",
"Zur Alten Ziegelei 105"), which need the postcode continuation to count.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ferryman.detection.people.address_grammar import TYPE_FIRST, TYPE_WORDS
from ferryman.detection.people.patterns import LOWER, UPPER, alternation

__all__ = ["MILITARY_WORDS", "UNIT_WORDS", "CapitalLed", "capital_led", "extend_address"]

_CW = rf"[{UPPER}][{UPPER}{LOWER}'\u2019.]*(?:-[{UPPER}{LOWER}]+)*"
_CITY_JOIN = r"(?:im|am|an|der|sur|sous|de|di|del|la|le|en|upon|on|aan|den|bei|in)"
_CITY = rf"{_CW}(?:[ \t]+(?:{_CITY_JOIN}[ \t]+)?{_CW}){{0,3}}"
_PROV = r"(?:[ \t]*\([A-Z]{2}\)|[ \t]+[A-Z]{2}(?![\w]))?"
_UK_PC = r"[A-Z]{1,2}\d[A-Z\d]?[ \t]\d[A-Z]{2}"

#: one unit / floor / building part ("Flat 4B", "Suite 210", "2e étage", "1. OG", "3º 2ª",
#: "bajo izq.", "ático", "scala B", "int. 8", "Hinterhaus", "appt 19", "bus 3")
_UNIT = (
    r"(?:(?i:flat|apt\.?|apartment|appt\.?|app\.?|apto\.?|suite|ste\.?|unit|room|rm\.?|floor|"
    r"fl\.|piso|puerta|pta\.?|escalera|esc\.|planta|piano|interno|int\.|scala|sc\.|"
    r"bâtiment|bât\.?|batiment|building|bldg\.?|block|étage|etage|whg\.?|wohnung|stiege|"
    r"stock|tür|top|bus|boîte|bte\.?|box|#)[ \t]*[\w/-]{1,5}\.?"
    r"|(?i:basement|ground|first|second|top)[ \t]+(?:flat|floor)"
    r"|(?:Hinterhaus|Vorderhaus|Seitenflügel|Gartenhaus|Souterrain|Dachgeschoss|EG|DG|"
    r"ático|atico|bajo|entresuelo|principal|sótano|hs|huis|bis|ter|boven|beneden)\.?"
    r"|\d{1,2}(?:\.|º|ª|°|o|a|e|er|ère|ème|st|nd|rd|th)?[ \t]*"
    r"(?:OG|UG|Stock|Etage|étage|etage|piso|planta|floor|piano|\d{1,2}[ªa](?![\w])|[A-Z](?![\w])"
    r"|(?i:dcha|izq|izda|drcha|centro)\.?)"
    r"(?:[ \t]+(?i:links|rechts|mitte|li\.?|re\.?))?)"
    r"(?:[ \t]+(?i:dcha|izq|izda|drcha|centro|links|rechts)\.?)?"
)
_UNITS = rf"{_UNIT}(?:[ \t]*,[ \t]*{_UNIT}){{0,3}}"

#: postcode + city in every supported shape (the city alone is handled per line)
_PC_CITY = (
    r"(?:"
    rf"(?:[A-Z]{{1,2}}-)?\d{{5}},?[ \t]+{_CITY}(?:[ \t]+[Cc][Ee][Dd][Ee][Xx](?:[ \t]+\d+)?)?"
    rf"{_PROV}"
    rf"|\d{{4}}[ \t]?[A-Z]{{2}},?[ \t]+{_CITY}"
    rf"|(?:[A-Z]{{1,2}}-)?\d{{4}}[ \t]+{_CITY}"
    rf"|{_CITY},?[ \t]+(?:[A-Z]{{2}}[ \t]+\d{{5}}(?:-\d{{4}})?|{_UK_PC})"
    rf"|{_UK_PC}"
    rf"|{_CITY},?[ \t]+\d{{5}}"
    r")"
)
_COUNTRY = (
    r"(?:USA|U\.S\.A\.|United States|United Kingdom|UK|England|Scotland|Wales|France|"
    r"Deutschland|Germany|España|Spain|Italia|Italy|Nederland|Netherlands|The Netherlands|"
    r"Belgique|België|Belgium|Schweiz|Suisse|Switzerland|Österreich|Austria|Portugal|"
    r"Ireland|Luxembourg)"
)
_LINE_END = r"[ \t]*[,.]?[ \t]*(?=\r?\n|$|\"|')"

#: pieces on the same line after a finding: ", Suite 210", " - 70122 Bari (BA)", ", USA"
_SAME_LINE = re.compile(
    rf"[ \t]*(?:,|-[ \t]|)[ \t]*(?:(?P<unit>{_UNITS})(?![\w])|(?P<pc>{_PC_CITY})(?![\w])"
    rf"|{_COUNTRY}(?![\w]))"
)
#: the city after a postcode that ended the finding, or a province after its city
_AFTER_PC = re.compile(rf"[ \t]+{_CITY}{_PROV}(?![\w])")
_PROVINCE = re.compile(r"[ \t]*\([A-Z]{2}\)|[ \t]+[A-Z]{2}(?![\w])")
#: a whole next line that continues the block (units, postcode + city, city, country)
_NEXT_LINE = re.compile(
    rf"[ \t]*,?[ \t]*\r?\n[ \t]*(?:(?P<unit>{_UNITS})|(?P<pc>{_PC_CITY})|(?P<city>{_CITY})"
    rf"|{_COUNTRY}){_LINE_END}"
)
#: a unit line or prefix right before the street ("Flat 4B\n", "Bâtiment B, 2e étage\n",
#: "Apartment 11, ", "Basement flat, "), searched on the text before the finding
_BEFORE = re.compile(rf"(?<![\w,.-])[ \t]*{_UNITS}[ \t]*(?:,[ \t]*|\r?\n)\Z")

_PO_STARTS = (
    "PO ", "P.O", "P O", "Post", "Apartado", "Casilla", "Casella", "C.P.", "BP", "B.P.", "Boîte",
)  # fmt: skip
PO_BOX = re.compile(
    r"(?<![\w])(?:P\.?[ \t]?O\.?[ \t]?(?:Box|BOX)|Post[ \t]Office[ \t]Box|Postfach|"
    r"Apartado(?:[ \t]+de[ \t]+Correos)?|Casilla(?:[ \t]+de[ \t]+Correo)?|"
    r"Casella[ \t]+[Pp]ostale|C\.P\.|Postbus|B\.?P\.?|Boîte[ \t]+[Pp]ostale)"
    r"[ \t]*(?:n[º°o.]\.?[ \t]*)?\d{1,6}(?:[ \t]\d{2}){0,3}(?![\w])"
)
#: German streets led by a preposition ("Am Mühlbach 159", "Zur Alten Ziegelei 105"): only with
#: a postcode on the same line or one of the next two lines
_PREP_STARTS = (
    "Am ", "Im ", "Zum ", "Zur ", "An ", "Auf ", "In ", "Unter ", "Hinter ", "Vor ", "Alte", "Neue",
)  # fmt: skip
PREP_STREET = re.compile(
    r"(?<![\w])(?:Am|Im|Zum|Zur|An[ \t]der|An[ \t]den|Auf[ \t]der|Auf[ \t]dem|In[ \t]der|"
    r"Unter[ \t]den|Hinter[ \t]der|Vor[ \t]dem|Alte|Alter|Neue|Neuer)"
    rf"(?:[ \t]+[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)*){{1,3}}[ \t]+\d{{1,4}}[a-z]?(?![\w])"
    r"(?=[ \t]*,?[ \t]*(?:D-)?\d{5}[ \t]|[^\n]{0,40}\n(?:[^\n]{0,40}\n)?[ \t]*(?:D-)?\d{5}[ \t])"
)


_SHORT_PO = frozenset({"BP", "B.P.", "C.P.", "P O"})
#: first words of :data:`~ferryman.detection.people.address_grammar.UNIT_FIRST` and the letters
#: of "APO"/"FPO"/"DPO" (``MILITARY``): not grammars of this scan, but found by it, so the
#: recognizer runs those grammars only where they can start
UNIT_WORDS = frozenset({"Flat ", "Studio ", "Apartment ", "Unit ", "Suite ", "Room "})
MILITARY_WORDS = frozenset({"PO", "PO "})
_LEAD_WORDS = (*_PO_STARTS, *_PREP_STARTS, *UNIT_WORDS, *MILITARY_WORDS, *TYPE_WORDS)
_LEAD = re.compile(alternation(_LEAD_WORDS))
_PREP_SET = frozenset(_PREP_STARTS)
#: lead words inside which a type word may start ("BPlaza", "C.P.O"): a scan match hides it, so
#: the type grammar is also tried at those offsets (computed, so editing a list stays safe)
_HIDES_TYPE = frozenset(
    w
    for w in _LEAD_WORDS
    for k in range(1, len(w))
    for t in TYPE_WORDS
    if w[k:].startswith(t) or t.startswith(w[k:])
)


class CapitalLed(NamedTuple):
    """What one scan for the capitalized first words of address grammars found in a text."""

    #: PO boxes and prepositional streets
    streets: list[tuple[int, int]]
    #: the matches of ``TYPE_FIRST``, as its ``finditer`` gives them
    typed: list[tuple[int, int]]
    #: the lead words seen (tells whether the unit-first and military grammars may match)
    gates: set[str]


def capital_led(text: str) -> CapitalLed:
    """PO boxes, prepositional and type-first streets, matched only where their first word occurs.

    Why a literal trie scan, then anchored matches: these grammars start with an alternation of
    words that Python's engine would try at every position (~20 ms/MB each); the one trie of all
    their first words is skipped to via its first-character set (~6 ms/MB for all of them, where
    a scan per grammar and an ``in`` check per gate word cost that again and again).
    """
    out = CapitalLed([], [], set())
    type_end = 0
    for m in _LEAD.finditer(text):
        p = m.start()
        word = m.group()
        out.gates.add(word)
        for q in range(p, m.end() if word in _HIDES_TYPE else p + 1):
            if q >= type_end and text.startswith(TYPE_WORDS, q):
                typed = TYPE_FIRST.match(text, q)
                if typed is not None:
                    out.typed.append(typed.span())
                    type_end = typed.end()
        if word in _PO_STARTS:
            grammar = PO_BOX
        elif word in _PREP_SET:
            grammar = PREP_STREET
        else:
            continue
        hit = grammar.match(text, p)
        if hit is None:
            continue
        if word in _SHORT_PO and extend_address(text, *hit.span())[1] == hit.end():
            continue  # "BP 12" alone is a plan item, not a box: it needs its postcode + city
        out.streets.append(hit.span())
    return out


def extend_address(text: str, s: int, e: int) -> tuple[int, int]:
    """``[s, e)`` grown over the unit, postcode, city and country parts around it."""
    for _ in range(6):
        last = text[e - 1 : e]
        after = _AFTER_PC if last.isdigit() and text[e - 4 : e].isdigit() else None
        if after is None and last.isalpha():
            after = _PROVINCE
        m = after.match(text, e) if after is not None else None
        if m is not None:
            e = m.end()
            continue
        m = _SAME_LINE.match(text, e)
        if m is not None and m.end() > e and text[m.end() - 1 : m.end()].strip():
            e = m.end()
            continue
        # the next line continues the block only after blanks and a comma at most (checked on the
        # characters first: most findings end mid-line)
        rest = text[e : e + 32].lstrip(" \t,")
        if rest[:1] not in ("\n", "\r") and (rest or e + 32 >= len(text)):
            break
        m = _NEXT_LINE.match(text, e)
        if m is None:
            break
        if m.group("city") is not None:
            # a city alone continues the block only when a postcode line follows it
            nxt = _NEXT_LINE.match(text, m.end())
            if nxt is None or nxt.group("pc") is None:
                break
        e = m.end()
        while e > s and text[e - 1] in " \t,.":
            e -= 1
        if text[e : e + 1] == "." and text[e - 1 : e].isalpha():
            e += 1
    # a unit prefix ends with "," or a line break before the street (and blanks): check that
    # character first, since the ``\Z``-anchored search tries every start in its window
    lo = max(0, s - 60)
    k = s
    while k > lo and text[k - 1] in " \t":
        k -= 1
    b = _BEFORE.search(text, lo, s) if k > lo and text[k - 1] in ",\n" else None
    if b is not None:
        s = b.start()
        while text[s] in " \t\n\r\"':":
            s += 1
    return s, e
