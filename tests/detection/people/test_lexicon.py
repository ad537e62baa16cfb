"""The shipped lexicons load quickly and hold the common names of several locales."""

from __future__ import annotations

import time

from ferryman.detection.people.lexicon import lexicon


def test_lexicon_holds_common_names_of_several_locales() -> None:
    lx = lexicon()
    for first in ("John", "Marie", "Hans", "María", "Giuseppe", "Jan", "Mehmet", "Priya"):
        assert first in lx.first, first
    for last in ("Smith", "Dubois", "Müller", "García", "Rossi", "Jansen", "Y\u0131lmaz"):
        assert last in lx.surnames, last


def test_common_words_are_known_and_lower_case() -> None:
    lx = lexicon()
    assert {"street", "invoice", "release", "please"} <= lx.words
    assert "John" not in lx.words


def test_lexicon_is_cached_and_loads_fast() -> None:
    lexicon.cache_clear()
    t = time.perf_counter()
    lexicon()
    assert time.perf_counter() - t < 2.0
    assert lexicon() is lexicon()
