"""Precision vetoes on PERSON candidates: companies, brands and places built from names.

"Pettigrew & Sons Hardware LLC", "Müller & Lange GmbH", "Ben & Jerry's", "Giovanni Rana",
"Albert Heijn", "Dr. Oetker" and "Den Haag" are made of name words; a legal-form or trade word
after them, an "&" joining them, a brand/supplier word before them, or a short list of
well-known brands and cities named like people turns them back into organisations and places.
Each check looks at a few characters around one candidate (no scan of the text).
"""

from __future__ import annotations

import re

from ferryman.core.finding import Finding
from ferryman.detection.people.patterns import alternation

__all__ = ["drop_organisations"]

_ORG_AFTER = re.compile(
    r"['\u2019]?s?[ \t]*(?:&[ \t]+(?!(?:Mrs?|Ms|Dr)\.?[ \t])"
    r"|(?:GmbH|AG|KG|OHG|UG|SE|SA|SAS|SARL|S\.A\.S?\.?|S\.?p\.?A\.?|Srl|S\.r\.l\.?|SRL|S\.L\.?|SL|"
    r"BV|B\.V\.?|NV|N\.V\.?|LLC|LLP|Inc\.?|Ltd\.?|Limited|plc|PLC|Corp\.?|Co\.|Cie|Hardware|"
    r"Bakery|Consulting|Group|Holding|Holdings|Brothers|Bros\.?|Foods|Frères|Solicitors|"
    r"Haustechnik|Logistics|Partners|Associates|Motors|Pharma|Bank|Industries|Enterprises|"
    r"Studio|Studios|Restaurant|Trattoria|Ristorante|Bistro|Café|Cafe|Hotel|Bäckerei|"
    r"Metzgerei|Boulangerie|Pâtisserie|Verlag|Werke|Söhne|Fils|Figli|Zonen|Sons)(?![\w]))"
)
#: the words before a name that make it a company or brand ("Fratelli Branca", "supplier X")
_BEFORE_WORDS = str.split(
    "Fratelli|Casa|Les Ateliers|Ateliers|Boulangerie|Brouwerij|Bakkerij|Pastificio|Bäckerei|"
    "Autohaus|Maison|Café|Hotel|Restaurant|Trattoria|Ristorante|Studio|Atelier|Galerie|Galleria|"
    "Librería|Libreria|Farmacia|Pharmacie|Apotheke|store|brand|supermarket|supermarkt|"
    "supermarché|supermercado|supermercato|chain|supplier|Supplier|Supplier:|vendor|Vendor|"
    "retailer|shop|manufacturer|label|marque|marca|marchio|merk|fournisseur|Fournisseur|"
    "Fournisseur:|Lieferant|Lieferant:|proveedor|Proveedor|Proveedor:|fornitore|Fornitore|"
    "Fornitore:|leverancier|Leverancier|Leverancier:",
    "|",
)
#: what the text before a candidate must end with (blanks stripped) for :data:`_ORG_BEFORE` to
#: match: one ``endswith`` in C instead of a ``\Z``-anchored search tried at every position
_BEFORE_ENDS = ("&", *_BEFORE_WORDS)
_ORG_BEFORE = re.compile(
    r"(?:(?<![\w])&|(?<![\w])(?:" + "|".join(re.escape(w) for w in _BEFORE_WORDS) + r"))[ \t]*\Z"
)
#: well-known brands and places named like people; ``{.}`` an optional dot, ``{'}`` either
#: apostrophe, ``{-}`` a hyphen or a blank, ``{a}`` "a" or "á"
_KNOWN_NAMES = str.split(
    "Giovanni Rana|Albert Heijn|Dr{.} Oetker|Dr{.} Pierre Ricaud|Dr{.} Martens|Dr{.} Pepper|"
    "Hugo Boss|Mrs{.} Baird{'}s|Uncle Ben{'}s|Ben & Jerry{'}s|Johnson & Johnson|Marks & Spencer|"
    "Calvin Klein|Ralph Lauren|Tommy Hilfiger|Louis Vuitton|Yves Saint Laurent|Christian Dior|"
    "Giorgio Armani|Estée Lauder|Ted Baker|Paul Smith|Marc Jacobs|Michael Kors|Jack Daniel{'}s|"
    "Johnnie Walker|Jim Beam|Sara Lee|Betty Crocker|Tim Hortons|Wendy{'}s|Carl Zeiss|"
    "Robert Bosch|Jan Linders|Dirk van den Broek|Coco Chanel|Pierre Cardin|Jean Paul Gaultier|"
    "Guy Laroche|Paco Rabanne|Loro Piana|Paul Bocuse|Hans im Glück|Martha Stewart|Mary Kay|"
    "Ben Sherman|Kate Spade|Anne Klein|Den Haag|Den Bosch|Den Helder|Den Burg|San Sebasti{a}n|"
    "Santa Cruz|San Remo|Saint{-}Denis|Saint{-}Étienne|Saint{-}Malo|Saint{-}Nazaire|"
    "Saint{-}Tropez|St{.} Gallen|Sankt Augustin|Bad Homburg|Santiago de Compostela|San Marino|"
    "Marco Polo|Victoria Station|Captain Morgan|Aunt Jemima|Uncle Ben|Ronald McDonald|"
    "Sainsbury{'}s|Tesco",
    "|",
)
_VARIANTS = {"{.}": (".", ""), "{'}": ("'", "\u2019"), "{-}": ("-", " "), "{a}": ("a", "á")}


def _spellings(name: str) -> list[str]:
    out = [name]
    for mark, options in _VARIANTS.items():
        out = [s.replace(mark, o, 1) for s in out for o in options] if mark in name else out
    return out


#: one literal trie of every spelling: the engine drops a branch on its first character, where
#: the flat alternation tried some eighty names at every capital of the window
_KNOWN = re.compile(alternation([s for name in _KNOWN_NAMES for s in _spellings(name)]))


def _is_org(text: str, f: Finding) -> bool:
    s, e = f.start, f.end
    if _ORG_AFTER.match(text, e) is not None:
        return True
    lo = max(0, s - 24)
    if (
        text[lo:s].rstrip(" \t").endswith(_BEFORE_ENDS)
        and _ORG_BEFORE.search(text, lo, s) is not None
    ):
        return True
    lo, hi = max(0, s - 12), min(len(text), e + 12)
    if _KNOWN.search(text, lo, hi) is None:
        return False  # no brand in the window (one search instead of an iterator)
    return any(m.start() < e and s < m.end() for m in _KNOWN.finditer(text, lo, hi))


def drop_organisations(text: str, found: list[Finding]) -> list[Finding]:
    """``found`` without the candidates that name a company, a brand or a place."""
    return [f for f in found if not _is_org(text, f)]
