"""Street-address grammars of the supported locales, compiled once.

Each grammar starts with a character class or with literal words (house number, street-type
word, capitalized word), the shapes Python's regex engine can skip to quickly; a free-text
alternation at the front would cost every position of every prompt. The grammars share the
optional "postcode + city" tail, so one finding covers street, number, unit, postcode and city.

Formats: US/UK number-first with a street suffix ("534 Frank Drive", "Flat 3, Smith Crossroad"),
military ("PSC 8730, Box 3123, APO AA 94967"), French number-first and type-first ("25, rue de
la Paix", "avenue de Clément, 63996 Ville"), German/Dutch compounds ("Kramerweg 26",
"Jasmijnbaan 239"), type-first Spanish/Italian/Portuguese ("Calle Delia Almagro 92 Piso 4",
"Via Roma, 15"), and the tails "75008 Paris", "9524 LZ, Anloo", "City, ST 12345",
"City, M16 8HU", "Cantabria, 31018", "26841, Zorlesco (LO)".
"""

from __future__ import annotations

import re

from ferryman.detection.people.patterns import LOWER, UPPER, alternation, any_case

__all__ = [
    "COMPOUND",
    "COMPOUND_SUFFIXES",
    "LOWER_TYPE_FIRST",
    "LOWER_TYPE_GATES",
    "MILITARY",
    "NUMBER_FIRST",
    "STREET_BEFORE",
    "TYPE_FIRST",
    "TYPE_WORDS",
    "UNIT_FIRST",
    "UNIT_TAIL",
    "has_lower_type",
]

_W = rf"[{UPPER}][{LOWER}'\u2019]+(?:[{UPPER}][{LOWER}]+)?(?:-[{UPPER}]?[{LOWER}]+)*"
_CONNECT = r"(?:de la|de las|de los|de l'|del|de|des|du|d'|di|della|delle|dei|degli|da|dos|das|do|van de|van der|van|von|der|den|la|le|les|y|e|el|al)"  # noqa: E501
_ELIDE = r"(?:d|l|dell|all|nell|sull)['\u2019]"
_LINK = rf"(?:{_CONNECT}[ \t]+|{_ELIDE})"
_NAMEWORDS = rf"{_LINK}?{_W}(?:[ \t]+{_LINK}?{_W}){{0,3}}(?:[ \t]+[IVX]{{1,4}}(?![\w]))?"
#: Dutch/Belgian/French house-number suffixes: "105-3", "136-II", "43 hs", "12bis", "7-A"
_HOUSE_SUFFIX = (
    r"(?:[ \t]*[-/][ \t]*(?:\d{1,5}[a-zA-Z]?|[IVX]{1,3}|[A-Za-z]{1,2})(?![\w]))?"
    r"(?:[ \t]*(?:hs|huis|bis|ter|boven|[IVX]{1,3})(?![\w]))?"
)
_DIRECTION = r"(?:(?:[NSEW]|N[EW]|S[EW])\.?[ \t]+)?"
_CITY_JOIN = r"(?:sur|sous|lès|les|la|le|de|du|des|en|am|an|der|im|bei|di|del|della|aan|den|op|upon|on|in|en)"  # noqa: E501
_CITY = rf"{_W}(?:(?:[ \t]+|-)(?:{_CITY_JOIN}(?:[ \t]+|-))?{_W}){{0,3}}"
_POSTCODE_CITY = rf"\d{{5}},?[ \t]+{_CITY}(?:[ \t]*\([A-Z]{{2}}\))?"
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}"

_TAIL = (
    r"(?:[ \t]*,?[ \t]*(?:"
    rf"{_POSTCODE_CITY}"  # FR/DE/IT/ES: 75008 Paris, 26841, X (LO)
    rf"|\d{{4}}[ \t]?[A-Z]{{2}},?[ \t]+{_CITY}"  # NL: 9524 LZ, Anloo
    rf"|\d{{3}}[ \t]\d{{2}}[ \t]+{_CITY}"  # SE: 111 51 Stockholm
    rf"|\d{{2}}-\d{{3}}[ \t]+{_CITY}"  # PL: 00-950 Warszawa
    rf"|\d{{4}}[ \t]+{_CITY}"  # DK/NO/AT/CH/BE: 2100 København
    rf"|{_CITY}(?:,[ \t]*{_CITY})?,[ \t]*(?:[A-Z]{{2}}[ \t]+\d{{5}}(?:-\d{{4}})?"
    rf"|{_UK_POSTCODE}|\d{{5}})"  # US, UK, ES
    r"|(?:APO|FPO|DPO)[ \t]+A[AEP][ \t]+\d{5}"
    r"))?"
)

