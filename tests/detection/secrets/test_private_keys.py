from __future__ import annotations

import pytest

from tests.detection.secrets.synthetic import ALNUM, HEX, chars, find

BODY = "\n".join(chars(64, ALNUM + "+/", f"l{i}") for i in range(5))


@pytest.mark.parametrize(
    "label",
    [
        "PRIVATE KEY",
        "RSA PRIVATE KEY",
        "EC PRIVATE KEY",
        "OPENSSH PRIVATE KEY",
        "ENCRYPTED PRIVATE KEY",
        "PGP PRIVATE KEY BLOCK",
    ],
)
def test_whole_block_is_covered(label: str) -> None:
    block = f"-----BEGIN {label}-----\n{BODY}\n-----END {label}-----"
    text = f"Here is the key we load:\n\n{block}\n\nCan you help?"
    start = text.index("-----BEGIN")
    assert find(text) == [(start, start + len(block), "PRIVATE_KEY")]


def test_truncated_block_is_covered_through_its_last_line() -> None:
    text = f"-----BEGIN PRIVATE KEY-----\n{BODY}\n\nthanks"
    assert find(text) == [(0, len(text) - len("\n\nthanks"), "PRIVATE_KEY")]


def test_service_account_key_and_key_id() -> None:
    key_id = chars(40, HEX, "kid")
    pem = (
        "-----BEGIN PRIVATE KEY-----\\n" + chars(64, seed="sa") + "\\n-----END PRIVATE KEY-----\\n"
    )
    text = f'{{"type": "service_account", "private_key_id": "{key_id}", "private_key": "{pem}"}}'
    kid = text.index(key_id)
    pk = text.index("-----BEGIN")
    assert find(text) == [
        (kid, kid + 40, "GCP_SERVICE_ACCOUNT"),
        (pk, pk + len(pem), "GCP_SERVICE_ACCOUNT"),
    ]


def test_public_key_is_not_a_secret() -> None:
    text = f"-----BEGIN PUBLIC KEY-----\n{BODY}\n-----END PUBLIC KEY-----"
    assert find(text) == []
