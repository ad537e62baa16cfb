"""PERSON: lone names after roles/verbs, speakers, lists, fields, reprs, URL values, inverted
forms, name columns, and the organisations/places that must survive."""

from __future__ import annotations

import pytest

from ferryman.detection.engine import Engine
from ferryman.detection.people.names import PersonRecognizer

ENGINE = Engine([PersonRecognizer()])


def persons(text: str) -> list[str]:
    return [text[f.start : f.end] for f in ENGINE.detect(text) if f.type == "PERSON"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[09:14] Agent Marisol joined the conversation", ["Marisol"]),
        ("ok, thanks Anneliese, that fixed it", ["Anneliese"]),
        ("confirmed by her husband Reinhard yesterday", ["Reinhard"]),
        ("she mentored Rosalind and Cornelius last year", ["Rosalind", "Cornelius"]),
        ("btw Henrike said the rollout is fine", ["Henrike"]),
        ("Leave the key with neighbour Fitzgerald please", ["Fitzgerald"]),
        ("Anruf: Frau Kowalewski bittet um Rückruf", ["Kowalewski"]),
        ("Ho parlato con la collega Benedetta ieri", ["Benedetta"]),
        ("hola, me llamo lucía quintero y tengo un problema", ["lucía quintero"]),
        ("hey my name is rosalind achterberg and I need help", ["rosalind achterberg"]),
        ("Log:\n[10:02] Marisol: can you check?\n", ["Marisol"]),
    ],
)
def test_lone_names_with_context(text: str, expected: list[str]) -> None:
    assert persons(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"given_name": "Ottilie", "family_name": "Brandvold"}', ["Ottilie", "Brandvold"]),
        ('{"vorname": "Jörg", "nachname": "Kessler"}', ["Jörg", "Kessler"]),
        ('{"prenom": "Gaëlle", "nom": "Fournet"}', ["Gaëlle", "Fournet"]),
        ("User(id=7, name='Teodoro Bassani', active=True)", ["Teodoro Bassani"]),
        ("GET /search?q=Teodoro%20Bassani&page=2", ["Teodoro%20Bassani"]),
        ("GET /search?name=Teodoro+Bassani&page=2", ["Teodoro+Bassani"]),
        ('7;"Brandvold, Ottilie";ottilie@example.test', ["Brandvold, Ottilie"]),
        ("DELIVER TO\nDUPONT Marie\n", ["DUPONT Marie"]),
    ],
)
def test_structured_names(text: str, expected: list[str]) -> None:
    assert persons(text) == expected


def test_name_column_of_a_table() -> None:
    table = (
        "| Service | Owner | Backup |\n|---|---|---|\n| api | Ottilie Brandvold | Cornelius |\n"
        "| db | Teodoro Bassani | Rosalind |\n| web | Jörg Kessler | Anneliese |\n"
    )
    found = persons(table)
    for name in ("Cornelius", "Rosalind", "Anneliese"):
        assert name in found


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for chasing. Giovanni Rana confirmed the transfer.",
        "We buy at Albert Heijn every week.",
        "On behalf of our client Dr. Oetker we write.",
        "Pettigrew & Sons Hardware LLC confirmed the order.",
        "Ice cream from Ben & Jerry's again.",
        "Supplier: Johnson & Johnson",
        "Meeting in Den Haag tomorrow.",
        "Invoice from Fratelli Cattaneo S.r.l. attached.",
        '{"name": "prod-cluster", "owner": "platform"}',
        "GET /search?q=blue%20widget&page=2",
        "the agent Smith-class vehicle",
        "thanks Will, see you",
    ],
)
def test_organisations_places_and_words_survive(text: str) -> None:
    assert persons(text) == []
