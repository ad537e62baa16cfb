#!/usr/bin/env python3
"""Build bench/pii/challenge.jsonl: an independent, hand-templated PII/secrets challenge set.

Standard library only, deterministic (fixed seed). Every name, street and city list below was typed
by hand for this file; nothing comes from Faker or from ferryman's own lexicons. Templates and
phrasings are deliberately different from the team's dev corpus (dev.jsonl) so that the score
measures how well the detectors generalize.

All values are synthetic: national IDs and IBANs have valid checksums but random digits, phone
numbers use fictional ranges where the numbering plan has one, e-mail domains are example/test
domains, and every key/token is random text in a provider's format.

    python bench/pii/make_challenge.py            # writes bench/pii/challenge.jsonl
    python bench/pii/make_challenge.py -o out.jsonl --seed 7

Record format = dev.jsonl: id, split, locale, context, template, variant, text,
spans [start, end, type, value (+ canonical, variant)], negatives [start, end, kind, value].
"""

from __future__ import annotations

import argparse
import base64
import json
import random  # noqa: TID251 - deterministic synthetic test data, not security-relevant
import string
import uuid
from pathlib import Path
from urllib.parse import quote

SEED = 20250611
LOCALES = ["en_US", "en_GB", "fr_FR", "de_DE", "es_ES", "it_IT", "nl_NL"]
EVASION_RATE = 0.17
NEG_ONLY_PER_LOCALE = 3

# ----------------------------------------------------------------------------------------------
# Hand-typed locale data (fictional combinations; first/last names are combined at random).
# ----------------------------------------------------------------------------------------------

DATA = {
    "en_US": {
        "first_f": [
            "Marisol",
            "Tamsin",
            "Darlene",
            "Keisha",
            "Brooke",
            "Imani",
            "Lorraine",
            "Wren",
            "Shauna",
            "Priyanka",
            "Delphine",
            "Maeve",
            "Rosalind",
            "Jolene",
        ],
        "first_m": [
            "Dashiell",
            "Terrence",
            "Wyatt",
            "Desmond",
            "Rashad",
            "Ezekiel",
            "Cormac",
            "Tobias",
            "Dwayne",
            "Anand",
            "Beckett",
            "Rufus",
            "Leland",
            "Thaddeus",
        ],
        "last": [
            "Okonkwo",
            "Pettigrew",
            "Halvorsen",
            "Castellanos",
            "Whitlock",
            "Nakamura",
            "Brannigan",
            "Delacroix",
            "Fairweather",
            "Kowalczyk",
            "Abernathy",
            "Lindqvist",
            "McAllister",
            "Thibodeaux",
            "Vanterpool",
            "Ruckelshaus",
        ],
        "streets": [
            "Maple Ridge Dr",
            "Old Mill Rd",
            "Cottonwood Ln",
            "Harbor View Blvd",
            "Quail Hollow Ct",
            "W Jefferson St",
            "Sycamore Ave",
            "Lakeshore Pkwy",
        ],
        "cities": [
            ("Dayton", "OH", "454"),
            ("Tulsa", "OK", "741"),
            ("Boise", "ID", "837"),
            ("Savannah", "GA", "314"),
            ("Spokane", "WA", "992"),
            ("Duluth", "MN", "558"),
        ],
        "cc": "US",
    },
    "en_GB": {
        "first_f": [
            "Imogen",
            "Saoirse",
            "Philippa",
            "Niamh",
            "Harriet",
            "Bethan",
            "Ffion",
            "Rosalie",
            "Tabitha",
            "Morwenna",
            "Ngozi",
            "Elspeth",
            "Cerys",
            "Anjali",
        ],
        "first_m": [
            "Alasdair",
            "Rhodri",
            "Crispin",
            "Hamish",
            "Torquil",
            "Ciaran",
            "Barnaby",
            "Gethin",
            "Oluwaseun",
            "Rupert",
            "Fergus",
            "Ptolemy",
            "Declan",
            "Idris",
        ],
        "last": [
            "Pemberton",
            "Aldridge",
            "Fotheringham",
            "Trevelyan",
            "Ogunleye",
            "Blackwood",
            "Featherstone",
            "Llewellyn",
            "MacCrimmon",
            "Chaudhry",
            "Ashworth",
            "Penhaligon",
            "Quartermaine",
            "Stainthorpe",
            "Wetherall",
            "Hollingsworth",
        ],
        "streets": [
            "Ashgrove Road",
            "Chapel Lane",
            "Tannery Close",
            "Kingfisher Way",
            "Bramble Crescent",
            "Cattle Market Street",
            "Orchard Mews",
            "Vicarage Gardens",
        ],
        "cities": [
            ("Leeds", "LS6"),
            ("Hebden Bridge", "HX7"),
            ("Truro", "TR1"),
            ("Perth", "PH2"),
            ("Norwich", "NR3"),
            ("Aberystwyth", "SY23"),
            ("Lancaster", "LA1"),
        ],
        "cc": "GB",
    },
    "fr_FR": {
        "first_f": [
            "Solène",
            "Maëlys",
            "Bérénice",
            "Anne-Sophie",
            "Ghislaine",
            "Clémence",
            "Inès",
            "Marie-Laure",
            "Apolline",
            "Yasmina",
            "Capucine",
            "Lætitia",
        ],
        "first_m": [
            "Gaspard",
            "Jean-Baptiste",
            "Aurélien",
            "Timothée",
            "Karim",
            "Éloi",
            "Marc-Antoine",
            "Anatole",
            "Baptiste",
            "Hippolyte",
            "Fabrice",
            "Loïc",
        ],
        "last": [
            "Delaunay",
            "Vasseur",
            "Benali",
            "Lemaire-Duval",
            "de Villepreux",
            "Kerhervé",
            "Rousselot",
            "d'Aubigny",
            "Fourcade",
            "Le Goff",
            "Massenet",
            "Charpentier",
            "Tessier",
            "Bouchareb",
            "Pradier",
            "Quéméner",
        ],
        "streets": [
            "rue des Tanneurs",
            "avenue Jean-Jaurès",
            "impasse des Lilas",
            "boulevard de la Croix-Rousse",
            "allée des Tilleuls",
            "rue du Faubourg Bonnefoy",
            "chemin des Vignes",
            "quai de la Fosse",
        ],
        "cities": [
            ("Lyon", "69004"),
            ("Toulouse", "31500"),
            ("Nantes", "44000"),
            ("Rennes", "35000"),
            ("Grenoble", "38000"),
            ("Quimper", "29000"),
            ("Montpellier", "34000"),
        ],
        "cc": "FR",
    },
    "de_DE": {
        "first_f": [
            "Hannelore",
            "Wiebke",
            "Annegret",
            "Leonie",
            "Sieglinde",
            "Merle",
            "Ayşe",
            "Friederike",
            "Mareike",
            "Ottilie",
            "Swantje",
            "Gesine",
        ],
        "first_m": [
            "Hans-Jürgen",
            "Volkmar",
            "Emre",
            "Jannik",
            "Gottfried",
            "Torben",
            "Wolfram",
            "Kai-Uwe",
            "Detlef",
            "Lennart",
            "Ruprecht",
            "Malte",
        ],
        "last": [
            "Brandstätter",
            "von Oertzen",
            "Y\u0131ld\u0131r\u0131m",
            "Kleinschmidt",
            "Hoffmeister",
            "Wachtendorf",
            "Zimmermann-Kühn",
            "Ostermeier",
            "Lütkebohle",
            "Niederhuber",
            "Pfannenstiel",
            "Grabowski",
            "Achterberg",
            "Eberle",
            "Kowalewski",
            "Dreßler",
        ],
        "streets": [
            "Lindenstraße",
            "Am Mühlbach",
            "Kastanienallee",
            "Hohenzollernring",
            "Schwalbenweg",
            "Bahnhofsplatz",
            "Zur Alten Ziegelei",
            "Eichendorffstraße",
        ],
        "cities": [
            ("Leipzig", "04109"),
            ("Rosenheim", "83022"),
            ("Köln", "50667"),
            ("Lüneburg", "21335"),
            ("Freiburg im Breisgau", "79098"),
            ("Kassel", "34117"),
            ("Bamberg", "96047"),
        ],
        "cc": "DE",
    },
    "es_ES": {
        "first_f": [
            "Itziar",
            "Maite",
            "Rocío",
            "Nerea",
            "Ainhoa",
            "Montserrat",
            "Begoña",
            "María José",
            "Inmaculada",
            "Lucía",
            "Amparo",
            "Yaiza",
        ],
        "first_m": [
            "Iñaki",
            "Gonzalo",
            "Xabier",
            "Jordi",
            "Borja",
            "Juan Carlos",
            "Ignacio",
            "Abdelkader",
            "Txomin",
            "Rodrigo",
            "Eusebio",
            "Leandro",
        ],
        "last": [
            "Etxeberria",
            "Villanueva",
            "de la Fuente",
            "Garmendia",
            "Sotomayor",
            "Castañeda",
            "Puigdemunt",
            "Urquijo",
            "Benítez",
            "del Olmo",
            "Zubizarreta",
            "Carrasco",
            "Mendiola",
            "Valcárcel",
            "Iturbe",
            "Quintanilla",
        ],
        "streets": [
            "Calle de la Palma",
            "Avenida Blasco Ibáñez",
            "Calle Mayor",
            "Paseo de la Castellana",
            "Calle del Almendro",
            "Rambla de Catalunya",
            "Plaza del Pilar",
            "Camino de los Molinos",
        ],
        "cities": [
            ("Madrid", "28004"),
            ("Valencia", "46021"),
            ("Zaragoza", "50001"),
            ("Bilbao", "48005"),
            ("Sevilla", "41003"),
            ("Girona", "17001"),
            ("Salamanca", "37002"),
        ],
        "cc": "ES",
    },
    "it_IT": {
        "first_f": [
            "Ludovica",
            "Assunta",
            "Benedetta",
            "Graziella",
            "Ottavia",
            "Chiara",
            "Annunziata",
            "Rosaria",
            "Fiorella",
            "Costanza",
            "Loredana",
            "Gaia",
        ],
        "first_m": [
            "Gianmarco",
            "Pierluigi",
            "Ettore",
            "Saverio",
            "Corrado",
            "Tommaso",
            "Gianfranco",
            "Ruggero",
            "Massimiliano",
            "Ottavio",
            "Carmelo",
            "Lorenzo",
        ],
        "last": [
            "Bonaventura",
            "Lo Presti",
            "Cattaneo",
            "Dell'Acqua",
            "Scarpellini",
            "Pellegrino",
            "Di Stefano",
            "Giordanengo",
            "Mastrangelo",
            "Zanardelli",
            "Fumagalli",
            "Sciascia",
            "Benedetti",
            "Tagliaferri",
            "Orlandini",
            "Capuozzo",
        ],
        "streets": [
            "Via Garibaldi",
            "Corso Vittorio Emanuele II",
            "Piazza della Loggia",
            "Via dei Mille",
            "Viale delle Rimembranze",
            "Vicolo del Pozzo",
            "Via San Francesco d'Assisi",
            "Lungarno Torrigiani",
        ],
        "cities": [
            ("Milano", "20121", "MI", "F205"),
            ("Torino", "10121", "TO", "L219"),
            ("Brescia", "25121", "BS", "B157"),
            ("Bologna", "40126", "BO", "A944"),
            ("Firenze", "50125", "FI", "D612"),
            ("Bari", "70122", "BA", "A662"),
        ],
        "cc": "IT",
    },
    "nl_NL": {
        "first_f": [
            "Sanne",
            "Femke",
            "Marieke",
            "Anouk",
            "Jannie",
            "Wilhelmina",
            "Noor",
            "Geertruida",
            "Fleur",
            "Hanneke",
            "Ilse",
            "Yasmina",
        ],
        "first_m": [
            "Joost",
            "Maarten",
            "Bram",
            "Sjoerd",
            "Gerrit",
            "Thijs",
            "Yassine",
            "Wouter",
            "Hendrik-Jan",
            "Teun",
            "Pieter",
            "Rutger",
        ],
        "last": [
            "van der Meulen",
            "Brouwer",
            "de Wit",
            "ter Horst",
            "El Amrani",
            "Verschuren",
            "van 't Hek",
            "Bosschaart",
            "Kuipers",
            "Dijkstra",
            "van den Bogaard",
            "Hoekstra",
            "Zwanenburg",
            "Oosterhuis",
            "Wijnands",
            "de Groot-Veenstra",
        ],
        "streets": [
            "Kerkstraat",
            "Bloemgracht",
            "Oudegracht",
            "Laan van Meerdervoort",
            "Zwanenburgwal",
            "Dorpsstraat",
            "Wilhelminapark",
            "Nieuwe Binnenweg",
        ],
        "cities": [
            ("Amsterdam", "1016"),
            ("Utrecht", "3511"),
            ("Den Haag", "2517"),
            ("Rotterdam", "3021"),
            ("Groningen", "9712"),
            ("Leeuwarden", "8911"),
            ("Maastricht", "6211"),
        ],
        "cc": "NL",
    },
}

MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "de": [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    "it": [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
    "nl": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
}

# Organisations, products and people-like brands used as hard negatives (fictional unless noted).
COMPANIES = {
    "en_US": [
        "Pettigrew & Sons Hardware LLC",
        "Bluegill Analytics Inc.",
        "Kessler Brothers Moving",
    ],
    "en_GB": ["Ashworth & Blake Solicitors LLP", "Thistledown Mills Ltd", "Marks & Spencer"],
    "fr_FR": ["Boulangerie Fourcade Frères", "Les Ateliers Massenet SARL", "Dr. Pierre Ricaud"],
    "de_DE": ["Müller & Lange GmbH", "Eberle Haustechnik KG", "Dr. Oetker"],
    "es_ES": ["Hermanos Carrasco S.L.", "Bodegas Iturbe S.A.", "Casa Benítez"],
    "it_IT": ["Fratelli Cattaneo S.r.l.", "Pastificio Di Stefano", "Giovanni Rana"],
    "nl_NL": ["Brouwerij De Kromme Haring B.V.", "Kuipers Installatietechniek", "Albert Heijn"],
}
PRODUCTS = [
    "Atlas Pro Max",
    "Nimbus Sync Suite",
    "Orion X2 Router",
    "Galileo Desk Lamp",
    "Marco Polo Travel Plan",
    "Victoria Sofa Bed",
    "Hugo Espresso Grinder",
    "Sophia Smart Scale",
    "Leonardo Render Farm",
    "Amelia Baby Monitor",
]
BRANDS_PERSONLIKE = [
    "Ben & Jerry's",
    "Hugo Boss",
    "Tommy's Burger Joint",
    "Aunt Bessie's",
    "Uncle Ben's",
    "Mrs. Baird's Bakery",
    "Mister Minit",
    "Captain Morgan",
]
PLACEHOLDERS = [
    "<YOUR_API_KEY>",
    "${DB_PASSWORD}",
    "sk-...REDACTED",
    "xxxxxxxxxxxxxxxx",
    "********",
    "{{ vault.openai_key }}",
    "changeme-in-prod-not-a-secret",
]

FIRST_KEY = {"f": "first_f", "m": "first_m"}

# ----------------------------------------------------------------------------------------------
# Checksummed identifiers
# ----------------------------------------------------------------------------------------------


def luhn_ok(num: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(num)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def luhn_complete(prefix: str, length: int, rng: random.Random) -> str:
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    for c in string.digits:
        if luhn_ok(body + c):
            return body + c
    raise AssertionError


def iban_check(country: str, bban: str) -> str:
    s = bban + country + "00"
    n = int("".join(str(int(c, 36)) for c in s))
    return f"{98 - n % 97:02d}"


def es_ccc(bank: str, branch: str, account: str) -> str:
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

    def dc(s: str) -> str:
        r = 11 - sum(int(a) * b for a, b in zip(s, w, strict=True)) % 11
        return "0" if r == 11 else "1" if r == 10 else str(r)

    return dc("00" + bank + branch) + dc(account)


CF_ODD = dict(
    zip(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        [
            1,
            0,
            5,
            7,
            9,
            13,
            15,
            17,
            19,
            21,
            1,
            0,
            5,
            7,
            9,
            13,
            15,
            17,
            19,
            21,
            2,
            4,
            18,
            20,
            11,
            3,
            6,
            8,
            12,
            14,
            16,
            10,
            22,
            25,
            24,
            23,
        ],
        strict=True,
    )
)


def cf_check(s15: str) -> str:
    total = 0
    for i, c in enumerate(s15):
        if i % 2 == 0:
            total += CF_ODD[c]
        else:
            total += int(c) if c.isdigit() else ord(c) - 65
    return chr(65 + total % 26)


def _letters(s: str) -> str:
    table = str.maketrans("ÀÁÂÄÈÉÊËÌÍÎÏÒÓÔÖÙÚÛÜÇÑ", "AAAAEEEEIIIIOOOOUUUUCN")
    return "".join(c for c in s.upper().translate(table) if c.isalpha())


def cf_code(first: str, last: str, y: int, m: int, d: int, female: bool, comune: str) -> str:
    def parts(s: str) -> tuple[str, str]:
        s = _letters(s)
        return "".join(c for c in s if c not in "AEIOU"), "".join(c for c in s if c in "AEIOU")

    cons, vow = parts(last)
    sur = (cons + vow + "XXX")[:3]
    cons, vow = parts(first)
    nam = cons[0] + cons[2] + cons[3] if len(cons) >= 4 else (cons + vow + "XXX")[:3]
    s = f"{sur}{nam}{y % 100:02d}{'ABCDEHLMPRST'[m - 1]}{d + (40 if female else 0):02d}{comune}"
    return s + cf_check(s)


# ----------------------------------------------------------------------------------------------
# Evasion transforms (labelled like dev.jsonl: span value = surface, canonical = clean value)
# ----------------------------------------------------------------------------------------------

HOMO = {
    "a": "\u0430",
    "e": "\u0435",
    "o": "\u043e",
    "p": "\u0440",
    "c": "\u0441",
    "x": "\u0445",
    "i": "\u0456",
    "A": "\u0410",
    "E": "\u0415",
    "O": "\u041e",
    "P": "\u0420",
    "C": "\u0421",
}
ZW = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]

SECRETS = {
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "AWS_ACCESS_KEY",
    "AWS_SECRET_KEY",
    "GITHUB_TOKEN",
    "SLACK_TOKEN",
    "STRIPE_KEY",
    "JWT",
    "GENERIC_API_KEY",
}
IDS = {"US_SSN", "UK_NINO", "FR_NIR", "DE_TAX_ID", "ES_NIF", "ES_NIE", "IT_FISCAL_CODE", "NL_BSN"}
NUMERIC = {"PHONE", "CREDIT_CARD", "IBAN"} | IDS
ELIGIBLE = {
    "zero_width": NUMERIC | SECRETS | {"EMAIL", "PERSON"},
    "fullwidth": NUMERIC | {"EMAIL", "DATE_OF_BIRTH", "IP_ADDRESS"},
    "separated": NUMERIC - {"PHONE"},
    "spelled_out": {"EMAIL"},
    "homoglyph": {"EMAIL", "PERSON", "STREET_ADDRESS"},
    "line_split": {
        "IBAN",
        "CREDIT_CARD",
        "JWT",
        "OPENAI_API_KEY",
        "ANTHROPIC_API_KEY",
        "GITHUB_TOKEN",
        "AWS_SECRET_KEY",
    },
    "url_encoded": {"EMAIL", "PASSWORD", "PERSON", "STREET_ADDRESS"},
    "base64": SECRETS | {"EMAIL", "PASSWORD"},
    "mixed_case": {"EMAIL", "IBAN", "UK_NINO", "IT_FISCAL_CODE", "PERSON"},
}
VARIANTS = list(ELIGIBLE)


def evade(variant: str, typ: str, value: str, rng: random.Random) -> str:
    if variant == "zero_width":
        chars = list(value)
        for pos in sorted(rng.sample(range(1, len(chars)), min(3, len(chars) - 1)), reverse=True):
            chars.insert(pos, rng.choice(ZW))
        return "".join(chars)
    if variant == "fullwidth":
        return "".join(
            chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in value
        )
    if variant == "separated":
        sep = rng.choice([".", "-", " ", " . "])
        return sep.join(c for c in value if c.isalnum())
    if variant == "spelled_out":
        local, _, domain = value.partition("@")
        at = rng.choice([" at ", " (at) ", " [at] ", " AT "])
        dot = rng.choice([" dot ", " (dot) ", " [dot] ", " punkt " if "." in value else " dot "])
        return local.replace(".", dot) + at + domain.replace(".", dot)
    if variant == "homoglyph":
        idx = [i for i, c in enumerate(value) if c in HOMO]
        if not idx:
            return value
        chars = list(value)
        for i in rng.sample(idx, max(1, len(idx) // 2)):
            chars[i] = HOMO[chars[i]]
        return "".join(chars)
    if variant == "line_split":
        cut = rng.randrange(len(value) // 3, 2 * len(value) // 3)
        if value[cut] == " ":
            return value[:cut] + "\n" + value[cut + 1 :]
        return value[:cut] + "\n" + value[cut:]
    if variant == "url_encoded":
        return quote(value, safe="")
    if variant == "base64":
        return base64.b64encode(value.encode()).decode()
    if variant == "mixed_case":
        while True:
            out = "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in value)
            if out not in (value, value.upper(), value.lower()):
                return out
    raise ValueError(variant)


# ----------------------------------------------------------------------------------------------
# Record builder: templates push plain text, sensitive spans and hard negatives; offsets are
# computed when the record is rendered, so they are exact by construction (and asserted).
# ----------------------------------------------------------------------------------------------


class Rec:
    def __init__(self, gen: Gen, locale: str, context: str, template: str):
        self.g, self.locale, self.context, self.template = gen, locale, context, template
        self.items: list[tuple[str, str, str, str | None, str | None]] = []

    def t(self, s: str) -> Rec:
        self.items.append(("text", "", s, None, None))
        return self

    def p(
        self, typ: str, value: str, canonical: str | None = None, variant: str | None = None
    ) -> Rec:
        assert value, typ
        self.items.append(("span", typ, value, canonical, variant))
        return self

    def n(self, kind: str, value: str) -> Rec:
        self.items.append(("neg", kind, value, None, None))
        return self

    def f(self, fmt: str, *args: object) -> Rec:
        """fmt with {} slots; each arg is plain str, (TYPE, value) or ('~KIND', value)."""
        pieces = fmt.split("{}")
        assert len(pieces) == len(args) + 1, (fmt, args)
        for piece, arg in zip(pieces, [*args, None], strict=True):
            if piece:
                self.t(piece)
            if arg is None:
                continue
            if isinstance(arg, tuple):
                kind, val, *extra = arg
                if kind.startswith("~"):
                    self.n(kind[1:], val)
                else:
                    self.p(kind, val, *extra)
            else:
                self.t(str(arg))
        return self

    def render(self, rid: str, rng: random.Random, variant: str | None) -> dict:
        target = None
        if variant:
            cands = [
                i
                for i, (k, typ, _, _, pre) in enumerate(self.items)
                if k == "span" and typ in ELIGIBLE[variant] and pre is None
            ]
            target = rng.choice(cands) if cands else None
            if target is None:
                variant = None
        text, spans, negs = "", [], []
        for i, (k, typ, val, canon, pre) in enumerate(self.items):
            start = len(text)
            if k == "text":
                text += val
            elif k == "span":
                span = {"start": start, "type": typ}
                if i == target:
                    surface = evade(variant, typ, val, rng)
                    span.update(value=surface, canonical=val, variant=variant)
                elif pre:
                    surface = val
                    span.update(value=val, canonical=canon, variant=pre)
                else:
                    surface = val
                    span["value"] = val
                text += surface
                span["end"] = len(text)
                spans.append(span)
            else:
                text += val
                negs.append({"start": start, "end": len(text), "kind": typ, "value": val})
        for s in spans + negs:
            assert text[s["start"] : s["end"]] == s["value"], (rid, s)
        spans = [
            {k: s[k] for k in ("start", "end", "type", "value", "canonical", "variant") if k in s}
            for s in spans
        ]
        if variant is None:
            variant = "none" if spans else "negatives_only"
        return {
            "id": rid,
            "split": "challenge",
            "locale": self.locale,
            "context": self.context,
            "template": self.template,
            "variant": variant,
            "text": text,
            "spans": spans,
            "negatives": negs,
        }


# ----------------------------------------------------------------------------------------------
# Value generators
# ----------------------------------------------------------------------------------------------

B64 = string.ascii_letters + string.digits
URLSAFE = B64 + "-_"


class Gen:
    def __init__(self, rng: random.Random):
        self.r = rng

    # --- generic helpers
    def ch(self, seq):
        return self.r.choice(seq)

    def rs(self, alphabet: str, n: int) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def dig(self, n: int) -> str:
        return self.rs(string.digits, n)

    # --- people
    def person(self, loc: str, sex: str | None = None) -> tuple[str, str, str]:
        d = DATA[loc]
        sex = sex or self.ch("fm")
        return self.ch(d[FIRST_KEY[sex]]), self.ch(d["last"]), sex

    def full(self, loc: str, sex: str | None = None) -> str:
        first, last, _ = self.person(loc, sex)
        return f"{first} {last}"

    def title(self, loc: str, sex: str) -> str:
        return {
            "en_US": {"f": ["Ms.", "Dr.", "Mrs."], "m": ["Mr.", "Dr."]},
            "en_GB": {"f": ["Ms", "Dr", "Mrs", "Prof."], "m": ["Mr", "Dr", "Prof."]},
            "fr_FR": {"f": ["Mme", "Madame", "Dr"], "m": ["M.", "Monsieur", "Me"]},
            "de_DE": {"f": ["Frau", "Frau Dr.", "Frau Prof. Dr."], "m": ["Herr", "Herr Dr."]},
            "es_ES": {"f": ["Sra.", "Dña.", "Dra."], "m": ["Sr.", "D.", "Dr."]},
            "it_IT": {"f": ["Sig.ra", "Dott.ssa", "Avv."], "m": ["Sig.", "Dott.", "Ing."]},
            "nl_NL": {"f": ["mevr.", "mevrouw", "dr."], "m": ["dhr.", "de heer", "ir."]},
        }[loc][sex][self.r.randrange(2 if loc != "en_GB" else 3)]

    def email(self, first: str, last: str, loc: str) -> str:
        def clean(s: str) -> str:
            t = str.maketrans("àáâäãèéêëìíîïòóôöùúûüçñßæœı", "aaaaaeeeeiiiioooouuuucnsaei")
            return "".join(c for c in s.lower().translate(t) if c.isalnum() or c == "-")

        f, lst = clean(first), clean(last)
        dom = self.ch(
            {
                "en_US": ["mailbox.example.com", "inbox.test", "corp.example.org"],
                "en_GB": ["post.example.co.uk", "mail.example.org.uk", "inbox.test"],
                "fr_FR": ["courriel.example.fr", "boite.example.com", "orange.example.fr"],
                "de_DE": ["web.example.de", "posteo.example.de", "firma.example.com"],
                "es_ES": ["correo.example.es", "buzon.example.com", "empresa.example.es"],
                "it_IT": ["posta.example.it", "libero.example.it", "azienda.example.com"],
                "nl_NL": ["mail.example.nl", "ziggo.example.nl", "bedrijf.example.com"],
            }[loc]
        )
        local = self.ch(
            [
                f"{f}.{lst}",
                f"{f[0]}{lst}",
                f"{f}_{lst}{self.dig(2)}",
                f"{lst}.{f[0]}",
                f"{f}{self.dig(4)}",
                f"{f}-{lst}",
            ]
        )
        return f"{local}@{dom}"

    # --- addresses
    def address(self, loc: str, style: str = "line") -> str:
        d, r = DATA[loc], self.r
        st, hn = self.ch(d["streets"]), str(r.randint(1, 240))
        c = self.ch(d["cities"])
        if loc == "en_US":
            city, state, z3 = c
            zc = z3 + self.dig(2)
            unit = self.ch(["Apt 3B", "Unit 12", "Suite 210", "#4", "Fl 2"])
            if style == "pobox":
                return f"PO Box {r.randint(100, 9999)}, {city}, {state} {zc}"
            if style == "multi":
                return f"{hn} {st}\n{unit}\n{city}, {state} {zc}"
            return self.ch(
                [f"{hn} {st}, {unit}, {city}, {state} {zc}", f"{hn} {st}, {city} {state} {zc}"]
            )
        if loc == "en_GB":
            city, out = c
            pc = f"{out} {r.randint(1, 9)}{self.rs('ABDEFGHJLNPQRSTUWXYZ', 2)}"
            flat = self.ch(["Flat 2", "Flat 4B", "Apartment 11", "Basement flat"])
            if style == "pobox":
                return f"PO Box {r.randint(10, 999)}, {city} {pc}"
            if style == "multi":
                return f"{flat}\n{hn} {st}\n{city}\n{pc}"
            return self.ch([f"{flat}, {hn} {st}, {city} {pc}", f"{hn} {st}, {city}, {pc}"])
        if loc == "fr_FR":
            city, pc = c
            bis = self.ch(["", " bis", " ter", ""])
            if style == "pobox":
                return f"BP {r.randint(10, 9999)}, {pc} {city} Cedex"
            if style == "multi":
                return f"Bâtiment B, {r.randint(1, 6)}e étage\n{hn}{bis} {st}\n{pc} {city}"
            return self.ch(
                [
                    f"{hn}{bis}, {st}, {pc} {city}",
                    f"{hn}{bis} {st} {pc} {city}",
                    f"{hn} {st}, appt {r.randint(1, 60)}, {pc} {city}",
                ]
            )
        if loc == "de_DE":
            city, pc = c
            suf = self.ch(["", "a", "b", ""])
            if style == "pobox":
                return f"Postfach {self.dig(2)} {self.dig(2)} {self.dig(2)}, {pc} {city}"
            if style == "multi":
                return f"{st} {hn}{suf}\nHinterhaus, {r.randint(1, 5)}. OG\n{pc} {city}"
            return self.ch(
                [
                    f"{st} {hn}{suf}, {pc} {city}",
                    f"{st} {hn}{suf}, D-{pc} {city}",
                    f"{st} {hn}, {r.randint(1, 4)}. Stock links, {pc} {city}",
                ]
            )
        if loc == "es_ES":
            city, pc = c
            piso = self.ch(["3º 2ª", "bajo izq.", "5º B", "ático", "1º dcha."])
            if style == "pobox":
                return f"Apartado de Correos {r.randint(10, 9999)}, {pc} {city}"
            if style == "multi":
                return f"{st}, {hn}, {piso}\n{pc} {city}"
            short = st.replace("Calle ", "C/ ").replace("Avenida ", "Avda. ")
            return self.ch([f"{short} {hn}, {piso}, {pc} {city}", f"{st}, nº {hn}, {pc} {city}"])
        if loc == "it_IT":
            city, pc, prov, _ = c
            if style == "pobox":
                return f"Casella Postale {r.randint(1, 999)}, {pc} {city} ({prov})"
            if style == "multi":
                return f"{st}, {hn} - scala B, int. {r.randint(1, 30)}\n{pc} {city} ({prov})"
            return self.ch(
                [f"{st} {hn}, {pc} {city} {prov}", f"{st}, {hn}/A - {pc} {city} ({prov})"]
            )
        if loc == "nl_NL":
            city, pc4 = c
            pc = f"{pc4} {self.rs('ABCDEGHJKLMNPRSTVWXZ', 2)}"
            suf = self.ch(["", "-3", " hs", " bis", "A", "-II"])
            if style == "pobox":
                return f"Postbus {r.randint(10, 99999)}, {pc} {city}"
            if style == "multi":
                return f"{st} {hn}{suf}\n{pc}  {city.upper()}"
            return self.ch([f"{st} {hn}{suf}, {pc} {city}", f"{st} {hn}{suf} {pc} {city}"])
        raise ValueError(loc)

    # --- phones (fictional ranges where available)
    def phone(self, loc: str) -> str:
        r, g = self.r, self.dig
        if loc == "en_US":
            a = self.ch(["212", "415", "503", "614", "702", "919"])
            x = f"01{g(2)}"
            return self.ch(
                [
                    f"({a}) 555-{x}",
                    f"{a}-555-{x}",
                    f"+1 {a} 555 {x}",
                    f"{a}.555.{x}",
                    f"+1 ({a}) 555-{x} ext. {r.randint(10, 99)}",
                    f"1-{a}-555-{x}",
                ]
            )
        if loc == "en_GB":
            return self.ch(
                [
                    f"07700 900{g(3)}",
                    f"+44 7700 900{g(3)}",
                    f"+44 (0)20 7946 0{g(3)}",
                    f"020 7946 0{g(3)}",
                    f"0113 496 0{g(3)}",
                    f"01632 960{g(3)}",
                    f"+44 (0) 161 496 0{g(3)}",
                ]
            )
        if loc == "fr_FR":
            n = f"{g(2)} {g(2)}"
            return self.ch(
                [
                    f"06 39 98 {n}",
                    f"+33 6 39 98 {n}",
                    f"+33 (0)1 99 00 {n}",
                    f"06.39.98.{n.replace(' ', '.')}",
                    f"0033 6 39 98 {n}",
                    f"01-99-00-{n.replace(' ', '-')}",
                    f"+33639 98{g(4)}",
                ]
            )
        if loc == "de_DE":
            return self.ch(
                [
                    f"0151 {g(8)}",
                    f"+49 151 {g(4)} {g(4)}",
                    f"+49 (0)30 {g(7)}",
                    f"030/{g(3)} {g(2)} {g(2)}",
                    f"(0341) {g(3)} {g(2)} {g(2)}",
                    f"0049 171 {g(7)}",
                    f"+49 (0) 89 {g(4)}-{g(3)}",
                    f"0221-{g(5)}-{g(2)}",
                ]
            )
        if loc == "es_ES":
            return self.ch(
                [
                    f"6{g(2)} {g(3)} {g(3)}",
                    f"+34 6{g(2)} {g(2)} {g(2)} {g(2)}",
                    f"91 {g(3)} {g(2)} {g(2)}",
                    f"(+34) 93 {g(3)} {g(4)}",
                    f"0034 6{g(8)}",
                    f"+34 7{g(2)}-{g(3)}-{g(3)}",
                ]
            )
        if loc == "it_IT":
            return self.ch(
                [
                    f"3{g(2)} {g(3)} {g(4)}",
                    f"+39 3{g(2)} {g(7)}",
                    f"02 {g(4)} {g(4)}",
                    f"+39 06 {g(8)}",
                    f"(011) {g(7)}",
                    f"3{g(2)}-{g(7)}",
                    f"0039 3{g(2)}.{g(3)}.{g(4)}",
                ]
            )
        if loc == "nl_NL":
            return self.ch(
                [
                    f"06-{g(8)}",
                    f"06 {g(4)} {g(4)}",
                    f"+31 6 {g(8)}",
                    f"+31 (0)6 {g(4)} {g(4)}",
                    f"020-{g(7)}",
                    f"(020) {g(3)} {g(4)}",
                    f"0031 30 {g(3)} {g(4)}",
                    f"+31 (0) 10 {g(3)} {g(2)} {g(2)}",
                ]
            )
        raise ValueError(loc)

    # --- dates of birth: returns (prefix phrase, value)
    def dob(self, loc: str) -> tuple[str, str]:
        r = self.r
        y, m, d = r.randint(1941, 2004), r.randint(1, 12), r.randint(1, 28)
        lang = loc[:2]
        mn = MONTHS[lang][m - 1]
        ordn = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}.get(d, "th")
        opts = {
            "en_US": [
                ("born ", f"{mn} {d}, {y}"),
                ("DOB ", f"{m}/{d}/{y}"),
                ("d.o.b. ", f"{m:02d}/{d:02d}/{y}"),
                ("birthday is ", f"{mn[:3]} {d} {y}"),
                ("born on the ", f"{d}{ordn} of {mn} {y}"),
                ("date of birth: ", f"{y}-{m:02d}-{d:02d}"),
            ],
            "en_GB": [
                ("born ", f"{d}{ordn} {mn} {y}"),
                ("DOB ", f"{d:02d}/{m:02d}/{y}"),
                ("born on the ", f"{d}{ordn} of {mn}, {y}"),
                ("date of birth ", f"{d} {mn[:3]} {y}"),
                ("b. ", f"{d:02d}-{mn[:3]}-{y}"),
                ("D.O.B: ", f"{d:02d}.{m:02d}.{y}"),
            ],
            "fr_FR": [
                ("né le ", f"{'1er' if d == 1 else d} {mn} {y}"),
                ("née le ", f"{d:02d}/{m:02d}/{y}"),
                ("date de naissance : ", f"{d:02d}.{m:02d}.{y}"),
                ("né(e) le ", f"{d} {mn} {y}"),
                ("naissance : ", f"{d:02d}/{m:02d}/{y % 100:02d}"),
            ],
            "de_DE": [
                ("geboren am ", f"{d}. {mn} {y}"),
                ("geb. ", f"{d:02d}.{m:02d}.{y}"),
                ("Geburtsdatum: ", f"{d}.{m}.{y}"),
                ("geb. am ", f"{d:02d}.{m:02d}.{y % 100:02d}"),
                ("* ", f"{d:02d}.{m:02d}.{y}"),
            ],
            "es_ES": [
                ("nacido el ", f"{d} de {mn} de {y}"),
                ("nacida el ", f"{d:02d}/{m:02d}/{y}"),
                ("fecha de nacimiento: ", f"{d:02d}-{m:02d}-{y}"),
                ("F. nac.: ", f"{d}/{m}/{y}"),
            ],
            "it_IT": [
                ("nato il ", f"{d} {mn} {y}"),
                ("nata il ", f"{d:02d}/{m:02d}/{y}"),
                ("data di nascita: ", f"{d:02d}.{m:02d}.{y}"),
                ("nato a Torino il ", f"{d:02d}/{m:02d}/{y}"),
                ("classe ", f"{d:02d}-{m:02d}-{y}"),
            ],
            "nl_NL": [
                ("geboren op ", f"{d} {mn} {y}"),
                ("geboortedatum: ", f"{d:02d}-{m:02d}-{y}"),
                ("geb. ", f"{d}-{m}-{y}"),
                ("geboren ", f"{d:02d}/{m:02d}/{y}"),
            ],
        }[loc]
        return self.ch(opts)

    def dob_iso(self) -> str:
        return (
            f"{self.r.randint(1941, 2004)}-{self.r.randint(1, 12):02d}-{self.r.randint(1, 28):02d}"
        )

    # --- national IDs
    def ssn(self) -> str:
        while True:
            a = self.r.randint(1, 899)
            if a != 666:
                return f"{a:03d}-{self.r.randint(1, 99):02d}-{self.r.randint(1, 9999):04d}"

    def nino(self) -> str:
        bad1, bad2 = set("DFIQUV"), set("DFIQUVO")
        while True:
            a, b = self.ch(string.ascii_uppercase), self.ch(string.ascii_uppercase)
            if a in bad1 or b in bad2 or a + b in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}:
                continue
            n = self.dig(6)
            return self.ch(
                [
                    f"{a}{b}{n}{self.ch('ABCD')}",
                    f"{a}{b} {n[:2]} {n[2:4]} {n[4:]} {self.ch('ABCD')}",
                ]
            )

    def nir(self, spaced: bool | None = None) -> str:
        r = self.r
        body = (
            f"{r.choice('12')}{r.randint(40, 99):02d}{r.randint(1, 12):02d}"
            f"{r.randint(1, 95):02d}{r.randint(1, 990):03d}{r.randint(1, 999):03d}"
        )
        key = 97 - int(body) % 97
        full = f"{body}{key:02d}"
        if spaced is None:
            spaced = r.random() < 0.6
        if spaced:
            return " ".join(
                (full[0], full[1:3], full[3:5], full[5:7], full[7:10], full[10:13], full[13:])
            )
        return full

    def idnr(self) -> str:
        while True:
            digits = [self.r.randint(1, 9)] + [self.r.randint(0, 9) for _ in range(9)]
            counts = [digits.count(x) for x in set(digits)]
            rep = [c for c in counts if c > 1]
            if len(rep) != 1 or rep[0] not in (2, 3):
                continue
            prod = 10
            for dd in digits:
                s = (dd + prod) % 10 or 10
                prod = (s * 2) % 11
            num = "".join(map(str, digits)) + str((11 - prod) % 10)
            if self.r.random() < 0.4:
                return f"{num[:2]} {num[2:5]} {num[5:8]} {num[8:]}"
            return num

    def dni(self) -> str:
        n = self.r.randint(1000000, 99999999)
        return f"{n:08d}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"

    def nie(self) -> str:
        p = self.r.randrange(3)
        n = self.r.randint(0, 9999999)
        return f"{'XYZ'[p]}{n:07d}{'TRWAGMYFPDXBNJZSQVHLCKE'[int(f'{p}{n:07d}') % 23]}"

    def cf(self, first: str, last: str, female: bool) -> str:
        y, m, d = self.r.randint(1945, 2003), self.r.randint(1, 12), self.r.randint(1, 28)
        return cf_code(first, last, y, m, d, female, self.ch(DATA["it_IT"]["cities"])[3])

    def bsn(self) -> str:
        while True:
            ds = [self.r.randint(0, 9) for _ in range(8)]
            rem = sum(x * (9 - i) for i, x in enumerate(ds)) % 11
            if rem < 10 and (ds[0] or ds[1]):
                return "".join(map(str, ds)) + str(rem)

    def national_id(self, loc: str, first: str = "Ludovica", last: str = "Rossi", sex: str = "f"):
        if loc == "en_US":
            return "US_SSN", self.ssn(), "SSN"
        if loc == "en_GB":
            return "UK_NINO", self.nino(), "NI number"
        if loc == "fr_FR":
            return "FR_NIR", self.nir(), "n° de sécurité sociale"
        if loc == "de_DE":
            return "DE_TAX_ID", self.idnr(), "Steuer-ID"
        if loc == "es_ES":
            if self.r.random() < 0.5:
                return "ES_NIF", self.dni(), "DNI"
            return "ES_NIE", self.nie(), "NIE"
        if loc == "it_IT":
            return "IT_FISCAL_CODE", self.cf(first, last, sex == "f"), "codice fiscale"
        if loc == "nl_NL":
            return "NL_BSN", self.bsn(), "BSN"
        raise ValueError(loc)

    # --- finance
    def iban(self, cc: str, spaced: bool | None = None, bad: bool = False) -> str:
        g = self.dig
        if cc == "DE":
            bban = g(18)
        elif cc == "FR":
            bank, branch, acct = g(5), g(5), g(11)
            key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
            bban = f"{bank}{branch}{acct}{key:02d}"
        elif cc == "ES":
            bank, branch, acct = g(4), g(4), g(10)
            bban = bank + branch + es_ccc(bank, branch, acct) + acct
        elif cc == "IT":
            bban = self.ch(string.ascii_uppercase) + g(10) + g(12)
        elif cc == "NL":
            bban = self.rs(string.ascii_uppercase, 4) + g(10)
        elif cc in ("GB", "US"):
            cc = "GB"
            bban = self.rs(string.ascii_uppercase, 4) + g(14)
        else:
            raise ValueError(cc)
        chk = iban_check(cc, bban)
        if bad:
            chk = f"{(int(chk) + self.r.randint(1, 50)) % 97 + 2:02d}"
            if chk == iban_check(cc, bban):
                chk = f"{(int(chk) + 1) % 97 + 2:02d}"
        iban = cc + chk + bban
        if spaced is None:
            spaced = self.r.random() < 0.6
        return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4)) if spaced else iban

    def card(self) -> str:
        kind = self.ch(["visa", "visa", "mc", "mc2", "amex", "disc"])
        if kind == "amex":
            n = luhn_complete(self.ch(["34", "37"]), 15, self.r)
            return self.ch([n, f"{n[:4]} {n[4:10]} {n[10:]}", f"{n[:4]}-{n[4:10]}-{n[10:]}"])
        prefix = {
            "visa": "4",
            "mc": str(self.r.randint(51, 55)),
            "mc2": str(self.r.randint(2221, 2720)),
            "disc": "6011",
        }[kind]
        n = luhn_complete(prefix, 16, self.r)
        grp = [n[i : i + 4] for i in range(0, 16, 4)]
        return self.ch([n, " ".join(grp), "-".join(grp), "  ".join(grp)])

    def bad_luhn(self) -> str:
        while True:
            n = self.ch("3456789") + self.dig(15)
            if not luhn_ok(n):
                return self.ch([n, " ".join(n[i : i + 4] for i in range(0, 16, 4))])

    def ip(self) -> str:
        r = self.r
        if r.random() < 0.6:
            return ".".join(
                str(x)
                for x in (
                    r.randint(11, 223),
                    r.randint(0, 255),
                    r.randint(0, 255),
                    r.randint(1, 254),
                )
            )
        groups = [f"{r.randint(0, 0xFFFF):x}" for _ in range(8)]
        if r.random() < 0.5:
            return "2a02:" + ":".join(groups[1:4]) + "::" + groups[7]
        return ":".join(groups)

    # --- secrets
    def openai(self) -> str:
        return self.ch(
            [
                f"sk-proj-{self.rs(URLSAFE, 74)}T3BlbkFJ{self.rs(URLSAFE, 74)}",
                f"sk-{self.rs(B64, 20)}T3BlbkFJ{self.rs(B64, 20)}",
                f"sk-svcacct-{self.rs(URLSAFE, 58)}T3BlbkFJ{self.rs(URLSAFE, 58)}",
                f"sk-admin-{self.rs(URLSAFE, 60)}",
            ]
        )

    def anthropic(self) -> str:
        return self.ch(
            [f"sk-ant-api03-{self.rs(URLSAFE, 93)}AA", f"sk-ant-admin01-{self.rs(URLSAFE, 93)}AA"]
        )

    def aws_id(self) -> str:
        return self.ch(["AKIA", "AKIA", "ASIA"]) + self.rs(string.ascii_uppercase + "234567", 16)

    def aws_secret(self) -> str:
        return self.rs(B64 + "+/", 40)

    def github(self) -> str:
        return self.ch(
            [
                f"ghp_{self.rs(B64, 36)}",
                f"gho_{self.rs(B64, 36)}",
                f"ghs_{self.rs(B64, 36)}",
                f"github_pat_11{self.rs(string.ascii_uppercase + string.digits, 20)}_"
                f"{self.rs(B64, 59)}",
            ]
        )

    def slack(self) -> str:
        return self.ch(
            [
                f"xoxb-{self.dig(12)}-{self.dig(13)}-{self.rs(B64, 24)}",
                f"xoxp-{self.dig(12)}-{self.dig(12)}-{self.dig(13)}-"
                f"{self.rs('abcdef0123456789', 32)}",
                f"xapp-1-A{self.rs(string.ascii_uppercase + string.digits, 10)}-{self.dig(13)}-"
                f"{self.rs('abcdef0123456789', 64)}",
            ]
        )

    def slack_webhook_path(self) -> str:
        return (
            f"T{self.rs(string.ascii_uppercase + string.digits, 10)}/"
            f"B{self.rs(string.ascii_uppercase + string.digits, 10)}/{self.rs(B64, 24)}"
        )

    def stripe(self) -> str:
        return self.ch(
            [
                f"sk_live_51{self.rs(B64, 97)}",
                f"rk_live_51{self.rs(B64, 97)}",
                f"sk_live_{self.rs(B64, 24)}",
                f"sk_test_51{self.rs(B64, 97)}",
            ]
        )

    def jwt(self) -> str:
        def b64u(obj) -> str:
            raw = json.dumps(obj, separators=(",", ":")).encode()
            return base64.urlsafe_b64encode(raw).decode().rstrip("=")

        hdr = self.ch(
            [
                {"alg": "HS256", "typ": "JWT"},
                {"alg": "RS256", "kid": self.rs(B64, 12)},
                {"typ": "JWT", "alg": "ES256"},
            ]
        )
        iat = self.r.randint(1_700_000_000, 1_760_000_000)
        body = {
            "sub": str(uuid.UUID(int=self.r.getrandbits(128), version=4)),
            "iat": iat,
            "exp": iat + 3600,
            "aud": self.ch(["api", "gateway", "billing"]),
            "roles": self.ch([["user"], ["admin"], ["support", "read"]]),
        }
        return f"{b64u(hdr)}.{b64u(body)}.{self.rs(URLSAFE, self.ch([43, 86]))}"

    def pem(self, escaped: bool = False) -> str:
        label = self.ch(
            [
                "PRIVATE KEY",
                "RSA PRIVATE KEY",
                "EC PRIVATE KEY",
                "OPENSSH PRIVATE KEY",
                "ENCRYPTED PRIVATE KEY",
            ]
        )
        lines = [self.rs(B64 + "+/", 64) for _ in range(self.r.randint(3, 6))]
        lines.append(self.rs(B64 + "+/", self.r.randint(8, 60)) + "==")
        nl = "\\n" if escaped else "\n"
        return f"-----BEGIN {label}-----{nl}{nl.join(lines)}{nl}-----END {label}-----"

    def password(self) -> str:
        words = [
            "Zonnebloem",
            "Kastanie",
            "Papillon",
            "Girasole",
            "Mariposa",
            "Thunder",
            "Lighthouse",
            "Eichhörnchen",
            "Tortuga",
            "Fenicottero",
            "Blauwe",
            "Marmotte",
        ]
        return self.ch(
            [
                f"{self.ch(words)}{self.r.randint(1960, 2024)}{self.ch('!?#$%&*')}",
                self.rs(B64 + "!#$%^&*()-_=+", self.r.randint(14, 24)),
                f"{self.ch(words).lower()}-{self.ch(words).lower()}-{self.dig(2)}",
                self.rs(string.ascii_uppercase, 1)
                + self.rs(string.ascii_lowercase, 5)
                + f"@{self.dig(4)}",
            ]
        )

    def api_key(self) -> tuple[str, str]:
        """(header/var name, value) for assorted non-provider API keys."""
        return self.ch(
            [
                ("X-API-Key", self.rs("abcdef0123456789", 32)),
                ("SENDGRID_API_KEY", f"SG.{self.rs(URLSAFE, 22)}.{self.rs(URLSAFE, 43)}"),
                ("GOOGLE_MAPS_KEY", f"AIza{self.rs(URLSAFE, 35)}"),
                ("DD_API_KEY", self.rs("abcdef0123456789", 32)),
                ("HF_TOKEN", f"hf_{self.rs(B64, 34)}"),
                ("MAILGUN_KEY", f"key-{self.rs('abcdef0123456789', 32)}"),
                ("Authorization: Token", self.rs(B64, 40)),
                ("TWILIO_AUTH_TOKEN", self.rs("abcdef0123456789", 32)),
            ]
        )

    def cred_url(self) -> tuple[str, str, str]:
        """(prefix, password, suffix): the password part is the labelled span (as in dev.jsonl)."""
        pw = self.rs(B64 + "-_~", self.r.randint(12, 22))
        host = self.ch(
            [
                "db-primary.internal.test",
                "10.20.4.17",
                "mq.prod.example.net",
                "cache-01.svc.cluster.local",
                "git.example.org",
            ]
        )
        user = self.ch(["svc_billing", "app", "deploy", "readonly", "admin", "etl_runner"])
        return self.ch(
            [
                (f"postgresql://{user}:", pw, f"@{host}:5432/ledger?sslmode=require"),
                (f"amqps://{user}:", pw, f"@{host}/vhost-orders"),
                ("redis://:", pw, f"@{host}:6379/2"),
                (f"https://{user}:", pw, f"@{host}/platform/infra.git"),
                (
                    f"mongodb+srv://{user}:",
                    pw,
                    "@cluster7.example.mongodb.test/app?retryWrites=true",
                ),
                (f"ftp://{user}:", pw, f"@{host}/exports/"),
            ]
        )

    # --- hard negatives
    def uuid(self) -> str:
        return str(uuid.UUID(int=self.r.getrandbits(128), version=4))

    def sha(self, short: bool = False) -> str:
        return self.rs("0123456789abcdef", 7 if short else 40)

    def digest(self) -> str:
        return "sha256:" + self.rs("0123456789abcdef", 64)

    def version(self) -> str:
        r = self.r
        return self.ch(
            [
                f"v{r.randint(1, 9)}.{r.randint(0, 30)}.{r.randint(0, 20)}",
                f"{r.randint(1, 5)}.{r.randint(0, 12)}.{r.randint(0, 9)}-beta.{r.randint(1, 9)}",
                f"{r.randint(10, 12)}.{r.randint(0, 9)}.{r.randint(0, 99)}.{r.randint(100, 999)}",
                f"{r.randint(2019, 2025)}.{r.randint(1, 12)}.{r.randint(0, 5)}",
            ]
        )

    def ts(self) -> str:
        r = self.r
        y, mo, d = r.randint(2022, 2025), r.randint(1, 12), r.randint(1, 28)
        h, mi, s = r.randint(0, 23), r.randint(0, 59), r.randint(0, 59)
        return self.ch(
            [
                f"{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}.{r.randint(0, 999):03d}Z",
                f"{y}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}",
                f"{MONTHS['en'][mo - 1][:3]} {d:2d} {h:02d}:{mi:02d}:{s:02d}",
                f"{d:02d}/{MONTHS['en'][mo - 1][:3]}/{y}:{h:02d}:{mi:02d}:{s:02d} +0000",
                str(r.randint(1_690_000_000_000, 1_760_000_000_000)),
            ]
        )

    def date_nd(self, loc: str) -> str:
        """A recent date that is not a date of birth (service date, invoice date, ...)."""
        y, m, d = self.r.randint(2023, 2025), self.r.randint(1, 12), self.r.randint(1, 28)
        if loc == "en_US":
            return f"{m:02d}/{d:02d}/{y}"
        if loc == "de_DE":
            return f"{d:02d}.{m:02d}.{y}"
        if loc == "nl_NL":
            return f"{d:02d}-{m:02d}-{y}"
        return f"{d:02d}/{m:02d}/{y}"

    def price(self, loc: str) -> str:
        a = self.r.randint(5, 9999)
        c = self.r.randint(0, 99)
        if loc == "en_US":
            return self.ch([f"${a:,}.{c:02d}", f"USD {a}.{c:02d}"])
        if loc == "en_GB":
            return self.ch([f"£{a:,}.{c:02d}", f"GBP {a}.{c:02d}"])
        eu = f"{a:,}".replace(",", ".")
        return self.ch(
            [f"€ {eu},{c:02d}", f"{eu},{c:02d} €", f"EUR {a}.{c:02d}", f"{a},{c:02d} EUR"]
        )

    def order_id(self) -> str:
        return self.ch(
            [
                f"{self.dig(3)}-{self.dig(7)}-{self.dig(7)}",
                f"ORD/{self.dig(2)}/{self.dig(6)}",
                f"#A{self.dig(5)}-{self.dig(2)}",
                f"CMD{self.dig(10)}",
                f"PO-{self.dig(8)}",
                f"{self.dig(11)}",
            ]
        )

    def invoice_id(self) -> str:
        return self.ch(
            [
                f"INV/{self.r.randint(2023, 2025)}/{self.dig(5)}",
                f"RE-{self.dig(4)}-{self.dig(4)}",
                f"FAC-{self.dig(7)}",
                f"F{self.r.randint(2023, 2025)}{self.dig(6)}",
                f"NL-{self.dig(9)}-F",
            ]
        )

    def ticket(self) -> str:
        return self.ch(
            [
                f"PAY-{self.r.randint(100, 9999)}",
                f"INC{self.dig(7)}",
                f"SR-{self.dig(8)}",
                f"#{self.dig(6)}",
                f"CASE-{self.dig(4)}-{self.dig(5)}",
            ]
        )

    def sku(self) -> str:
        return self.ch(
            [
                f"SKU {self.dig(2)}-{self.rs('ABCDEFGHKLMNPRSTWXYZ', 2)}-{self.dig(3)}",
                f"Art.-Nr. {self.dig(4)}.{self.dig(3)}.{self.dig(2)}",
                f"REF {self.dig(4)}/{self.dig(2)}",
                f"MPN {self.rs(string.ascii_uppercase, 3)}{self.dig(5)}",
            ]
        )

    def tracking(self) -> str:
        return self.ch(
            [
                f"1Z{self.rs(string.ascii_uppercase + string.digits, 6)}{self.dig(10)}",
                f"JJD{self.dig(18)}",
                f"3S{self.rs(string.ascii_uppercase, 4)}{self.dig(7)}",
                f"6A{self.dig(11)}",
                f"RR{self.dig(9)}NL",
                f"00{self.dig(18)}",
            ]
        )

    def ean13(self) -> str:
        b = self.ch(["40", "87", "80", "84", "30", "50"]) + self.dig(10)
        s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(b))
        return b + str((10 - s % 10) % 10)

    def isbn13(self) -> str:
        b = "978" + self.dig(9)
        s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(b))
        return f"{b[:3]}-{b[3]}-{b[4:8]}-{b[8:]}-{(10 - s % 10) % 10}"

    def policy_no(self) -> str:
        return self.ch(
            [
                f"POL-{self.dig(4)}-{self.dig(6)}",
                f"{self.rs(string.ascii_uppercase, 2)}{self.dig(9)}",
                f"Police n° {self.dig(3)} {self.dig(3)} {self.dig(3)}",
            ]
        )


