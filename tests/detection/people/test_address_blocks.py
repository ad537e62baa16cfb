"""STREET_ADDRESS: whole blocks (units, postcode, city lines), PO boxes, house-number suffixes."""

from __future__ import annotations

import pytest

from ferryman.detection.engine import Engine
from ferryman.detection.people.addresses import AddressRecognizer

ENGINE = Engine([AddressRecognizer()])


def addresses(text: str) -> list[str]:
    return [text[f.start : f.end] for f in ENGINE.detect(text) if f.type == "STREET_ADDRESS"]


@pytest.mark.parametrize(
    "block",
    [
        "Flat 7C\n14 Bramble Road\nYork\nYO1 7HH",
        "Unit 3, 88 Fenwick Lane, Halifax HX1 2QT",
        "402 Birch Hollow Dr\nApt 12\nFargo, ND 58102",
        "19 N Lakeshore Ave, Suite 400, Madison, WI 53703",
        "Bâtiment C, 3e étage\n8 rue des Acacias\n69003 Lyon",
        "Gartenweg 12\nHinterhaus, 2. OG\n04109 Leipzig",
        "Rosenstraße 4, 3. Stock links, 80331 München",
        "Birkenallee 9, D-10115 Berlin",
        "Calle de Toledo, 45, 2º izq.\n28005 Madrid",
        "Avda. de América 10, 4º B, 28028 Madrid",
        "Via Verdi, 12 - scala A, int. 4\n20121 Milano (MI)",
        "Corso Umberto I 18, 80138 Napoli NA",
        "Prinsengracht 263-II, 1016 GV Amsterdam",
        "Laan van Nieuw Oost-Indië 12 hs\n2593 BL  DEN HAAG",
        "Nieuwe Gracht 7-A, 3512 LB Utrecht",
        "PO Box 4411, Boise, ID 83702",
        "Postfach 10 20 30, 50667 Köln",
        "Casella Postale 88, 00184 Roma (RM)",
        "Postbus 5005, 3502 JA Utrecht",
        "Apartado de Correos 12, 41080 Sevilla",
        "Auf der Heide 7\n33602 Bielefeld",
        "BP 48, 75002 Paris Cedex",
    ],
)
def test_whole_block_is_one_finding(block: str) -> None:
    text = f"Ship to:\n{block}\n\nThanks for your order."
    assert addresses(text) == [block]


@pytest.mark.parametrize(
    "text",
    [
        "Im Jahr 2020 haben wir 12 Kunden gewonnen.",
        "Am Montag 15 Tickets geschlossen.",
        "Release 4.2 ships in Q3; see BP 12 in the plan.",
        "We met in Leeds and later in York.",
        "BP 25 is open; see item 4 in York.",
    ],
)
def test_no_address(text: str) -> None:
    assert addresses(text) == []


def test_city_line_alone_is_not_taken_without_postcode() -> None:
    assert addresses("12 Baker Street\nRegards\nTom") == ["12 Baker Street"]
