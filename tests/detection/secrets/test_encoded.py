from __future__ import annotations

import base64

import pytest

from tests.detection.secrets.synthetic import chars, find, spans_of


@pytest.mark.parametrize(
    ("kind", "plain"),
    [
        ("OPENAI_API_KEY", "sk-proj-" + chars(40, seed="e1")),
        ("SLACK_TOKEN", "xoxb-12345678901-1234567890123-" + chars(24, seed="e2")),
        ("AWS_ACCESS_KEY", "AKIA" + chars(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "e3")),
        ("GITHUB_TOKEN", "ghp_" + chars(36, seed="e4")),
    ],
)
@pytest.mark.parametrize("urlsafe", [False, True])
def test_base64_encoded_key_is_found(kind: str, plain: str, urlsafe: bool) -> None:
    encode = base64.urlsafe_b64encode if urlsafe else base64.b64encode
    token = encode(plain.encode()).decode()
    text = f"value: {token}\n"
    assert find(text) == spans_of(text, token, kind)


def test_base64_of_ordinary_text_is_left_alone() -> None:
    token = base64.b64encode(b"sk-learn is a python library for ml").decode()
    assert find(f"blob {token}") == []
