"""The name and word lexicons, loaded once and lazily from the package's gzip files.

Why lazy: most processes that import ferryman never scan a prompt for names (CLI commands, the
admin API); the ~1.6 MB of data are read and turned into frozensets on the first scan only
(~0.3 s), then shared by every request and thread. The files are built offline by
``scripts/build_lexicon.py`` from ``names-dataset`` and spelling dictionaries; nothing is
downloaded at run time.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["Lexicon", "lexicon"]

#: a surname also spelled as a common word counts as a name only when this frequent
TOP_SURNAME_RANK = 1000
#: a first name also spelled as a common word counts as a name only when this frequent
TOP_FIRST_RANK = 1000
#: words at least this frequent (10 x Zipf) outweigh a rarer name reading
FREQUENT_WORD = 35


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Frozen sets for O(1) token classification (names as spelled, words lower-case).

    ``first`` / ``surnames``: every name of the build slices. ``words``: lower-case common words
    of the supported languages. ``frequent``: the words frequent enough (Zipf >= 3.5) that a
    name reading needs rank evidence. ``top_first`` / ``top_surnames``: the heads of the lists.
    """

    first: frozenset[str]
    top_first: frozenset[str]
    surnames: frozenset[str]
    top_surnames: frozenset[str]
    words: frozenset[str]
    frequent: frozenset[str]


def _rows(name: str) -> list[tuple[str, int]]:
    data = resources.files("ferryman.detection.people").joinpath("data", name).read_bytes()
    out: list[tuple[str, int]] = []
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        if line and not line.startswith("#"):
            key, _, num = line.partition("\t")
            out.append((key, int(num)))
    return out


@cache
def lexicon() -> Lexicon:
    """The shared lexicon (read from the package data on first use)."""
    first = _rows("first_names.txt.gz")
    last = _rows("surnames.txt.gz")
    words = _rows("words.txt.gz")
    return Lexicon(
        first=frozenset(k for k, _ in first),
        top_first=frozenset(k for k, r in first if r <= TOP_FIRST_RANK),
        surnames=frozenset(k for k, _ in last),
        top_surnames=frozenset(k for k, r in last if r <= TOP_SURNAME_RANK),
        words=frozenset(k for k, _ in words),
        frequent=frozenset(k for k, z in words if z >= FREQUENT_WORD),
    )