_UNIT = (
    r"(?:[ \t]*,?[ \t]*(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Fl(?:oor)?\.?|Room|Rm\.?|#|"
    r"Piso|Puerta|Pta\.?|Escalera|Esc\.|Planta|Bajo|Apto\.?|Piano|Appartamento|Interno|Int\.|"
    r"Scala|Sc\.|Étage|étage|Bât\.?|Bâtiment|App\.?|Whg\.?|Wohnung|bus)[ \t]*[\w-]{1,6}\b)*"
)

#: US/UK street suffixes ("Drive", "Crossroad"); a trie alternation, see patterns.alternation
US_SUFFIXES = tuple(
    str.split(
        "Alley|Annex|Arcade|Ave|Avenue|Bayou|Beach|Bend|Bluff|Bluffs|Blvd|Bottom|Boulevard|"
        "Branch|Bridge|Brook|Brooks|Burg|Burgs|Bypass|Camp|Canyon|Cape|Causeway|Center|Centers|"
        "Cir|Circle|Circles|Cliff|Cliffs|Close|Club|Common|Commons|Corner|Corners|Course|Court|"
        "Courts|Cove|Coves|Creek|Crescent|Crest|Crossing|Crossroad|Crossroads|Ct|Curve|Dale|Dam|"
        "Divide|Dr|Drive|Drives|Estate|Estates|Expressway|Extension|Extensions|Fall|Falls|Ferry|"
        "Field|Fields|Flat|Flats|Ford|Fords|Forest|Forge|Forges|Fork|Forks|Fort|Freeway|Garden|"
        "Gardens|Gateway|Glen|Glens|Green|Grove|Harbor|Harbors|Haven|Heights|Highway|Hill|Hills|"
        "Hollow|Hwy|Inlet|Island|Islands|Isle|Junction|Key|Keys|Knoll|Knolls|Lake|Lakes|Landing|"
        "Lane|Light|Lights|Ln|Lock|Locks|Lodge|Loop|Manor|Manors|Meadow|Meadows|Mews|Mill|Mills|"
        "Mission|Motorway|Mountain|Mountains|Neck|Orchard|Oval|Overpass|Park|Parks|Parkway|Pass|"
        "Path|Pike|Pine|Pines|Pkwy|Pl|Place|Plain|Plains|Plaza|Point|Points|Port|Ports|Prairie|"
        "Radial|Ramp|Ranch|Rapid|Rapids|Rd|Rest|Ridge|Ridges|Rise|Road|Roads|Route|Row|Run|Shoal|"
        "Shoals|Shore|Shores|Skyway|Spring|Springs|Spur|Spurs|Sq|Square|Squares|St|Station|"
        "Stream|Street|Streets|Summit|Ter|Terrace|Throughway|Trace|Track|Trafficway|Trail|"
        "Trailer|Trl|Tunnel|Turnpike|Underpass|Union|Unions|Vale|Valley|Valleys|Via|View|Views|"
        "Village|Villages|Ville|Vista|Walk|Way|Ways|Well|Wells|",
        "|",
    )
)
_US_SUFFIX = f"(?:{alternation([w for w in US_SUFFIXES if w])})"

FR_TYPES = tuple(
    str.split(
        "rue|avenue|av.|boulevard|bd|chemin|allée|impasse|place|quai|route|cours|square|"
        "passage|voie|sentier|faubourg|rond-point|lieu-dit|résidence|hameau|montée|parvis|"
        "promenade|esplanade|cité|villa|sente|ruelle",
        "|",
    )
)
_FR_TYPE = f"(?:{alternation(FR_TYPES)})"

