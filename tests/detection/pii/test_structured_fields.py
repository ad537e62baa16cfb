"""Values whose label is a JSON key, a CSV/table column header, or their own layout."""

from __future__ import annotations

import base64

import pytest

from ferryman.detection.pii import structured_recognizers
from ferryman.detection.pii.fields import field_label, table_header
from ferryman.detection.registry import default_engine

_CSV = (
    "customer_id;name;email;phone;city;signup;lifetime_value;national_id\n"
    "48530086;Anna Muster;anna@web.example.de;+49 (0) 89 0486-933;Köln;2025-06-05;€ 110,99;"
    "23856197300\n"
    '73205188;"Wit, Fleur";fleur@mail.example.nl;(020) 487 6639;Utrecht;2024-01-01;€ 2.045,42;'
    "196041600\n"
    "13856746;Piet Jansen;piet@mail.example.nl;0151 98655403;Köln;Dec 26 10:15:46;EUR 9.00;"
    "86 933 402 538\n"
)


def _found(text: str) -> list[tuple[str, str]]:
    from ferryman.detection.engine import Engine

    engine = Engine(structured_recognizers())
    return [(text[f.start : f.end], f.type) for f in engine.detect(text)]


def _types(text: str, value: str) -> set[str]:
    start = text.index(value)
    end = start + len(value)
    return {t for s, t in _found(text) if text.index(s) < end and start < text.index(s) + len(s)}


def test_field_label_reads_keys_and_headers() -> None:
    text = '{"taxId": "077123943", "x": 1}'
    assert field_label(text, text.index("0771"), text.index("0771") + 9) == "taxid"
    i = _CSV.index("196041600")
    assert table_header(_CSV, i, i + 9) is not None
    assert field_label(_CSV, i, i + 9) == "national_id"


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("23856197300", "DE_TAX_ID"),
        ("196041600", "NL_BSN"),
        ("86 933 402 538", "DE_TAX_ID"),
        ("0151 98655403", "PHONE"),
        ("(020) 487 6639", "PHONE"),
    ],
)
def test_csv_columns(value: str, kind: str) -> None:
    assert kind in _types(_CSV, value)


@pytest.mark.parametrize("order", ["48530086", "73205188", "13856746", "€ 2.045,42"])
def test_csv_customer_ids_and_prices_survive(order: str) -> None:
    assert _types(_CSV, order) == set()


@pytest.mark.parametrize(
    "text",
    [
        '{"taxId": "077123943"}',
        '{"bsn": "077123943"}',
        "national_id: 077123943",
        "tax_id=64309586729",
        '{"steuerid": "64309586729"}',
    ],
)
def test_id_under_a_key(text: str) -> None:
    assert _found(text), text


@pytest.mark.parametrize(
    "text",
    [
        '{"order_id": "077123943"}',
        "invoice_no=64309586729",
        "id;qty\n077123943;2\n",
        "Bestellung 077123943 versandt",
    ],
)
def test_id_like_numbers_elsewhere_survive(text: str) -> None:
    assert _found(text) == [], text


_TABLE = (
    "| Engineer | Mobile | Email |\n|---|---|---|\n"
    "| Teun | 020-4884274 | teun@mail.example.nl |\n"
    "| Ainhoa | 664 377 950 | ainhoa@correo.example.es |\n"
    "| Chiara | 385-1525455 | chiara@posta.example.it |\n"
)


@pytest.mark.parametrize("value", ["020-4884274", "664 377 950", "385-1525455"])
def test_phone_under_a_mobile_header(value: str) -> None:
    assert "PHONE" in _types(_TABLE, value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Ayşe Kleinschmidt\nHead of Finance · Mobile 01632 960757\n134 Ash Road", "01632 960757"),
        ("Regards\n1-702-555-0164 | wren@mailbox.example.com", "1-702-555-0164"),
        ("91 230 99 24 | imendiola@empresa.example.es", "91 230 99 24"),
        ("SHIP TO\nO. Brand\n☎ (011) 4521026\n", "(011) 4521026"),
        ("Kontakt bei Rückfragen 0151 98655403.", "0151 98655403"),
        ("Le standard : 01 99 00 12 34.", "01 99 00 12 34"),
        ("ring (702) 555-0164 after six", "(702) 555-0164"),
    ],
)
def test_phone_shapes_without_a_label(text: str, value: str) -> None:
    assert "PHONE" in _types(text, value)