# ----------------------------------------------------------------------------------------------
# Localised phrases
# ----------------------------------------------------------------------------------------------

PH = {
    "hello": {
        "en_US": "Hi",
        "en_GB": "Hello",
        "fr_FR": "Bonjour",
        "de_DE": "Hallo",
        "es_ES": "Hola",
        "it_IT": "Ciao",
        "nl_NL": "Hoi",
    },
    "myname": {
        "en_US": "my name is",
        "en_GB": "my name's",
        "fr_FR": "je m'appelle",
        "de_DE": "ich heiße",
        "es_ES": "me llamo",
        "it_IT": "mi chiamo",
        "nl_NL": "mijn naam is",
    },
    "thanks": {
        "en_US": "thanks",
        "en_GB": "cheers",
        "fr_FR": "merci",
        "de_DE": "danke",
        "es_ES": "gracias",
        "it_IT": "grazie",
        "nl_NL": "bedankt",
    },
    "regards": {
        "en_US": "Best regards,",
        "en_GB": "Kind regards,",
        "fr_FR": "Cordialement,",
        "de_DE": "Mit freundlichen Grüßen",
        "es_ES": "Un saludo,",
        "it_IT": "Cordiali saluti,",
        "nl_NL": "Met vriendelijke groet,",
    },
    "wrote": {
        "en_US": "wrote:",
        "en_GB": "wrote:",
        "fr_FR": "a écrit :",
        "de_DE": "schrieb:",
        "es_ES": "escribió:",
        "it_IT": "ha scritto:",
        "nl_NL": "schreef:",
    },
    "address": {
        "en_US": "new address is",
        "en_GB": "I've moved to",
        "fr_FR": "ma nouvelle adresse :",
        "de_DE": "neue Adresse:",
        "es_ES": "mi dirección nueva es",
        "it_IT": "il nuovo indirizzo è",
        "nl_NL": "mijn nieuwe adres is",
    },
    "phone": {
        "en_US": "call me at",
        "en_GB": "ring me on",
        "fr_FR": "joignable au",
        "de_DE": "erreichbar unter",
        "es_ES": "llámame al",
        "it_IT": "chiamami al",
        "nl_NL": "bel me op",
    },
    "password": {
        "en_US": "password",
        "en_GB": "password",
        "fr_FR": "mot de passe",
        "de_DE": "Passwort",
        "es_ES": "contraseña",
        "it_IT": "password",
        "nl_NL": "wachtwoord",
    },
    "attendees": {
        "en_US": "Attendees",
        "en_GB": "Present",
        "fr_FR": "Présents",
        "de_DE": "Teilnehmende",
        "es_ES": "Asistentes",
        "it_IT": "Presenti",
        "nl_NL": "Aanwezig",
    },
    "and": {
        "en_US": "and",
        "en_GB": "and",
        "fr_FR": "et",
        "de_DE": "und",
        "es_ES": "y",
        "it_IT": "e",
        "nl_NL": "en",
    },
    "apologies": {
        "en_US": "Absent",
        "en_GB": "Apologies",
        "fr_FR": "Excusés",
        "de_DE": "Entschuldigt",
        "es_ES": "Excusan asistencia",
        "it_IT": "Assenti giustificati",
        "nl_NL": "Afgemeld",
    },
}


