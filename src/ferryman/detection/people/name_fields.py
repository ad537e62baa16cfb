"""Names in structured text: JSON keys and code reprs, URL-encoded query values, inverted and
upper-case surname forms in cells and labels, and table columns of names.

Why structure instead of prose cues: a record field says what its value is ("given_name",
``name='...'``, a column whose other cells are first names) whatever the words are, and
labels, CSV cells and shipping labels put the surname first ("Pettigrew, Darlene",
"KOWALCZYK Jolene"). Every scan here is led by a literal (a quote after a colon or an equals
sign, "%20", a comma before a capital, a table pipe) and judged candidate-locally.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote_plus

from ferryman.detection.people.lexicon import Lexicon
from ferryman.detection.people.patterns import LOWER, UPPER
from ferryman.detection.people.vocab import PARTICLES

__all__ = ["CAPS_FIRST", "field_names"]

Span = tuple[int, int]
Classify = Callable[[str, Lexicon], int]
_FIRST, _SURNAME, _UNKNOWN, _WORDY, _PART = range(5)

#: keys whose value is a person's name part whatever its words (normalized: lower, no "_-")
_STRICT_KEYS = frozenset(
    [
        "givenname",
        "familyname",
        "firstname",
        "lastname",
        "surname",
        "surnames",
        "fullname",
        "middlename",
        "nachname",
        "vorname",
        "familienname",
        "prenom",
        "prénom",
        "nombre",
        "apellido",
        "apellidos",
        "nomecompleto",
        "cognome",
        "achternaam",
        "voornaam",
        "patientname",
        "customername",
        "employeename",
        "contactname",
        "displayname",
        "holdername",
        "cardholder",
        "accountholder",
    ]
)
#: keys whose value is a person only when it reads like a name
_NAME_KEYS = frozenset(
    [
        "name",
        "nom",
        "naam",
        "nome",
        "contact",
        "customer",
        "client",
        "patient",
        "employee",
        "assignee",
        "author",
        "owner",
        "reporter",
        "requester",
        "recipient",
        "sender",
        "user",
        "member",
        "driver",
        "tenant",
        "guest",
        "holder",
    ]
)
#: a quoted value after a colon or an equals sign; two scans led by a literal character, since
#: Python's engine skips to a literal several times faster than to a character class
_VALUE_COLON = re.compile(r":[ \t]*([\"'])")
_VALUE_EQUALS = re.compile(r"=[ \t]*([\"'])")
_KEY = re.compile(r"([A-Za-z_\-]{2,30})[\"']?[ \t]*\Z")
_PERCENT = re.compile(r"[^\s&?=\"'<>,;|()\[\]{}]+")
_PLUS = re.compile(rf"=([{UPPER}][{LOWER}]+(?:\+[\w%'.-]+){{1,3}})(?=[&\s\"']|$)")
_INVERTED = re.compile(
    rf",[ \t]?(?=[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?[ \t]*(?:[\"';|\t\r\n]|$))"
)
#: right after the blank between an upper-case surname and a capitalized first name ending a cell
#: ("KOWALCZYK Jolene"), as part of :data:`~.name_scan.BLANK_SCAN`
CAPS_FIRST = (
    rf"(?<=[{UPPER}]{{2}} )"
    rf"(?=[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?[ \t]*(?:[\"';|\t\r\n]|$))"
)
_WORD = re.compile(rf"[{UPPER}{LOWER}'\u2019.-]+")
_URL_STOP = frozenset(" \t\r\n&?=\"'<>,;|()[]{}")
_NONSPACE = re.compile(r"\S+")
_CELL_WORD = re.compile(r"[^\s\"';|]+")
_CELL_START = "\n\"';|\t"


def field_names(text: str, lx: Lexicon, classify: Classify, caps_first: list[int]) -> list[Span]:
    """Spans of names in fields, reprs, query strings, inverted forms and name columns.

    ``caps_first``: the blanks between an upper-case word and a capitalized cell-ending word
    (:data:`CAPS_FIRST`, found by :func:`~.name_scan.blanks`).
    """
    out: list[Span] = []
    # every scan below needs a character most prompts lack (a quote, "=", "+", ","): check it first
    quoted = '"' in text or "'" in text
    values = list(_VALUE_COLON.finditer(text)) if quoted else []
    if quoted and "=" in text:
        values += _VALUE_EQUALS.finditer(text)
        values.sort(key=_start)
    for m in values:
        q = m.group(1)
        start = m.end()
        end = text.find(q, start, start + 80)
        if end == -1:
            continue
        k = _KEY.search(text, max(0, m.start() - 32), m.start())
        if k is None:
            continue
        key = k.group(1).lower().replace("_", "").replace("-", "")
        value = text[start:end]
        if (key in _STRICT_KEYS and _wordish(value, strict=True)) or (
            key in _NAME_KEYS
            and _wordish(value, strict=False)
            and _judge(value.split(), lx, classify, need_first=False)
        ):
            out.append((start, end))
    pos = text.find("%20")
    while pos != -1:
        a = pos
        while a > pos - 60 and a and text[a - 1] not in _URL_STOP:
            a -= 1
        token = _PERCENT.match(text, a)
        b = token.end() if token is not None else pos + 3
        if b > pos + 3 and _judge(unquote_plus(text[a:b]).split(), lx, classify, need_first=True):
            out.append((a, b))
        pos = text.find("%20", max(b, pos + 3))
    if "+" in text and "=" in text:
        for m in _PLUS.finditer(text):
            if _judge(unquote_plus(m.group(1)).split(), lx, classify, need_first=True):
                out.append(m.span(1))
    out.extend(_inverted(text, lx, classify, caps_first))
    if text.count("|") >= 6:
        out.extend(_columns(text, lx, classify))
    return out


def _start(m: re.Match[str]) -> int:
    return m.start()


def _wordish(value: str, *, strict: bool) -> bool:
    words = value.split()
    if not 1 <= len(words) <= 4 or any(_WORD.fullmatch(w) is None for w in words):
        return False
    caps = [w for w in words if w not in PARTICLES]
    if not caps:
        return False
    return strict or all(w[0].isupper() for w in caps)


def _judge(words: list[str], lx: Lexicon, classify: Classify, *, need_first: bool) -> bool:
    """A name reading of ``words``: known first name (or any name part), nothing common."""
    names = [w for w in words if w not in PARTICLES]
    if not 1 <= len(names) <= 4 or not all(w[:1].isupper() for w in names):
        return False
    if need_first and (len(names) < 2 or classify(names[0], lx) != _FIRST):
        return False
    classes = [classify(w, lx) for w in names]
    if any(
        c == _WORDY and w not in lx.first and w not in lx.surnames
        for w, c in zip(names, classes, strict=True)
    ):
        return False
    return any(c in (_FIRST, _SURNAME, _UNKNOWN) for c in classes)


def _inverted(text: str, lx: Lexicon, classify: Classify, caps_first: list[int]) -> list[Span]:
    """ "Pettigrew, Darlene" and "KOWALCZYK Jolene" in a cell, label or line of their own."""
    out: list[Span] = []
    for m in _INVERTED.finditer(text) if "," in text else ():
        first = _CELL_WORD.match(text, m.end())
        if first is None or classify(first.group(), lx) != _FIRST:
            continue
        a = m.start()
        while a and text[a - 1] not in _CELL_START and a > m.start() - 40:
            a -= 1
        if a and text[a - 1] not in _CELL_START:
            continue
        sur = text[a : m.start()].strip()
        words = [w for w in sur.split() if w not in PARTICLES]
        if not 1 <= len(words) <= 3 or not all(
            classify(w, lx) in (_SURNAME, _UNKNOWN, _FIRST) for w in words
        ):
            continue
        out.append(
            (
                a + (len(text[a : m.start()]) - len(text[a : m.start()].lstrip())),
                first.end(),
            )
        )
    for blank in caps_first:
        first = _CELL_WORD.match(text, blank + 1)
        if first is None or classify(first.group(), lx) != _FIRST:
            continue
        a = blank
        while a and text[a - 1] not in _CELL_START and a > blank - 40:
            a -= 1
        if a and text[a - 1] not in _CELL_START:
            continue
        caps = text[a:blank].strip()
        words = [w for w in caps.split() if w.lower() not in PARTICLES]
        if not 1 <= len(words) <= 3 or not caps.replace("-", "").replace(" ", "").isupper():
            continue
        parts = [p.capitalize() for w in words for p in w.split("-")]
        if any(len(p) < 3 or classify(p, lx) == _WORDY for p in parts):
            continue
        out.append((blank - len(caps), blank + 1 + len(first.group())))
    return out


def _columns(text: str, lx: Lexicon, classify: Classify) -> list[Span]:
    """Every cell of a markdown-table column whose cells are mostly lone first names."""
    out: list[Span] = []
    rows: list[list[Span]] = []
    pos = 0
    for line in [*text.split("\n"), ""]:
        cells: list[Span] = []
        if line.lstrip().startswith("|") and line.count("|") >= 3:
            p = pos + line.index("|")
            for part in line.strip().strip("|").split("|"):
                q = text.index(part, p) if part else p
                cells.append((q, q + len(part)))
                p = q + len(part) + 1
        if cells and (not rows or len(cells) == len(rows[0])):
            rows.append(cells)
        else:
            out.extend(_name_cells(text, rows, lx, classify))
            rows = [cells] if cells else []
        pos += len(line) + 1
    return out


def _name_cells(text: str, rows: list[list[Span]], lx: Lexicon, classify: Classify) -> list[Span]:
    out: list[Span] = []
    data = [r for r in rows[1:] if not set(text[r[0][0] : r[0][1]].strip()) <= set("-: ")]
    if len(data) < 2:
        return out
    for col in range(len(rows[0])):
        cells = [(row[col], text[row[col][0] : row[col][1]].strip()) for row in data]
        firsts = sum(1 for _, v in cells if len(v.split()) == 1 and classify(v, lx) == _FIRST)
        if firsts * 10 < len(cells) * 6:
            continue
        for (a, b), v in cells:
            if v and _wordish(v, strict=False) and len(v.split()) <= 3:
                s = text.index(v, a, b)
                out.append((s, s + len(v)))
    return out
