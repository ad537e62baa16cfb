"""Gates that once dropped what the full patterns find (found in review; kept as tests).

Every text here is detected by the full patterns; a gate must not lose it.
"""

from __future__ import annotations

import threading

import pytest

from ferryman.detection.pii import classes, literals
from ferryman.detection.registry import default_engine


def _types(text: str) -> set[tuple[int, int, str]]:
    return {(f.start, f.end, f.type) for f in default_engine().detect(text)}


# 1. fields.key_before: KEY.search(text, lo, start) ends in `$`, which (endpos = start) also
#    matches just before a "\n" at start-1; the new fast path requires [:=] right before start.
@pytest.mark.parametrize("key", ["national_id", "taxId", "gov_id", "idnumber", "citizen_number"])
def test_key_on_previous_line(key: str) -> None:
    text = f"{key}:\n111222333"  # a valid BSN, labelled by a generic key on the line above
    assert (len(key) + 2, len(key) + 11, "NL_BSN") in _types(text)


def test_key_before_matches_search() -> None:
    from ferryman.detection.pii.fields import KEY, KEY_SPAN, key_before

    for text in ["national_id:\n111222333", 'taxId": \n1', "a = \n1", "phone:\n0115"]:
        start = text.index("\n") + 1
        old = KEY.search(text, max(0, start - KEY_SPAN), start)
        new = key_before(text, start)
        assert (old and old.span()) == (new and new.span())


# 2. national_ids: the digit-run gate needs 6 digits, but an omocode codice fiscale
#    (digits replaced by L-V letters, valid per stdnum) may hold fewer.
@pytest.mark.parametrize(
    "cf", ["RSSMRA85T10A5SNT", "RSSMRA85T10ARSNO", "RSSMRA85TMLARSNC", "RSSMRAURTMLARSNL"]
)
def test_omocode_fiscal_code(cf: str) -> None:
    text = "codice fiscale: " + cf
    assert (16, 32, "IT_FISCAL_CODE") in _types(text)


# 3. dates: the month-led _DATE alternative has an unbounded [ \t\-/]+ between month and day;
#    the search no longer starts before digit - 24.
def test_month_far_from_day() -> None:
    text = "DOB: September" + " " * 19 + "5, 1990"
    assert (5, len(text), "DATE_OF_BIRTH") in _types(text)


def test_spaced_omocode_fiscal_code() -> None:
    text = "CF: R . S . S . M . R . A . U . R . T . M . L . A . R . S . N . L"
    assert any(t == "IT_FISCAL_CODE" for _, _, t in _types(text))


def test_the_engine_keeps_no_text_in_its_shared_passes() -> None:
    default_engine().detect("Call Jane Doe at 0115 496 0113 or jane@example.com.")
    assert getattr(classes._last, "text", None) is None
    assert getattr(literals._last, "text", None) is None

    seen: list[object] = []

    def other() -> None:
        default_engine().detect("IBAN DE89 3704 0044 0532 0130 00")
        seen.append(getattr(classes._last, "text", None))

    worker = threading.Thread(target=other)
    worker.start()
    worker.join()
    assert seen == [None]


def test_a_long_line_is_never_read_whole_for_a_table_header() -> None:
    # table headers are looked for on lines of at most MAX_ROW characters: a megabyte-long line
    # of numbers once made every value scan the whole line (quadratic time)
    from ferryman.detection.pii import fields

    text = "1 " * 200_000
    pos = len(text) // 2
    start, end = fields._line(text, pos)
    assert end - start <= 2 * fields.MAX_ROW
    assert fields.table_header(text, pos, pos + 1) is None
    table = "| id | national_id |\n|---|---|\n| 1 | 111222333 |\n"
    assert fields.table_header(table, table.index("111"), table.index("111") + 9) is not None