# ----------------------------------------------------------------------------------------------
# Templates (15 contexts). Each takes (Rec, Gen, locale) and appends items.
# ----------------------------------------------------------------------------------------------


def t_support_chat(r: Rec, g: Gen, loc: str) -> None:
    first, last, _ = g.person(loc)
    agent = g.ch(DATA[loc]["first_f"] + DATA[loc]["first_m"])
    ts = f"{g.r.randint(8, 20):02d}:{g.r.randint(0, 59):02d}"
    r.f(
        "Assistant: "
        + PH["hello"][loc]
        + "! I'm Sky, the virtual assistant. What can I do for you?\n"
    )
    style = g.r.randrange(3)
    if style == 0:
        r.f(
            "Customer: hey " + PH["myname"][loc] + " {} and my parcel {} never arrived\n",
            ("PERSON", f"{first} {last}".lower()),
            ("~ORDER_ID", g.order_id()),
        )
    elif style == 1:
        r.f(
            "Customer: {} here, order {} still shows 'in transit'\n",
            ("PERSON", first),
            ("~ORDER_ID", g.order_id()),
        )
    else:
        r.f(
            "Customer: it's {} again. tracking {} has not moved since {}\n",
            ("PERSON", first),
            ("~TRACKING_NUMBER", g.tracking()),
            ("~TIMESTAMP", g.ts()),
        )
    r.f(
        "Assistant: Sorry to hear that. For security, can you confirm your date of birth "
        "and e-mail?\n"
    )
    pre, dob = g.dob(loc)
    r.f("Customer: {}{}, {}\n", pre, ("DATE_OF_BIRTH", dob), ("EMAIL", g.email(first, last, loc)))
    if g.r.random() < 0.5:
        r.f(
            "Customer: btw " + PH["address"][loc] + " {} — " + PH["phone"][loc] + " {}\n",
            ("STREET_ADDRESS", g.address(loc)),
            ("PHONE", g.phone(loc)),
        )
    else:
        r.f(
            "Customer: pay it back to {} pls, or the card ending... actually full number {}\n",
            ("IBAN", g.iban(DATA[loc]["cc"])),
            ("CREDIT_CARD", g.card()),
        )
    r.f(f"[{ts}] Agent {{}} joined the chat\n", ("PERSON", agent))
    r.f(
        "Agent: " + PH["thanks"][loc] + " {}, I refunded {} to your account.\n",
        ("PERSON", first),
        ("~PRICE", g.price(loc)),
    )
    if g.r.random() < 0.4:
        r.f(
            "Customer: do you need my " + PH["password"][loc] + " too? it's {}\n",
            ("PASSWORD", g.password()),
        )
    r.f("Agent: No need! Reference {} — have a nice day.\n", ("~TICKET_NUMBER", g.ticket()))


