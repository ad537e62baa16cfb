"""PERSON: cues of every kind and locale, particles, evasions, and what must stay untouched."""

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
        ("Dear Helga Brandvold,\n\nplease find attached", ["Helga Brandvold"]),
        ("Hi Ottilie,\nthe build is green.", ["Ottilie"]),
        ("Bonjour Amandine Lefort, merci.", ["Amandine Lefort"]),
        ("Hallo Jörg Kessler, danke!", ["Jörg Kessler"]),
        ("Best regards,\nTamsin Holloway\nAccount Executive", ["Tamsin Holloway"]),
        ("Cordialement,\nGaëlle Fournet", ["Gaëlle Fournet"]),
        ("Mit freundlichen Grüßen\nWiebke Hansen", ["Wiebke Hansen"]),
        ("Met vriendelijke groet,\nFenna", ["Fenna"]),
        ("Name: Brigida Castellano\nEmail: x", ["Brigida Castellano"]),
        ("Nom : Yvonne Perret\n", ["Yvonne Perret"]),
        ("Ansprechpartner: Dr. Henrike Vogt\n", ["Henrike Vogt"]),
        ("Naam: Stijn de Vries\n", ["Stijn de Vries"]),
        ("my name is Rosalind Achterberg and I need help", ["Rosalind Achterberg"]),
        ("Hi, I'm Juan Pablo Ordóñez from ops.", ["Juan Pablo Ordóñez"]),
        ("je m'appelle Clémence Roussel.", ["Clémence Roussel"]),
        ("Call with Ingeborg Lindqvist (0301234567) today", ["Ingeborg Lindqvist"]),
        ("Signed by Mr. Desmond Okafor yesterday", ["Desmond Okafor"]),
        ("Herr Lüdenscheidt called back.", ["Lüdenscheidt"]),
        (
            "entered into by Acme Logistics and Marisol Quintero, born on 01/02/1980",
            ["Marisol Quintero"],
        ),
        ("From: Teodoro Bassani <t.bassani@example.com>\n", ["Teodoro Bassani"]),
        ("Employee: Myrthe van de Elzas\n", ["Myrthe van de Elzas"]),
        (
            "Reviewed with Siobhan O'Connell and Ewan McAllister.",
            ["Siobhan O'Connell", "Ewan McAllister"],
        ),
    ],
)
def test_cued_names(text: str, expected: list[str]) -> None:
    assert persons(text) == expected


def test_name_without_cue_needs_first_name_and_surname() -> None:
    assert persons("The ticket was closed by support after Margaret Thornbury replied.") == [
        "Margaret Thornbury"
    ]


def test_lone_first_name_echoes_a_found_name() -> None:
    text = "From: Roland Dupuis <roland.dupuis@example.com>\n\nThanks, Roland"
    assert persons(text) == ["Roland Dupuis", "Roland"]


def test_zero_width_and_line_break_inside_a_name() -> None:
    text = "Hi, I'm Delfino\u200b Leblanc from ops."
    assert [text[f.start : f.end] for f in ENGINE.detect(text)] == ["Delfino\u200b Leblanc"]
    assert persons("Name: Carolyn\nSchneider") == ["Carolyn\nSchneider"]


@pytest.mark.parametrize(
    "text",
    [
        "Northwind Traders, Acme Logistics, Initech Cloud and Helios Energy renewed.",
        "Customer: Northwind Traders\nContact: Helios Energy\n",
        "Release Notes\n\nNew Features\n- Grace Period for renewals\n- Max Retries setting",
        "Victoria Station is closed on Monday; May and June are busy months in Paris.",
        "Will the deploy finish? Mark it as done. Rose petals. Grant access to admin.",
        "Dear Customer,\nHi Team,\nHello World\nThanks,\nThe Support Team",
        "class FoldedText:\n    def span(self) -> None: ...\nraise ValueError('Bad Request')",
        "2025-06-26 09:06:37,994 INFO api.gateway Started Worker Pool size=8",
        "We moved from Django Rest Framework to Flask; Apache Kafka feeds Redis.",
    ],
)
def test_negatives_are_not_names(text: str) -> None:
    assert persons(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Hello, my name is Rosalind and the export fails.",
        "Yes, this is Rosalind from billing, calling about the invoice.",
        "Please ask for Rosalind at the front desk.",
        "Bonjour, c'est Rosalind, je rappelle demain.",
        "Hallo, ich bin Rosalind und habe eine Frage.",
        "Hola, soy Rosalind y necesito ayuda.",
        "Ciao, sono Rosalind del supporto.",
        "Hoi, ik ben Rosalind van de helpdesk.",
    ],
)
def test_lone_first_name_after_an_introduction(text: str) -> None:
    assert persons(text) == ["Rosalind"]


@pytest.mark.parametrize(
    "text",
    [
        "this is Python from the docs, not Ruby.",
        "I am Groot, said the tree.",
        "ask for Paris or Berlin when booking.",
        "this is Will from the notes; ask for Grace on renewals.",
        "The default is Monday and the owner is Platform.",
        "sono Andate via; c'est Noël.",
    ],
)
def test_introduced_words_that_are_not_first_names(text: str) -> None:
    assert persons(text) == []
