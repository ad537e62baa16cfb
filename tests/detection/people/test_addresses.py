"""STREET_ADDRESS: one finding per whole address, per locale, with or without a label."""

from __future__ import annotations

import pytest

from ferryman.detection.engine import Engine
from ferryman.detection.people.addresses import AddressRecognizer

ENGINE = Engine([AddressRecognizer()])


def addresses(text: str) -> list[str]:
    return [text[f.start : f.end] for f in ENGINE.detect(text) if f.type == "STREET_ADDRESS"]


@pytest.mark.parametrize(
    "address",
    [
        "1420 Hollis Trail Apt. 742, North Brenton, DE 34774",
        "75048 Quill Mission, Reidland, NM 77533",
        "8 Alder Way, Marshfield, E7 6TZ",
        "Flat 6, Brett Divide, Junestad, N3F 5HB",
        "PSC 8730, Box 3123, APO AA 94967",
        "25, rue des Lilas, 08219 Lacombe",
        "4 bis avenue de la Gare, 69003 Lyon",
        "Kramerweg 26, 15858 Anklam",
        "Karl-Friedrich-Mangold-Gasse 98-23, 65439 Guben",
        "Berliner Straße 5, 10115 Berlin",
        "Jasmijnbaan 239, 3837CD, Arnemuiden",
        "Evadreef 27, 3318 SR, Sint Joost",
        "Calle Delia Almagro 92 Piso 4, Madrid, 06831",
        "Avenida de la Constitución 13, 41004 Sevilla",
        "Via Roma, 15, 26854, Cornegliano Laudense (LO)",
        "Piazza Donati, 6 Appartamento 33, 38089, Darzo (TN)",
    ],
)
def test_address_in_prose_is_one_finding(address: str) -> None:
    text = f"The parcel ships to {address}. Follow up by email."
    assert addresses(text) == [address]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Adresse: avenue de Clément, 63996 Olivierbourg\n",
            "avenue de Clément, 63996 Olivierbourg",
        ),
        ("Anschrift: Am Lindenhof 3, 01067 Dresden\n", "Am Lindenhof 3, 01067 Dresden"),
        ("Home address: Unit 3977 Box 1918, DPO AA 23115\n", "Unit 3977 Box 1918, DPO AA 23115"),
        (
            "Indirizzo: Contrada Rosaria, 7, 84034, Padula Scalo (SA)\n",
            "Contrada Rosaria, 7, 84034, Padula Scalo (SA)",
        ),
    ],
)
def test_label_takes_the_line(text: str, expected: str) -> None:
    assert addresses(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Version 2 Drive mapping fixed; 3 Way handshake; retried 5 Times.",
        "Order 4821 shipped in 3 days. Invoice FA20196998 is due.",
        "2025-06-26 09:06:37,994 WARN auth.login failed attempt (attempt 8/10)",
        "for i in range(10):\n    total += items[i].price  # 25 items max\n",
        "We met in Paris and Lyon; the office on Main is closed.",
        "Address: see ticket above\n",
    ],
)
def test_negatives_are_not_addresses(text: str) -> None:
    assert addresses(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Merci d'envoyer le dossier rue du Faubourg Saint-Antoine, 75011 Paris avant jeudi.",
            "rue du Faubourg Saint-Antoine, 75011 Paris",
        ),
        (
            "Le colis part vers avenue des Ternes 75017 Paris demain.",
            "avenue des Ternes 75017 Paris",
        ),
        ("Siège : impasse Berthollet, 69007 Lyon", "impasse Berthollet, 69007 Lyon"),
        (
            "Proszę wysłać na ul. Marszałkowska 12, 00-950 Warszawa jutro.",
            "ul. Marszałkowska 12, 00-950 Warszawa",
        ),
        (
            "Skicka till Drottninggatan 5, 111 51 Stockholm i morgon.",
            "Drottninggatan 5, 111 51 Stockholm",
        ),
        ("Adresse er Strandvejen 12, 2100 København, tak.", "Strandvejen 12, 2100 København"),
        ("Kontor: Storgata 7, 0155 Oslo", "Storgata 7, 0155 Oslo"),
        ("Hämta på Sveavägen 44, 113 59 Stockholm.", "Sveavägen 44, 113 59 Stockholm"),
    ],
)
def test_lower_case_and_nordic_streets(text: str, expected: str) -> None:
    assert addresses(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "The rue de la Paix is the priciest square in the French Monopoly.",
        "Please place Order 12 before the boulevard Tour ends.",
        "We chose the avenue Montaigne look for the 2025 catalogue.",
        "Regelverket 2024 gäller; se avsnitt 3.",
    ],
)
def test_lower_case_types_need_a_postcode(text: str) -> None:
    assert addresses(text) == []