def t_email_thread(r: Rec, g: Gen, loc: str) -> None:
    a_first, a_last, _ = g.person(loc)
    b_first, b_last, _ = g.person(loc)
    a_mail, b_mail = g.email(a_first, a_last, loc), g.email(b_first, b_last, loc)
    comp = g.ch(COMPANIES[loc])
    r.f("From: {} <{}>\n", ("PERSON", f"{a_first} {a_last}"), ("EMAIL", a_mail))
    r.f("To: {}\nCc: Accounts Receivable team\n", ("EMAIL", b_mail))
    r.f("Subject: RE: RE: invoice {} (overdue)\n\n", ("~INVOICE_ID", g.invoice_id()))
    r.f(PH["hello"][loc] + " {},\n\n", ("PERSON", b_first))
    r.f(
        "Thanks for chasing. {} confirmed the transfer of {} this morning; please use the account "
        "below going forward:\n{}\n\n",
        ("~COMPANY_NAME", comp),
        ("~PRICE", g.price(loc)),
        ("IBAN", g.iban(DATA[loc]["cc"])),
    )
    r.f(
        PH["regards"][loc] + "\n{}\n{} · Mobile {}\n",
        ("PERSON", f"{a_first} {a_last}"),
        "Head of Finance",
        ("PHONE", g.phone(loc)),
    )
    r.f("{}\n\n", ("STREET_ADDRESS", g.address(loc, g.ch(["line", "multi"]))))
    r.f(
        "On {} {} <{}> " + PH["wrote"][loc] + "\n",
        ("~TIMESTAMP", g.ts()),
        ("PERSON", f"{b_first} {b_last}"),
        ("EMAIL", b_mail),
    )
    r.f(
        "> Hi {}, we still have not received payment for order {}.\n",
        ("PERSON", a_first),
        ("~ORDER_ID", g.order_id()),
    )
    r.f(
        "> If it helps, you can also reach my colleague {} directly on {}.\n",
        ("PERSON", g.full(loc)),
        ("PHONE", g.phone(loc)),
    )
    r.f("> --\n> {} | Accounts Receivable\n", ("PERSON", f"{b_first[0]}. {b_last}"))


