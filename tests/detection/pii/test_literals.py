"""The shared literal pass: one lower-cased copy and one automaton per text, per thread."""

from __future__ import annotations

import threading

from ferryman.detection.pii.literals import hits, lowered, register

register("test.words", ("cat", "at", "dog"))


def test_hits_are_every_overlapping_occurrence_with_its_index() -> None:
    text = "A Cat sat; DOG."
    assert sorted(hits(text, "test.words")) == [(0, 2), (1, 3), (1, 7), (2, 11)]
    assert lowered(text) == text.lower()
    assert hits(text, "no.such.group") == []


def test_a_text_whose_lower_case_changes_length_has_no_hits() -> None:
    text = "\u0130 cat"  # "İ" lower-cases to two characters
    assert len(text.lower()) != len(text)
    assert hits(text, "test.words") == []


def test_lone_surrogates_do_not_break_the_scan() -> None:
    text = "cat \ud800 dog"
    assert sorted(hits(text, "test.words")) == [(0, 0), (1, 1), (2, 6)]


def test_each_thread_keeps_its_own_last_text() -> None:
    seen: list[list[tuple[int, int]]] = []
    mine = "the dog"
    assert hits(mine, "test.words") == [(2, 4)]

    def other() -> None:
        seen.append(hits("a cat", "test.words"))

    worker = threading.Thread(target=other)
    worker.start()
    worker.join()
    assert sorted(seen[0]) == [(0, 2), (1, 3)]
    assert hits(mine, "test.words") == [(2, 4)]