#: street endings of compound names (checked in Python on the word before the house number)
COMPOUND_SUFFIXES = tuple(
    str.split(
        "straße|strasse|str.|weg|platz|allee|gasse|ring|damm|ufer|chaussee|steig|pfad|markt|"
        "graben|wall|kamp|stieg|brücke|promenade|zeile|anger|berg|hof|park|garten|feld|"
        "straat|laan|plein|pad|baan|kade|gracht|singel|dijk|steeg|dreef|boulevard|plantsoen|"
        "erf|wal|haven|hoek|veld|burgwal|oord|werf|rein|lei|vest|gatan|vägen|gränd|torget|vej|"
        "gade|gaden|vejen|allé|stræde|veien|vegen|gata|gate|gaten|plass",
        "|",
    )
)

#: the last three letters of those endings in every letter case, as a plain-literal trie (a
#: ``(?i:...)`` one costs ~0.15 ms/100 KB more in the look-behind tried at every number)
_COMPOUND_END = alternation(any_case({w[-3:] for w in COMPOUND_SUFFIXES}))

#: "534 Frank Drive Apt. 4, City, ST 12345", "25, rue de la Paix, 75002 Paris", "4 bis rue X";
#: also every house number right after a word that ends like a compound street ("...weg 26"),
#: marked by the empty ``compound`` group and left to :data:`COMPOUND` (one digit-led pass for both)
NUMBER_FIRST = re.compile(
    # the look-behind after the first digit skips digits inside longer numbers, dates and IDs
    # without losing the engine's skip-to-a-digit prefix scan; the possessive run never backtracks
    rf"\d(?<![\w.\-/:]\d)(?:(?<={_COMPOUND_END}[ \t]\d)(?P<compound>))?\d{{0,5}}+[A-Za-z]?"
    rf"(?:(?P<street>(?:[ \t]?(?:bis|ter))?,?[ \t]+"
    rf"(?:{_DIRECTION}{_NAMEWORDS}[ \t]+{_US_SUFFIX}\.?(?![\w])"
    rf"|{_FR_TYPE}[ \t]+(?:(?:de la|de l'|du|des|de|d')[ \t]*)?{_NAMEWORDS})"
    rf"{_UNIT}{_TAIL})|(?(compound)|(?!)))"
)

#: "Flat 3, Smith Crossroad, Pearceton, B4B 0FH" (UK units before the street)
UNIT_FIRST = re.compile(
    rf"(?:Flat|Studio|Apartment|Unit|Suite|Room)[ \t]+\w{{1,5}},[ \t]+"
    rf"{_NAMEWORDS}[ \t]+{_US_SUFFIX}(?![\w]){_TAIL}"
)

#: "PSC 8730, Box 3123, APO AA 94967", "Unit 3977 Box 1918, DPO AA 23115", "USNS Ray, FPO AE ..."
MILITARY = re.compile(
    r"(?:PSC|Unit|USNS|USS|USNV|USCGC)[ \t]+"
    r"(?:[\w ]{1,20}?,?[ \t]+Box[ \t]+\d{1,5}|[A-Z]\w+),?[ \t]*"
    r"(?:APO|FPO|DPO)[ \t]+A[AEP][ \t]+\d{5}"
)

#: "Kramerweg 26", "Karl-Friedrich-Mangold-Gasse 98-23", "Berliner Straße 5", "Jasmijnbaan 239":
#: a capitalized word and a house number; the suffix is checked on the match, then the tail
COMPOUND = re.compile(
    rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)*\.?"
    rf"(?:[ \t](?:[Ss]tra(?:ß|ss)e|Str\.|Weg|Platz|Allee|Gasse|Ring|Damm|Ufer))?"
    rf"[ \t]+(?P<number>\d{{1,5}})[a-zA-Z]?{_HOUSE_SUFFIX}(?![\w])"
)

#: unit parts and the postcode/city tail, matched right after a compound street
UNIT_TAIL = re.compile(rf"{_UNIT}{_TAIL}")