def t_medical_claim(r: Rec, g: Gen, loc: str) -> None:
    first, last, sex = g.person(loc)
    typ, nid, label = g.national_id(loc, first, last, sex)
    pre, dob = g.dob(loc)
    doc = g.full(loc)
    r.f(
        "CLAIM NOTE — policy {} / claim {}\n",
        ("~POLICY_NUMBER", g.policy_no()),
        ("~TICKET_NUMBER", g.ticket()),
    )
    r.f(
        "Patient: {} {}, {}{}\n",
        g.title(loc, sex),
        ("PERSON", f"{first} {last}"),
        pre,
        ("DATE_OF_BIRTH", dob),
    )
    r.f(label + ": {}\n", (typ, nid))
    r.f("Home: {}\nTel. {}\n", ("STREET_ADDRESS", g.address(loc)), ("PHONE", g.phone(loc)))
    r.f(
        "Treating physician: Dr. {} ({}). Date of service {}; diagnosis {} (asthma, unspecified). "
        "Billed {}.\n",
        ("PERSON", doc),
        "pulmonology",
        ("~DATE_NOT_DOB", g.date_nd(loc)),
        ("~ICD_CODE", g.ch(["ICD-10 J45.909", "ICD-10 M54.5", "ICD-10 K21.9", "ICD-10 S93.401A"])),
        ("~PRICE", g.price(loc)),
    )
    r.f(
        "Note from adjuster: spoke with {}'s spouse {} who confirmed the reimbursement "
        "account {}.\n",
        ("PERSON", first),
        ("PERSON", g.ch(DATA[loc]["first_f" if sex == "m" else "first_m"])),
        ("IBAN", g.iban(DATA[loc]["cc"])),
    )


def t_invoice(r: Rec, g: Gen, loc: str) -> None:
    first, last, sex = g.person(loc)
    r.f(
        "INVOICE {}    date {}\n",
        ("~INVOICE_ID", g.invoice_id()),
        ("~DATE_NOT_DOB", g.date_nd(loc)),
    )
    r.f("Supplier: {} — VAT registered\n", ("~COMPANY_NAME", g.ch(COMPANIES[loc])))
    r.f(
        "Bill to:\n{} {}\n{}\n",
        g.title(loc, sex),
        ("PERSON", f"{first} {last}"),
        ("STREET_ADDRESS", g.address(loc, "multi")),
    )
    r.f("\nQty  Item                         Unit price\n")
    r.f(
        "1    {} ({})    {}\n",
        ("~PRODUCT_NAME", g.ch(PRODUCTS)),
        ("~SKU", g.sku()),
        ("~PRICE", g.price(loc)),
    )
    r.f("2    EAN {} replacement filter   {}\n", ("~EAN13", g.ean13()), ("~PRICE", g.price(loc)))
    r.f(
        "\nPaid by card {} on {}. Questions: {}\n",
        ("CREDIT_CARD", g.card()),
        ("~TIMESTAMP", g.ts()),
        ("EMAIL", g.email(first, last, loc)),
    )
    r.f(
        "Refunds are sent to the payer's account {} unless stated otherwise.\n",
        ("IBAN", g.iban(DATA[loc]["cc"])),
    )


def t_shipping_label(r: Rec, g: Gen, loc: str) -> None:
    first, last, _ = g.person(loc)
    style = g.ch(["multi", "multi", "line", "pobox"])
    name = g.ch(
        [f"{first} {last}", f"{last.upper()} {first}", f"{first[0]}. {last}", f"{last}, {first}"]
    )
    r.f("SHIP TO\n{}\n{}\n", ("PERSON", name), ("STREET_ADDRESS", g.address(loc, style)))
    r.f("☎ {}\n", ("PHONE", g.phone(loc)))
    r.f(
        "-----------------------------\nFROM: {} Returns Centre, {}\n",
        ("~COMPANY_NAME", g.ch(COMPANIES[loc])),
        ("~CITY", DATA[loc]["cities"][0][0]),
    )
    r.f(
        "TRACKING {}\nORDER {}   WEIGHT 2.4 kg   PIECES 1/1\n",
        ("~TRACKING_NUMBER", g.tracking()),
        ("~ORDER_ID", g.order_id()),
    )
    r.f("Contents: {} x1\n", ("~PRODUCT_NAME", g.ch(PRODUCTS)))
    if g.r.random() < 0.5:
        r.f(
            "Leave with neighbour {} at no. {} if absent.\n",
            ("PERSON", g.ch(DATA[loc]["last"])),
            str(g.r.randint(1, 99)),
        )


