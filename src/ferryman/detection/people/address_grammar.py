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

from ferryman.detection.people.patterns import LOWER, UPPER

__all__ = [
    "COMPOUND",
    "COMPOUND_SUFFIXES",
    "MILITARY",
    "NUMBER_FIRST",
    "TYPE_FIRST",
    "UNIT_FIRST",
    "UNIT_TAIL",
]

_W = rf"[{UPPER}][{LOWER}'\u2019]+(?:[{UPPER}][{LOWER}]+)?(?:-[{UPPER}]?[{LOWER}]+)*"
_CONNECT = r"(?:de la|de las|de los|de l'|del|de|des|du|d'|di|della|delle|dei|degli|da|dos|das|do|van de|van der|van|von|der|den|la|le|les|y|e|el|al)"  # noqa: E501
_NAMEWORDS = rf"(?:{_CONNECT}[ \t]+)?{_W}(?:[ \t]+(?:{_CONNECT}[ \t]+)?{_W}){{0,3}}"
_CITY_JOIN = r"(?:sur|sous|lès|les|la|le|de|du|des|en|am|an|der|im|bei|di|del|della|aan|den|op|upon|on|in|en)"  # noqa: E501
_CITY = rf"{_W}(?:(?:[ \t]+|-)(?:{_CITY_JOIN}(?:[ \t]+|-))?{_W}){{0,3}}"
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}"

_TAIL = (
    r"(?:[ \t]*,?[ \t]*(?:"
    rf"\d{{5}},?[ \t]+{_CITY}(?:[ \t]*\([A-Z]{{2}}\))?"  # FR/DE/IT/ES: 75008 Paris, 26841, X (LO)
    rf"|\d{{4}}[ \t]?[A-Z]{{2}},?[ \t]+{_CITY}"  # NL: 9524 LZ, Anloo
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

_US_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Way|Drive|Dr|Court|Ct|Boulevard|Blvd|Place|Pl|"
    r"Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Crescent|Close|"
    r"Gardens|Grove|Hill|Hills|Row|Walk|Mews|Green|Park|Rise|Vale|View|Views|Gateway|Mission|"
    r"Mountain|Mountains|Valley|Valleys|Knoll|Knolls|Glen|Glens|Pass|Pike|Turnpike|Field|"
    r"Fields|Camp|Centers?|Union|Unions|Skyway|Burgs?|Divide|Islands?|Crossroads?|Crossing|"
    r"Junction|Landing|Loop|Meadows?|Mills?|Orchard|Path|Plaza|Point|Points|Port|Ports|Ranch|"
    r"Ridge|Ridges|Run|Shoals?|Shores?|Springs?|Spurs?|Station|Stream|Summit|Throughway|"
    r"Track|Trace|Tunnel|Underpass|Vista|Wells?|Ville|Villages?|Alley|Annex|Arcade|Bayou|"
    r"Beach|Bend|Bluffs?|Bottom|Branch|Bridge|Brooks?|Bypass|Canyon|Cape|Causeway|Cliffs?|"
    r"Club|Common|Commons|Corners?|Course|Courts|Coves?|Creek|Crest|Curve|Dale|Dam|Drives|"
    r"Estates?|Expressway|Extensions?|Falls?|Ferry|Flats?|Fords?|Forest|Forges?|Forks?|Fort|"
    r"Freeway|Garden|Gateway|Harbors?|Haven|Heights|Hollow|Inlet|Isle|Keys?|Lakes?|Lights?|"
    r"Locks?|Lodge|Manors?|Motorway|Neck|Oval|Overpass|Parks|Pines?|Plains?|Prairie|Radial|"
    r"Ramp|Rapids?|Rest|Roads|Route|Shoal|Squares|Streets|Terrace|Trafficway|Trailer|Via|"
    r"Ways|Circles|Ter)"
)

