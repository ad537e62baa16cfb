"""Lone names the capitalized-run scan cannot judge: after role words and verbs, before verbs,
chat speaker prefixes, lists, and lower-case names after "my name is".

Why separate scans, each led by a literal (a blank, a line break) with fixed-width look-behinds
on the cue word: the main scan only sees runs of capitals or words ending a line, while
"Agent Darlene joined", "thanks Leland," or "also Gethin said" are one capital word inside a
line. The look-behinds let the engine reject almost every blank in C; Python only looks at the
few candidates that follow a cue word. A lone word is accepted only when it is a first name of
the lexicon and not a common word (surnames too after titles and role words like "neighbour").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ferryman.detection.people.cues import is_title
from ferryman.detection.people.lexicon import Lexicon
from ferryman.detection.people.patterns import LOWER, NAME_TOKEN, alternation, any_case
from ferryman.detection.people.vocab import PARTICLES

__all__ = ["LOWER_INTRO_BEFORE", "LOWER_INTRO_WORDS", "ROLE_BEFORE", "VERBS", "context_names"]

Span = tuple[int, int]
Classify = Callable[[str, Lexicon], int]
_FIRST, _SURNAME, _UNKNOWN, _WORDY, _PART = range(5)

#: words after which a lone first name is a person (roles, kinship, greetings, verbs)
_ROLE_CUES = str.split(
    "agent|spouse|wife|husband|son|daughter|colleague|coworker|co-worker|manager|patient|nurse|"
    "tenant|landlord|landlady|neighbour|neighbor|partner|brother|sister|mother|father|mom|mum|"
    "dad|boss|mentor|intern|doctor|dr|dr.|mr|mr.|mrs|mrs.|ms|ms.|frau|herr|m.|mme|mme.|sr.|sra.|"
    "sig.|sig.ra|sig.ra.|dhr.|dhr|mevr.|mevr|kollege|kollegin|collègue|collega|compañero|"
    "compañera|vecino|vecina|voisin|voisine|nachbar|nachbarin|buurman|buurvrouw|vicino|vicina|"
    "moglie|marito|ehefrau|ehemann|épouse|époux|esposa|esposo|vrouw|man|figlio|figlia|sohn|"
    "tochter|fils|fille|hijo|hija|zoon|dochter|said|asked|told|cc|cc:|ping|pinged|thanks|thank|"
    "thx|cheers|mentored|met|called|emailed|also|merci|danke|gracias|grazie|bedankt|bonjour|"
    "hola|ciao|hallo|hoi|hey|hi|hello|dear|with|attendees:|present:|presenti:|présents:|"
    "anwesend:|aanwezig:|presentes:|reviewer:|by",
    "|",
)
#: of those, the ones after which a surname alone is a person ("neighbour Brannigan")
_SURNAME_CUES = frozenset(
    [
        "neighbour",
        "neighbor",
        "tenant",
        "landlord",
        "landlady",
        "patient",
        "dr",
        "dr.",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "frau",
        "herr",
        "m.",
        "mme",
        "mme.",
        "sr.",
        "sra.",
        "sig.",
        "sig.ra",
        "sig.ra.",
        "dhr.",
        "dhr",
        "mevr.",
        "mevr",
        "nurse",
        "doctor",
        "voisin",
        "voisine",
        "nachbar",
        "nachbarin",
        "buurman",
        "buurvrouw",
        "vecino",
        "vecina",
        "vicino",
        "vicina",
        "kollege",
        "collega",
        "collègue",
        "colleague",
    ]
)
_ROLES = frozenset(_ROLE_CUES)
_LAST = "".join(sorted({w[-1] for w in _ROLE_CUES} | {w[-1].upper() for w in _ROLE_CUES}))
#: Right after the blank before a capital (see :data:`~.name_scan.BLANK_SCAN`): a role word and
#: that blank. One class look-behind on the letter before the blank, then fixed-width look-behinds
#: on the last two to four letters of the role words, as plain-literal tries of every letter case
#: (``(?i:...)`` alternations of whole words, one per width, cost 4x more); the whole word is
#: checked in Python on the few hits.
_TAILS = [[w[-4:] for w in _ROLE_CUES if min(len(w), 4) == n] for n in (4, 3, 2)]
ROLE_BEFORE = (
    rf"(?<=[{_LAST}] )(?:"
    + "|".join(f"(?<={alternation(any_case(tails))} )" for tails in _TAILS)
    + ")"
)
#: verbs after a lone first name ("also Gethin said", "Torquil to send", "Imogen here")
_VERBS = str.split(
    "said|says|asked|told|wrote|replied|confirmed|agreed|disagreed|suggested|mentioned|noted|"
    "joined|left|presented|reported|added|approved|signed|called|emailed|will|to send|to check|"
    "to follow|here|is out|is off|is on leave|sagte|fragte|a dit|ha detto|dijo|zei",
    "|",
)
#: the verbs, matched after a blank (and followed by no word character)
VERBS = alternation(_VERBS)
_NAME = re.compile(NAME_TOKEN)
_BLANKS = re.compile(r"([ \t]+)")
_JOIN = re.compile(r"(?:[ \t]*,[ \t]*|[ \t]+(?:and|und|et|y|e|en|&|or|oder|ou|o|of)[ \t]+)")
_SPEAKER = re.compile(
    rf"\n[ \t]*(?:\[[^\]\n]{{1,24}}\][ \t]*)?({NAME_TOKEN}(?:[ \t]{NAME_TOKEN})?):[ \t]"
)
_INTROS = str.split(
    "my name is|my name's|name is|i am|i'm|me llamo|mi nombre es|mi chiamo|mijn naam is|"
    "ik heet|ik ben|je m'appelle|je suis|ich heiße|ich heisse|ich bin|mein name ist|soy|sono",
    "|",
)
_INTRO_PHRASES = tuple(_INTROS)
_INTRO_LAST = sorted({p.split()[-1] for p in _INTROS})
#: a lower-case word right after an introducing phrase and a blank: the phrase's last word checked
#: by fixed-width look-behinds and the whole phrase in Python (~3 ms/MB, where a leading
#: alternation of the phrases cost ~16); the words are captured by :data:`LOWER_INTRO_WORDS`
LOWER_INTRO_BEFORE = (
    rf"(?<=[{''.join(sorted({w[-1] for w in _INTRO_LAST}))}] )(?:"
    + "|".join(
        f"(?<=(?:{'|'.join(re.escape(w) for w in _INTRO_LAST if len(w) == n)}) )"
        for n in sorted({len(w) for w in _INTRO_LAST})
    )
    + ")"
)
LOWER_INTRO_WORDS = rf"[{LOWER}]+(?:[ \t-]+[{LOWER}']+){{0,3}}"


def _tok_ok(tok: str, lx: Lexicon, classify: Classify, surname_ok: bool) -> bool:
    cls = classify(tok, lx)
    if cls == _FIRST:
        return True
    return surname_ok and cls in (_SURNAME, _UNKNOWN) and len(tok) >= 3


def _grow(text: str, e: int, lx: Lexicon, classify: Classify) -> int:
    """Cover the surname (and particles) right after an accepted first name."""
    pos = e
    for _ in range(4):
        j = pos
        while j < len(text) and text[j] in " \t":
            j += 1
        if j == pos or j >= len(text):
            break
        w = _NAME.match(text, j)
        if w is None:
            sp = text.find(" ", j, j + 6)
            if sp != -1 and text[j:sp] in PARTICLES:
                pos = sp
                continue
            break
        if classify(w.group(), lx) not in (_FIRST, _SURNAME, _UNKNOWN):
            break
        e = pos = w.end()
    return e


def context_names(
    text: str,
    lx: Lexicon,
    classify: Classify,
    roles: list[int],
    verbs: list[int],
    lowers: list[tuple[int, int, str]],
) -> list[Span]:
    """Spans of lone names announced by a role word, a verb, a speaker colon or a list.

    ``roles``: the ends of blanks before a capital after a role-word tail; ``verbs``: the starts
    of blanks before a verb; ``lowers``: a blank after an introducing phrase's last word, the
    start of the lower-case words after it and the words (all from :func:`~.name_scan.blanks`).
    """
    out: list[Span] = []
    for c in roles:
        w = _NAME.match(text, c)
        if w is None or (
            w.end() < len(text) and (text[w.end()].isalnum() or text[w.end()] in "@_-")
        ):
            continue
        ws = text.rfind(" ", max(0, c - 12), c - 1) + 1
        nl = text.rfind("\n", max(0, c - 12), c - 1) + 1
        cue = text[max(ws, nl) : c - 1].lower().lstrip("([\"'")
        if cue not in _ROLES:
            continue
        if is_title(w.group()) or not _tok_ok(w.group(), lx, classify, cue in _SURNAME_CUES):
            continue
        out.append((c, _grow(text, w.end(), lx, classify)))
    for b in verbs:
        a = b
        while a and (text[a - 1].isalpha() or text[a - 1] in "-'\u2019"):
            a -= 1
        if a == b or (a and (text[a - 1].isalnum() or text[a - 1] in "@_.")):
            continue
        if classify(text[a:b], lx) == _FIRST:
            out.append((a, b))
    if "\n" in text and ":" in text:
        for m in _SPEAKER.finditer("\n" + text):
            a, b = m.span(1)
            toks = m.group(1).split()
            if classify(toks[0], lx) != _FIRST:
                continue
            if len(toks) == 2 and classify(toks[1], lx) not in (_SURNAME, _UNKNOWN, _FIRST):
                continue
            out.append((a - 1, b - 1))
    for blank, words_at, words in lowers:
        line = text[max(0, blank - 24) : blank].lower()
        if not line.endswith(_INTRO_PHRASES) or not any(
            line.endswith(p) and not line[-len(p) - 1 : -len(p)].isalnum() for p in _INTROS
        ):
            continue
        span = _lower_name(words, lx)
        if span:
            out.append((words_at, words_at + span))
    out.extend(_lists(text, out, lx, classify))
    return out


def _lower_name(words: str, lx: Lexicon) -> int:
    """Length of the lower-case name at the start of ``words`` ("leland kowalczyk and ...")."""
    parts = _BLANKS.split(words)
    first = parts[0]
    cap = first[:1].upper() + first[1:]
    if cap not in lx.first or first in lx.frequent or len(first) < 3:
        return 0
    end = len(first)
    pos = end
    for k in range(2, len(parts), 2):
        tok = parts[k]
        pos += len(parts[k - 1])
        if tok in PARTICLES:
            pos += len(tok)
            continue
        capt = "-".join(p[:1].upper() + p[1:] for p in tok.split("-"))
        if tok in lx.words and capt not in lx.surnames:
            break
        pos += len(tok)
        end = pos
    return end


def _lists(text: str, found: list[Span], lx: Lexicon, classify: Classify) -> list[Span]:
    """Further first names joined to a found one ("mentored Shauna and Ezekiel")."""
    out: list[Span] = []
    for _, e in found:
        for _ in range(8):
            j = _JOIN.match(text, e)
            if j is None:
                break
            w = _NAME.match(text, j.end())
            if w is None or classify(w.group(), lx) != _FIRST:
                break
            e = _grow(text, w.end(), lx, classify)
            out.append((w.start(), e))
    return out