def t_json_payload(r: Rec, g: Gen, loc: str) -> None:
    first, last, sex = g.person(loc)
    typ, nid, _ = g.national_id(loc, first, last, sex)
    r.f("POST /v3/customers HTTP/1.1\nHost: api.shop.example.com\n")
    if g.r.random() < 0.5:
        r.f("Authorization: Bearer {}\n", ("JWT", g.jwt()))
    else:
        name, key = g.api_key()
        r.f(f"{name}: {{}}\n", ("GENERIC_API_KEY", key))
    r.f("Content-Type: application/json\n\n{\n")
    r.f(
        '  "request_id": "{}",\n  "client_version": "{}",\n',
        ("~UUID", g.uuid()),
        ("~VERSION", g.version()),
    )
    r.f(
        '  "customer": {\n    "given_name": "{}",\n    "family_name": "{}",\n',
        ("PERSON", first),
        ("PERSON", last),
    )
    r.f('    "birthDate": "{}",\n    "taxId": "{}",\n', ("DATE_OF_BIRTH", g.dob_iso()), (typ, nid))
    r.f(
        '    "contact": {"email": "{}", "mobile": "{}"},\n',
        ("EMAIL", g.email(first, last, loc)),
        ("PHONE", g.phone(loc)),
    )
    addr = g.address(loc).replace("\n", ", ")
    r.f(
        '    "address": "{}",\n    "last_login_ip": "{}"\n  },\n',
        ("STREET_ADDRESS", addr),
        ("IP_ADDRESS", g.ip()),
    )
    r.f(
        '  "payment": {"iban": "{}", "amount": "{}"},\n',
        ("IBAN", g.iban(DATA[loc]["cc"], spaced=False)),
        ("~PRICE", g.price(loc)),
    )
    r.f('  "created_at": "{}"\n}\n', ("~TIMESTAMP", g.ts()))


def t_csv_export(r: Rec, g: Gen, loc: str) -> None:
    sep = ";" if loc in ("fr_FR", "de_DE", "es_ES", "it_IT", "nl_NL") else ","
    cols = [
        "customer_id",
        "name",
        "email",
        "phone",
        "city",
        "signup",
        "lifetime_value",
        "national_id",
    ]
    r.f(sep.join(cols) + "\n")
    for _ in range(g.r.randint(3, 4)):
        first, last, sex = g.person(loc)
        typ, nid, _ = g.national_id(loc, first, last, sex)
        city = g.ch(DATA[loc]["cities"])[0]
        name = g.ch([f"{first} {last}", f'"{last}, {first}"'])
        r.f("{}" + sep, ("~ORDER_ID", g.dig(8)))
        if name.startswith('"'):
            r.f('"{}"' + sep, ("PERSON", name.strip('"')))
        else:
            r.f("{}" + sep, ("PERSON", name))
        q = '"' if sep == "," else ""
        r.f(
            "{}" + sep + "{}" + sep + "{}" + sep + "{}" + sep + q + "{}" + q + sep + "{}\n",
            ("EMAIL", g.email(first, last, loc)),
            ("PHONE", g.phone(loc)),
            ("~CITY", city),
            ("~TIMESTAMP", g.ts()),
            ("~PRICE", g.price(loc)),
            (typ, nid),
        )


def t_markdown_table(r: Rec, g: Gen, loc: str) -> None:
    r.f("## On-call roster — {}\n\n", ("~PRODUCT_NAME", g.ch(PRODUCTS)))
    r.f("| Engineer | Mobile | Email | Backup | Laptop IP |\n|---|---|---|---|---|\n")
    for _ in range(3):
        first, last, _ = g.person(loc)
        r.f(
            "| {} | {} | {} | {} | {} |\n",
            ("PERSON", f"{first} {last}"),
            ("PHONE", g.phone(loc)),
            ("EMAIL", g.email(first, last, loc)),
            ("PERSON", g.ch(DATA[loc]["first_f"] + DATA[loc]["first_m"])),
            ("IP_ADDRESS", g.ip()),
        )
    r.f(
        "\nEscalation runbook {} (last edited {}), pager key `{}`.\n",
        ("~VERSION", g.version()),
        ("~TIMESTAMP", g.ts()),
        ("GENERIC_API_KEY", g.rs("abcdef0123456789", 32)),
    )


def _slack_secret(r: Rec, g: Gen, kind: int) -> None:
    if kind == 0:
        r.f(
            "oops, pasted this in the wrong channel :facepalm: rotating now\n```\n"
            "aws_access_key_id = {}\n"
            "aws_secret_access_key = {}\n```\n",
            ("AWS_ACCESS_KEY", g.aws_id()),
            ("AWS_SECRET_KEY", g.aws_secret()),
        )
    elif kind == 1:
        r.f(
            "can someone check why `{}` gets 401 from the bot? token is {}\n",
            ("~PRODUCT_NAME", g.ch(PRODUCTS)),
            ("SLACK_TOKEN", g.slack()),
        )
    elif kind == 2:
        r.f(
            "new webhook for the deploy bot: https://hooks.slack.com/services/{}\n",
            ("SLACK_TOKEN", g.slack_webhook_path()),
        )
    else:
        r.f(
            "prod stripe key for the migration script: {} (don't commit it lol)\n",
            ("STRIPE_KEY", g.stripe()),
        )


def t_slack(r: Rec, g: Gen, loc: str) -> None:
    a, b = g.person(loc), g.person(loc)
    handle = g.ch(["sre-oncall", "platform-bot", "secops"])
    r.f("#infra-alerts  |  {}  {}\n", ("PERSON", f"{a[0]} {a[1]}"), ("~TIMESTAMP", g.ts()))
    for kind in g.r.sample(range(4), 2):
        _slack_secret(r, g, kind)
    r.f(
        "  ↳ reply from {}: thanks! also {} said the {} deploy {} is fine\n",
        ("PERSON", b[0]),
        ("PERSON", g.ch(DATA[loc]["first_f"] + DATA[loc]["first_m"])),
        ("~COMPANY_NAME", g.ch(COMPANIES[loc])),
        ("~GIT_SHA", g.sha(short=True)),
    )
    r.f(
        "  ↳ reply from @{}: I'll DM {} the Anthropic key {} separately\n",
        handle,
        ("PERSON", f"{b[0]} {b[1]}"),
        ("ANTHROPIC_API_KEY", g.anthropic()),
    )
    if g.r.random() < 0.5:
        r.f(
            "  ↳ github bot: PAT {} revoked for {}\n",
            ("GITHUB_TOKEN", g.github()),
            ("~UUID", g.uuid()),
        )


def t_stack_trace(r: Rec, g: Gen, loc: str) -> None:
    first, last, _ = g.person(loc)
    email = g.email(first, last, loc)
    pre, url_pw, post = g.cred_url()
    r.f(
        "{} ERROR [worker-3] request {} failed from {}\n",
        ("~TIMESTAMP", g.ts()),
        ("~UUID", g.uuid()),
        ("IP_ADDRESS", g.ip()),
    )
    r.f(
        'Traceback (most recent call last):\n  File "/srv/app/billing/sync.py", line 212, in push\n'
        "    client.upsert(customer)\n"
    )
    r.f('  File "/srv/app/.venv/lib/python3.11/site-packages/crm/client.py", line 88, in upsert\n')
    r.f('    raise CRMError(f"rejected: {payload!r}")\n')
    r.f(
        "crm.errors.CRMError: rejected: Customer(id={}, name='{}', email='{}', "
        "phone='{}', iban='{}')\n",
        ("~ORDER_ID", g.dig(9)),
        ("PERSON", f"{first} {last}"),
        ("EMAIL", email),
        ("PHONE", g.phone(loc)),
        ("IBAN", g.iban(DATA[loc]["cc"], spaced=False)),
    )
    r.f(
        "{} WARN  db pool reconnect dsn={}{}{}\n",
        ("~TIMESTAMP", g.ts()),
        pre,
        ("URL_WITH_CREDENTIALS", url_pw),
        post,
    )
    if g.r.random() < 0.5:
        r.f(
            "{} DEBUG upstream call headers={'authorization': 'Bearer {}'} build {}\n",
            ("~TIMESTAMP", g.ts()),
            ("OPENAI_API_KEY", g.openai()),
            ("~GIT_SHA", g.sha()),
        )
    else:
        r.f(
            "{} DEBUG GET /api/v1/users?email={}&q={} 200 image {}\n",
            ("~TIMESTAMP", g.ts()),
            ("EMAIL", quote(email, safe=""), email, "url_encoded"),
            ("PERSON", quote(f"{first} {last}", safe=""), f"{first} {last}", "url_encoded"),
            ("~DOCKER_DIGEST", g.digest()),
        )


def t_git_diff(r: Rec, g: Gen, loc: str) -> None:
    first, last, _ = g.person(loc)
    pre, url_pw, post = g.cred_url()
    r.f(
        "commit {}\nAuthor: {} <{}>\nDate:   {}\n\n    chore: bump {} and rotate creds\n\n",
        ("~GIT_SHA", g.sha()),
        ("PERSON", f"{first} {last}"),
        ("EMAIL", g.email(first, last, loc)),
        ("~TIMESTAMP", g.ts()),
        ("~VERSION", g.version()),
    )
    r.f(
        "diff --git a/deploy/values.yaml b/deploy/values.yaml\nindex {}..{} 100644\n"
        "--- a/deploy/values.yaml\n"
        "+++ b/deploy/values.yaml\n@@ -12,9 +12,9 @@ image:\n",
        ("~GIT_SHA", g.sha(short=True)),
        ("~GIT_SHA", g.sha(short=True)),
    )
    r.f(
        "-  digest: {}\n+  digest: {}\n",
        ("~DOCKER_DIGEST", g.digest()),
        ("~DOCKER_DIGEST", g.digest()),
    )
    r.f(" env:\n-   DATABASE_URL: {}{}{}\n", pre, ("URL_WITH_CREDENTIALS", url_pw), post)
    pre2, url_pw2, post2 = g.cred_url()
    r.f("+   DATABASE_URL: {}{}{}\n", pre2, ("URL_WITH_CREDENTIALS", url_pw2), post2)
    choice = g.r.sample(range(8), 3)
    for c in choice:
        if c == 0:
            r.f('+   OPENAI_KEY: "{}"\n', ("OPENAI_API_KEY", g.openai()))
        elif c == 1:
            r.f("+   GH_DEPLOY_TOKEN: {}\n", ("GITHUB_TOKEN", g.github()))
        elif c == 2:
            r.f(
                "-   STRIPE_SECRET: {}\n+   STRIPE_SECRET: {}\n",
                ("~PLACEHOLDER", g.ch(PLACEHOLDERS)),
                ("STRIPE_KEY", g.stripe()),
            )
        elif c == 3:
            r.f(
                '+   SERVICE_ACCOUNT_JSON: \'{"type": "service_account", "private_key": "{}"}\'\n',
                ("PRIVATE_KEY", g.pem(escaped=True)),
            )
        elif c == 4:
            r.f("+   tls_key: |\n{}\n", ("PRIVATE_KEY", g.pem()))
        elif c == 6:
            r.f(
                "+   AWS_ACCESS_KEY_ID: {}\n+   AWS_SECRET_ACCESS_KEY: {}\n",
                ("AWS_ACCESS_KEY", g.aws_id()),
                ("AWS_SECRET_KEY", g.aws_secret()),
            )
        elif c == 7:
            r.f(
                "+   SLACK_BOT_TOKEN: {}\n+   JWT_SIGNING_SAMPLE: {}\n",
                ("SLACK_TOKEN", g.slack()),
                ("JWT", g.jwt()),
            )
        else:
            r.f(
                "-   admin_password: {}\n+   admin_password: {}\n",
                ("PASSWORD", g.password()),
                ("PASSWORD", g.password()),
            )
    r.f("    replicas: 3\n")