_FR_TYPE = (
    r"(?:rue|avenue|av\.|boulevard|bd|chemin|allée|impasse|place|quai|route|cours|square|"
    r"passage|voie|sentier|faubourg|rond-point|lieu-dit|résidence|hameau|montée|parvis|"
    r"promenade|esplanade|cité|villa|sente|ruelle)"
)

#: "534 Frank Drive Apt. 4, City, ST 12345", "25, rue de la Paix, 75002 Paris", "4 bis rue X"
NUMBER_FIRST = re.compile(
    # the look-behind after the first digit skips digits inside longer numbers, dates and IDs
    # without losing the engine's skip-to-a-digit prefix scan; the possessive run never backtracks
    rf"\d(?<![\w.\-/:]\d)\d{{0,5}}+[A-Za-z]?(?:[ \t]?(?:bis|ter))?,?[ \t]+"
    rf"(?:{_NAMEWORDS}[ \t]+{_US_SUFFIX}\.?(?![\w])"
    rf"|{_FR_TYPE}[ \t]+(?:(?:de la|de l'|du|des|de|d')[ \t]*)?{_NAMEWORDS})"
    rf"{_UNIT}{_TAIL}"
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

#: street endings of compound names (checked in Python on the word before the house number)
COMPOUND_SUFFIXES = tuple(
    str.split(
        "straße|strasse|str.|weg|platz|allee|gasse|ring|damm|ufer|chaussee|steig|pfad|markt|"
        "graben|wall|kamp|stieg|brücke|promenade|zeile|anger|berg|hof|park|garten|feld|"
        "straat|laan|plein|pad|baan|kade|gracht|singel|dijk|steeg|dreef|boulevard|plantsoen|"
        "erf|wal|haven|hoek|veld|burgwal|oord|werf|rein|lei|vest",
        "|",
    )
)

#: "Kramerweg 26", "Karl-Friedrich-Mangold-Gasse 98-23", "Berliner Straße 5", "Jasmijnbaan 239":
#: a capitalized word and a house number; the suffix is checked on the match, then the tail
COMPOUND = re.compile(
    rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)*\.?"
    rf"(?:[ \t](?:[Ss]tra(?:ß|ss)e|Str\.|Weg|Platz|Allee|Gasse|Ring|Damm|Ufer))?"
    rf"[ \t]+(?P<number>\d{{1,5}})[a-zA-Z]?(?:[ \t]*[-/][ \t]*\d{{1,5}}[a-zA-Z]?)?(?![\w])"
)

#: unit parts and the postcode/city tail, matched right after a compound street
UNIT_TAIL = re.compile(rf"{_UNIT}{_TAIL}")

_TYPE_WORD = (
    r"(?:Calle|C/|C\.|Avenida|Avda\.?|Av\.|Paseo|Plaza|Pza\.|Camino|Ronda|Carretera|Ctra\.|"
    r"Travesía|Rambla|Pasaje|Glorieta|Cuesta|Callejón|Urbanización|Vía|Via|Viale|Piazza|"
    r"Piazzale|Corso|Largo|Vicolo|Strada|Contrada|Borgo|Rotonda|Incrocio|Stretto|Lungomare|"
    r"Salita|Traversa|Località|Frazione|Carrer|Passeig|Plaça|Pasadizo|Alameda|Bulevar|Rua|"
    r"Travessa|Praça|Estrada|Rue|Avenue|Boulevard|Chemin|Allée|Impasse|Place|Quai|Route)"
)

#: "Calle Delia Almagro 92 Apt. 14", "Via Roma, 15", "Rambla de Natalio Vélez 53", "rue Daniel
#: Seguin, 57868 Ville" (a type-first street without number needs the postcode tail)
TYPE_FIRST = re.compile(
    rf"{_TYPE_WORD}[ \t]+{_NAMEWORDS}"
    rf"(?:,?[ \t]*(?:n[º°o]\.?[ \t]*)?\d{{1,5}}[A-Za-z]?(?:/\w{{1,4}})?(?![\w])"
    rf"|(?=[ \t]*,[ \t]*\d{{4,5}}))"
    rf"{_UNIT}{_TAIL}"
)