#: the street-type words that start :data:`TYPE_FIRST` (Spanish, Italian, Portuguese, French...)
TYPE_WORDS = tuple(
    str.split(
        "Calle|C/|C.|Avenida|Avda.|Avda|Av.|Paseo|Plaza|Pza.|Camino|Ronda|Carretera|Ctra.|"
        "Travesía|Rambla|Pasaje|Glorieta|Cuesta|Callejón|Urbanización|Vía|Via|Viale|Piazza|"
        "Piazzale|Corso|Largo|Vicolo|Strada|Contrada|Borgo|Rotonda|Incrocio|Stretto|Lungomare|"
        "Salita|Traversa|Località|Frazione|Carrer|Passeig|Plaça|Pasadizo|Alameda|Bulevar|Rua|"
        "Travessa|Praça|Estrada|Rue|Avenue|Boulevard|Chemin|Allée|Impasse|Place|Quai|Route|"
        "Ulica|Aleja|Lungarno|Lungotevere|Lungadige|Riva|Fondamenta|Laan|Weg|Plein|Kade",
        "|",
    )
)
_TYPE_WORD = alternation(TYPE_WORDS)

#: "Calle Delia Almagro 92 Apt. 14", "Via Roma, 15", "Rambla de Natalio Vélez 53", "rue Daniel
#: Seguin, 57868 Ville" (a type-first street without number needs the postcode tail)
TYPE_FIRST = re.compile(
    rf"{_TYPE_WORD}[ \t]+{_NAMEWORDS}"
    rf"(?:,?[ \t]*(?:n[º°o]\.?[ \t]*)?\d{{1,5}}[A-Za-z]?(?:/\w{{1,4}})?{_HOUSE_SUFFIX}(?![\w])"
    rf"|(?=[ \t]*,[ \t]*\d{{4,5}}))"
    rf"{_UNIT}{_TAIL}"
)

#: lower-case types that start a street; the grammar below runs only when one of
#: :data:`LOWER_TYPE_GATES` occurs in the text (see :func:`has_lower_type`)
LOWER_TYPES = ("rue", "avenue", "boulevard", "chemin", "allée", "impasse", "quai", "ul.", "ulica")
LOWER_TYPE_GATES = (*tuple(f"{w} " for w in LOWER_TYPES if w != "ul."), "ul.")
_U_GATES = [g.partition("u") for g in LOWER_TYPE_GATES if "u" in g]
#: the gates spelled with a "u", found by one scan led by that literal letter: the letters before
#: it checked by a look-behind, the rest after it
_U_GATE = re.compile(
    "u(?:" + "|".join(f"(?<={re.escape(a + u)}){re.escape(b)}" for a, u, b in _U_GATES) + ")"
)
_PLAIN_GATES = tuple(g for g in LOWER_TYPE_GATES if "u" not in g)
_GATE_A, _GATE_B, _GATE_C = _PLAIN_GATES  # three ``in`` checks written out, no generator


def has_lower_type(text: str) -> bool:
    """Does one of :data:`LOWER_TYPE_GATES` occur in ``text``? (an ``in`` check per gate cost
    twice as much: each one is a pass over the text)"""
    return _U_GATE.search(text) is not None or _GATE_A in text or _GATE_B in text or _GATE_C in text


#: "rue de la Paix, 75002 Paris" (no house number: the postcode and city are required),
#: "ul. Marszałkowska 12, 00-950 Warszawa" (Polish: the house number is)
LOWER_TYPE_FIRST = re.compile(
    rf"(?:ul\.|ulica)[ \t]*{_NAMEWORDS},?[ \t]*\d{{1,5}}[A-Za-z]?(?:/\d{{1,4}})?(?![\w])"
    rf"{_UNIT}{_TAIL}"
    rf"|{alternation([w for w in LOWER_TYPES if not w.startswith('ul')])}[ \t]+"
    rf"(?:(?:de la|de l'|du|des|de|d')[ \t]*)?{_NAMEWORDS}{_UNIT}"
    rf"[ \t]*,?[ \t]*(?:{_POSTCODE_CITY}|\d{{4}}[ \t]+{_CITY})"
)

#: the capitalized words of a compound street right before its house number (``\Z``-anchored,
#: searched on the few characters before a ``compound`` candidate of :data:`NUMBER_FIRST`)
STREET_BEFORE = re.compile(
    rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)*\.?"
    rf"(?:[ \t](?:[Ss]tra(?:ß|ss)e|Str\.|Weg|Platz|Allee|Gasse|Ring|Damm|Ufer))?[ \t]\Z"
)