def t_hr_review(r: Rec, g: Gen, loc: str) -> None:
    first, last, sex = g.person(loc)
    mgr = g.person(loc)
    typ, nid, label = g.national_id(loc, first, last, sex)
    pre, dob = g.dob(loc)
    r.f("Annual review {} — CONFIDENTIAL\n", ("~TICKET_NUMBER", g.ticket()))
    r.f("Reviewer: {}\n\n", ("PERSON", f"{g.title(loc, mgr[2])} {mgr[0]} {mgr[1]}"))
    r.f(
        "Over the year {} led the migration of {} and mentored {} and {}. ",
        ("PERSON", f"{first} {last}"),
        ("~PRODUCT_NAME", g.ch(PRODUCTS)),
        ("PERSON", g.ch(DATA[loc]["first_f"])),
        ("PERSON", g.ch(DATA[loc]["first_m"])),
    )
    r.f(
        "Feedback from {} was very positive; {} is ready for a senior role.\n",
        ("PERSON", g.full(loc)),
        ("PERSON", first),
    )
    r.f(
        "Rating: 4/5. Proposed salary {} from {}.\n\n",
        ("~PRICE", g.price(loc)),
        ("~DATE_NOT_DOB", g.date_nd(loc)),
    )
    r.f(
        "Payroll update: employee {}{}, " + label + " {}, salary to {}, home {}.\n",
        pre,
        ("DATE_OF_BIRTH", dob),
        (typ, nid),
        ("IBAN", g.iban(DATA[loc]["cc"])),
        ("STREET_ADDRESS", g.address(loc)),
    )


def t_minutes(r: Rec, g: Gen, loc: str) -> None:
    people = [g.person(loc) for _ in range(4)]
    r.f("Minutes — steering committee {}\n", ("~DATE_NOT_DOB", g.date_nd(loc)))
    r.f(
        PH["attendees"][loc] + ": {}, {}, {} " + PH["and"][loc] + " {}\n",
        ("PERSON", f"{people[0][0]} {people[0][1]}"),
        ("PERSON", f"{people[1][0]} {people[1][1]}"),
        ("PERSON", f"{people[2][0]} {people[2][1]}"),
        ("PERSON", f"{people[3][0]} {people[3][1]}"),
    )
    r.f(PH["apologies"][loc] + ": {}\n\n", ("PERSON", g.full(loc)))
    r.f(
        "1. {} presented the Q3 numbers for {} ({} revenue). ",
        ("PERSON", people[1][0]),
        ("~CITY", g.ch(DATA[loc]["cities"])[0]),
        ("~PRICE", g.price(loc)),
    )
    r.f(
        "{} and {} disagreed about the {} roll-out; decision deferred.\n",
        ("PERSON", people[2][1]),
        ("PERSON", people[0][0]),
        ("~PRODUCT_NAME", g.ch(PRODUCTS)),
    )
    r.f(
        "2. Vendor {} is renamed; the contract with {} stays.\n",
        ("~BRAND", g.ch(BRANDS_PERSONLIKE)),
        ("~COMPANY_NAME", g.ch(COMPANIES[loc])),
    )
    r.f(
        "Action: {} to send the draft to {} by {} (ticket {}).\n",
        ("PERSON", people[3][0]),
        ("EMAIL", g.email(people[1][0], people[1][1], loc)),
        ("~DATE_NOT_DOB", g.date_nd(loc)),
        ("~TICKET_NUMBER", g.ticket()),
    )


def t_cover_letter(r: Rec, g: Gen, loc: str) -> None:
    first, last, _ = g.person(loc)
    hr = g.person(loc)
    pre, dob = g.dob(loc)
    r.f(
        "{}\n{}\n{} | {}\n",
        ("PERSON", f"{first} {last}"),
        ("STREET_ADDRESS", g.address(loc, "multi")),
        ("PHONE", g.phone(loc)),
        ("EMAIL", g.email(first, last, loc)),
    )
    if loc not in ("en_US", "en_GB"):
        r.f("{}{}\n", pre, ("DATE_OF_BIRTH", dob))
    r.f("\n{}, {}\n\n", ("~CITY", g.ch(DATA[loc]["cities"])[0]), ("~DATE_NOT_DOB", g.date_nd(loc)))
    r.f("Dear {} {},\n\n", g.title(loc, hr[2]), ("PERSON", hr[1]))
    r.f(
        "I am applying for the Data Engineer role (ref. {}) at {}. "
        "At {} I rebuilt the {} pipeline; "
        "my former lead {} is happy to act as a reference.\n\n",
        ("~TICKET_NUMBER", g.ticket()),
        ("~COMPANY_NAME", g.ch(COMPANIES[loc])),
        ("~BRAND", g.ch(BRANDS_PERSONLIKE)),
        ("~PRODUCT_NAME", g.ch(PRODUCTS)),
        ("PERSON", g.full(loc)),
    )
    r.f(PH["regards"][loc] + "\n{}\n", ("PERSON", f"{first} {last}"))


def t_legal_notice(r: Rec, g: Gen, loc: str) -> None:
    first, last, sex = g.person(loc)
    typ, nid, label = g.national_id(loc, first, last, sex)
    pre, dob = g.dob(loc)
    lawyer = g.person(loc)
    case = g.ch(
        [
            f"Az. {g.r.randint(1, 30)} O {g.r.randint(10, 999)}/{g.r.randint(22, 25)}",
            f"RG n° {g.r.randint(22, 25)}/{g.dig(5)}",
            f"Case No. {g.r.randint(2022, 2025)}-CV-{g.dig(5)}",
        ]
    )
    r.f("NOTICE OF DEFAULT — {}\n\n", ("~CASE_NUMBER", case))
    r.f(
        "To: {} {}, {}{}, residing at {} (" + label + " {})\n\n",
        g.title(loc, sex),
        ("PERSON", f"{first} {last}"),
        pre,
        ("DATE_OF_BIRTH", dob),
        ("STREET_ADDRESS", g.address(loc)),
        (typ, nid),
    )
    r.f(
        "On behalf of our client {} we hereby give notice that the amount of {} under agreement {} "
        "remains unpaid. ",
        ("~COMPANY_NAME", g.ch(COMPANIES[loc])),
        ("~PRICE", g.price(loc)),
        ("~INVOICE_ID", g.invoice_id()),
    )
    r.f(
        "Payment must reach account {} within 14 days. "
        "Mr/Ms {} may contact the undersigned at {}.\n\n",
        ("IBAN", g.iban(DATA[loc]["cc"])),
        ("PERSON", last),
        ("EMAIL", g.email(lawyer[0], lawyer[1], loc)),
    )
    r.f(
        "{}\nAttorney at law, {}\n",
        ("PERSON", f"{lawyer[0]} {lawyer[1]}"),
        ("~CITY", g.ch(DATA[loc]["cities"])[0]),
    )


TEMPLATES = {
    "support_chat_bot": t_support_chat,
    "email_thread": t_email_thread,
    "medical_claim": t_medical_claim,
    "invoice": t_invoice,
    "shipping_label": t_shipping_label,
    "json_payload": t_json_payload,
    "csv_export": t_csv_export,
    "markdown_table": t_markdown_table,
    "slack_message": t_slack,
    "stack_trace_log": t_stack_trace,
    "git_diff_config": t_git_diff,
    "hr_review": t_hr_review,
    "meeting_minutes": t_minutes,
    "cover_letter": t_cover_letter,
    "legal_notice": t_legal_notice,
}


def t_negatives_only(r: Rec, g: Gen, loc: str) -> None:
    kind = g.r.randrange(3)
    if kind == 0:
        r.f("Changelog {} ({})\n", ("~VERSION", g.version()), ("~TIMESTAMP", g.ts()))
        r.f(
            "- {} now ships with {}; fixed crash reported in {}.\n",
            ("~PRODUCT_NAME", g.ch(PRODUCTS)),
            ("~VERSION", g.version()),
            ("~TICKET_NUMBER", g.ticket()),
        )
        r.f(
            "- Base image pinned to {} (commit {}).\n",
            ("~DOCKER_DIGEST", g.digest()),
            ("~GIT_SHA", g.sha()),
        )
        r.f(
            "- Parser no longer treats {} or {} as a card/IBAN.\n",
            ("~BAD_LUHN_16", g.bad_luhn()),
            ("~BAD_IBAN", g.iban(DATA[loc]["cc"], bad=True)),
        )
        r.f(
            "- Example config uses {} for the key and {} for the password.\n",
            ("~PLACEHOLDER", PLACEHOLDERS[0]),
            ("~PLACEHOLDER", PLACEHOLDERS[1]),
        )
    elif kind == 1:
        r.f(
            "Warehouse report {} — {}\n",
            ("~DATE_NOT_DOB", g.date_nd(loc)),
            ("~CITY", g.ch(DATA[loc]["cities"])[0]),
        )
        for _ in range(3):
            r.f(
                "{} | {} | EAN {} | {} | shipped {}\n",
                ("~SKU", g.sku()),
                ("~PRODUCT_NAME", g.ch(PRODUCTS)),
                ("~EAN13", g.ean13()),
                ("~PRICE", g.price(loc)),
                ("~TRACKING_NUMBER", g.tracking()),
            )
        r.f(
            "Supplier {} and {} confirmed; ISBN {} reprint ordered ({}).\n",
            ("~COMPANY_NAME", g.ch(COMPANIES[loc])),
            ("~BRAND", g.ch(BRANDS_PERSONLIKE)),
            ("~ISBN", g.isbn13()),
            ("~ORDER_ID", g.order_id()),
        )
    else:
        r.f(
            "{} INFO  job {} finished in 812 ms, rows=48211, version={}\n",
            ("~TIMESTAMP", g.ts()),
            ("~UUID", g.uuid()),
            ("~VERSION", g.version()),
        )
        r.f(
            "{} INFO  invoice {} total {} settled (ref {})\n",
            ("~TIMESTAMP", g.ts()),
            ("~INVOICE_ID", g.invoice_id()),
            ("~PRICE", g.price(loc)),
            ("~ORDER_ID", g.order_id()),
        )
        r.f(
            "{} WARN  rejected test card {} and IBAN {} (checksum)\n",
            ("~TIMESTAMP", g.ts()),
            ("~BAD_LUHN_16", g.bad_luhn()),
            ("~BAD_IBAN", g.iban(DATA[loc]["cc"], bad=True)),
        )
        r.f(
            "{} INFO  pulled {} for {}\n",
            ("~TIMESTAMP", g.ts()),
            ("~DOCKER_DIGEST", g.digest()),
            ("~PRODUCT_NAME", g.ch(PRODUCTS)),
        )


def build(seed: int) -> list[dict]:
    rng = random.Random(seed)
    g = Gen(rng)
    records = []
    n_var = 0
    for loc in LOCALES:
        for ctx, fn in TEMPLATES.items():
            for rep in range(2):
                r = Rec(g, loc, ctx, f"ch_{ctx}")
                fn(r, g, loc)
                # sprinkle hard negatives into some records with PII
                if rep == 1 and rng.random() < 0.5:
                    r.f("\n[ref {} · build {}]\n", ("~UUID", g.uuid()), ("~VERSION", g.version()))
                variant = None
                if rng.random() < EVASION_RATE:
                    variant = VARIANTS[n_var % len(VARIANTS)]
                    n_var += 1
                records.append((r, variant))
        for _ in range(NEG_ONLY_PER_LOCALE):
            r = Rec(g, loc, "release_or_ops_note", "ch_negatives_only")
            t_negatives_only(r, g, loc)
            records.append((r, None))
    out = []
    for i, (r, variant) in enumerate(records):
        out.append(r.render(f"challenge-{i:05d}", rng, variant))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("-o", "--out", default=str(Path(__file__).with_name("challenge.jsonl")))
    ap.add_argument("--seed", type=int, default=SEED)
    a = ap.parse_args()
    recs = build(a.seed)
    with open(a.out, "w", encoding="utf-8") as fh:
        for rec in recs:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    n_spans = sum(len(r["spans"]) for r in recs)
    n_negs = sum(len(r["negatives"]) for r in recs)
    print(f"wrote {len(recs)} records, {n_spans} spans, {n_negs} hard negatives -> {a.out}")


if __name__ == "__main__":
    main()
