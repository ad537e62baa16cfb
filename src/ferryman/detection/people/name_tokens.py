"""Per-word decisions of the capitalized-run scan in :mod:`names`, memoised.

Why memoised: a word's class (first name, surname, unknown, plain word, particle, initial) and
its role in a run (greeting or title, organisation word, sentence end, particle) depend only on
the word and the process-wide lexicon, and names, labels and words repeat across requests; the
memos turn the set look-ups, ``lower()``/``rstrip()`` copies and CamelCase check per word into
one dict hit (bounded, cleared when full).
"""

from __future__ import annotations

import unicodedata
from typing import TypeVar

from ferryman.detection.people.cues import is_title
from ferryman.detection.people.lexicon import Lexicon, lexicon
from ferryman.detection.people.vocab import (
    AMBIGUOUS_FIRST,
    GREETINGS,
    NEVER_NAME,
    ORG_WORDS,
    PARTICLES,
    PRONOUNS,
)

__all__ = [
    "FIRST",
    "INITIAL",
    "PART",
    "SURNAME",
    "UNKNOWN",
    "WORDY",
    "RunToken",
    "classify",
    "echo_word",
    "fold_word",
    "namey",
    "run_token",
]

# token classes
FIRST, SURNAME, UNKNOWN, WORDY, PART, INITIAL = range(6)

_INNER_CAP_OK = ("Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Fitz", "Del")
#: entries per memo before it is cleared: words of a run, names and e-mail parts repeat, so a
#: few thousand cover a busy gateway; the bound keeps a stream of unique tokens from growing them
#: (~3 MB per full memo of :data:`RunToken` tuples, less for the others)
_MEMO_SIZE = 16384
#: longer tokens are not kept (no name is this long; a memo of huge tokens would hold megabytes)
_MEMO_WORD = 64
_V = TypeVar("_V")


def _remember(memo: dict[str, _V], key: str, value: _V) -> None:
    """Keep ``value`` for ``key``: the memo is cleared when full, long tokens are not kept."""
    if len(memo) >= _MEMO_SIZE:
        memo.clear()
    if len(key) <= _MEMO_WORD:
        memo[key] = value


_FOLD_MEMO: dict[str, str] = {}


def fold_word(word: str) -> str:
    """``word`` lower-cased without accents ("Éloïse" -> "eloise")."""
    folded = _FOLD_MEMO.get(word)
    if folded is None:
        folded = "".join(
            c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c)
        )
        _remember(_FOLD_MEMO, word, folded)
    return folded


def _classify_uncached(tok: str, lx: Lexicon) -> int:
    if tok in PARTICLES:
        return PART
    if len(tok) == 2 and tok[1] == ".":
        return INITIAL
    word = tok.lower()
    if word in ORG_WORDS or word in PRONOUNS:
        return WORDY
    if (
        tok in lx.first
        and tok not in AMBIGUOUS_FIRST
        and (word not in lx.frequent or tok in lx.top_first)
    ):
        return FIRST
    if tok in lx.surnames and (word not in lx.frequent or tok in lx.top_surnames):
        return SURNAME
    if word in lx.words or tok in AMBIGUOUS_FIRST or word in NEVER_NAME:
        return WORDY
    core = tok[3:] if tok[1:2] in ("'", "\u2019") else tok[1:]
    camel = any(c.isupper() for c in core) and not tok.startswith(_INNER_CAP_OK)
    if camel and "-" not in tok:
        return WORDY  # CamelCase identifiers, not names
    return UNKNOWN


_CLASS_MEMO: dict[str, int] = {}


def classify(tok: str, lx: Lexicon) -> int:
    """The class of ``tok`` as spelled (the lexicon is immutable, so the answer never changes)."""
    cls = _CLASS_MEMO.get(tok)
    if cls is None:
        cls = _classify_uncached(tok, lx)
        _remember(_CLASS_MEMO, tok, cls)
    return cls


#: run token -> may it make the run a name (a first name, surname or unknown word, or any
#: first-name spelling); most runs ("Account Executive", "Release Notes") hold none and are
#: dropped with one dict hit per token, before any context look-up
_NAMEY_MEMO: dict[str, bool] = {}


def namey(tok: str) -> bool:
    """May ``tok`` (a word of a capitalized run) make the run a name?"""
    found = _NAMEY_MEMO.get(tok)
    if found is None:
        lx = lexicon()
        bare = tok.rstrip(".") if len(tok) > 2 else tok
        found = classify(bare, lx) in (FIRST, SURNAME, UNKNOWN) or tok.rstrip(".") in lx.first
        _remember(_NAMEY_MEMO, tok, found)
    return found


#: What a word of a capitalized run means to the run scan, as a plain tuple (unpacked in the
#: loop): ``cue`` a greeting or title (a name follows); ``starts_cued`` a name may start here
#: right after a cue (not "Team", not an organisation word); ``starts`` a name may start here
#: without one (not a plain word or particle); ``cls`` the class without trailing dots;
#: ``blocks`` an organisation word or "Team" (ends a name even after a cue); ``ends`` a sentence
#: ends after it (a trailing dot, not a title); ``follows`` not a particle (a word right after a
#: name that makes it part of something longer).
RunToken = tuple[bool, bool, bool, int, bool, bool, bool]

_RUN_MEMO: dict[str, RunToken] = {}


def _run_token(tok: str, lx: Lexicon) -> RunToken:
    low = tok.lower().rstrip(".,")
    bare = tok.rstrip(".") if len(tok) > 2 else tok
    bare_low = bare.lower()
    return (
        low in GREETINGS or is_title(tok),
        low not in NEVER_NAME and low not in ORG_WORDS,
        classify(tok.rstrip("."), lx) not in (WORDY, PART),
        classify(bare, lx),
        bare_low in ORG_WORDS or bare_low in NEVER_NAME,
        tok.endswith(".") and len(tok) > 2 and not is_title(tok),
        tok.rstrip(".").lower() not in PARTICLES,
    )


def run_token(tok: str, lx: Lexicon) -> RunToken:
    """The memoised :data:`RunToken` of ``tok``."""
    facts = _RUN_MEMO.get(tok)
    if facts is None:
        facts = _run_token(tok, lx)
        _remember(_RUN_MEMO, tok, facts)
    return facts


_ECHO_MEMO: dict[str, str] = {}


def echo_word(tok: str, lx: Lexicon) -> str:
    """``tok`` without edge dots and commas when its other mentions are the same person (a
    capitalized first name, surname or unknown word of three letters or more), else ""."""
    word = _ECHO_MEMO.get(tok)
    if word is None:
        word = tok.strip(".,")
        named = classify(word, lx) in (FIRST, SURNAME, UNKNOWN)
        if not (len(word) >= 3 and word[0].isupper() and named):
            word = ""
        _remember(_ECHO_MEMO, tok, word)
    return word