@pytest.mark.parametrize(
    "text",
    [
        "1    Galileo Desk Lamp (Art.-Nr. 9342.975.85)    462,50 EUR",
        "ORDER 592-3758722-2955624   WEIGHT 2.4 kg",
        "CLAIM NOTE — Police n° 044 666 280",
        "1707938361597 DEBUG upstream call headers={}",
        "rejected: Customer(id=233638140, name='X')",
        "amount of EUR 7548.26 — contact ops@example.com",
        "Rechnung 2024-06-01, Version 10.4.77.153",
    ],
)
def test_numbers_that_are_not_phones(text: str) -> None:
    assert not any(t == "PHONE" for _, t in _found(text)), text


@pytest.mark.parametrize(
    "text",
    [
        "2    EAN 4011321006226 replacement filter",
        "GTIN: 5026495636581",
        "ORDER 592-3758722-2955624",
        "chore: bump 10.4.77.153",
        "Amelia Baby Monitor now ships with 10.4.28.136",
    ],
)
def test_barcodes_orders_and_versions_survive(text: str) -> None:
    assert _found(text) == [], text


def test_cards_still_found() -> None:
    for card in ("4111 1111 1111 1111", "4111-1111-1111-1111", "3782 822463 10005"):
        assert "CREDIT_CARD" in {t for _, t in _found(f"card {card} ok")}, card


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Patient: Herr Wolfram Eberle, * 10.08.1941", "10.08.1941"),
        ("Malte L.\n50667 Köln\n* 02.10.1967\n", "02.10.1967"),
        ("Paziente: Sig.ra Fumagalli, classe 19-09-1993", "19-09-1993"),
        ("nato a Torino il 24/04/2003, residente", "24/04/2003"),
        ("née à Saint-Malo le 3 mars 1980", "3 mars 1980"),
        ("nacida en Sevilla el 3 de marzo de 1980", "3 de marzo de 1980"),
        ("geboren in Bad Homburg am 3. Juni 1972", "3. Juni 1972"),
        ("Customer: b. 03-Jun-1972, ok", "03-Jun-1972"),
        ("DOB Jun 3, 1972", "Jun 3, 1972"),
        ('{"geboortedatum": "1979-10-14"}', "1979-10-14"),
        ('{"fecha_nacimiento": "14/10/1979"}', "14/10/1979"),
        ("data_nascita=14/10/1979", "14/10/1979"),
        ("name;dob;city\nA;1980-01-02;X\nB;03/04/1977;Y\n", "03/04/1977"),
        ("| Name | Date of birth |\n|---|---|\n| A | 12.11.1981 |\n", "12.11.1981"),
    ],
)
def test_dates_of_birth(text: str, value: str) -> None:
    assert "DATE_OF_BIRTH" in _types(text, value)


@pytest.mark.parametrize(
    "text",
    [
        "* 12.03.2024: shipped the release",
        "* 2024-05-01 release notes",
        "classe energetica A, consegna 12/03/2020",
        "name;invoice_date\nA;2024-01-02\n",
        "Klasse 3b, Ausflug am 12.03.2020",
    ],
)
def test_other_dates_survive(text: str) -> None:
    assert _found(text) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "GET /u?email=jane%40x.example.com&phone=%2B44+20+7946+0958 HTTP/1.1",
        "q=iban%3DDE89%203704%200044%200532%200130%2000",
        "card=4111%201111%201111%201111",
        "note=born%20on%203%20March%201980",
        "Questions: trevelyan dot d AT inbox dot test",
        "mail jane . doe AT example . com please",
        "schreib an anna [AT] web [PUNKT] de",
        "NI number: A . C . 3 . 8 . 0 . 5 . 1 . 6 . B",
        '"email": "' + base64.b64encode(b"ptagliaferri@libero.example.it").decode() + '"',
    ],
)
def test_evasions(text: str) -> None:
    assert _found(text), text


@pytest.mark.parametrize(
    "text",
    [
        "growth 15% to 20%, see a%20b",
        "we are at home. It was late",
        "token " + base64.b64encode(b"just some harmless words here").decode(),
    ],
)
def test_evasion_lookalikes_survive(text: str) -> None:
    assert _found(text) == [], text


def test_engine_end_to_end() -> None:
    out = default_engine().detect(_CSV)
    assert any(f.type == "NL_BSN" for f in out)
